//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/lab"
)

// The long commands of TestLiveLongCommand: a topic whose segments take the
// perf test's batches, then 100,000 records (the lab's cap) at 1,000 a
// second, 100 s of simulated time with Kafka's 5-second progress lines.
const (
	longTopic = "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic perf --partitions 3 --replication-factor 3 --config segment.bytes=1048576"
	longPerf  = "kafka-producer-perf-test.sh --topic perf --num-records 100000 --record-size 100 --throughput 1000 --producer-props bootstrap.servers=localhost:9092"
	// longerPerf is the same at 500 records a second: 200 s of simulated
	// time, so that it is still running after the test's clicks and keys
	// on a loaded machine (longPerf takes about 2 s in the browser, the
	// clicks up to 2 s).
	longerPerf = "kafka-producer-perf-test.sh --topic perf --num-records 100000 --record-size 100 --throughput 500 --producer-props bootstrap.servers=localhost:9092"
)

// TestLiveLongCommand runs a 100,000-record perf test in the browser: the
// page answers clicks and keys while it runs, shows its progress, and ends
// with the native tool's output and state hash. A second run, interrupted
// with Ctrl-C, keeps what it printed and prints ^C, and its share link replays natively to the same
// state.
func TestLiveLongCommand(t *testing.T) {
	native, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	require.NoError(t, err)
	_, err = native.Command(longTopic)
	require.NoError(t, err)
	want, err := native.Command(longerPerf)
	require.NoError(t, err)
	require.GreaterOrEqual(t, strings.Count(want.Result.Output, "ms max latency.\n"), 19, want.Result.Output)

	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	tb.click(t, `[data-testid=tab-terminal]`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`, longTopic+"\n")))
	waitFor(t, tb, `document.querySelectorAll("[data-testid=term-entry]").length === 1`, "the topic")

	// Watch the main thread: the longest task, and the longest gap between
	// animation frames, while the perf test runs.
	eval[bool](t, tb, `(() => {
	  window.__long = 0; window.__gap = 0; window.__tasks = []; window.__durations = [];
	  new PerformanceObserver((l) => { for (const e of l.getEntries()) { window.__long = Math.max(window.__long, e.duration); window.__tasks.push(Math.round(e.startTime) + "+" + Math.round(e.duration)); window.__durations.push(e.duration); } }).observe({type: "longtask"});
	  let last = performance.now();
	  const tick = (ts) => { window.__gap = Math.max(window.__gap, ts - last); last = ts; if (!window.__stopTicks) requestAnimationFrame(tick); };
	  requestAnimationFrame(tick);
	  return true;
	})()`)
	typeCommand(t, tb, longerPerf)
	start := time.Now()
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`, "\n")))
	waitFor(t, tb, `document.getElementById("lab").dataset.running === "true" && !!document.querySelector("[data-testid=term-progress]")`, "the progress line")
	assert.Contains(t, eval[string](t, tb, `document.querySelector("[data-testid=term-progress]").textContent`), "s of simulated time")

	// The page answers while the command runs: a click switches the
	// right-hand column (lab.js), keys reach the terminal's input, and an
	// action is refused, not queued behind the command.
	t0 := time.Now()
	tb.click(t, `[data-testid=side-panels]`)
	tb.click(t, `[data-testid=tab-terminal]`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`, "ec")))
	answered := time.Since(t0)
	// The step first, then what the page shows: an action in the frame
	// where the command ends is taken, and the page then no longer shows
	// it running (wasm/live.go's act).
	during := eval[map[string]any](t, tb, `({step: kafkalab.act("step"), running: document.getElementById("lab").dataset.running === "true",
	  side: document.querySelector("[data-testid=tab-terminal]").getAttribute("aria-selected"),
	  typed: document.getElementById("lab-term-input").value})`)
	t.Logf("two clicks and two keys answered in %v, %v after the command started", answered, time.Since(start))
	require.Equal(t, true, during["running"], "the command ended before the page was asked anything: a longer command is needed")
	assert.Equal(t, "true", during["side"], "the click switched the column")
	assert.Equal(t, "ec", during["typed"], "the keys reached the input")
	assert.Equal(t, false, during["step"].(map[string]any)["ok"], "an action while a command runs is refused")
	assert.Less(t, answered, 2*time.Second, "the page answered two clicks and two keys")

	// Kafka's 5-second lines appear while the command runs, as the tool
	// prints them.
	waitFor(t, tb, `document.getElementById("lab").dataset.running === "true" && /^\d+ records sent, .* ms max latency\.\n/.test(document.querySelector("[data-testid=term-live]")?.textContent || "")`, "a 5-second line while the command runs")
	// The picture follows the command: the perf topic's leaders hold
	// records, and the status line's clock has moved, while it still runs.
	waitFor(t, tb, `document.getElementById("lab").dataset.running === "true" && [...document.querySelectorAll("[data-testid^=replica-perf-][data-role=leader]")].some(r => Number(r.dataset.leo) > 0) && parseInt(document.querySelector("[data-testid=now]").textContent) > 1000`, "records on the picture's replicas, and the clock, while the command runs")
	live := eval[string](t, tb, `document.querySelector("[data-testid=term-live]").textContent`)
	assert.True(t, strings.HasPrefix(want.Result.Output, live), "the lines shown as the command runs begin its output: %q", live)
	viewportShot(t, tb, "long-live-lines-1280x720")
	waitFor(t, tb, `document.getElementById("lab").dataset.running === undefined && document.querySelectorAll("[data-testid=term-entry]").length === 2`, "the perf test's end")
	took := time.Since(start)
	eval[bool](t, tb, `(document.getElementById("lab-term-input").value = "", true)`)
	longest := eval[float64](t, tb, `(window.__stopTicks = true, window.__long)`)
	gap := eval[float64](t, tb, `window.__gap`)
	t.Logf("100,000 records: %v in the browser; longest task %.0f ms, longest gap between frames %.0f ms", took, longest, gap)
	t.Logf("long tasks (start+ms): %v", eval[[]string](t, tb, `window.__tasks`))
	// The slices are 40 ms of work (wasm/long.go), the last task also sorts
	// the 100,000 latencies and prints. The browser tests share two cores
	// with builds and other tests, and a task's wall time grows with the
	// load (a descheduled renderer shows as one long task), so the test
	// logs the tasks (about 50–100 ms on an idle machine) and fails only on
	// what running the command in one piece shows: a task of seconds.
	tasks := eval[[]float64](t, tb, `window.__durations.sort((a, b) => a - b)`)
	if len(tasks) > 0 {
		assert.Less(t, tasks[len(tasks)/2], 400.0, "the median long task: the command does not give the page back: %v", tasks)
	}
	got := eval[string](t, tb, `[...document.querySelectorAll("[data-testid=term-entry]")].pop().querySelector("[data-testid=term-text]").textContent`)
	assert.Equal(t, want.Result.Output, got, "the browser's output is the native tool's")
	assert.Equal(t, native.StateHash().String(), eval[string](t, tb, `document.getElementById("lab").dataset.stateHash`), "the browser's state is the native run's")
	assert.Equal(t, 0, eval[int](t, tb, `document.querySelectorAll("[data-testid=term-running]").length`), "the progress line is gone")

	// Ctrl-C: the same command again, interrupted.
	typeCommand(t, tb, longPerf)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`, "\n")))
	waitFor(t, tb, `document.getElementById("lab").dataset.running === "true"`, "the second run")
	viewportShot(t, tb, "long-running-1280x720")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.KeyEvent("c", chromedp.KeyModifiers(chromedp.ModifierCtrl))))
	waitFor(t, tb, `document.getElementById("lab").dataset.running === undefined && document.querySelectorAll("[data-testid=term-entry]").length === 3`, "the interrupt")
	lastEntry := `[...document.querySelectorAll("[data-testid=term-entry]")].pop()`
	interrupted := eval[string](t, tb, lastEntry+`.querySelector("[data-testid=term-text]").textContent`)
	assert.True(t, strings.HasSuffix(interrupted, "^C\n"), "%q", interrupted)
	assert.Equal(t, "130", eval[string](t, tb, lastEntry+`.dataset.status`))
	viewportShot(t, tb, "long-interrupted-1280x720")

	// The share link replays the interrupt natively, to the same state.
	eval[map[string]any](t, tb, `kafkalab.act("share")`)
	link := eval[string](t, tb, `document.getElementById("lab-share-link").value`)
	_, code, ok := strings.Cut(link, "#s=")
	require.True(t, ok, link)
	replayed, err := lab.FromShare(lab.Config{}, code)
	require.NoError(t, err)
	assert.Equal(t, replayed.StateHash().String(), eval[string](t, tb, `document.getElementById("lab").dataset.stateHash`), "the share link replays to the browser's state")
	ins := replayed.Inputs()
	require.Len(t, ins, 3)
	assert.True(t, ins[2].Interrupted)
	assert.Equal(t, interrupted, ins[2].Result.Output, "the lines printed before the interrupt, then ^C, replayed natively")
	tb.requireNoProblems(t)
}

// typeCommand puts script in the terminal's input at once (typing it key by
// key takes longer than the command runs); Enter then runs it.
func typeCommand(t *testing.T, tb *tab, script string) {
	t.Helper()
	eval[bool](t, tb, `(document.getElementById("lab-term-input").value = `+jsQuote(script)+`, true)`)
}

func waitFor(t *testing.T, tb *tab, js, what string) {
	t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(60*time.Second), chromedp.WithPollingInterval(20*time.Millisecond)))
	require.NoError(t, err, "waiting for %s", what)
}
