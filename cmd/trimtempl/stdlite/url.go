package stdlite

import (
	"errors"
	"strings"
)

// parseURLLite stands in for net/url.Parse in templ/safehtml's check of CSS
// background-image URLs, which asks only whether Parse fails and, if not,
// the URL's scheme: it fails exactly when url.Parse does (Go's default
// settings) and returns the same lower-cased scheme (TestParseURLLiteIsURLParse
// and FuzzParseURLLite compare them). Its error says only that the URL is
// invalid. net/url imports net/netip, whose package initialisation links the
// unique package's concurrent hash-trie map, for a check the lab's own
// components never reach.
func parseURLLite(raw string) (*liteURL, error) {
	u, frag, _ := strings.Cut(raw, "#")
	scheme, ok := parseURLScheme(u)
	if !ok || frag != "" && !validEscapes(frag) {
		return nil, errInvalidURL
	}
	return &liteURL{Scheme: scheme}, nil
}

var errInvalidURL = errors.New("invalid URL")

// liteURL has what templ/safehtml reads of a *url.URL.
type liteURL struct{ Scheme string }

func (u *liteURL) IsAbs() bool { return u.Scheme != "" }

// parseURLScheme follows url.parse (not via a request): control bytes, the
// scheme, the query cut, the opaque form, a relative path's first segment,
// the authority, the path's escapes.
func parseURLScheme(raw string) (string, bool) {
	for i := 0; i < len(raw); i++ {
		if raw[i] < ' ' || raw[i] == 0x7f {
			return "", false
		}
	}
	if raw == "*" {
		return "", true
	}
	scheme, rest, ok := urlScheme(raw)
	if !ok {
		return "", false
	}
	scheme = strings.ToLower(scheme)
	if strings.HasSuffix(rest, "?") && strings.Count(rest, "?") == 1 {
		rest = rest[:len(rest)-1]
	} else {
		rest, _, _ = strings.Cut(rest, "?")
	}
	if !strings.HasPrefix(rest, "/") {
		if scheme != "" {
			return scheme, true // opaque: nothing more is checked
		}
		if segment, _, _ := strings.Cut(rest, "/"); strings.Contains(segment, ":") {
			return "", false
		}
	}
	if (scheme != "" || !strings.HasPrefix(rest, "///")) && strings.HasPrefix(rest, "//") {
		authority := rest[2:]
		rest = ""
		if i := strings.Index(authority, "/"); i >= 0 {
			authority, rest = authority[:i], authority[i:]
		}
		if !validAuthority(scheme, authority) {
			return "", false
		}
	}
	return scheme, validEscapes(rest)
}

// urlScheme is url.getScheme: letters, then digits, '+', '-' or '.' too, up
// to a ':' that is not the first byte (a leading ':' is an error); anything
// else means no scheme.
func urlScheme(raw string) (scheme, rest string, ok bool) {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case isLetter(c):
		case '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return "", raw, true
			}
		case c == ':':
			if i == 0 {
				return "", "", false
			}
			return raw[:i], raw[i+1:], true
		default:
			return "", raw, true
		}
	}
	return "", raw, true
}

// validEscapes reports whether every '%' starts a %XX escape: all that
// url's unescape checks outside the host.
func validEscapes(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+2 >= len(s) || !isHexByte(s[i+1]) || !isHexByte(s[i+2]) {
				return false
			}
			i += 2
		}
	}
	return true
}

// validAuthority is url.parseAuthority: the host after the last '@', then
// the user information before it.
func validAuthority(scheme, authority string) bool {
	i := strings.LastIndex(authority, "@")
	if !validHost(scheme, authority[i+1:]) {
		return false
	}
	if i < 0 {
		return true
	}
	userinfo := authority[:i]
	for j := 0; j < len(userinfo); j++ {
		c := userinfo[j]
		if !isLetter(c) && !('0' <= c && c <= '9') && !strings.ContainsRune("-._:~!$&'()*+,;=%@", rune(c)) {
			return false
		}
	}
	return validEscapes(userinfo)
}

// validHost is url.parseHost: a bracketed IPv6 literal (with an optional
// %25 zone) and port, or a name with an optional port; http and https
// take the port from the first colon, other schemes from the last.
func validHost(scheme, host string) bool {
	open := strings.LastIndex(host, "[")
	if open > 0 {
		return false
	}
	if open == 0 {
		end := strings.LastIndex(host, "]")
		if end < 0 || !validOptionalPort(host[end+1:]) {
			return false
		}
		hostname := host[1:end]
		var addr string
		if zone := strings.Index(hostname, "%25"); zone >= 0 {
			h, ok1 := unescapeHost(hostname[:zone], false)
			z, ok2 := unescapeHost(hostname[zone:], true)
			if !ok1 || !ok2 {
				return false
			}
			addr = h + z
		} else {
			var ok bool
			if addr, ok = unescapeHost(hostname, false); !ok {
				return false
			}
		}
		return isIPv6Literal(addr)
	}
	if i := strings.Index(host, ":"); i >= 0 {
		if scheme != "http" && scheme != "https" {
			i = strings.LastIndex(host, ":")
		}
		if !validOptionalPort(host[i:]) {
			return false
		}
	}
	_, ok := unescapeHost(host, false)
	return ok
}

// validOptionalPort is "" or ':' and digits.
func validOptionalPort(port string) bool {
	if port == "" {
		return true
	}
	if port[0] != ':' {
		return false
	}
	for i := 1; i < len(port); i++ {
		if port[i] < '0' || port[i] > '9' {
			return false
		}
	}
	return true
}

// isHostByte reports whether url leaves an ASCII byte unescaped in a host
// or zone: letters, digits and !"$&'()*+,-.:;<=>[]_~.
func isHostByte(c byte) bool {
	return isLetter(c) || '0' <= c && c <= '9' || c < 0x80 && strings.IndexByte(`!"$&'()*+,-.:;<=>[]_~`, c) >= 0
}

// unescapeHost is url's unescape of a host (zone false) or of an IPv6 zone
// (zone true): in a host a %XX escape must be %25 or at least %80; in a zone
// it must be %25, %20 or a host byte; an unescaped ASCII byte must be a host
// byte.
func unescapeHost(s string, zone bool) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			if c < 0x80 && !isHostByte(c) {
				return "", false
			}
			b.WriteByte(c)
			continue
		}
		if i+2 >= len(s) || !isHexByte(s[i+1]) || !isHexByte(s[i+2]) {
			return "", false
		}
		v := unhexByte(s[i+1])<<4 | unhexByte(s[i+2])
		pct25 := s[i:i+3] == "%25"
		if !zone && unhexByte(s[i+1]) < 8 && !pct25 || zone && !pct25 && v != ' ' && !isHostByte(v) {
			return "", false
		}
		b.WriteByte(v)
		i += 2
	}
	return b.String(), true
}

func isHexByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhexByte(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// isIPv6Literal is net/netip.ParseAddr succeeding on s with an IPv6 address
// (IPv4-mapped included, zone allowed): what url accepts in brackets.
func isIPv6Literal(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':':
			return isIPv6(s)
		case '.', '%': // IPv4 (refused in brackets, parsed or not), or no address before a zone
			return false
		}
	}
	return false
}

// isIPv6 follows netip's parseIPv6: an optional non-empty %zone, groups of
// one to four hex digits separated by ':', at most one "::" standing for at
// least one zero group, and an optional dotted IPv4 address in place of the
// last two groups.
func isIPv6(s string) bool {
	if i := strings.IndexByte(s, '%'); i >= 0 {
		if i == len(s)-1 {
			return false
		}
		s = s[:i]
	}
	ellipsis := -1
	if len(s) >= 2 && s[0] == ':' && s[1] == ':' {
		ellipsis = 0
		s = s[2:]
		if s == "" {
			return true
		}
	}
	i := 0 // bytes of the address parsed
	for i < 16 {
		off := 0
		for off < len(s) && isHexByte(s[off]) {
			if off > 3 {
				return false
			}
			off++
		}
		if off == 0 {
			return false
		}
		if off < len(s) && s[off] == '.' {
			if ellipsis < 0 && i != 12 || i+4 > 16 || !isIPv4(s) {
				return false
			}
			s = ""
			i += 4
			break
		}
		i += 2
		s = s[off:]
		if s == "" {
			break
		}
		if s[0] != ':' || len(s) == 1 {
			return false
		}
		s = s[1:]
		if s[0] == ':' {
			if ellipsis >= 0 {
				return false
			}
			ellipsis = i
			s = s[1:]
			if s == "" {
				break
			}
		}
	}
	if s != "" {
		return false
	}
	if i < 16 {
		return ellipsis >= 0
	}
	return ellipsis < 0
}

// isIPv4 follows netip's parseIPv4Fields: four dot-separated decimal fields,
// each 0 to 255 without a leading zero.
func isIPv4(s string) bool {
	fields, val, digits := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			if digits == 1 && val == 0 {
				return false
			}
			val = val*10 + int(c-'0')
			digits++
			if val > 255 {
				return false
			}
		case c == '.':
			if i == 0 || i == len(s)-1 || s[i-1] == '.' || fields == 3 {
				return false
			}
			fields++
			val, digits = 0, 0
		default:
			return false
		}
	}
	return fields == 3
}
