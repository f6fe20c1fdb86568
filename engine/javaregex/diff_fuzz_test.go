package javaregex

import (
	"regexp"
	"strings"
	"testing"
)

// inputAlphabet has no line terminator and no \v, where Go's regexp and
// java.util.regex differ ('.', '$', \s); everything else in the subset means
// the same in both.
const inputAlphabet = "ab.-_0 9xZ\té"

// byteSource turns fuzz bytes into choices; when it runs dry it returns 0.
type byteSource struct{ b []byte }

func (s *byteSource) next(n int) int {
	if len(s.b) == 0 {
		return 0
	}
	c := s.b[0]
	s.b = s.b[1:]
	return int(c) % n
}

// genPattern writes a random pattern of the supported subset, in syntax that
// Go's regexp reads with the same meaning.
func genPattern(s *byteSource, b *strings.Builder, depth int) {
	lits := []string{"a", "b", "x", "Z", "0", "9", "_", "-", " ", `\.`, "é"}
	kind := s.next(10)
	if depth > 4 {
		kind %= 3
	}
	switch kind {
	case 0:
		b.WriteString(lits[s.next(len(lits))])
	case 1:
		b.WriteString([]string{".", `\d`, `\w`, `\s`, `\D`, `\W`, `\S`}[s.next(7)])
	case 2:
		b.WriteString("[")
		if s.next(2) == 1 {
			b.WriteString("^")
		}
		members := []string{"a", "b", "x", "0", "_", " ", ".", "a-c", "0-9", "Z-b", `\d`, `\w`, `\s`, `\W`, `\-`}
		for range 1 + s.next(3) {
			b.WriteString(members[s.next(len(members))])
		}
		b.WriteString("]")
	case 3, 4:
		genPattern(s, b, depth+1)
		genPattern(s, b, depth+1)
	case 5:
		genPattern(s, b, depth+1)
		b.WriteString("|")
		genPattern(s, b, depth+1)
	case 6:
		b.WriteString([]string{"(", "(?:"}[s.next(2)])
		genPattern(s, b, depth+1)
		b.WriteString(")")
	case 7, 8:
		b.WriteString("(?:")
		genPattern(s, b, depth+1)
		b.WriteString(")")
		b.WriteString([]string{"*", "+", "?", "{0}", "{2}", "{1,}", "{0,2}", "{1,3}"}[s.next(8)])
		if s.next(3) == 0 {
			b.WriteString("?")
		}
	case 9:
		b.WriteString([]string{"^", "$"}[s.next(2)])
	}
}

func genInput(s *byteSource) string {
	var b strings.Builder
	alphabet := []rune(inputAlphabet)
	for range s.next(12) {
		b.WriteRune(alphabet[s.next(len(alphabet))])
	}
	return b.String()
}

// agree checks that Matches and Go's anchored regexp give the same answer.
func agree(t *testing.T, pattern string, inputs []string) {
	t.Helper()
	p, err := Compile(pattern)
	if err != nil {
		t.Fatalf("Compile(%q): %v", pattern, err)
	}
	re := regexp.MustCompile("^(?:" + pattern + ")$")
	for _, in := range inputs {
		if got, want := p.Matches(in), re.MatchString(in); got != want {
			t.Fatalf("pattern %q input %q: Matches = %v, regexp = %v", pattern, in, got, want)
		}
	}
}

// FuzzDifferential generates patterns of the subset and inputs from the
// fuzz bytes and checks the whole-string answer against Go's regexp.
func FuzzDifferential(f *testing.F) {
	f.Add([]byte("orders.*"), []byte("orders-eu"))
	f.Add([]byte{7, 5, 0, 1, 2, 0, 3}, []byte{4, 0, 1, 0, 1})
	f.Add([]byte{3, 2, 1, 7, 4, 6, 0, 5, 9, 1}, []byte{9, 3, 2, 1, 0, 6, 6})
	f.Fuzz(func(t *testing.T, pat, in []byte) {
		var b strings.Builder
		genPattern(&byteSource{pat}, &b, 0)
		src := &byteSource{in}
		inputs := []string{""}
		for range 8 {
			inputs = append(inputs, genInput(src))
		}
		agree(t, b.String(), inputs)
	})
}

// FuzzCompile feeds arbitrary patterns: Compile must not panic, and where
// both it and Go's regexp accept a pattern they must agree on inputs free of
// the characters where the two dialects differ.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{"orders.*", "a{2,3}", "[^a-c]", "(a|b)*", "*", "a)", "[z-a]", `\p{L}`, "x{2}{3}", "[a-]"} {
		f.Add(s, "abc")
	}
	f.Fuzz(func(t *testing.T, pattern, input string) {
		if len(input) > 300 { // topic names have at most 249 characters
			input = input[:300]
		}
		p, err := Compile(pattern)
		if err != nil {
			if _, ok := err.(*SyntaxError); !ok {
				t.Fatalf("Compile(%q) = %T, want *SyntaxError", pattern, err)
			}
			return
		}
		re, err := regexp.Compile("^(?:" + pattern + ")$")
		if err != nil || strings.ContainsAny(input, "\n\r\v\u0085\u2028\u2029") {
			p.Matches(input)
			return
		}
		if got, want := p.Matches(input), re.MatchString(input); got != want {
			t.Fatalf("pattern %q input %q: Matches = %v, regexp = %v", pattern, input, got, want)
		}
	})
}
