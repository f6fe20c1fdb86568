//go:build e2e

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLiveChineseViews: in Chinese, the storage view (with a lookup run to
// its end) and the groups view speak Chinese; Kafka's column headers and
// file names stay as Kafka prints them.
func TestLiveChineseViews(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	t.Cleanup(func() {
		_, _ = chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`(localStorage.removeItem("kafkalab-lang"), document.cookie = "kafkalab-lang=; path=/; max-age=0", true)`))
	})
	tb.click(t, `[data-testid=lang-toggle]`)
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelector("[data-testid=tab-cluster]").textContent === "集群"`,
		chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	text := func(sel string) string {
		return eval[string](t, tb, `(document.querySelector(`+jsQuote(sel)+`) || {}).textContent || ""`)
	}
	for i := 0; i < 6; i++ {
		tb.act(t, "produce", "topic=order_events&key=user-2&value=order+%231&partition=0&acks=all")
	}
	tb.act(t, "consumer-add", "group=orders&topic=order_events&assignor=range&commit=auto")
	eval[any](t, tb, `(() => { for (let i = 0; i < 400; i++) kafkalab.act("step"); })()`)

	tb.act(t, "tab", "storage")
	tb.act(t, "lookup", "3")
	tb.act(t, "lookup-step", "99")
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`!!document.querySelector("[data-testid=lookup-answer]")`, chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	assert.Contains(t, text(`[data-testid=lookup-answer]`), "offset 3 在")
	assert.Contains(t, text(`[data-testid=lookup-go]`), "查找")
	assert.Contains(t, text(`[data-testid=segments] thead`), ".timeindex", "file names stay")
	tb.screenshot(t, "live-zh-storage-1280x720")

	tb.act(t, "tab", "groups")
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`!!document.querySelector("[data-testid=group-orders]")`, chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	assert.Contains(t, text(`[data-testid=group-orders]`), "成员")
	assert.Contains(t, text(`[data-testid=group-offsets] thead`), "CURRENT-OFFSET", "kafka-consumer-groups.sh's columns stay")
	tb.screenshot(t, "live-zh-groups-1280x720")
	tb.requireNoProblems(t)
}
