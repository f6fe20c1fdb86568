package stdlite

import (
	"crypto/sha256"
	"errors"
	"html"
	"io"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	templruntime "github.com/a-h/templ/runtime"
)

func TestEscapeHTMLIsHTMLEscapeString(t *testing.T) {
	for _, s := range []string{"", "plain", `<a href="x">&'</a>`, "日本 & <b>", "&amp;"} {
		if got, want := escapeHTML(s), html.EscapeString(s); got != want {
			t.Errorf("escapeHTML(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzEscapeHTML(f *testing.F) {
	f.Add(`<script>alert("x" & 'y')</script>`)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := escapeHTML(s), html.EscapeString(s); got != want {
			t.Fatalf("escapeHTML(%q) = %q, want %q", s, got, want)
		}
	})
}

// Every length around the 55/56/64-byte padding boundaries, and a few blocks.
func TestSum256IsSHA256(t *testing.T) {
	for n := range 200 {
		b := []byte(strings.Repeat("abcdefghij", 20)[:n])
		if got, want := sum256(b), sha256.Sum256(b); got != want {
			t.Errorf("sum256 of %d bytes = %x, want %x", n, got, want)
		}
	}
	// FIPS 180-4 example "abc".
	if got := sum256([]byte("abc")); got != sha256.Sum256([]byte("abc")) {
		t.Errorf("sum256(abc) = %x", got)
	}
}

func FuzzSum256(f *testing.F) {
	f.Add([]byte("color:red;"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := sum256(b), sha256.Sum256(b); got != want {
			t.Fatalf("sum256(%x) = %x, want %x", b, got, want)
		}
	})
}

func TestNoSystemRandomnessFails(t *testing.T) {
	n, err := io.ReadFull(noSystemRandomness, make([]byte, 16))
	if n != 0 || !errors.Is(err, errNoSystemRandomness) {
		t.Fatalf("read %d, %v", n, err)
	}
}

// liteRegexpInputs are strings around each pattern's edges: empty, the
// classes' boundaries, '*' and '/' at the end and before unsafe bytes, the
// range "+-." (which takes ','), non-ASCII and invalid UTF-8, newlines
// (regexp's $ is the end of the text only).
var liteRegexpInputs = []string{
	"", "a", "-", "ab", "a-b", "a b", " a", "a ", "Z-z", "sans-serif", "Times New Roman", "a\n", "a\nb",
	"red", "#fff", "10px", "1.5em", "a,b", "+-.,", "50%", "!important", "a_b", "a\tb", "a\x00",
	"*", "/", "a*", "a/", "*a", "/a", "**", "//", "/*", "*/", "a*b/c", "a*/", "*,", "*(", "url(x)", "a:b", "a;b", "a@b",
	"é", "aé", "a\xff", "\xff", "\u2028", "A-Z", "azAZ09", "[", "`", "{", "@", "\x7f",
}

func TestLiteRegexpsMatchRegexp(t *testing.T) {
	for _, p := range litePatterns {
		re := regexp.MustCompile(p.pattern)
		for _, s := range liteRegexpInputs {
			if got, want := mustCompileLite(p.pattern).MatchString(s), re.MatchString(s); got != want {
				t.Errorf("%s on %q: stand-in %v, regexp %v", p.pattern, s, got, want)
			}
		}
	}
}

func FuzzLiteRegexps(f *testing.F) {
	for _, s := range liteRegexpInputs {
		f.Add(s)
	}
	res := make([]*regexp.Regexp, len(litePatterns))
	for i, p := range litePatterns {
		res[i] = regexp.MustCompile(p.pattern)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, p := range litePatterns {
			if got, want := p.match(s), res[i].MatchString(s); got != want {
				t.Fatalf("%s on %q: stand-in %v, regexp %v", p.pattern, s, got, want)
			}
		}
	})
}

func TestMustCompileLiteRefusesUnknownPattern(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "no stand-in for regexp ^x$") {
			t.Fatalf("recovered %v", r)
		}
	}()
	mustCompileLite("^x$")
}

// WriteString writes what templ's does with development mode off (the
// environment has no TEMPL_DEV_MODE), and returns the writer's error.
func TestWriteStringIsTemplsWithoutDevMode(t *testing.T) {
	if os.Getenv("TEMPL_DEV_MODE") != "" {
		t.Skip("TEMPL_DEV_MODE is set")
	}
	for _, s := range []string{"", "<div class=\"x\">", "日本"} {
		var got, want strings.Builder
		err := WriteString(&got, 3, s)
		wantErr := templruntime.WriteString(&want, 3, s)
		if got.String() != want.String() || err != wantErr {
			t.Errorf("WriteString(%q) wrote %q, %v; templ's %q, %v", s, got.String(), err, want.String(), wantErr)
		}
	}
	broken := errors.New("broken pipe")
	if err, wantErr := WriteString(failingWriter{broken}, 1, "x"), templruntime.WriteString(failingWriter{broken}, 1, "x"); err != wantErr || err != broken {
		t.Errorf("on a failing writer: %v, templ's %v", err, wantErr)
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// urlInputs walk url.Parse's branches: schemes, opaque URLs, relative paths
// with colons, authorities with users, ports, colons, IPv6 literals and
// zones, escapes in every part, control bytes.
var urlInputs = []string{
	"", "*", "a.png", "/a.png", "//cdn/a.png", "///a", "http://x/a.png", "HTTPS://X/a", "mailto:a@b", "javascript:alert(1)",
	":a", "1a:b", "a+b.c-d:x", "a:b", "a/b:c", "./a:b", "a?b:c", "a?", "a??", "?", "#", "a#%zz", "a#%41", "a%zz", "a%4", "a%",
	"http://", "http:", "http:/", "http:x", "http://x:80", "http://x:8a", "http://x:", "http://x:1:2", "ftp://x:1:2", "ftp://x:a:2",
	"http://u@x", "http://u:p@x", "http://u:p@ss@x", "http://u%zz@x", "http://u%41@x", "http://u^@x", "http://é@x", "http://@x",
	"http://x%41", "http://x%C3%A9", "http://x%25", "http://x y", "http://x^", "http://x{", "http://ex\"ample", "http://a_b~c!$&'()*+,;=",
	"http://[::1]", "http://[::1]:80", "http://[::1]x", "http://[::1", "http://x[::1]", "http://[1.2.3.4]", "http://[::ffff:1.2.3.4]",
	"http://[fe80::1%25en0]", "http://[fe80::1%25]", "http://[fe80::1%25%65n0]", "http://[fe80::1%25%00]", "http://[fe80::1%25a%20b]",
	"http://[fe80::1%en0]", "http://[%3A%3A1]", "http://[::%31]", "http://[::]", "http://[:::]", "http://[1::2::3]", "http://[1:2:3:4:5:6:7:8]",
	"http://[1:2:3:4:5:6:7:8:9]", "http://[1:2:3:4:5:6:7::]", "http://[::1:2:3:4:5:6:7:8]", "http://[12345::]", "http://[::1.2.3.4]",
	"http://[1:2:3:4:5:6:1.2.3.4]", "http://[1:2:3:4:5:1.2.3.4]", "http://[::01.2.3.4]", "http://[::1.2.3.256]", "http://[::1.2.3]",
	"http://[::1.2.3.4.5]", "http://[::1..3.4]", "http://[::1.2.3.4:5]", "http://[1:]", "http://[:1]", "http://[]", "http://[%25x]",
	"a\x00b", "a\x7fb", "a\tb", "http://x/\x01", "é:x", "a b", "http://x/%zz", "http://x/a?%zz", "HTTP://[::1]:", "mailto://x",
}

func TestParseURLLiteIsURLParse(t *testing.T) {
	for _, s := range urlInputs {
		checkParseURLLite(t, s)
	}
}

func FuzzParseURLLite(f *testing.F) {
	for _, s := range urlInputs {
		f.Add(s)
	}
	f.Fuzz(checkParseURLLite)
}

func checkParseURLLite(t *testing.T, s string) {
	got, err := parseURLLite(s)
	want, wantErr := url.Parse(s)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("parseURLLite(%q): error %v, url.Parse's %v", s, err, wantErr)
	}
	if err == nil && (got.Scheme != want.Scheme || got.IsAbs() != want.IsAbs()) {
		t.Fatalf("parseURLLite(%q): scheme %q, url.Parse's %q", s, got.Scheme, want.Scheme)
	}
}
