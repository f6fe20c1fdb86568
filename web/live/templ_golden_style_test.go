package live

import (
	"context"
	"io"
	"strings"

	"github.com/a-h/templ"
	templruntime "github.com/a-h/templ/runtime"
)

// The lab's components write no style attributes, but the wasm's trimmed
// templ replaces the regular expressions of templ's CSS sanitiser with
// hand-written matchers and net/url's Parse by a stand-in
// (cmd/trimtempl/stdlite): these renders put every sanitising path through
// both, so that TestTemplGolden compares them.
var (
	goldenCSSProperties = []string{
		"color", "Color", "background-image", "font-family", "display", "z-index", "margin-top",
		"", "bad prop", "x1", "-webkit-x", "colour\n", "wïdth",
	}
	goldenCSSValues = []string{
		"", "red", "#fff", "10px", "1.5em 2em", "50%", "a,b", "+-.,", "a\tb", "!important", "a_b",
		"*", "/", "a*", "a/", "*a", "/a", "**", "//", "/*x*/", "a*b/c", "calc(1px)", "a:b", "a;b", "a@b", "é", "a\x00",
		"sans-serif", "Times New Roman", `"Noto Sans", serif`, `"Open`, "s", "serif,  mono", "1a",
		"url(http://x/a.png)", `url("https://x/a.png")`, "url('b.png'), url(c.png)", "url(javascript:alert(1))",
		"url(x.png", "url(<x>)", "url(%zz)", "url(mailto:a@b)", "url(HTTP://X)", "url(http://[::1]:80/a.png)", "url(http://[1.2.3.4]/a)",
		"url(https://x:1:2/a)", "url(ftp://x:1:2/a)", "url(http://u:p@x/a)", "url(http://x^/a)", "url(a:b)", "url(./a:b)", "url(#%zz)",
		"inline-block", "none", "flex-1", "</style>", `a"b\c`, "\u2028", "\x7f",
	}
)

func sanitizerRenders(out map[string]templ.Component) {
	out["sanitize-css"] = templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		var sb strings.Builder
		for _, p := range goldenCSSProperties {
			for _, v := range goldenCSSValues {
				sb.WriteString(string(templ.SanitizeCSS(p, v)))
				sb.WriteString(string(templ.SanitizeCSS(p, templ.SafeCSSProperty(v))))
				sb.WriteByte('\n')
			}
		}
		_, err := io.WriteString(w, sb.String())
		return err
	})
	out["style-attribute"] = templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		var sb strings.Builder
		for _, v := range goldenCSSValues {
			for _, p := range goldenCSSProperties {
				s, err := templruntime.SanitizeStyleAttributeValues(v, map[string]string{p: v}, templ.KV(p, v), templ.KV(v, true), templ.KV(templ.SafeCSS(v), true))
				if err != nil {
					return err
				}
				sb.WriteString(s)
				sb.WriteByte('\n')
			}
		}
		_, err := io.WriteString(w, sb.String())
		return err
	})
}
