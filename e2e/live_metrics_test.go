//go:build e2e

package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLiveMetricsStrip: the strip sits under the cluster picture, in view at
// 1280x720; a crashed broker raises the under-replicated count once the
// controller fences it, in-sync drops to 6 of 9, the broker leads nothing,
// and going back before the crash shows the healthy numbers and history
// again.
func TestLiveMetricsStrip(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	value := func(id string) string {
		return eval[string](t, tb, `document.querySelector("[data-testid=metric-`+id+`-value]").textContent`)
	}
	assert.Equal(t, "0", value("urp"))
	assert.Equal(t, "0", value("offline"))
	assert.Equal(t, "9 / 9", value("isr"))
	assert.Equal(t, "1", eval[string](t, tb, `document.querySelector("[data-testid=leaders-b3]").dataset.count`))
	inView := eval[bool](t, tb, `(() => { const r = document.querySelector("[data-testid=metrics]").getBoundingClientRect();
	  return r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth })()`)
	assert.True(t, inView, "the strip is above the fold at 1280x720")

	// A few seconds of records so the rates and sparklines have something.
	for i := range 3 {
		tb.act(t, "produce", "topic=order_events&key=k"+strconv.Itoa(i)+"&value=v&acks=all")
	}
	eval[any](t, tb, `(() => { for (let i = 0; i < 200; i++) kafkalab.act("step"); })()`)
	before := eval[string](t, tb, `document.getElementById("lab").dataset.pos`)
	tb.settle(t, before)
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.getElementById("lab").dataset.paintPos === `+jsQuote(before),
		chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	healthy := eval[string](t, tb, `document.getElementById("lab-metrics").innerHTML`)
	assert.Contains(t, healthy, "<polyline", "the sparklines have samples")

	tb.act(t, "broker-crash", "3")
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`(() => { kafkalab.act("step");
	  return document.querySelector("[data-testid=metric-urp-value]").textContent === "3" })()`,
		chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(time.Millisecond)))
	require.NoError(t, err, "under-replicated never reached 3 after the crash")
	assert.Equal(t, "6 / 9", value("isr"))
	assert.Equal(t, "0", value("offline"))
	assert.Equal(t, "0", eval[string](t, tb, `document.querySelector("[data-testid=leaders-b3]").dataset.count`))
	assert.True(t, eval[bool](t, tb, `document.querySelector("[data-testid=metric-urp]").classList.contains("alert")`))
	tb.screenshot(t, "live-metrics-crash-1280x720")

	// Dark and Chinese, for the eye.
	_, err = chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
	require.NoError(t, err)
	tb.screenshot(t, "live-metrics-dark-1280x720")
	tb.act(t, "lang", "zh")
	tb.screenshot(t, "live-metrics-zh-1280x720")
	tb.act(t, "lang", "en")

	// Back before the crash: the same strip, history included.
	tb.act(t, "goto", before)
	tb.settle(t, before)
	// The frame paints after the action marks the position: wait for it.
	_, _ = chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.getElementById("lab-metrics").innerHTML === `+jsQuote(healthy),
		chromedp.WithPollingTimeout(5*time.Second)))
	assert.Equal(t, healthy, eval[string](t, tb, `document.getElementById("lab-metrics").innerHTML`))
	tb.requireNoProblems(t)
}
