package tools

import (
	"fmt"
	"strings"
)

// tokenKind says what a token of a script line is.
type tokenKind int

const (
	tokWord    tokenKind = iota // a word, quotes removed
	tokPipe                     // |
	tokHeredoc                  // <<DELIM, <<'DELIM', <<-DELIM
)

// A token is one word or operator of a command line.
type token struct {
	kind tokenKind
	text string // the word, or the heredoc delimiter
	// stripTabs is set for <<-DELIM, whose body lines lose leading tabs.
	stripTabs bool
}

// A lexer splits one logical command line into tokens the way a POSIX shell
// does for the subset the language supports: words, single quotes, double
// quotes with backslash escapes, backslash escapes and line continuations,
// # comments, | and <<. It stops after the first unquoted newline.
type lexer struct {
	src  string
	pos  int
	line int // current line number, from 1
}

// syntaxErr returns a SyntaxError at the lexer's current line.
func (l *lexer) syntaxErr(format string, args ...any) error {
	return &SyntaxError{Line: l.line, Msg: fmt.Sprintf(format, args...)}
}

// next reads the tokens of one logical line. It returns them, and whether the
// line ended the input.
func (l *lexer) lexLine() ([]token, error) {
	var toks []token
	for {
		// Skip blanks and continuations between words.
		for l.pos < len(l.src) {
			c := l.src[l.pos]
			if c == ' ' || c == '\t' || c == '\r' {
				l.pos++
				continue
			}
			if c == '\\' && l.pos+1 < len(l.src) && l.src[l.pos+1] == '\n' {
				l.pos += 2
				l.line++
				continue
			}
			break
		}
		if l.pos >= len(l.src) {
			return toks, nil
		}
		if len(toks) > MaxWords {
			return nil, l.syntaxErr("too many words in one command (the limit is %d)", MaxWords)
		}
		c := l.src[l.pos]
		switch {
		case c == '\n':
			l.pos++
			l.line++
			return toks, nil
		case c == '#':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.pos++
			}
		case c == '|':
			if strings.HasPrefix(l.src[l.pos:], "||") {
				return nil, l.syntaxErr("'||' is not supported: write one command per line")
			}
			l.pos++
			toks = append(toks, token{kind: tokPipe, text: "|"})
		case c == '<' && strings.HasPrefix(l.src[l.pos:], "<<"):
			t, err := l.heredocOp()
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
		default:
			w, err := l.word()
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tokWord, text: w})
		}
	}
}

// heredocOp reads <<DELIM, <<-DELIM, <<'DELIM' or <<"DELIM" (blanks are
// allowed after <<).
func (l *lexer) heredocOp() (token, error) {
	l.pos += 2
	t := token{kind: tokHeredoc}
	if l.pos < len(l.src) && l.src[l.pos] == '<' {
		return t, l.syntaxErr("'<<<' (here-strings) is not supported: use a heredoc (<<EOF) or echo ... |")
	}
	if l.pos < len(l.src) && l.src[l.pos] == '-' {
		t.stripTabs = true
		l.pos++
	}
	for l.pos < len(l.src) && (l.src[l.pos] == ' ' || l.src[l.pos] == '\t') {
		l.pos++
	}
	if l.pos >= len(l.src) || isSpecial(l.src[l.pos]) || l.src[l.pos] == '\n' || l.src[l.pos] == ' ' {
		return t, l.syntaxErr("missing heredoc delimiter after <<")
	}
	d, err := l.word()
	if err != nil {
		return t, err
	}
	if d == "" {
		return t, l.syntaxErr("empty heredoc delimiter")
	}
	t.text = d
	return t, nil
}

// isSpecial reports whether c ends an unquoted word.
func isSpecial(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '|', '<', '>', ';', '&', '(', ')':
		return true
	}
	return false
}

// word reads one word: unquoted characters, quoted strings and escapes,
// concatenated until an unquoted blank or operator.
func (l *lexer) word() (string, error) {
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == '>' || c == ';' || c == '&' || c == '(' || c == ')':
			return "", l.syntaxErr("%q is not supported: the lab's scripts run one command per line, with input from a heredoc or echo ... |", string(c))
		case c == '<' && !strings.HasPrefix(l.src[l.pos:], "<<"):
			return "", l.syntaxErr("input redirection '<' is not supported: use a heredoc (<<EOF) or echo ... |")
		case isSpecial(c):
			return b.String(), nil
		case c == '`':
			return "", l.syntaxErr("command substitution is not supported")
		case c == '$':
			if err := l.checkDollar(); err != nil {
				return "", err
			}
			b.WriteByte(c)
			l.pos++
		case c == '\\':
			if l.pos+1 >= len(l.src) {
				l.pos++
				return b.String(), nil
			}
			if l.src[l.pos+1] == '\n' {
				// A continuation inside a word joins the lines.
				l.pos += 2
				l.line++
				continue
			}
			b.WriteByte(l.src[l.pos+1])
			l.pos += 2
		case c == '\'':
			if err := l.singleQuoted(&b); err != nil {
				return "", err
			}
		case c == '"':
			if err := l.doubleQuoted(&b); err != nil {
				return "", err
			}
		default:
			b.WriteByte(c)
			l.pos++
		}
		if b.Len() > MaxLineBytes {
			return "", l.syntaxErr("word longer than %d bytes", MaxLineBytes)
		}
	}
	return b.String(), nil
}

// checkDollar rejects shell expansions, which the language does not have: a
// $ followed by a name, {, ( or a special parameter.
func (l *lexer) checkDollar() error {
	if l.pos+1 >= len(l.src) {
		return nil
	}
	n := l.src[l.pos+1]
	if n == '{' || n == '(' || n == '_' || n == '?' || (n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || (n >= '0' && n <= '9') {
		return l.syntaxErr("shell variables and substitutions ($...) are not supported; quote the text with '...' to use a literal $")
	}
	return nil
}

// singleQuoted reads '...': every character is literal.
func (l *lexer) singleQuoted(b *strings.Builder) error {
	start := l.line
	l.pos++
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		l.pos++
		if c == '\'' {
			return nil
		}
		if c == '\n' {
			l.line++
		}
		b.WriteByte(c)
		if b.Len() > MaxLineBytes {
			return l.syntaxErr("word longer than %d bytes", MaxLineBytes)
		}
	}
	return &SyntaxError{Line: start, Msg: "unterminated single quote"}
}

// doubleQuoted reads "...": a backslash escapes $, `, ", \ and newline, and
// stays literal before anything else, as in sh.
func (l *lexer) doubleQuoted(b *strings.Builder) error {
	start := l.line
	l.pos++
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch c {
		case '"':
			l.pos++
			return nil
		case '`':
			return l.syntaxErr("command substitution is not supported")
		case '$':
			if err := l.checkDollar(); err != nil {
				return err
			}
		case '\\':
			if l.pos+1 < len(l.src) {
				switch n := l.src[l.pos+1]; n {
				case '$', '`', '"', '\\':
					b.WriteByte(n)
					l.pos += 2
					continue
				case '\n':
					l.pos += 2
					l.line++
					continue
				}
			}
		case '\n':
			l.line++
		}
		b.WriteByte(c)
		l.pos++
		if b.Len() > MaxLineBytes {
			return l.syntaxErr("word longer than %d bytes", MaxLineBytes)
		}
	}
	return &SyntaxError{Line: start, Msg: "unterminated double quote"}
}
