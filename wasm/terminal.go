//go:build js && wasm

package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hack-pad/safejs"

	"github.com/kafkalab/kafkalab/engine/cluster"
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

// exportComplete publishes kafkalab.complete(textBeforeCursor): Tab in the
// terminal. It answers {replace, insert, candidates}: lab.js replaces the
// last replace.length characters before the cursor with insert, and lists
// candidates on a second Tab. It is a read: no session input, no history
// entry, no step, no paint.
func (a *app) exportComplete(api safejs.Value) error {
	f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) (res any) {
		defer func() {
			if r := recover(); r != nil {
				reportError(a.global, fmt.Errorf("kafkalab.complete: panic: %v", r))
				res = nil
			}
		}()
		text := ""
		if len(args) > 0 && args[0].Type() == safejs.TypeString {
			text, _ = args[0].String()
		}
		if a.live == nil {
			return nil
		}
		c := tools.Complete(text, len(text), completionNames(a.live.s.Cluster()))
		cands := make([]any, len(c.Candidates))
		for i, s := range c.Candidates {
			cands[i] = s
		}
		return map[string]any{"replace": text[c.From:], "insert": c.Insert, "candidates": cands}
	})
	if err != nil {
		return fmt.Errorf("kafkalab: export complete: %w", err)
	}
	a.funcs = append(a.funcs, f)
	return api.Set("complete", f.Value())
}

// completionNames gathers the names Tab offers from the cluster's state as
// it stands, through accessors that send no request and change nothing:
// ListTopics and ListGroups would be simulated requests, and a Tab must not
// move the simulation.
func completionNames(c *cluster.Cluster) tools.CompletionNames {
	n := tools.CompletionNames{Brokers: c.Brokers()}
	if ctl := c.ControllerNodes(); len(ctl) > 1 {
		for _, id := range ctl {
			n.Controllers = append(n.Controllers, string(id))
		}
	}
	for _, t := range c.Snapshot().Controller.Topics {
		n.Topics = append(n.Topics, t.Name)
	}
	for _, g := range c.GroupViews() {
		n.Groups = append(n.Groups, g.ID)
	}
	for _, ci := range c.Consumers() {
		n.Consumers = append(n.Consumers, ci.Name)
	}
	// Not RateProducers: it tallies (and clears) the producers' reports, a
	// write; "producer stop NAME" is left without names here.
	return n
}
