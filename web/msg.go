package web

import (
	"context"
	"fmt"
)

// A Msg is a sentence web/live builds from engine values: an English format
// (the key of the Chinese tables) and its arguments, put together in the
// page's language when drawn. A Chinese format may reorder the arguments
// with %[n]d. The zero Msg is empty.
type Msg struct {
	Format string
	Args   []any
}

// M returns the Msg of format and args.
func M(format string, args ...any) Msg { return Msg{Format: format, Args: args} }

// IsZero reports whether m says nothing.
func (m Msg) IsZero() bool { return m.Format == "" }

// String is m in English.
func (m Msg) String() string { return m.In("en") }

// In is m in lang.
func (m Msg) In(lang string) string {
	if m.Format == "" {
		return ""
	}
	f := Tr(lang, m.Format)
	if len(m.Args) == 0 {
		return f
	}
	return fmt.Sprintf(f, m.Args...)
}

func msg(ctx context.Context, m Msg) string { return m.In(LangOf(ctx)) }
