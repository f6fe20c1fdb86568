package urlquery

import (
	"slices"
	"strings"
)

// Encode is url.Values.Encode: key=value pairs joined by '&', sorted by key
// (a key's values in their order), both escaped as url.QueryEscape does.
func (v Values) Encode() string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, val := range v[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			escape(&b, k)
			b.WriteByte('=')
			escape(&b, val)
		}
	}
	return b.String()
}

// escape writes s as url.QueryEscape does: letters, digits and -_.~ as they
// are, a space as '+', every other byte as %XX in upper-case hex.
func escape(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
}
