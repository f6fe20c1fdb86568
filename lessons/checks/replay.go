package checks

import (
	"errors"
	"fmt"

	"github.com/kafkalab/kafkalab/engine/lab"
)

// ErrInsideCommand is returned by Replayed when the session shows a
// position inside a terminal command's steps (held back before it).
var ErrInsideCommand = errors.New("the lab is in the middle of a command: step forward, then check again")

// Replayed rebuilds the session's run up to its current position from its
// inputs, in a copy, and returns a World over the copy that observed it
// after each input, as Run observes a script after each command. The
// browser's lab evaluates the checks that ask the group coordinator or
// remember history (Spec.Replay) on it, so that they never change the
// learner's cluster outside the recorded inputs.
func Replayed(s *lab.Session) (*World, error) {
	sh := s.Share()
	pos := s.Pos()
	var keep []lab.Input
	for _, in := range sh.Inputs {
		if in.At <= pos {
			keep = append(keep, in)
		}
	}
	sh.Inputs, sh.Head, sh.Pos = keep, pos, pos
	var w *World
	cp, err := lab.FromShareObserved(lab.Config{}, sh, func(x *lab.Session) {
		if w == nil || w.C != x.Cluster() {
			w = Attach(x.Cluster())
		}
		w.Observe()
	})
	if err != nil {
		return nil, fmt.Errorf("checks: replay the lab: %w", err)
	}
	if cp.StateHash() != s.StateHash() || w == nil || w.C != cp.Cluster() {
		return nil, ErrInsideCommand
	}
	return w, nil
}
