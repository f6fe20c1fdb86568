//go:build js && wasm

package main

import (
	"errors"
	"math"
	"strconv"

	"github.com/hack-pad/safejs"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/web"
)

// Time travel without freezing the page. Going back one step, dragging the
// slider or stepping onto a long command may replay a perf test of 100,000
// records: seconds of engine work. So back, goto and step run as long work
// (long.go): a seek (lab.Session.Seek) runs seekChunk steps at a time and
// gives the page back every seekSliceMs, the replay of a command inside it
// pauses as a command does, and the slider shows how far the replay has
// got. A goto or back that comes while a seek runs does not wait: it
// retargets the seek (the latest target wins), which drops its replay at
// the next pause (engine/lab/seek.go: the session is unchanged until a
// seek lands, and lands exactly where GoTo would).

// seekSliceMs is a seek's slice of work (long.go's sliceMs is a
// command's): a replay's tasks ran about twice their slice (measured in
// e2e/live_seek_test.go: a median long task of 84 ms with 40 ms slices,
// under 50 ms but for two tasks of 76 and 90 ms with 20 ms slices), more
// than a command's (55 ms with 40 ms slices), likely the collector with the
// replayed cluster's heap beside the current one. A frame's work (Idle
// building spares past a long command) runs in the same slices: with 40 ms
// the frame after a landing was a long task of about 86 ms.
const seekSliceMs = 20

// seekChunk is the steps a seek runs between looks at the clock: a few
// milliseconds of ordinary steps.
const seekChunk = 64

// travel is back, goto or step. It reports false when the lab is busy with
// work that is not a seek (a command running).
func (l *liveLab) travel(name, arg string) (bool, error) {
	if b := l.busy; b != nil && b.seek {
		// A seek is running: retarget it (a step waits for it to land).
		switch name {
		case "goto":
			pos, err := strconv.ParseUint(arg, 10, 64)
			if err != nil {
				return true, err
			}
			l.seekTo = pos
		case "back":
			switch {
			case b.k == nil && l.seekTo == noTarget:
				l.seekTo = b.stepFrom // back from a step onto a command lands before it
			default:
				if land := l.s.Landing(l.seekTo); land > 0 {
					l.seekTo = land - 1
				}
			}
		default:
			return true, inlineError{errors.New(web.Tr(web.LangOf(renderCtx), "Going back in the history: wait for it to land."))}
		}
		return true, nil
	}
	if !l.abandonIdle() {
		return false, nil
	}
	l.ui.Playing = false
	to := l.s.Pos()
	switch name {
	case "goto":
		pos, err := strconv.ParseUint(arg, 10, 64)
		if err != nil {
			return true, err
		}
		to = pos
	case "back":
		if to == 0 {
			return true, nil
		}
		to--
	case "step":
		if !l.s.CommandDue() {
			return true, l.do(name, arg) // one event: no replay
		}
		// A step onto a command replays it: long work, shown as a seek.
		if l.raf.Type() != safejs.TypeFunction { // no frames (node tests): at once
			return true, l.do(name, arg)
		}
		return true, l.long("", func() error {
			l.busy.seek, l.busy.stepFrom, l.busy.slice = true, l.s.Pos(), seekSliceMs
			l.seekTo = noTarget
			_, err := l.s.Step()
			if err == nil && l.seekTo != noTarget {
				err = l.seekLoop() // a goto or back came while it ran
			}
			l.afterTravel()
			return err
		})
	}
	l.seekTo = to
	if l.raf.Type() != safejs.TypeFunction { // no frames (node tests): at once
		err := l.s.GoTo(to)
		l.afterTravel()
		return true, err
	}
	return true, l.long("", func() error {
		l.busy.seek, l.busy.slice = true, seekSliceMs
		err := l.seekLoop()
		l.afterTravel()
		return err
	})
}

// noTarget is seekTo while a step runs and nothing has retargeted it.
const noTarget = math.MaxUint64

// seekLoop runs seeks until one lands on the latest target.
func (l *liveLab) seekLoop() error {
	b := l.busy
	for {
		to := l.seekTo
		k, err := l.s.Seek(to)
		if err != nil {
			return err
		}
		b.k = k
		for {
			done, err := k.Run(seekChunk)
			if errors.Is(err, lab.ErrSeekAbandoned) {
				break // a newer target, noticed inside a command's replay
			}
			if err != nil {
				b.k = nil
				return err
			}
			if done {
				if l.seekTo == to {
					b.k = nil
					return nil
				}
				break
			}
			if l.seekTo != to {
				k.Stop()
				break
			}
			l.breathe(b, func() { l.showSeek(b) })
		}
		b.k = nil
	}
}

// afterTravel repaints after a move: at once when the work did not give the
// page back, else when long's frame ends it (the state hash of a cluster
// holding a perf test's records is work of its own: computed once there,
// not twice in one task).
func (l *liveLab) afterTravel() {
	l.dirty = true
	if l.busy == nil || !l.busy.parked {
		l.mark() // read at once by scripts; a parked move's paint puts them
	}
	l.schedule()
}

// showSeek draws how far the replay has got next to the slider, and marks
// the mount data-seeking while it runs.
func (l *liveLab) showSeek(b *busy) {
	var done, total uint64
	switch {
	case b.k != nil:
		done, total = b.k.Progress()
	default: // a step replaying the command due at stepFrom
		for _, in := range l.s.Inputs() {
			if in.Kind == lab.InputCommand && in.At == b.stepFrom {
				total = in.Steps
			}
		}
		done = l.s.Pos() - b.stepFrom
	}
	pct := 100
	if total > 0 {
		pct = int(min(done, total) * 100 / total)
	}
	if b.seekShown.Type() != safejs.TypeObject {
		if _, err := l.slider.Call("insertAdjacentHTML", "afterend",
			`<span class="seek-progress" role="status" data-testid="seek-progress"></span>`); err != nil {
			return
		}
		el, err := l.slider.Get("nextElementSibling")
		if err != nil {
			return
		}
		b.seekShown = el
		_, _ = l.a.mount.Call("setAttribute", "data-seeking", "true")
	}
	_ = b.seekShown.Set("textContent", web.M("replaying… %d%%", pct).In(web.LangOf(renderCtx)))
}

// endSeek takes the seek's progress off the page.
func (l *liveLab) endSeek() {
	_, _ = l.a.mount.Call("removeAttribute", "data-seeking")
	doc := l.a.global
	if d, err := doc.Get("document"); err == nil {
		if els, err := d.Call("querySelectorAll", "[data-testid=seek-progress]"); err == nil {
			n, _ := els.Length()
			for i := range n {
				if el, err := els.Index(i); err == nil {
					_, _ = el.Call("remove")
				}
			}
		}
	}
}
