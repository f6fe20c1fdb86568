package stdlite

import "strings"

// escapeHTML is html.EscapeString: the same five replacements, with the same
// numeric references for the quotes (TestEscapeHTMLIsHTMLEscapeString, the
// fuzz target). Importing html
// for it links html's entity table (2,231 entries, built by html's package
// initialisation whether or not anything unescapes).
func escapeHTML(s string) string { return htmlEscaper.Replace(s) }

var htmlEscaper = strings.NewReplacer(
	`&`, "&amp;",
	`'`, "&#39;",
	`<`, "&lt;",
	`>`, "&gt;",
	`"`, "&#34;",
)
