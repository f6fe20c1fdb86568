//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/hack-pad/safejs"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/web"
)

// Long work without freezing the page. The browser runs the wasm on its one
// main thread: a perf test of 100,000 records, or the replay of one when
// the learner goes back, is seconds of engine work, and the page must still
// answer clicks and keys. So a terminal command and the frame's work (which
// may step onto a command, or replay one to build a checkpoint) run on their
// own goroutine (long), and the session calls pause between
// simulation steps (lab.Session.SetPause): after sliceMs of work it parks the
// goroutine until the next animation frame. With every goroutine parked the
// Go runtime returns to the browser, which paints and handles input, and the
// frame resumes the work where it stopped. The run is the same run: pausing
// changes nothing in the engine (the pauses fall between steps, at the
// same steps in every run).
//
// While a command is parked the lab is busy: data-running="true" on the
// mount, the terminal shows the command's output and progress, actions
// other than interrupt are refused (lab.js keeps what the learner types)
// and frames paint nothing: the command's pauses repaint the status line,
// the cluster picture and the metrics strip (paintRunning). While a
// frame's background work (Session.Idle building a spare past a long
// command) is parked, an action abandons it and runs. Ctrl-C (act "interrupt") stops the command
// the learner typed, exactly (engine/lab/long.go); a replay cannot be
// interrupted.

// sliceMs is how long work runs before it lets the page breathe: well
// under the 100 ms after which a page feels stuck, with room for the
// browser's own work in the same frame.
const sliceMs = 40

// gcPercent is GOGC during long work, and gcLimit the heap at which the
// collector runs anyway.
const (
	gcPercent = 400
	gcLimit   = 768 << 20
)

// A busy is work in progress on its own goroutine.
type busy struct {
	script    string        // the command typed, "" for other work
	sliceFrom float64       // when the current slice of work began
	slice     float64       // the work's slice, in ms: sliceMs or seekSliceMs
	parked    bool          // it has given the page back at least once
	back      chan error    // the caller's answer: the work's error, or errParked
	interrupt bool          // Ctrl-C
	idle      bool          // inside Session.Idle: an action may abandon it
	abandon   bool          // an action came: abandon Idle's replay
	ended     chan struct{} // closed when the work has ended
	progress  safejs.Value  // the terminal's progress line, once shown
	live      safejs.Value  // what the command has printed, above it
	printed   int           // bytes of the command's output shown in live
	painted   float64       // when paintRunning last painted
	// Time travel (seek.go).
	seek      bool         // back, goto or step: a goto or back retargets it
	k         *lab.Seek    // the seek running, nil for a step
	stepFrom  uint64       // a step's position before it replays a command
	seekShown safejs.Value // the replay's progress by the slider, once shown
}

// long runs work on its own goroutine and returns when it is done or when
// it first pauses; then it goes on between the page's tasks, and the lab
// repaints when it ends. Without animation frames (node tests) it runs
// inline.
func (l *liveLab) long(script string, work func() error) error {
	if l.raf.Type() != safejs.TypeFunction {
		return work()
	}
	if l.busy != nil {
		return fmt.Errorf("kafkalab: the lab is busy")
	}
	b := &busy{script: script, sliceFrom: l.now(), slice: sliceMs, back: make(chan error, 1), ended: make(chan struct{})}
	l.busy = b
	// Fewer collections while the work runs: with one thread and no
	// preemption, the collector marks and sweeps in one piece whenever the
	// work gives the page back, a task of 100 to 300 ms for a perf test's
	// heap. GOGC=400 makes them rare without letting the heap grow without
	// bound (with collection off, the one owed at the end took seconds);
	// measured in e2e/live_long_test.go.
	gc := debug.SetGCPercent(gcPercent)
	limit := debug.SetMemoryLimit(gcLimit)
	go func() {
		var err error
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("kafkalab: panic: %v", r)
				println(err.Error() + "\n" + string(debug.Stack()))
			}
			l.busy = nil
			close(b.ended)
			debug.SetGCPercent(gc)
			debug.SetMemoryLimit(limit)
			if !b.parked {
				b.back <- err
				return
			}
			// The caller has returned: finish here, and paint in the next
			// frame (hashing and drawing a cluster that holds 100,000 more
			// records is a task of its own), which clears data-running.
			if err != nil {
				var inline inlineError
				if !errors.As(err, &inline) {
					l.fail(err)
				}
			}
			l.finishing = true
			l.dirty = true
			l.schedule()
		}()
		err = work()
	}()
	// One channel, no select: selectgo would cost the wasm bytes.
	if err := <-b.back; err != errParked {
		return err
	}
	return nil
}

// errParked tells long's caller that the work gave the page back.
var errParked = errors.New("kafkalab: parked")

// pause is the session's Pause: it lets the page breathe every sliceMs
// and reports an interrupt, or a seek's newer target (seek.go).
func (l *liveLab) pause(p lab.Progress) bool {
	b := l.busy
	if b == nil {
		return false
	}
	l.breathe(b, func() {
		switch {
		case b.script != "" && !p.Replay:
			l.showProgress(b, p)
			l.paintRunning(b)
		case b.seek:
			l.showSeek(b)
		}
	})
	return b.interrupt || p.Replay && b.idle && b.abandon ||
		p.Abandon && b.k != nil && l.seekTo != b.k.Target()
}

// breathe gives the page back until the next animation frame once the
// work has run its slice, after show has drawn its progress.
func (l *liveLab) breathe(b *busy, show func()) {
	if l.now()-b.sliceFrom < b.slice {
		return
	}
	if !b.parked {
		b.parked = true
		if b.script != "" { // a frame's background work is no command
			_, _ = l.a.mount.Call("setAttribute", "data-running", "true")
		}
		b.back <- errParked
	}
	show()
	// The next animation frame, not a zero timer: the browser then paints
	// between slices (back-to-back timer tasks starve rendering) and
	// handles input before the frame.
	if _, err := l.raf.Invoke(l.resumeFn.Value()); err != nil {
		return // no frames: go on without yielding
	}
	l.waiting = true
	<-l.resume
	b.sliceFrom = l.now()
}

// abandonIdle makes way for an action that came while Session.Idle's
// replay was parked: the replay unwinds (its half-built spare is dropped,
// engine/lab/long.go) before the action runs. It reports false when the
// parked work is not Idle's, which an action must wait for.
func (l *liveLab) abandonIdle() bool {
	b := l.busy
	if b == nil {
		return true
	}
	if !b.idle {
		return false
	}
	b.abandon = true
	l.wake()
	<-b.ended // the work goroutine is runnable: this wait needs no event
	return true
}

// showProgress draws the running command below the terminal's output: its
// script, what it has printed so far (the perf test's 5-second lines) and
// how far the simulation has gone.
func (l *liveLab) showProgress(b *busy, p lab.Progress) {
	out := l.regions["lab-terminal"]
	if b.progress.Type() != safejs.TypeObject {
		// One write of HTML (the script escaped), not a node per element:
		// each call across to JavaScript costs the wasm bytes.
		html := `<div class="term-entry term-running" data-testid="term-running"><pre class="term-cmd">$ ` + templ.EscapeString(b.script) +
			`</pre><pre class="term-text" data-testid="term-live"></pre><pre class="term-text" data-testid="term-progress"></pre></div>`
		if _, err := out.Call("insertAdjacentHTML", "beforeend", html); err != nil {
			return
		}
		entry, err := out.Get("lastElementChild")
		if err != nil {
			return
		}
		if b.progress, err = entry.Get("lastElementChild"); err != nil {
			return
		}
		if b.live, err = b.progress.Get("previousElementSibling"); err != nil {
			return
		}
	}
	if p.Printed != nil {
		l.showPrinted(b, p.Printed(b.printed))
	}
	secs := strconv.FormatFloat(float64(p.NowMs-p.StartMs)/1000, 'f', 1, 64)
	text := web.M("running… %s s of simulated time, %d events · Ctrl-C interrupts", secs, p.Steps).In(web.LangOf(renderCtx))
	_ = b.progress.Set("textContent", text)
	if h, err := out.Get("scrollHeight"); err == nil {
		_ = out.Set("scrollTop", h)
	}
}

// runningPaintMs is how often a running command repaints the status line,
// the cluster picture and the metrics strip: often enough to watch the
// records land, a small part of the command's work (in Chromium a paint
// made a 40 ms slice a task of 50–57 ms; e2e/live_long_test.go).
const runningPaintMs = 250

// paintRunning repaints the status line, the cluster picture and the
// metrics strip while a command the learner typed runs (frames paint
// nothing then): the clock, the replicas' offsets and the messages move as
// the command goes. The details and the state hash wait for its end.
func (l *liveLab) paintRunning(b *busy) {
	if now := l.now(); now-b.painted >= runningPaintMs {
		b.painted = now
		vm := l.b.BuildRunning(l.s, l.ui)
		if err := l.paintRegions(map[string]templ.Component{
			"lab-status": web.LiveStatus(vm.Status), "lab-stage": l.stageOf(vm), "lab-metrics": web.MetricsStrip(vm.Metrics)}); err != nil {
			l.fail(err)
		}
	}
}

// maxLive is how much of a running command's output the terminal shows
// as it goes: its end (the whole transcript replaces it when it ends).
const maxLive = 16 << 10

// showPrinted appends more of the command's output to its live lines,
// keeping their last maxLive bytes.
func (l *liveLab) showPrinted(b *busy, more string) {
	if more == "" || b.live.Type() != safejs.TypeObject {
		return
	}
	b.printed += len(more)
	if b.printed <= maxLive {
		_, _ = b.live.Call("append", more)
		return
	}
	text, err := b.live.Get("textContent")
	if err != nil {
		return
	}
	s, _ := text.String()
	s += more
	if len(s) > maxLive {
		i := len(s) - maxLive
		for i < len(s) && !utf8.RuneStart(s[i]) {
			i++ // not inside a character
		}
		s = "…\n" + s[i:]
	}
	_ = b.live.Set("textContent", s)
}

// interrupt is Ctrl-C: the running command stops at its next pause.
func (l *liveLab) interrupt() {
	if l.busy != nil {
		l.busy.interrupt = true
	}
}

// wake resumes parked work, if any waits: a frame requested by work that
// has since ended (abandoned) finds nothing to wake, and leaves no token
// behind that would let the next pause go on without giving the page back.
func (l *liveLab) wake() {
	if l.waiting {
		l.waiting = false
		l.resume <- struct{}{}
	}
}

// initLong makes the frame callback that resumes parked work and hands
// the session its pause.
func (l *liveLab) initLong() error {
	l.resume = make(chan struct{}, 1)
	f, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		l.wake()
		return nil
	})
	if err != nil {
		return err
	}
	l.resumeFn = f
	l.a.funcs = append(l.a.funcs, f)
	l.s.SetPause(l.pause)
	return nil
}
