package stdlite

// mustCompileLite stands in for regexp.MustCompile in templ/safehtml's CSS
// sanitiser: it knows only the patterns that package compiles, each as a
// hand-written matcher that accepts exactly what the pattern accepts
// (TestLiteRegexpsMatchRegexp and FuzzLiteRegexps check each against regexp).
// Linking regexp for these four anchored character-class patterns costs its
// compiler, its matchers and unicode's script and category tables.
//
// An unknown pattern panics, as regexp.MustCompile does with a bad one; the
// package's initialisation runs it, so an upgraded templ with a new pattern
// fails at once (cmd/trimtempl also refuses to write one).
func mustCompileLite(pattern string) *liteRegexp {
	for _, p := range litePatterns {
		if p.pattern == pattern {
			return &liteRegexp{match: p.match}
		}
	}
	panic("kafkalab's wasm build has no stand-in for regexp " + pattern)
}

// liteRegexp has the one method of *regexp.Regexp the patterns' users call.
type liteRegexp struct{ match func(string) bool }

func (r *liteRegexp) MatchString(s string) bool { return r.match(s) }

// litePatterns are the patterns mustCompileLite knows, with their matchers.
var litePatterns = []struct {
	pattern string
	match   func(string) bool
}{
	{`^[-a-zA-Z]+$`, func(s string) bool { return s != "" && allBytes(s, isLetterOrDash) }},
	{`^[a-zA-Z][- a-zA-Z]+$`, isGenericFontFamilyName},
	{`^(?:[*/]?(?:[0-9a-zA-Z+-.!#%_ \t]|$))*$`, isSafeRegularPropertyValue},
	{`^[a-zA-Z-]*$`, func(s string) bool { return allBytes(s, isLetterOrDash) }},
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isLetterOrDash(c byte) bool { return isLetter(c) || c == '-' }

// allBytes reports whether every byte of s satisfies ok. The classes are
// ASCII, so a byte-wise check equals regexp's rune-wise one: no byte of a
// multi-byte or invalid UTF-8 sequence is ASCII.
func allBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

// isGenericFontFamilyName is ^[a-zA-Z][- a-zA-Z]+$: a letter, then at least
// one letter, dash or space.
func isGenericFontFamilyName(s string) bool {
	return len(s) >= 2 && isLetter(s[0]) && allBytes(s[1:], func(c byte) bool { return isLetterOrDash(c) || c == ' ' })
}

// isSafeCSSByte is the class [0-9a-zA-Z+-.!#%_ \t]; "+-." is the range from
// '+' to '.', so ',' is in it too (as in the pattern, whatever its comment
// says).
func isSafeCSSByte(c byte) bool {
	return isLetter(c) || '0' <= c && c <= '9' || '+' <= c && c <= '.' ||
		c == '!' || c == '#' || c == '%' || c == '_' || c == ' ' || c == '\t'
}

// isSafeRegularPropertyValue is ^(?:[*/]?(?:[0-9a-zA-Z+-.!#%_ \t]|$))*$:
// every byte is a safe one, or a '*' or '/' followed by a safe byte or by the
// end of the text.
func isSafeRegularPropertyValue(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isSafeCSSByte(c) {
			continue
		}
		if c != '*' && c != '/' {
			return false
		}
		if i+1 < len(s) && !isSafeCSSByte(s[i+1]) {
			return false
		}
	}
	return true
}
