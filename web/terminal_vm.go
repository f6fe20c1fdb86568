package web

// TerminalVM is the terminal's output: the commands run at the current
// position (a step back or a replay shows exactly those), after the last
// "clear", and a script that did not parse (never recorded).
type TerminalVM struct {
	Entries []TermEntryVM
}

// A TermEntryVM is one command as typed and what it printed: Kafka's tools
// write stdout and stderr to the one terminal, in the order written.
type TermEntryVM struct {
	Script string
	Output string
	Status int
	At     uint64 // the step the command ran at
	Steps  uint64 // the steps it settled the simulation by
}
