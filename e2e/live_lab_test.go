//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (tb *tab) act(t *testing.T, name, arg string) map[string]any {
	t.Helper()
	return eval[map[string]any](t, tb, fmt.Sprintf(`kafkalab.act(%q, %q)`, name, arg))
}

// settle waits for the frame that paints an action.
func (tb *tab) settle(t *testing.T, pos string) {
	t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](fmt.Sprintf(`document.getElementById("lab").dataset.pos === %q`, pos),
		chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err, "the lab never painted position %s", pos)
}

func (tb *tab) hash(t *testing.T) string {
	return eval[string](t, tb, `document.getElementById("lab").dataset.stateHash`)
}

func TestLiveLabDrawsTheEngine(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/lab")
	tb.waitReady(t)
	d := eval[drawing](t, tb, readDrawing)
	assert.Equal(t, []string{"Broker 1", "Broker 2", "Broker 3"}, d.Brokers)
	assert.Len(t, d.LeaderFills, 3, "one leader per broker")
	assert.Equal(t, "0", eval[string](t, tb, `document.getElementById("lab").dataset.pos`))
	assert.Len(t, tb.hash(t), 16)
	tb.requireNoProblems(t)
	tb.screenshot(t, "live-start")
}

func TestLiveProduceStepAndBack(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/lab")
	tb.waitReady(t)
	// Type a key: the panel predicts the partition.
	eval[any](t, tb, `document.querySelector('[data-testid=produce-key]').value = ""`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=produce-key]`, "user-2")))
	predicted := eval[string](t, tb, `document.querySelector('[data-testid=predicted-partition]').dataset.partition`)
	assert.Equal(t, "2", predicted)
	tb.click(t, `[data-testid=produce-send]`)
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`!!document.querySelector('[data-testid=produce-sent]')`, chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	leo := func() string {
		return eval[string](t, tb, `document.querySelector('[data-testid="replica-order_events-`+predicted+`-b3"]').dataset.leo`)
	}
	require.Equal(t, "0", leo())

	// Step until the produce is acknowledged, checking that going back one
	// step is exact on the way.
	labels := map[int]string{}
	// The bound is generous: how many events lie between send and
	// acknowledgement depends on linger, fetch timing and latency.
	for i := 1; i <= 400 && len(labels) < 9; i++ {
		before := tb.hash(t)
		tb.act(t, "step", "")
		tb.settle(t, fmt.Sprint(i))
		if i == 5 {
			after := tb.hash(t)
			tb.act(t, "back", "")
			tb.settle(t, fmt.Sprint(i-1))
			require.Equal(t, before, tb.hash(t), "step back returns to the same state")
			tb.act(t, "step", "")
			tb.settle(t, fmt.Sprint(i))
			require.Equal(t, after, tb.hash(t), "and forward again to the same state")
		}
		got := eval[map[string]string](t, tb, `Object.fromEntries([...document.querySelectorAll('[data-testid^=seq-label-]')].map((e) => [e.dataset.testid.slice(10), e.textContent]))`)
		for k, v := range got {
			var n int
			fmt.Sscan(k, &n)
			labels[n] = v
		}
		if i == 10 {
			tb.screenshot(t, "live-in-flight")
		}
	}
	for n := 1; n <= 9; n++ {
		assert.True(t, strings.HasPrefix(labels[n], fmt.Sprintf("%d. ", n)), "step %d: %q", n, labels[n])
	}
	assert.Contains(t, labels[9], "order_events-"+predicted)
	// The record is on the predicted partition: its leader's LEO moved.
	assert.Equal(t, "1", leo())
	tb.act(t, "select", "replica-order_events-"+predicted+"-b3")
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`!!document.querySelector('[data-testid=d-leo]')`, chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	assert.Equal(t, "1", eval[string](t, tb, `document.querySelector('[data-testid=d-leo]').textContent`))
	tb.requireNoProblems(t)
	tb.screenshot(t, "live-delivered")
}

func TestLiveInvalidInputIsInline(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/lab")
	tb.waitReady(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=produce-partition]`, "7")))
	msg := eval[string](t, tb, `document.querySelector('[data-testid=produce-error]')?.textContent || ""`)
	assert.Contains(t, msg, "UNKNOWN_TOPIC_OR_PARTITION")
	res := tb.act(t, "produce", "topic=order_events&key=k&acks=2")
	assert.Equal(t, true, res["inline"])
	assert.Contains(t, res["error"], "INVALID_REQUIRED_ACKS")
	assert.True(t, eval[bool](t, tb, `document.getElementById("lab-error").hidden`), "no banner for a learner's mistake")
	tb.screenshot(t, "live-invalid")
	tb.requireNoProblems(t)
}

func TestLiveStopBroker(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/lab")
	tb.waitReady(t)
	// ⏻ opens the broker menu; Crash stops the process.
	tb.click(t, `g[data-broker="3"] .broker-power`)
	tb.click(t, `[data-testid=fault-crash-3]`)
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelector('g[data-broker="3"]').dataset.up === "false"`, chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err, "broker 3 is drawn down")
	// Play until the controller fences it and the ISR shrinks.
	tb.act(t, "speed", "12")
	tb.act(t, "goto", "0")
	for i := 0; i < 40; i++ {
		tb.act(t, "step", "")
	}
	eval[any](t, tb, `(() => { for (let i = 0; i < 60; i++) kafkalab.act("step"); })()`)
	tb.screenshot(t, "live-broker-down")
	tb.requireNoProblems(t)
}

// TestLiveMeasure logs the figures for BENCHMARKS.md.
func TestLiveMeasure(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/lab")
	tb.waitReady(t)
	step := eval[float64](t, tb, `kafkalab.debug.bench(300)`)
	back := eval[map[string]float64](t, tb, `kafkalab.debug.back(10000)`)
	sizes := eval[map[string]float64](t, tb, `(() => {
	  const e = performance.getEntriesByType("resource").find((r) => r.name.endsWith(".wasm"));
	  return e ? {encoded: e.encodedBodySize, decoded: e.decodedBodySize} : {};
	})()`)
	t.Logf("live lab: ready %s ms after navigation; step+paint %.3f ms (mean of 300); back from 10,000 events: %.1f ms from the seed, %.1f ms from a checkpoint; wasm %.0f B on the wire, %.0f decoded",
		eval[string](t, tb, `document.getElementById("lab").dataset.labBootMs`), step, back["rebuild"], back["checkpoint"], sizes["encoded"], sizes["decoded"])
}
