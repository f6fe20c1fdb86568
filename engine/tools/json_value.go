package tools

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// kafka-leader-election.sh --path-to-json-file reads JSON with Jackson. The
// lab parses it with this small strict reader instead of encoding/json,
// which the WebAssembly build must not link, and prints values back as
// Jackson's JsonNode.toString does (compact, fields in their order, but
// numbers as written where Jackson would normalize 1e2 to 100.0), since
// Kafka's error messages quote them.

// maxJSONDepth bounds nesting, so a hostile file cannot exhaust the stack.
const maxJSONDepth = 64

// A jsonValue is one parsed JSON value.
type jsonValue struct {
	kind   byte        // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	fields []jsonField // object members, in order
	items  []jsonValue // array elements
	str    string      // string value, or the number as written
	bool   bool
}

// A jsonField is one member of an object.
type jsonField struct {
	name  string
	value jsonValue
}

// field returns the last member called name, as Jackson keeps the last of
// duplicate names.
func (v jsonValue) field(name string) (jsonValue, bool) {
	for i := len(v.fields) - 1; i >= 0; i-- {
		if v.fields[i].name == name {
			return v.fields[i].value, true
		}
	}
	return jsonValue{}, false
}

// isInt reports whether the value is a number Jackson reads as an IntNode:
// an integer without fraction or exponent that fits in 32 bits.
func (v jsonValue) isInt() (int32, bool) {
	if v.kind != 'n' || strings.ContainsAny(v.str, ".eE") {
		return 0, false
	}
	n, err := strconv.ParseInt(v.str, 10, 32)
	return int32(n), err == nil
}

// String is JsonNode.toString: compact JSON.
func (v jsonValue) String() string {
	var b strings.Builder
	v.write(&b)
	return b.String()
}

func (v jsonValue) write(b *strings.Builder) {
	switch v.kind {
	case 'o':
		b.WriteByte('{')
		for i, f := range v.fields {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, f.name)
			b.WriteByte(':')
			f.value.write(b)
		}
		b.WriteByte('}')
	case 'a':
		b.WriteByte('[')
		for i, it := range v.items {
			if i > 0 {
				b.WriteByte(',')
			}
			it.write(b)
		}
		b.WriteByte(']')
	case 's':
		writeJSONString(b, v.str)
	case 'n':
		b.WriteString(v.str)
	case 'b':
		b.WriteString(strconv.FormatBool(v.bool))
	default:
		b.WriteString("null")
	}
}

func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case strings.ContainsRune("\b\f\n\r\t", r):
			b.WriteByte('\\')
			b.WriteByte("bfnrt"[strings.IndexRune("\b\f\n\r\t", r)])
		case r < 0x20:
			fmt.Fprintf(b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// parseJSON parses the first JSON value of s. What follows it is ignored,
// as ObjectMapper.readTree ignores it (FAIL_ON_TRAILING_TOKENS is off by
// default).
func parseJSON(s string) (jsonValue, error) {
	p := &jsonParser{s: s}
	return p.value(0)
}

type jsonParser struct {
	s string
	i int
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return fmt.Errorf("json: at byte %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *jsonParser) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *jsonParser) value(depth int) (jsonValue, error) {
	if depth > maxJSONDepth {
		return jsonValue{}, p.errorf("nested more than %d deep", maxJSONDepth)
	}
	p.space()
	if p.i >= len(p.s) {
		return jsonValue{}, p.errorf("unexpected end of input")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, err := p.string()
		return jsonValue{kind: 's', str: s}, err
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	for _, lit := range []struct {
		word string
		v    jsonValue
	}{{"true", jsonValue{kind: 'b', bool: true}}, {"false", jsonValue{kind: 'b'}}, {"null", jsonValue{kind: 'z'}}} {
		if strings.HasPrefix(p.s[p.i:], lit.word) {
			p.i += len(lit.word)
			return lit.v, nil
		}
	}
	return jsonValue{}, p.errorf("unexpected %q", p.s[p.i])
}

func (p *jsonParser) object(depth int) (jsonValue, error) {
	v := jsonValue{kind: 'o'}
	p.i++ // {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return v, nil
	}
	for {
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return v, p.errorf("expected a field name")
		}
		name, err := p.string()
		if err != nil {
			return v, err
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return v, p.errorf("expected ':'")
		}
		p.i++
		fv, err := p.value(depth + 1)
		if err != nil {
			return v, err
		}
		v.fields = append(v.fields, jsonField{name: name, value: fv})
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return v, nil
		}
		return v, p.errorf("expected ',' or '}'")
	}
}

func (p *jsonParser) array(depth int) (jsonValue, error) {
	v := jsonValue{kind: 'a'}
	p.i++ // [
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return v, nil
	}
	for {
		it, err := p.value(depth + 1)
		if err != nil {
			return v, err
		}
		v.items = append(v.items, it)
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return v, nil
		}
		return v, p.errorf("expected ',' or ']'")
	}
}

func (p *jsonParser) string() (string, error) {
	p.i++ // "
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c < 0x20:
			return "", p.errorf("control character in a string")
		case c == '\\':
			if p.i+1 >= len(p.s) {
				return "", p.errorf("unfinished escape")
			}
			e := p.s[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", p.errorf("bad \\u escape")
				}
				if utf16.IsSurrogate(r) && strings.HasPrefix(p.s[p.i:], "\\u") {
					p.i += 2
					r2, ok := p.hex4()
					if !ok {
						return "", p.errorf("bad \\u escape")
					}
					r = utf16.DecodeRune(r, r2)
				}
				b.WriteRune(r)
			default:
				return "", p.errorf("bad escape \\%c", e)
			}
		default:
			r, size := utf8.DecodeRuneInString(p.s[p.i:])
			b.WriteRune(r)
			p.i += size
		}
	}
	return "", p.errorf("unterminated string")
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(n), true
}

// number reads a JSON number as written: -?int frac? exp?.
func (p *jsonParser) number() (jsonValue, error) {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.s[p.i] == '-' {
		p.i++
	}
	intStart := p.i
	if digits() == 0 || p.s[intStart] == '0' && p.i-intStart > 1 {
		return jsonValue{}, p.errorf("bad number")
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return jsonValue{}, p.errorf("bad number")
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return jsonValue{}, p.errorf("bad number")
		}
	}
	return jsonValue{kind: 'n', str: p.s[start:p.i]}, nil
}
