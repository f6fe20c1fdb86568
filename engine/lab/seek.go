package lab

import (
	"errors"
	"slices"
)

// Seeking in pieces. GoTo replays in one call: from the nearest spare, or
// from the seed, up to the target, and a replay that crosses a long
// command (a perf test of 100,000 records) is seconds of work. A Seek is
// the same move cut into pieces its host runs between the page's tasks:
// Run does a bounded number of steps, the command's own replay pauses
// every PauseEvery steps (long.go), and the host may drop the seek for a
// newer target (the learner keeps dragging the slider). GoTo is a Seek run
// in one piece, so the position it lands on, and the state there, are the
// same however the host cuts it; only where the host breathes differs.
//
// Going back, or forward from a spare past the current position, a Seek
// replays on a run of its own (a spare, or one built from the seed) and
// swaps it in when it arrives, so the session stays at
// its position until then and a dropped seek leaves it untouched (its run,
// if between two steps, is parked as a spare; if inside a command's
// replay, it is dropped, half-built). Going forward it steps the current
// run, as GoTo does: there is no copy to step instead. A forward seek
// dropped between steps leaves the session where it got to, a valid
// position; it cannot be abandoned inside a command (Progress.Abandon).
// (A forward seek with a spare past the current position does have a
// copy: it goes from there, as GoTo does.)

// A Seek is a move to a position done in pieces (Session.Seek).
type Seek struct {
	s    *Session
	to   uint64 // the target, as GoTo clamps it
	r    *run   // the run moving towards to: s.cur going forward, its own going back
	own  bool   // r is not s.cur
	from uint64 // r's position when the seek began, for Progress
	done bool
	due  bool // r is fresh from the seed: the inputs due at 0 are not applied
}

// Seek starts a move to pos, done by Run. Nothing moves until Run.
func (s *Session) Seek(pos uint64) (*Seek, error) {
	pos = min(pos, max(s.head, s.Pos()))
	k := &Seek{s: s, to: pos, r: s.cur}
	best := s.bestSpare(pos)
	if pos < s.Pos() || best >= 0 && s.spares[best].pos() > s.Pos() {
		if best >= 0 {
			k.r = s.spares[best]
			s.spares = slices.Delete(s.spares, best, best+1)
		} else {
			r, err := s.setupRun()
			if err != nil {
				return nil, err
			}
			k.r, k.due = r, true
		}
		k.own = true
	}
	k.from = k.r.pos()
	return k, nil
}

// Target returns the position the seek was asked for (clamped to the
// history); it lands there, or before a command whose steps span it.
func (k *Seek) Target() uint64 { return k.to }

// Landing returns the position the seek will land on: its target, or the
// start of the command whose steps span it.
func (k *Seek) Landing() uint64 { return k.s.landing(k.to) }

// Progress returns how many steps of the move are done, out of how many.
// Read from a Pause, it counts the steps of the command being replayed.
func (k *Seek) Progress() (done, total uint64) {
	land := k.Landing()
	if land < k.from {
		return 0, 0
	}
	return min(k.r.pos(), land) - k.from, land - k.from
}

// Run does up to maxSteps steps of the move (a command being replayed
// counts as one: it pauses on its own) and reports whether the session is
// there. A Pause returning true while a seek going back replays a command
// (Progress.Abandon) abandons the seek: Run returns ErrSeekAbandoned and
// the session is unchanged.
func (k *Seek) Run(maxSteps int) (done bool, err error) {
	if k.done {
		return true, nil
	}
	if k.own {
		k.r.abandon = true
		defer func() {
			k.r.abandon = false
			if p := recover(); p != nil {
				if _, ok := p.(abandoned); !ok {
					panic(p)
				}
				k.done, done, err = true, false, ErrSeekAbandoned
			}
		}()
	}
	if k.due { // as newRun does: a step applies them only after stepping
		k.due = false
		if err := k.s.applyDue(k.r, k.to); err != nil {
			k.done = true
			return false, err
		}
	}
	for i := 0; i < maxSteps && k.r.pos() < k.to; i++ {
		ok, err := k.s.step(k.r, k.to)
		if k.r == k.s.cur && k.s.Pos() > k.s.head {
			k.s.head = k.s.Pos()
		}
		if err != nil {
			k.Stop()
			return false, err
		}
		if !ok {
			k.to = k.r.pos() // nothing more to run, or a command past the target
		}
	}
	if k.r.pos() < k.to {
		return false, nil
	}
	if k.own {
		old := k.s.cur
		k.s.cur = k.r
		k.s.park(old) // the old position is a spare for going forward again
	}
	k.done = true
	return true, nil
}

// Stop drops the seek: going back, its run is parked as a spare; going
// forward, the session stays where the seek got to.
func (k *Seek) Stop() {
	if k.done {
		return
	}
	k.done = true
	if k.own {
		k.s.park(k.r)
	}
}

// ErrSeekAbandoned is Run's error when the host abandoned the seek.
var ErrSeekAbandoned = errors.New("lab: seek abandoned")

// Landing returns where GoTo(pos) lands: pos, or the start of the command
// whose steps span it.
func (s *Session) Landing(pos uint64) uint64 { return s.landing(pos) }

// CommandDue reports whether a terminal command is due at the current
// position: Step would replay it (its steps at once).
func (s *Session) CommandDue() bool {
	return s.due(s.cur) && s.inputs[s.cur.applied].Kind == InputCommand
}

// landing is where GoTo(pos) lands: pos, or the start of the command whose
// steps span it.
func (s *Session) landing(pos uint64) uint64 {
	for _, in := range s.inputs {
		if in.Kind == InputCommand && in.ran && in.At < pos && pos < in.At+in.Steps {
			return in.At
		}
	}
	return pos
}
