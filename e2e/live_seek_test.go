//go:build e2e

package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/lab"
)

// seekAfter is how many events the test steps past the perf test, so that
// going back one replays the whole command.
const seekAfter = 1500

// TestLiveSeekOverLongCommand: after a 100,000-record perf test, going back
// one event, dragging the slider to the middle and stepping onto the
// command again each replay the command, in slices: the page answers clicks
// while they run, shows how far the replay has got, and lands on the state
// the native session reaches.
func TestLiveSeekOverLongCommand(t *testing.T) {
	native, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	require.NoError(t, err)
	_, err = native.Command(longTopic)
	require.NoError(t, err)
	perf, err := native.Command(longPerf)
	require.NoError(t, err)
	_, err = native.StepN(seekAfter)
	require.NoError(t, err)
	head := native.Head()

	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	tb.click(t, `[data-testid=tab-terminal]`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`, longTopic+"\n")))
	waitFor(t, tb, `document.querySelectorAll("[data-testid=term-entry]").length === 1`, "the topic")
	typeCommand(t, tb, longPerf)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`, "\n")))
	waitFor(t, tb, `document.getElementById("lab").dataset.running === undefined && document.querySelectorAll("[data-testid=term-entry]").length === 2`, "the perf test's end")
	eval[bool](t, tb, `(() => { for (let i = 0; i < `+strconv.Itoa(seekAfter)+`; i++) kafkalab.act("step"); return true; })()`)
	require.Equal(t, strconv.FormatUint(head, 10), eval[string](t, tb, `document.getElementById("lab").dataset.pos`))
	require.Equal(t, native.StateHash().String(), eval[string](t, tb, `document.getElementById("lab").dataset.stateHash`))

	// Watch the main thread from here on, as TestLiveLongCommand does.
	eval[bool](t, tb, `(() => {
	  window.__durations = []; window.__seeking = false;
	  new PerformanceObserver((l) => { for (const e of l.getEntries()) { window.__durations.push(e.duration); (window.__starts = window.__starts || []).push(Math.round(e.startTime) + "+" + Math.round(e.duration)); } }).observe({type: "longtask"});
	  new MutationObserver(() => { if (document.getElementById("lab").dataset.seeking === "true") window.__seeking = true; })
	    .observe(document.getElementById("lab"), {attributes: true, attributeFilter: ["data-seeking"]});
	  return true;
	})()`)

	// answers clicks two controls of lab.js while a replay runs and returns
	// how long they took.
	answers := func(what string) time.Duration {
		t.Logf("%s: clicks at %.0f ms (page time)", what, eval[float64](t, tb, `performance.now()`))
		t0 := time.Now()
		tb.click(t, `[data-testid=side-panels]`)
		tb.click(t, `[data-testid=tab-terminal]`)
		took := time.Since(t0)
		t.Logf("%s: two clicks answered in %v", what, took)
		assert.Less(t, took, 2*time.Second, "%s: the page answered two clicks", what)
		return took
	}
	landed := func(what string, s *lab.Session) {
		t.Helper()
		waitFor(t, tb, `document.getElementById("lab").dataset.seeking === undefined && document.getElementById("lab").dataset.pos === "`+strconv.FormatUint(s.Pos(), 10)+`"`, what)
		waitFor(t, tb, `document.getElementById("lab").dataset.paintPos === "`+strconv.FormatUint(s.Pos(), 10)+`"`, what+" painted")
		assert.Equal(t, s.StateHash().String(), eval[string](t, tb, `document.getElementById("lab").dataset.stateHash`), "%s: the browser's state is the native run's", what)
		t.Logf("%s: landed at %d by %.0f ms (page time), painted in %s ms", what, s.Pos(),
			eval[float64](t, tb, `performance.now()`), eval[string](t, tb, `document.getElementById("lab").dataset.paintMs`))
	}

	// Back one event: the replay crosses the whole perf test.
	require.NoError(t, native.Back())
	tb.click(t, `[data-testid=back]`)
	waitFor(t, tb, `!!document.querySelector("[data-testid=seek-progress]") || document.getElementById("lab").dataset.pos === "`+strconv.FormatUint(native.Pos(), 10)+`"`, "the replay's progress")
	if eval[bool](t, tb, `!!document.querySelector("[data-testid=seek-progress]")`) {
		viewportShot(t, tb, "seek-back-1280x720")
		assert.Regexp(t, `^replaying… \d+%$`, eval[string](t, tb, `document.querySelector("[data-testid=seek-progress]").textContent`))
	}
	answers("back")
	landed("back", native)
	assert.True(t, eval[bool](t, tb, `window.__seeking`), "going back over a 100,000-record command was long work: it showed its progress")

	// A drag: the slider passes through several positions, the latest wins.
	// The first is past the perf test (a long replay, which parks); the
	// others come while it runs and retarget it.
	// Idle builds spares at checkpoints while the test clicks: the first
	// target is below the first checkpoint past the command.
	past := perf.At + perf.Steps + 5
	require.Less(t, past/lab.CheckpointEvery, (head-1)/lab.CheckpointEvery, "a checkpoint between the command's end and the head")
	drag := eval[map[string]any](t, tb, `(() => {
	  const s = document.getElementById("lab-slider"), max = Number(s.max), out = [];
	  for (const v of [`+strconv.FormatUint(past, 10)+`, max * 0.8, max * 0.6, max * 0.5]) {
	    s.value = String(Math.round(v)); out.push(Number(s.value));
	    s.dispatchEvent(new Event("input", {bubbles: true}));
	  }
	  return {vals: out, seeking: document.getElementById("lab").dataset.seeking || ""};
	})()`)
	var vals []float64
	for _, v := range drag["vals"].([]any) {
		vals = append(vals, v.(float64))
	}
	t.Logf("dragged through %v of %d", vals, head)
	assert.Equal(t, "true", drag["seeking"], "the drag's first replay was still running when the others came")
	answers("drag")
	require.NoError(t, native.GoTo(uint64(vals[len(vals)-1])))
	landed("drag to the middle", native)
	assert.Equal(t, perf.At, native.Pos(), "the middle is inside the perf test: the lab lands before it")
	viewportShot(t, tb, "seek-landed-1280x720")

	// Step onto the command: it replays.
	_, err = native.Step()
	require.NoError(t, err)
	tb.click(t, `[data-testid=step]`)
	answers("step onto the command")
	landed("step onto the command", native)

	// Back while a step onto the command replays it: the step lands, then
	// the back takes it before the command again.
	require.NoError(t, native.Back())
	require.Equal(t, perf.At, native.Pos())
	tb.click(t, `[data-testid=back]`)
	landed("back before the command", native)
	acts := eval[map[string]any](t, tb, `({step: kafkalab.act("step"), seeking: document.getElementById("lab").dataset.seeking || "", back: kafkalab.act("back"), play: kafkalab.act("play")})`)
	t.Logf("step then back at once: %v", acts)
	assert.Equal(t, "true", acts["seeking"], "the step was still replaying the command when the back came")
	assert.Equal(t, true, acts["back"].(map[string]any)["ok"], "a back retargets the step")
	assert.Equal(t, false, acts["play"].(map[string]any)["ok"], "other actions wait for the move to land")
	landed("back during the step", native)

	t.Logf("long tasks (start+ms, page time): %v", eval[any](t, tb, `window.__starts`))
	tasks := eval[[]float64](t, tb, `window.__durations.sort((a, b) => a - b)`)
	t.Logf("long tasks (ms): %v", tasks)
	if len(tasks) > 0 {
		// The replay's own slices are 20 ms and rarely show here; what
		// remains is the task that starts a move (the frame's spare-building
		// unwinds, a run may be built from the seed) and the perf tool's own
		// end in the replay (it sorts 100,000 latencies): about 50–130 ms on
		// an idle 2-core machine, logged above and in BENCHMARKS.md. Wall
		// time is no pass/fail criterion on a shared machine, so the test
		// fails only on what a page doing the replay in one piece shows:
		// typical tasks of seconds (the whole command is 2–5 s here).
		assert.Less(t, tasks[(len(tasks)-1)/2], 400.0, "the median long task: the replay does not give the page back: %v", tasks)
	}
	tb.requireNoProblems(t)
}
