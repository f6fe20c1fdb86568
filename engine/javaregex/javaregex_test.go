package javaregex

import (
	"errors"
	"testing"
)

func TestMatches(t *testing.T) {
	tests := []struct {
		pattern string
		yes, no []string
	}{
		{"orders", []string{"orders"}, []string{"order", "orders2", "xorders", ""}},
		{"orders.*", []string{"orders", "orders-eu", "orders.v2"}, []string{"order", "my-orders"}},
		{".*", []string{"", "anything", "__consumer_offsets"}, nil},
		{"__.*", []string{"__consumer_offsets", "__transaction_state"}, []string{"_x", "orders"}},
		{`orders\.v[0-9]+`, []string{"orders.v1", "orders.v42"}, []string{"ordersXv1", "orders.v", "orders.v1a"}},
		{"orders|payments", []string{"orders", "payments"}, []string{"orderspayments", "order"}},
		{"(orders|payments)-(eu|us)", []string{"orders-eu", "payments-us"}, []string{"orders-", "orders-eu-us"}},
		{"(?:a|b){2,3}", []string{"ab", "aba", "bbb"}, []string{"a", "abab", ""}},
		{"x{2}", []string{"xx"}, []string{"x", "xxx"}},
		{"x{2,}", []string{"xx", "xxxxx"}, []string{"x"}},
		{"colou?r", []string{"color", "colour"}, []string{"colouur"}},
		{`[^._-]+`, []string{"abc", "ABC09"}, []string{"a.b", "a-b", "a_b", ""}},
		{`[a-c\d]+`, []string{"abc123"}, []string{"abcd"}},
		{`[^\W]+`, []string{"a_1"}, []string{"a-1"}},
		{`\w+-\d{2}`, []string{"topic_A-07"}, []string{"topic-7", "topic.A-07"}},
		{`\s*x\S`, []string{"  xy", "xy"}, []string{"x ", " x"}},
		{"^orders$", []string{"orders"}, []string{"orders2"}},
		{"a$\n", []string{"a\n"}, []string{"a"}},
		{"a.b", []string{"a.b", "axb"}, []string{"a\nb", "a\rb", "a\u2028b"}},
		{"(a*)*b", []string{"aaab", "b"}, []string{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac"}},
		{"a*?b+?", []string{"aabb", "b"}, []string{"aa"}},
		{"", []string{""}, []string{"a"}},
		{"a|", []string{"a", ""}, []string{"b"}},
		{`\.\*\\`, []string{`.*\`}, []string{"a*\\"}},
	}
	for _, tt := range tests {
		p, err := Compile(tt.pattern)
		if err != nil {
			t.Fatalf("Compile(%q): %v", tt.pattern, err)
		}
		for _, s := range tt.yes {
			if !p.Matches(s) {
				t.Errorf("%q should match %q", tt.pattern, s)
			}
		}
		for _, s := range tt.no {
			if p.Matches(s) {
				t.Errorf("%q should not match %q", tt.pattern, s)
			}
		}
	}
}

// TestSyntaxErrors checks messages against what java.util.regex.Pattern
// prints (PatternSyntaxException.getMessage) for the same patterns.
func TestSyntaxErrors(t *testing.T) {
	tests := []struct{ pattern, msg string }{
		{"*", "Dangling meta character '*' near index 0\n*\n^"},
		{"a|+b", "Dangling meta character '+' near index 2\na|+b\n  ^"},
		{"a**", "Dangling meta character '*' near index 2\na**\n  ^"},
		{"a(", "Unclosed group near index 2\na("},
		{"a)", "Unmatched closing ')' near index 0\na)\n^"},
		{"[a-z", "Unclosed character class near index 3\n[a-z\n   ^"},
		{"[z-a]", "Illegal character range near index 3\n[z-a]\n   ^"},
		{"x{2", "Unclosed counted closure near index 3\nx{2"},
		{"x{3,2}", "Illegal repetition range near index 1\nx{3,2}\n ^"},
		{"{a}", "Illegal repetition near index 0\n{a}\n^"},
		{`a\`, "Unexpected internal error near index 2\na\\"},
		{"a*+", "Unsupported possessive quantifier near index 2\na*+\n  ^"},
		{"(?=a)", "Unsupported group construct near index 1\n(?=a)\n ^"},
		{`\bx`, "Unsupported escape sequence \\b near index 0\n\\bx\n^"},
		{"[[a]]", "Unsupported nested character class near index 1\n[[a]]\n ^"},
		{"x{1001}", "Unsupported repetition count above 1000 near index 1\nx{1001}\n ^"},
	}
	for _, tt := range tests {
		_, err := Compile(tt.pattern)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Compile(%q) = %v, want a *SyntaxError", tt.pattern, err)
			continue
		}
		if err.Error() != tt.msg {
			t.Errorf("Compile(%q):\n%s\nwant\n%s", tt.pattern, err, tt.msg)
		}
	}
}

// TestNestedCountsStayBounded checks that nested counted repetitions are
// refused quickly rather than expanded.
func TestNestedCountsStayBounded(t *testing.T) {
	_, err := Compile("((((a{1000}){1000}){1000}){1000})")
	if err == nil || err.Error() != "Unsupported pattern size\n((((a{1000}){1000}){1000}){1000})" {
		t.Fatalf("err = %v", err)
	}
}

// TestLinearTime checks that the visited set keeps a pathological pattern
// from backtracking exponentially.
func TestLinearTime(t *testing.T) {
	p, err := Compile("(a|a)*(a*)*(a|aa)*b")
	if err != nil {
		t.Fatal(err)
	}
	s := ""
	for range 249 {
		s += "a"
	}
	if p.Matches(s) {
		t.Fatal("matched without the b")
	}
}
