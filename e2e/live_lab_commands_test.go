//go:build e2e

package e2e

import (
	"time"

	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLiveLabCommands runs the lab's newer commands in the browser: a rate
// producer sends while the learner steps and plays, kafka-configs.sh
// changes a topic, and seed explains where the page sets it; no banner.
func TestLiveLabCommands(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	tb.click(t, `[data-testid=tab-terminal]`)
	n := 0
	run := func(cmd string) string {
		t.Helper()
		eval[bool](t, tb, `(document.getElementById("lab-term-input").value = "") === ""`)
		require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`, cmd+"\n")))
		n++
		_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelectorAll("[data-testid=term-entry]").length === `+itoaE(n),
			chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err, "waiting for %q", cmd)
		return eval[string](t, tb, `(() => { const e = [...document.querySelectorAll("[data-testid=term-entry]")].pop(); const p = e && e.querySelector("[data-testid=term-text]"); return p ? p.textContent : ""; })()`)
	}
	assert.Equal(t, "producer clicks: sending 20 record(s)/s to order_events\n", run("producer start clicks --topic order_events --rate 20/s --keys 4"))
	before := eval[string](t, tb, `[...document.querySelectorAll('[data-testid^="replica-order_events-"]')].map(e => e.dataset.leo).join(",")`)
	assert.Contains(t, run("run 2s"), "ran 2000 ms of simulated time")
	assert.NotEqual(t, before, eval[string](t, tb, `[...document.querySelectorAll('[data-testid^="replica-order_events-"]')].map(e => e.dataset.leo).join(",")`), "the diagram shows the records")
	assert.Regexp(t, `^clicks  order_events  20/s  running  sent \d+  acked \d+  failed 0\n$`, run("producers"))
	for i := 0; i < 5; i++ {
		tb.click(t, `[data-testid=step]`)
	}
	assert.Equal(t, "Completed updating config for topic order_events.\n",
		run("kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name order_events --alter --add-config retention.ms=60000"))
	assert.Contains(t, run("kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name order_events --describe"),
		"  retention.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=60000}\n")
	assert.Regexp(t, `^clicks  order_events  20/s  stopped  sent \d+  acked \d+  failed 0\n$`, run("producer stop clicks"))
	assert.Contains(t, run("seed"), "seed ")
	assert.Contains(t, run("seed 5"), "cannot change the seed of a running cluster")
	tb.screenshot(t, "lab-commands")
	assert.True(t, eval[bool](t, tb, `document.getElementById("lab-error").hidden`), "no error banner")
	tb.requireNoProblems(t)
}
