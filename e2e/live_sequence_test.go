//go:build e2e

package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// laneX is web.LaneX: the centre of lane i in the diagram's strips.
func laneX(i int) string { return fmt.Sprint(54 + i*108) }

// seqArrows reads the drawn arrows: step → "x1→x2".
const seqArrows = `Object.fromEntries([...document.querySelectorAll('[data-testid^=seq-arrow-]')].map((g) => [g.dataset.testid.slice(10), g.dataset.x1 + "→" + g.dataset.x2]))`

// TestLiveSequenceDiagram: a record produced and stepped through appears in
// the sequence diagram arrow by arrow, between the lanes the trace names,
// with the latest step highlighted; going back removes the arrows again.
func TestLiveSequenceDiagram(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	tb.resetPrefs(t)
	assert.Equal(t, 0, eval[int](t, tb, `document.querySelectorAll('[data-testid^=seq-arrow-]').length`))
	assert.Equal(t, 15, eval[int](t, tb, `document.querySelectorAll('.seq-row').length`), "all 15 steps have a row")

	require.Equal(t, true, tb.act(t, "produce", "topic=order_events&key=user-2&value=v&acks=all")["ok"])
	// Arrows are appended one by one as the trace advances.
	counts := []int{}
	for i := 1; i <= 200; i++ {
		tb.act(t, "step", "")
		tb.settle(t, fmt.Sprint(i))
		tb.frame(t)
		n := eval[int](t, tb, `document.querySelectorAll('[data-testid^=seq-arrow-]').length`)
		if len(counts) == 0 || counts[len(counts)-1] != n {
			counts = append(counts, n)
		}
		if n == 9 {
			break
		}
	}
	require.Equal(t, 9, counts[len(counts)-1], "steps 1–9 drawn")
	for i := 1; i < len(counts); i++ {
		require.Greater(t, counts[i], counts[i-1], "arrows are only appended")
	}
	nodes := eval[[]string](t, tb, `[0,1,2,3,4].map((i) => document.querySelector('[data-testid=seq-lane-node-' + i + ']').textContent.trim())`)
	assert.Equal(t, "producer-1", nodes[0])
	assert.Equal(t, "broker-3", nodes[1], "murmur2(user-2) → partition 2, led by broker 3")
	assert.Contains(t, []string{"broker-1", "broker-2"}, nodes[2])
	assert.Equal(t, "—", nodes[3], "no consumer yet")
	arrows := eval[map[string]string](t, tb, seqArrows)
	p, l, f := laneX(0), laneX(1), laneX(2)
	assert.Equal(t, map[string]string{"1": p + "→" + p, "2": p + "→" + p, "3": p + "→" + p, "4": p + "→" + l, "5": l + "→" + l,
		"6": l + "→" + f, "7": f + "→" + f, "8": f + "→" + l, "9": l + "→" + p}, arrows)
	assert.Equal(t, "9", eval[string](t, tb, `document.querySelector('.seq-row.current').dataset.step`))
	assert.Equal(t, "9", eval[string](t, tb, `document.querySelector('[data-testid=sequence]').dataset.current`))
	for n := 1; n <= 9; n++ {
		assert.Regexp(t, fmt.Sprintf(`^%d\. `, n), eval[string](t, tb, fmt.Sprintf(`document.querySelector('[data-testid=seq-label-%d]').textContent`, n)))
	}
	// Readable: the text column is on screen and the diagram fits the page.
	assert.True(t, eval[bool](t, tb, `(() => { const r = document.querySelector('[data-testid=seq-label-6]').getBoundingClientRect(); return r.width > 150 && r.right <= innerWidth; })()`))
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.ScrollIntoView(`[data-testid=sequence]`)))
	viewportShot(t, tb, "sequence-light-1280x720")

	// Going back removes the last arrow again.
	pos := eval[string](t, tb, `document.getElementById("lab").dataset.pos`)
	tb.act(t, "back", "")
	var back int
	fmt.Sscan(pos, &back)
	tb.settle(t, fmt.Sprint(back-1))
	tb.frame(t)
	assert.Equal(t, 8, eval[int](t, tb, `document.querySelectorAll('[data-testid^=seq-arrow-]').length`))

	// Dark and Chinese: the lab's words translated, Kafka's labels not.
	label := eval[string](t, tb, `document.querySelector('[data-testid=seq-label-4]').textContent`)
	tb.click(t, `[data-testid=theme-toggle]`)
	tb.click(t, `[data-testid=lang-toggle]`)
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelector("[data-testid=tab-cluster]").textContent === "集群"`, chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	tb.frame(t)
	assert.Equal(t, "分区 leader", eval[string](t, tb, `document.querySelector('[data-testid=seq-lane-1] .role').textContent`))
	assert.Equal(t, label, eval[string](t, tb, `document.querySelector('[data-testid=seq-label-4]').textContent`))
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.ScrollIntoView(`[data-testid=sequence]`)))
	viewportShot(t, tb, "sequence-dark-zh-1280x720")
	tb.click(t, `[data-testid=lang-toggle]`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1024, 720)))
	tb.frame(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.ScrollIntoView(`[data-testid=sequence]`)))
	assert.True(t, eval[bool](t, tb, `(() => { const r = document.querySelector('[data-testid=seq-label-6]').getBoundingClientRect(); return r.width > 100 && r.right <= innerWidth; })()`), "readable at 1024 wide")
	viewportShot(t, tb, "sequence-dark-1024x720")
	tb.requireNoProblems(t)
}

// TestLiveSequenceTerminalProduce: a record sent with
// kafka-console-producer.sh in the terminal fills the sequence view, which
// follows the last record of the input.
func TestLiveSequenceTerminalProduce(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	tb.click(t, `[data-testid=tab-terminal]`)
	tb.act(t, "command", "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic order_events --property parse.key=true --property key.separator=: <<EOF\nk1:a\nk2:b\nEOF")
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`!!document.querySelector('[data-testid=seq-label-9]')`, chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "the terminal's produce never reached the sequence view")
	assert.Contains(t, eval[string](t, tb, `document.querySelector('[data-testid=seq-label-1]').textContent`), `key="k2"`)
	assert.Contains(t, eval[string](t, tb, `document.querySelector('[data-testid=seq-record]').textContent`), "order_events-0")
	assert.Equal(t, "broker-1", eval[string](t, tb, `document.querySelector('[data-testid=seq-lane-node-1]').textContent.trim()`))
	assert.Equal(t, 9, eval[int](t, tb, `document.querySelectorAll('[data-testid^=seq-arrow-]').length`))
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.ScrollIntoView(`[data-testid=sequence]`)))
	viewportShot(t, tb, "sequence-terminal-1280x720")
	tb.requireNoProblems(t)
}
