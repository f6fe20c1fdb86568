package tools

import (
	"fmt"
	"strings"
)

// pipedText evaluates the echo or printf on the left of a pipe and returns
// what it writes. echo joins its words with spaces and ends the line (-n: no
// newline; -e: interpret \n, \t and \\). printf supports %s, %d, %% and the
// escapes \n, \t, \\, and reuses its format while words remain, as sh does.
func pipedText(words []string) (string, error) {
	switch words[0] {
	case "echo":
		return echo(words[1:]), nil
	case "printf":
		if len(words) < 2 {
			return "", fmt.Errorf("printf: missing format")
		}
		return printf(words[1], words[2:])
	}
	return "", fmt.Errorf("%s: only echo and printf can feed a pipe", words[0])
}

func echo(args []string) string {
	newline, escapes := true, false
	for len(args) > 0 && (args[0] == "-n" || args[0] == "-e" || args[0] == "-ne" || args[0] == "-en") {
		if strings.Contains(args[0], "n") {
			newline = false
		}
		if strings.Contains(args[0], "e") {
			escapes = true
		}
		args = args[1:]
	}
	s := strings.Join(args, " ")
	if escapes {
		s = unescape(s)
	}
	if newline {
		s += "\n"
	}
	return s
}

// unescape interprets \n, \t, \r and \\ ; other backslashes stay.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\':
			b.WriteByte('\\')
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func printf(format string, args []string) (string, error) {
	var b strings.Builder
	for {
		used := 0
		for i := 0; i < len(format); i++ {
			c := format[i]
			if c == '\\' && i+1 < len(format) {
				b.WriteString(unescape(format[i : i+2]))
				i++
				continue
			}
			if c != '%' {
				b.WriteByte(c)
				continue
			}
			if i+1 == len(format) {
				return "", fmt.Errorf("printf: %%: missing conversion")
			}
			i++
			switch format[i] {
			case '%':
				b.WriteByte('%')
			case 's', 'd':
				if used < len(args) {
					b.WriteString(args[used])
					used++
				} else if format[i] == 'd' {
					b.WriteByte('0')
				}
			default:
				return "", fmt.Errorf("printf: %%%c: only %%s, %%d and %%%% are supported", format[i])
			}
			if b.Len() > MaxHeredocBytes {
				return "", fmt.Errorf("printf: output longer than %d bytes", MaxHeredocBytes)
			}
		}
		args = args[used:]
		if used == 0 || len(args) == 0 {
			return b.String(), nil
		}
	}
}
