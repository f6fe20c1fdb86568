//go:build e2e

package e2e

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The storage tab: several segments of a replica's log, the inspector as
// fields and hex, an offset lookup step by step, and the real file bytes.
func TestLiveStorageView(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	// Thirty records to partition 0, each stepped until it is stored.
	for i := range 30 {
		res := tb.act(t, "produce", url.Values{"topic": {"order_events"}, "key": {fmt.Sprintf("user-%d", i)},
			"value": {fmt.Sprintf("order #%d for the storage view", i)}, "partition": {"0"}, "acks": {"1"}}.Encode())
		require.Nil(t, res["error"], "produce %d: %v", i, res)
		for range 30 {
			tb.act(t, "step", "")
		}
	}
	tb.act(t, "tab", "storage")
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`!!document.querySelector('[data-testid=storage-view]')`, chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	segs := eval[int](t, tb, `document.querySelectorAll('[data-testid=segments] tr.seg').length`)
	require.GreaterOrEqual(t, segs, 2, "segment.bytes=1024 rolls several segments")
	assert.Greater(t, eval[int](t, tb, `document.querySelectorAll('[data-testid=hex] [data-b]').length`), 61, "the hex view shows the .log")
	assert.Equal(t, "baseOffset", eval[string](t, tb, `document.querySelector('[data-testid=fields] tr:not(.head) td.fname').textContent`))
	tb.screenshot(t, "live-storage-1280x720")

	// Look up an offset in the second segment and walk the steps.
	second := eval[string](t, tb, `document.querySelectorAll('[data-testid=segments] tr.seg')[1].dataset.arg`)
	var base int
	fmt.Sscan(second, &base)
	tb.act(t, "lookup", fmt.Sprint(base+2))
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`!!document.querySelector('[data-testid=lookup-steps]')`, chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	n := eval[int](t, tb, `Number(document.querySelector('[data-testid=lookup-steps]').dataset.count)`)
	require.GreaterOrEqual(t, n, 3, "segment search, index floor, scan")
	for i := 1; i < n; i++ {
		tb.act(t, "lookup-step", "1")
		if i == 2 {
			tb.screenshot(t, "live-storage-lookup-midway")
		}
	}
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`!!document.querySelector('[data-testid=lookup-answer]')`, chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	assert.Contains(t, eval[string](t, tb, `document.querySelector('[data-testid=lookup-answer]').textContent`), fmt.Sprintf("offset %d is in the batch", base+2))
	assert.Equal(t, "log", eval[string](t, tb, `document.querySelector('[data-testid=inspector]').dataset.file`), "the last step scans the .log")
	assert.Positive(t, eval[int](t, tb, `document.querySelectorAll('[data-testid=hex] span.lit').length`), "the found batch's bytes are lit")
	tb.screenshot(t, "live-storage-lookup-found")

	// The download is the real file: a .log starts with the batch's baseOffset.
	tb.act(t, "download", "log")
	size := eval[int](t, tb, `kafkalab.lastDownload.size`)
	assert.Greater(t, size, 61)
	first, err := chromedp.Run(tb.ctx, chromedp.Evaluate[[]int](`kafkalab.lastDownload.blob.arrayBuffer().then(b => Array.from(new Uint8Array(b).slice(0, 8)))`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.Equal(t, []int{0, 0, 0, 0, 0, 0, 0, base % 256}, first, "baseOffset of the segment's first batch, big-endian")
	assert.Equal(t, size, eval[int](t, tb, `kafkalab.lastDownload.blob.size`))

	// 1024 wide.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1024, 720)))
	time.Sleep(200 * time.Millisecond)
	tb.screenshot(t, "live-storage-1024")
	tb.requireNoProblems(t)
}
