//go:build e2e

package e2e

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stepUntil steps the lab in batches until cond (a JS expression over the
// painted page) holds, at most max steps.
func (tb *tab) stepUntil(t *testing.T, cond string, max int) {
	t.Helper()
	for done := 0; done < max; done += 25 {
		pos := eval[string](t, tb, `(() => { for (let i = 0; i < 25; i++) kafkalab.act("step", ""); return document.getElementById("lab").dataset.pos })()`)
		tb.settle(t, pos)
		tb.frame(t)
		if eval[bool](t, tb, cond) {
			return
		}
	}
	require.FailNow(t, "condition never held", "%s after %d steps", cond, max)
}

// frame waits for the next animation frame, so the stage is painted.
func (tb *tab) frame(t *testing.T) {
	t.Helper()
	eval[bool](t, tb, `(window.__frame = false, requestAnimationFrame(() => requestAnimationFrame(() => { window.__frame = true })), true)`)
	tb.waitFor(t, `window.__frame === true`)
}

func (tb *tab) waitFor(t *testing.T, js string) {
	t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err, "waiting for %s", js)
}

// Add a consumer, then a second one to the same group: generation 2 splits
// the partitions between them, in the Groups tab and in the diagram.
func TestLiveConsumerGroupRebalance(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	tb.click(t, `[data-testid=consumer-add]`)
	tb.waitFor(t, `!!document.querySelector('[data-testid=consumer-c1]')`)
	tb.stepUntil(t, `document.querySelector('[data-testid=consumer-c1]')?.dataset.state === "consuming"`, 3000)
	assert.Equal(t, "P0, P1, P2", eval[string](t, tb, `document.querySelector('[data-testid=consumer-c1]').dataset.owns`))
	assert.Equal(t, 3, eval[int](t, tb, `document.querySelectorAll('[data-testid=consumer-c1] path.owns').length`), "a line to each leader")

	// A record travels the whole way: produced, replicated, consumed.
	tb.act(t, "produce", "topic=order_events&key=user-2&value=order+%231&acks=all")
	tb.stepUntil(t, `!!document.querySelector('[data-testid=seq-label-13]') && !!document.querySelector('[data-testid=seq-label-14]')`, 3000)
	for n := 10; n <= 14; n++ {
		assert.True(t, eval[bool](t, tb, fmt.Sprintf(`!!document.querySelector('[data-testid=seq-label-%d]')`, n)), "step %d shown", n)
	}
	tb.screenshot(t, "live-consumer-1280x720")

	// A second member of the same group.
	tb.click(t, `[data-testid=consumer-add]`)
	tb.waitFor(t, `!!document.querySelector('[data-testid=consumer-c2]')`)
	tb.act(t, "tab", "groups")
	tb.waitFor(t, `!!document.querySelector('[data-testid=groups-view]')`)
	tb.stepUntil(t, `(() => { const g = document.querySelector('[data-testid=group-orders]'); return g && g.dataset.generation === "2" && g.dataset.state === "Stable" })()`, 5000)
	a1 := eval[string](t, tb, `document.querySelector('[data-testid=assignment-c1]').textContent`)
	a2 := eval[string](t, tb, `document.querySelector('[data-testid=assignment-c2]').textContent`)
	assert.NotEqual(t, "-", a1)
	assert.NotEqual(t, "-", a2)
	assert.Equal(t, "Stable", eval[string](t, tb, `document.querySelector('.gs.lit')?.dataset.testid.slice(3) || ""`), "the state diagram lights Stable")
	assert.Equal(t, 3, eval[int](t, tb, `document.querySelectorAll('[data-testid=group-offsets] tbody tr').length`))
	tb.screenshot(t, "live-groups-1280x720")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1024, 768)))
	tb.frame(t)
	tb.screenshot(t, "live-groups-1024")

	tb.act(t, "tab", "cluster")
	tb.waitFor(t, `!!document.querySelector('[data-testid=consumer-c2]')`)
	o1 := eval[string](t, tb, `document.querySelector('[data-testid=consumer-c1]').dataset.owns`)
	o2 := eval[string](t, tb, `document.querySelector('[data-testid=consumer-c2]').dataset.owns`)
	assert.NotEmpty(t, o1)
	assert.NotEmpty(t, o2)
	assert.Equal(t, 3, eval[int](t, tb, `document.querySelectorAll('[data-testid^=consumer-c] path.owns').length`), "each partition has one owner")
	tb.screenshot(t, "live-consumers-1024")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.frame(t)
	tb.screenshot(t, "live-consumers-1280x720")
	tb.requireNoProblems(t)
}

// Crash the leader of a partition from the broker menu: a follower from the
// ISR becomes leader with a new epoch; going back shows the old leader, with
// the same state hash.
func TestLiveCrashLeaderAndGoBack(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	for range 30 {
		tb.act(t, "step", "")
	}
	tb.settle(t, "30")
	before := tb.hash(t)
	tb.act(t, "step", "")
	tb.settle(t, "31")
	leaderOf0 := `document.querySelector('[data-testid^="replica-order_events-0-b"][data-role=leader]')?.dataset.testid.slice(-1) || ""`
	require.Equal(t, "1", eval[string](t, tb, leaderOf0))
	tb.act(t, "select", "replica-order_events-0-b1")
	tb.waitFor(t, `!!document.querySelector('[data-testid=d-epoch]')`)
	epoch0, _ := strconv.Atoi(eval[string](t, tb, `document.querySelector('[data-testid=d-epoch]').textContent`))
	isr := eval[string](t, tb, `document.querySelector('[data-testid=d-isr]').textContent`)

	tb.click(t, `[data-testid=broker-menu-1]`)
	tb.waitFor(t, `!!document.querySelector('[data-testid=broker-card]')`)
	tb.screenshot(t, "live-broker-menu-1280x720")
	tb.click(t, `[data-testid=fault-crash-1]`)
	tb.waitFor(t, `document.querySelector('[data-testid=broker-1]')?.dataset.state === "down"`)

	tb.stepUntil(t, `["2", "3"].includes(`+leaderOf0+`)`, 20000)
	leader := eval[string](t, tb, leaderOf0)
	assert.Contains(t, isr, leader, "the new leader was in the ISR")
	tb.act(t, "select", "replica-order_events-0-b"+leader)
	tb.waitFor(t, `document.querySelector('[data-testid=d-role]')?.textContent === "leader"`)
	epoch1, _ := strconv.Atoi(eval[string](t, tb, `document.querySelector('[data-testid=d-epoch]').textContent`))
	assert.Greater(t, epoch1, epoch0, "a new leader epoch")
	assert.Equal(t, "broker "+leader, eval[string](t, tb, `document.querySelector('[data-testid=d-leader]').textContent`))
	tb.screenshot(t, "live-crashed-leader-1280x720")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1024, 768)))
	tb.frame(t)
	tb.screenshot(t, "live-crashed-leader-1024")

	tb.act(t, "goto", "30")
	tb.settle(t, "30")
	tb.frame(t)
	assert.Equal(t, before, tb.hash(t), "back before the crash: the same state")
	assert.Equal(t, "1", eval[string](t, tb, leaderOf0), "and the old leader")
	assert.Equal(t, "up", eval[string](t, tb, `document.querySelector('[data-testid=broker-1]').dataset.state`))
	tb.requireNoProblems(t)
}
