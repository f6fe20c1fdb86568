package javaregex

// maxRepeat bounds counted repetitions, as Go's regexp does, so that the
// compiled program (and the matcher's visited set) stay small.
const maxRepeat = 1000

type nodeKind uint8

const (
	nEmpty nodeKind = iota
	nSet            // one character from set
	nBOL            // ^
	nEOL            // $
	nCat            // subs in sequence
	nAlt            // one of subs
	nRep            // subs[0] repeated min..max times (max -1: unbounded)
)

type node struct {
	kind     nodeKind
	set      *charSet
	subs     []*node
	min, max int
}

// A parser reads a pattern with Java's grammar for the supported subset.
type parser struct {
	src []rune
	pat string
	pos int
}

func (p *parser) fail(desc string, index int) error {
	return &SyntaxError{Desc: desc, Pattern: p.pat, Index: index}
}

func (p *parser) more() bool { return p.pos < len(p.src) }
func (p *parser) peek() rune { return p.src[p.pos] }

func parse(pattern string) (*node, error) {
	p := &parser{src: []rune(pattern), pat: pattern}
	n, err := p.alternation()
	if err != nil {
		return nil, err
	}
	if p.more() { // only a ')' stops alternation early
		// Java reports the index before the parenthesis.
		return nil, p.fail("Unmatched closing ')'", p.pos-1)
	}
	return n, nil
}

func (p *parser) alternation() (*node, error) {
	var alts []*node
	for {
		c, err := p.concat()
		if err != nil {
			return nil, err
		}
		alts = append(alts, c)
		if !p.more() || p.peek() != '|' {
			break
		}
		p.pos++
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return &node{kind: nAlt, subs: alts}, nil
}

func (p *parser) concat() (*node, error) {
	cat := &node{kind: nCat}
	for p.more() && p.peek() != '|' && p.peek() != ')' {
		a, err := p.repeat()
		if err != nil {
			return nil, err
		}
		cat.subs = append(cat.subs, a)
	}
	return cat, nil
}

// repeat reads an atom and the quantifiers after it.
func (p *parser) repeat() (*node, error) {
	a, err := p.atom()
	if err != nil {
		return nil, err
	}
	if !p.more() {
		return a, nil
	}
	start := p.pos
	min, max := 0, 0
	switch p.peek() {
	case '*':
		min, max = 0, -1
		p.pos++
	case '+':
		min, max = 1, -1
		p.pos++
	case '?':
		min, max = 0, 1
		p.pos++
	case '{':
		if min, max, err = p.counted(); err != nil {
			return nil, err
		}
	default:
		return a, nil
	}
	if p.more() {
		switch p.peek() {
		case '?': // reluctant: the same answer for a whole-string match
			p.pos++
		case '+':
			return nil, p.fail("Unsupported possessive quantifier", p.pos)
		}
	}
	if max > maxRepeat || min > maxRepeat {
		return nil, p.fail("Unsupported repetition count above 1000", start)
	}
	return &node{kind: nRep, subs: []*node{a}, min: min, max: max}, nil
}

// counted reads "{m}", "{m,}" or "{m,n}" at p.pos.
func (p *parser) counted() (int, int, error) {
	start := p.pos
	p.pos++ // '{'
	min, ok := p.number()
	if !ok {
		return 0, 0, p.fail("Illegal repetition", start)
	}
	max := min
	if p.more() && p.peek() == ',' {
		p.pos++
		max = -1
		if n, ok := p.number(); ok {
			max = n
		}
	}
	if !p.more() || p.peek() != '}' {
		return 0, 0, p.fail("Unclosed counted closure", p.pos)
	}
	p.pos++
	if max != -1 && max < min {
		return 0, 0, p.fail("Illegal repetition range", start)
	}
	return min, max, nil
}

func (p *parser) number() (int, bool) {
	n, digits := 0, 0
	for p.more() && p.peek() >= '0' && p.peek() <= '9' {
		if n <= maxRepeat {
			n = n*10 + int(p.peek()-'0')
		}
		p.pos++
		digits++
	}
	return n, digits > 0
}

func (p *parser) atom() (*node, error) {
	c := p.peek()
	switch c {
	case '*', '+', '?':
		return nil, p.fail("Dangling meta character '"+string(c)+"'", p.pos)
	case '{':
		return nil, p.fail("Illegal repetition", p.pos)
	case '(':
		return p.group()
	case '[':
		s, err := p.class()
		if err != nil {
			return nil, err
		}
		return &node{kind: nSet, set: s}, nil
	case '.':
		p.pos++
		return &node{kind: nSet, set: dotSet}, nil
	case '^':
		p.pos++
		return &node{kind: nBOL}, nil
	case '$':
		p.pos++
		return &node{kind: nEOL}, nil
	case '\\':
		s, err := p.escape(false)
		if err != nil {
			return nil, err
		}
		return &node{kind: nSet, set: s}, nil
	}
	p.pos++
	return &node{kind: nSet, set: single(c)}, nil
}

func (p *parser) group() (*node, error) {
	p.pos++
	if p.more() && p.peek() == '?' {
		if p.pos+1 < len(p.src) && p.src[p.pos+1] == ':' {
			p.pos += 2
		} else {
			return nil, p.fail("Unsupported group construct", p.pos)
		}
	}
	n, err := p.alternation()
	if err != nil {
		return nil, err
	}
	if !p.more() {
		return nil, p.fail("Unclosed group", len(p.src))
	}
	p.pos++ // ')'
	return n, nil
}

// escape reads a backslash escape; inClass says it is inside [ ].
func (p *parser) escape(inClass bool) (*charSet, error) {
	at := p.pos
	p.pos++
	if !p.more() {
		return nil, p.fail("Unexpected internal error", len(p.src))
	}
	c := p.peek()
	p.pos++
	switch c {
	case 'd':
		return digitSet, nil
	case 'D':
		return digitSet.negate(), nil
	case 'w':
		return wordSet, nil
	case 'W':
		return wordSet.negate(), nil
	case 's':
		return spaceSet, nil
	case 'S':
		return spaceSet.negate(), nil
	case 't':
		return single('\t'), nil
	case 'n':
		return single('\n'), nil
	case 'r':
		return single('\r'), nil
	case 'f':
		return single('\f'), nil
	}
	if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
		return nil, p.fail(`Unsupported escape sequence \`+string(c), at)
	}
	return single(c), nil
}
