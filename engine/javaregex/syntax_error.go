package javaregex

import "strings"

// A SyntaxError is java.util.regex.PatternSyntaxException: a description,
// the pattern, and the index (in characters) of the error in it.
type SyntaxError struct {
	Desc    string
	Pattern string
	Index   int
}

// Error formats the exception as PatternSyntaxException.getMessage does.
func (e *SyntaxError) Error() string {
	var b strings.Builder
	b.WriteString(e.Desc)
	if e.Index >= 0 {
		b.WriteString(" near index ")
		b.WriteString(itoa(e.Index))
	}
	b.WriteString("\n")
	b.WriteString(e.Pattern)
	if e.Index >= 0 && e.Index < len([]rune(e.Pattern)) {
		b.WriteString("\n")
		b.WriteString(strings.Repeat(" ", e.Index))
		b.WriteString("^")
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for ; n > 0; n /= 10 {
		i--
		buf[i] = byte('0' + n%10)
	}
	return string(buf[i:])
}
