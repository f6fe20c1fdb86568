package urlquery

import (
	"errors"
	"strconv"
	"strings"
)

// maxParams is net/url's default limit on a query's parameters
// (urlmaxqueryparams unset).
const maxParams = 10000

var (
	errTooManyParams = errors.New("number of URL query parameters exceeded limit")
	errSemicolon     = errors.New("invalid semicolon separator in query")
)

// Values maps each key to its values, as url.Values does.
type Values map[string][]string

// Get returns the key's first value, or "".
func (v Values) Get(key string) string {
	if vs := v[key]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// Set replaces the key's values with value.
func (v Values) Set(key, value string) { v[key] = []string{value} }

// EscapeError is a bad %-escape, as url.EscapeError.
type EscapeError string

func (e EscapeError) Error() string { return "invalid URL escape " + strconv.Quote(string(e)) }

// Parse is url.ParseQuery: it splits the query at '&', each pair at its first
// '=', and unescapes both ('+' is a space). A pair with a ';' or a bad escape
// is skipped and the first such error returned, with every other pair parsed.
func Parse(query string) (Values, error) {
	m := Values{}
	if strings.Count(query, "&")+1 > maxParams {
		return m, errTooManyParams
	}
	var err error
	for query != "" {
		var pair string
		pair, query, _ = strings.Cut(query, "&")
		if strings.Contains(pair, ";") {
			// Not the first error only: net/url overwrites it here.
			err = errSemicolon
			continue
		}
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, err1 := unescape(k)
		if err1 == nil {
			v, err1 = unescape(v)
		}
		if err1 != nil {
			if err == nil {
				err = err1
			}
			continue
		}
		m[k] = append(m[k], v)
	}
	return m, err
}

// unescape is url.QueryUnescape: %XX is the byte XX, '+' is a space; a '%'
// without two hex digits is an EscapeError of at most three bytes from it.
func unescape(s string) (string, error) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return "", EscapeError(s[i:min(i+3, len(s))])
			}
			n++
			i += 2
		}
	}
	if n == 0 && !strings.Contains(s, "+") {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s) - 2*n)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '%':
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		case '+':
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
