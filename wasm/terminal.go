//go:build js && wasm

package main

import (
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/kafkalab/kafkalab/web"
)

// terminal is the page's side of the lab's terminal. The commands
// themselves are session inputs (lab.InputCommand): a step back or a replay
// shows exactly the commands run at that position. The page keeps only
// what "clear" hid and the last script that did not parse.
type terminal struct {
	hidden int              // transcripts hidden by clear, oldest first
	bad    *web.TermEntryVM // a script that did not parse: shown, not recorded
	key    string           // what the output shows, to repaint only on change
}

// command runs one terminal input. A tool's failure is its output, never
// the error banner.
func (l *liveLab) command(script string) {
	script = strings.TrimRight(script, "\n")
	l.term.bad = nil
	if strings.TrimSpace(script) == "" {
		return
	}
	in, err := l.s.Command(script)
	if err != nil {
		l.fail(err)
		return
	}
	if in.Result.Rejected {
		l.term.bad = &web.TermEntryVM{Script: script, Output: in.Result.Output, Stderr: []web.TermSpan{{Start: 0, End: len(in.Result.Output)}},
			Status: in.Result.Status, At: l.s.Pos()}
	}
}

func (t *terminal) clear(s *lab.Session) {
	t.hidden = len(s.Transcripts())
	t.bad = nil
}

// paintTerminal redraws the terminal's output when it changed, and scrolls
// it to the end.
func (l *liveLab) paintTerminal() error {
	all := l.s.Transcripts()
	t := &l.term
	t.hidden = min(t.hidden, len(all))
	var vm web.TerminalVM
	for _, in := range all[t.hidden:] {
		vm.Entries = append(vm.Entries, web.TermEntryVM{Script: in.Script, Output: in.Result.Output, Stderr: termSpans(in.Result.Stderr),
			Status: in.Result.Status, At: in.At, Steps: in.Steps})
	}
	if t.bad != nil {
		vm.Entries = append(vm.Entries, *t.bad)
	}
	key := strconv.Itoa(t.hidden) + "/" + strconv.Itoa(len(vm.Entries))
	if len(all) > 0 {
		key += "/" + strconv.FormatUint(all[len(all)-1].At, 10)
	}
	if t.bad != nil {
		key += "/bad:" + t.bad.Script
	}
	if key == t.key {
		return nil
	}
	t.key = key
	el := l.regions["lab-terminal"]
	if err := setHTML(el, web.TerminalOutput(vm)); err != nil {
		return err
	}
	if h, err := el.Get("scrollHeight"); err == nil {
		_ = el.Set("scrollTop", h)
	}
	return nil
}

// termSpans converts the tools' standard-error spans for the view model.
func termSpans(spans []tools.Span) []web.TermSpan {
	out := make([]web.TermSpan, len(spans))
	for i, s := range spans {
		out[i] = web.TermSpan{Start: s.Start, End: s.End}
	}
	return out
}
