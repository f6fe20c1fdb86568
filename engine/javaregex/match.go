package javaregex

// maxProgram bounds the compiled program so that the matcher's visited set,
// len(program) × (len(input)+1) bits, stays small for topic names (at most
// 249 characters: about 160 KB at worst).
const maxProgram = 5000

type opcode uint8

const (
	opSet   opcode = iota // consume one character in set
	opSplit               // try x, then y
	opJmp                 // go to x
	opBOL
	opEOL
	opMatch
)

type inst struct {
	op   opcode
	set  *charSet
	x, y int
}

// A Pattern is a compiled regular expression.
type Pattern struct {
	src  string
	prog []inst
}

// Compile parses a regular expression with java.util.regex's syntax for the
// supported subset (see the package doc), failing with a *SyntaxError.
func Compile(pattern string) (*Pattern, error) {
	n, err := parse(pattern)
	if err != nil {
		return nil, err
	}
	c := &compiler{}
	c.emit(n)
	if len(c.prog) > maxProgram {
		return nil, &SyntaxError{Desc: "Unsupported pattern size", Pattern: pattern, Index: -1}
	}
	c.prog = append(c.prog, inst{op: opMatch})
	return &Pattern{src: pattern, prog: c.prog}, nil
}

// String returns the pattern's source, as Pattern.pattern() does.
func (p *Pattern) String() string { return p.src }

type compiler struct{ prog []inst }

func (c *compiler) add(i inst) int {
	c.prog = append(c.prog, i)
	return len(c.prog) - 1
}

func (c *compiler) emit(n *node) {
	if len(c.prog) > maxProgram { // stop growing; Compile reports it
		return
	}
	switch n.kind {
	case nSet:
		c.add(inst{op: opSet, set: n.set})
	case nBOL:
		c.add(inst{op: opBOL})
	case nEOL:
		c.add(inst{op: opEOL})
	case nCat:
		for _, s := range n.subs {
			c.emit(s)
		}
	case nAlt:
		var jumps []int
		for i, s := range n.subs {
			if i == len(n.subs)-1 {
				c.emit(s)
				break
			}
			split := c.add(inst{op: opSplit})
			c.prog[split].x = len(c.prog)
			c.emit(s)
			jumps = append(jumps, c.add(inst{op: opJmp}))
			c.prog[split].y = len(c.prog)
		}
		for _, j := range jumps {
			c.prog[j].x = len(c.prog)
		}
	case nRep:
		for i := 0; i < n.min && len(c.prog) <= maxProgram; i++ {
			c.emit(n.subs[0])
		}
		if n.max == -1 {
			loop := c.add(inst{op: opSplit})
			c.prog[loop].x = len(c.prog)
			c.emit(n.subs[0])
			c.add(inst{op: opJmp, x: loop})
			c.prog[loop].y = len(c.prog)
			return
		}
		var splits []int
		for i := n.min; i < n.max && len(c.prog) <= maxProgram; i++ {
			s := c.add(inst{op: opSplit})
			c.prog[s].x = len(c.prog)
			splits = append(splits, s)
			c.emit(n.subs[0])
		}
		for _, s := range splits {
			c.prog[s].y = len(c.prog)
		}
	}
}

// Matches reports whether the whole of s matches the pattern, as
// Pattern.matcher(s).matches() does.
func (p *Pattern) Matches(s string) bool {
	in := []rune(s)
	width := len(in) + 1
	visited := make([]uint64, (len(p.prog)*width+63)/64)
	type job struct{ pc, pos int }
	stack := []job{{0, 0}}
	for len(stack) > 0 {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		pc, pos := j.pc, j.pos
	thread:
		for {
			bit := pc*width + pos
			if visited[bit/64]&(1<<(bit%64)) != 0 {
				break
			}
			visited[bit/64] |= 1 << (bit % 64)
			i := &p.prog[pc]
			switch i.op {
			case opSet:
				if pos == len(in) || !i.set.has(in[pos]) {
					break thread
				}
				pc, pos = pc+1, pos+1
			case opSplit:
				stack = append(stack, job{i.y, pos})
				pc = i.x
			case opJmp:
				pc = i.x
			case opBOL:
				if pos != 0 {
					break thread
				}
				pc++
			case opEOL:
				if !atEnd(in, pos) {
					break thread
				}
				pc++
			case opMatch:
				if pos == len(in) {
					return true
				}
				break thread
			}
		}
	}
	return false
}

// atEnd is Java's '$' without MULTILINE: the end of input, or before a line
// terminator that ends it ("\r\n" counting as one).
func atEnd(in []rune, pos int) bool {
	switch len(in) - pos {
	case 0:
		return true
	case 1:
		c := in[pos]
		if c == '\n' && pos > 0 && in[pos-1] == '\r' {
			return false
		}
		return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029
	case 2:
		return in[pos] == '\r' && in[pos+1] == '\n'
	}
	return false
}
