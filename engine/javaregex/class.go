package javaregex

import "unicode/utf8"

// A charSet is a sorted list of inclusive ranges, possibly negated.
type charSet struct {
	ranges []rng
	neg    bool
}

type rng struct{ lo, hi rune }

func single(c rune) *charSet { return &charSet{ranges: []rng{{c, c}}} }

var (
	digitSet = &charSet{ranges: []rng{{'0', '9'}}}
	wordSet  = &charSet{ranges: []rng{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}}
	// spaceSet is Java's \s: [ \t\n\x0B\f\r].
	spaceSet = &charSet{ranges: []rng{{'\t', '\r'}, {' ', ' '}}}
	// dotSet is Java's '.' without DOTALL: anything but a line terminator.
	dotSet = &charSet{neg: true, ranges: []rng{{'\n', '\n'}, {'\r', '\r'}, {0x85, 0x85}, {0x2028, 0x2029}}}
)

func (s *charSet) negate() *charSet { return &charSet{ranges: s.ranges, neg: !s.neg} }

func (s *charSet) has(c rune) bool {
	in := false
	for _, r := range s.ranges {
		if r.lo <= c && c <= r.hi {
			in = true
			break
		}
	}
	return in != s.neg
}

// class reads a character class "[…]" at p.pos. Members are characters,
// ranges a-z and escapes; a member that is itself a set (\d, \W) is kept as a
// nested set, since \W inside [^…] must be negated as a whole.
func (p *parser) class() (*charSet, error) {
	p.pos++
	out := &charSet{}
	if p.more() && p.peek() == '^' {
		out.neg = true
		p.pos++
	}
	var subs []*charSet
	first := true
	for {
		if !p.more() {
			return nil, p.fail("Unclosed character class", len(p.src)-1)
		}
		c := p.peek()
		switch {
		case c == ']' && first:
			return nil, p.fail("Unsupported ']' at the start of a character class", p.pos)
		case c == ']':
			p.pos++
			return out.withSubs(subs), nil
		case c == '[':
			return nil, p.fail("Unsupported nested character class", p.pos)
		case c == '&' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '&':
			return nil, p.fail("Unsupported character class intersection", p.pos)
		}
		first = false
		lo, set, err := p.classChar()
		if err != nil {
			return nil, err
		}
		if set != nil {
			subs = append(subs, set)
			continue
		}
		hi := lo
		if p.pos+1 < len(p.src) && p.peek() == '-' && p.src[p.pos+1] != ']' {
			dash := p.pos
			p.pos++
			h, hset, err := p.classChar()
			if err != nil {
				return nil, err
			}
			if hset != nil {
				return nil, p.fail("Illegal character range", dash)
			}
			if h < lo {
				return nil, p.fail("Illegal character range", p.pos-1)
			}
			hi = h
		}
		out.ranges = append(out.ranges, rng{lo, hi})
	}
}

// classChar reads one class member: a character, or a set for \d and friends.
func (p *parser) classChar() (rune, *charSet, error) {
	if p.peek() != '\\' {
		c := p.peek()
		p.pos++
		return c, nil, nil
	}
	s, err := p.escape(true)
	if err != nil {
		return 0, nil, err
	}
	if len(s.ranges) == 1 && !s.neg && s.ranges[0].lo == s.ranges[0].hi {
		return s.ranges[0].lo, nil, nil
	}
	return 0, s, nil
}

// withSubs folds member sets (\d, \W) into s by turning them into ranges.
func (s *charSet) withSubs(subs []*charSet) *charSet {
	for _, sub := range subs {
		if !sub.neg {
			s.ranges = append(s.ranges, sub.ranges...)
			continue
		}
		lo := rune(0)
		for _, r := range sub.ranges { // sorted, disjoint
			if r.lo > lo {
				s.ranges = append(s.ranges, rng{lo, r.lo - 1})
			}
			lo = r.hi + 1
		}
		s.ranges = append(s.ranges, rng{lo, utf8.MaxRune})
	}
	return s
}
