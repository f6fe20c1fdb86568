package web

// TerminalVM is the terminal's output: the commands run at the current
// position (a step back or a replay shows exactly those), after the last
// "clear", and a script that did not parse (never recorded).
type TerminalVM struct {
	Entries []TermEntryVM
}

// A TermEntryVM is one command as typed and what it printed: Kafka's tools
// write stdout and stderr to the one terminal, in the order written, and
// the terminal shows standard error in its own colour.
type TermEntryVM struct {
	Script string
	Output string
	Stderr []TermSpan // the byte ranges of Output written to standard error
	Status int
	At     uint64 // the step the command ran at
	Steps  uint64 // the steps it settled the simulation by
}

// A TermSpan is a byte range [Start, End) of a command's Output.
type TermSpan struct{ Start, End int }

// A TermSeg is a run of a command's output from one stream.
type TermSeg struct {
	Text   string
	Stderr bool
}

// Segments splits the output into runs of standard output and standard
// error, in order, for the terminal to style standard error. Spans out of
// order or out of range are ignored rather than trusted.
func (e TermEntryVM) Segments() []TermSeg {
	var out []TermSeg
	at := 0
	for _, s := range e.Stderr {
		if s.Start < at || s.End <= s.Start || s.End > len(e.Output) {
			continue
		}
		if s.Start > at {
			out = append(out, TermSeg{Text: e.Output[at:s.Start]})
		}
		out = append(out, TermSeg{Text: e.Output[s.Start:s.End], Stderr: true})
		at = s.End
	}
	if at < len(e.Output) {
		out = append(out, TermSeg{Text: e.Output[at:]})
	}
	return out
}
