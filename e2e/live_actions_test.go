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

func (tb *tab) pos(t *testing.T) string {
	return eval[string](t, tb, `document.getElementById("lab").dataset.pos`)
}

// waitText waits for the element sel to contain text.
func (tb *tab) waitText(t *testing.T, sel, text string) {
	t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](fmt.Sprintf(`(document.querySelector(%s)?.textContent || "").includes(%s)`, jsQuote(sel), jsQuote(text)),
		chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err, "%s never showed %q", sel, text)
}

// resetPrefs puts the language and theme back to the defaults when the
// test ends: the browser's storage is shared by the tests.
func (tb *tab) resetPrefs(t *testing.T) {
	t.Cleanup(func() {
		_, _ = chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`(localStorage.removeItem("kafkalab-lang"), localStorage.removeItem("kafkalab-theme"), true)`))
	})
}

// stepBatches steps the lab 250 events at a time until cond (a JS
// expression over the painted page) holds, at most max events.
func (tb *tab) stepBatches(t *testing.T, cond string, max int) {
	t.Helper()
	for done := 0; done < max; done += 250 {
		pos := eval[string](t, tb, `(() => { for (let i = 0; i < 250; i++) kafkalab.act("step", ""); return document.getElementById("lab").dataset.pos })()`)
		tb.settle(t, pos)
		tb.frame(t)
		if eval[bool](t, tb, cond) {
			return
		}
	}
	require.FailNow(t, "condition never held", "%s after %d steps", cond, max)
}

// clickPath clicks the middle of an SVG path's stroke, as a learner
// clicking a link does (the middle of an arc's box is not on the arc).
func (tb *tab) clickPath(t *testing.T, sel string) {
	t.Helper()
	xy := eval[[]float64](t, tb, `(() => { const p = document.querySelector(`+jsQuote(sel)+`); p.scrollIntoView({block: "nearest"}); const m = p.getScreenCTM(); const q = p.getPointAtLength(p.getTotalLength() / 2); return [m.a * q.x + m.c * q.y + m.e, m.b * q.x + m.d * q.y + m.f]; })()`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.MouseClickXY(xy[0], xy[1])))
}

// clickCentre clicks the centre of what sel shows now.
func (tb *tab) clickCentre(t *testing.T, sel string) {
	t.Helper()
	xy := eval[[]float64](t, tb, `(() => { const r = document.querySelector(`+jsQuote(sel)+`).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.MouseClickXY(xy[0], xy[1])))
}

// TestLiveCreateTopic: the form's topic appears in the cluster view after
// stepping through CreateTopics; a bad one shows Kafka's error inline and
// changes nothing; stepping back over the creation is exact.
func TestLiveCreateTopic(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	form := func(name, parts, rf, minisr string) {
		t.Helper()
		for sel, v := range map[string]string{"topic-name": name, "topic-partitions": parts, "topic-rf": rf, "topic-minisr": minisr} {
			eval[bool](t, tb, `(document.querySelector('[data-testid=`+sel+`]').value = `+jsQuote(v)+`, true)`)
		}
		tb.click(t, `[data-testid=topic-create]`)
	}
	for _, c := range []struct{ name, parts, rf, minisr, want string }{
		{"bad name!", "3", "3", "", "INVALID_TOPIC_EXCEPTION"},
		{"order_events", "3", "3", "", "TOPIC_ALREADY_EXISTS"},
		{"payments", "3", "4", "", "INVALID_REPLICATION_FACTOR"},
		{"payments", "0", "3", "", "INVALID_PARTITIONS"},
		{"payments", "3", "3", "0", "INVALID_CONFIG"},
	} {
		form(c.name, c.parts, c.rf, c.minisr)
		tb.waitText(t, `[data-testid=topic-error]`, c.want)
		assert.Equal(t, "0", tb.pos(t))
	}
	require.True(t, eval[bool](t, tb, `document.getElementById("lab-error").hidden`), "not the error banner")
	viewportShot(t, tb, "topic-error-1280x720")
	before := tb.hash(t)
	form("payments", "2", "2", "2")
	tb.waitText(t, `[data-testid=topic-sent]`, "CreateTopics(payments)")
	assert.NotEqual(t, before, tb.hash(t), "the request is queued: an input")
	afterCreate := tb.hash(t)
	tb.stepUntil(t, `document.querySelectorAll('[data-testid^="replica-payments-"]').length === 4`, 400)
	assert.Equal(t, 2, eval[int](t, tb, `document.querySelectorAll('[data-testid^="replica-payments-"][data-role=leader]').length`))
	eval[bool](t, tb, `(scrollTo(0, 0), true)`)
	viewportShot(t, tb, "topic-created-1280x720")
	// Back to the position of the creation: the state just after it.
	tb.act(t, "goto", "0")
	tb.settle(t, "0")
	assert.Equal(t, afterCreate, tb.hash(t))
	tb.frame(t)
	assert.Equal(t, 0, eval[int](t, tb, `document.querySelectorAll('[data-testid^="replica-payments-"]').length`))
	tb.requireNoProblems(t)
}

// isr reads the ISR the replica card shows for a replica.
func (tb *tab) isrOf(t *testing.T, replica string) string {
	t.Helper()
	if !eval[bool](t, tb, `!!document.querySelector('[data-testid=d-isr]')`) {
		tb.act(t, "select", replica)
		tb.frame(t)
	}
	return eval[string](t, tb, `document.querySelector('[data-testid=d-isr]').textContent`)
}

// TestLiveCutAndHealLink: clicking the link between a follower and its
// leader opens its card; cutting it both ways drops the follower from the
// ISR after replica.lag.time.max.ms, healing brings it back; stepping back
// over the cut is exact.
func TestLiveCutAndHealLink(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	// order_events-0 is led by broker 1; broker 2 follows it.
	tb.clickPath(t, `[data-testid="link-broker-1-broker-2"] .nl-hit`)
	tb.waitFor(t, `!!document.querySelector('[data-testid=link-card]')`)
	assert.Equal(t, "up", eval[string](t, tb, `document.querySelector('[data-testid=link-ab]').textContent`))
	before := tb.hash(t)
	tb.click(t, `[data-testid=link-cut-both]`)
	tb.waitFor(t, `document.querySelector('[data-testid=link-card]')?.dataset.state === "cut"`)
	assert.Equal(t, "cut", eval[string](t, tb, `document.querySelector('[data-testid="link-broker-1-broker-2"]').dataset.state`))
	viewportShot(t, tb, "link-cut-1280x720")
	cutHash := tb.hash(t)
	assert.NotEqual(t, before, cutHash)
	cutAt := tb.pos(t)

	tb.act(t, "select", "replica-order_events-0-b2")
	tb.frame(t)
	require.Equal(t, "{1, 2, 3}", tb.isrOf(t, "replica-order_events-0-b2"))
	start := eval[int](t, tb, `parseInt(document.querySelector('[data-testid=now]').textContent)`)
	tb.stepBatches(t, `document.querySelector('[data-testid=d-isr]')?.textContent === "{1, 3}"`, 20000)
	now := eval[int](t, tb, `parseInt(document.querySelector('[data-testid=now]').textContent)`)
	assert.GreaterOrEqual(t, now-start, 30000, "the ISR shrinks after replica.lag.time.max.ms (30 s)")
	viewportShot(t, tb, "link-cut-isr-1280x720")

	tb.act(t, "select", "link-broker-1-broker-2")
	tb.frame(t)
	tb.click(t, `[data-testid=link-heal]`)
	tb.waitFor(t, `document.querySelector('[data-testid=link-card]')?.dataset.state === "up"`)
	tb.act(t, "select", "replica-order_events-0-b2")
	tb.stepBatches(t, `/\b2\b/.test(document.querySelector('[data-testid=d-isr]')?.textContent || "")`, 20000)

	// Back to the cut's position: exactly the state after the cut.
	tb.act(t, "goto", cutAt)
	tb.settle(t, cutAt)
	assert.Equal(t, cutHash, tb.hash(t))
	tb.requireNoProblems(t)
}

// TestLiveDropMessageAndSlowFollower: clicking a message in flight drops
// it (a drop in the trace, the status line says so); the follower card
// slows the follower's link; stepping back over both is exact.
func TestLiveDropMessageAndSlowFollower(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	require.Equal(t, true, tb.act(t, "produce", "topic=order_events&key=user-2&value=v&acks=all")["ok"])
	// Step until the ProduceRequest (step 4) is on the wire, then drop it.
	for i := 0; i < 100 && !eval[bool](t, tb, `!!document.querySelector('.flight[data-api=Produce] .flight-dot')`); i++ {
		tb.act(t, "step", "")
		tb.frame(t)
	}
	msg := eval[string](t, tb, `document.querySelector('.flight[data-api=Produce]').dataset.msg`)
	before := tb.hash(t)
	at := tb.pos(t)
	viewportShot(t, tb, "drop-before-1280x720")
	time.Sleep(600 * time.Millisecond) // the dot's flight animation ends
	tb.clickCentre(t, `.flight[data-api=Produce] .flight-dot circle`)
	tb.frame(t)
	assert.NotEqual(t, before, tb.hash(t))
	assert.False(t, eval[bool](t, tb, `!!document.querySelector('[data-testid="flight-`+msg+`"]')`), "no longer in flight")
	tb.waitText(t, `[data-testid=last-event]`, "dropped in flight")
	viewportShot(t, tb, "drop-after-1280x720")
	// The sequence view shows step 4 lost.
	tb.waitText(t, `[data-testid=seq-lost-4]`, "dropped in flight")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.ScrollIntoView(`[data-testid=seq-4]`)))
	viewportShot(t, tb, "sequence-dropped-1280x720")
	eval[bool](t, tb, `(scrollTo(0, 0), true)`)
	dropHash := tb.hash(t)
	// The drop is in the trace: the engine's terminal shows it.
	tb.act(t, "command", "trace --last 5")
	tb.waitText(t, `[data-testid=term-text]`, "dropped in flight")
	// Dropping it again is a mistake shown inline.
	res := tb.act(t, "drop", msg)
	assert.Equal(t, true, res["inline"])
	tb.frame(t)
	tb.act(t, "goto", at)
	tb.settle(t, at)
	assert.Equal(t, dropHash, tb.hash(t), "back to the drop: the state just after it")

	// Slow the follower of order_events-2 on broker 1 from its card.
	tb.act(t, "select", "replica-order_events-2-b1")
	tb.frame(t)
	tb.click(t, `[data-testid=replica-slow-1000]`)
	tb.waitFor(t, `document.querySelector('[data-testid=replica-slow-1000]')?.classList.contains("on")`)
	assert.Equal(t, "slow", eval[string](t, tb, `document.querySelector('[data-testid="link-broker-1-broker-3"]').dataset.state`))
	slowHash, slowAt := tb.hash(t), tb.pos(t)
	viewportShot(t, tb, "slow-follower-1280x720")
	for range 3 {
		tb.act(t, "step", "")
	}
	tb.act(t, "goto", slowAt)
	tb.settle(t, slowAt)
	assert.Equal(t, slowHash, tb.hash(t))
	tb.requireNoProblems(t)
}

// TestLiveDetailsShowBesideTheTerminal: clicking a replica while the
// terminal is open shows its details (the panels' side), not a hidden card.
func TestLiveDetailsShowBesideTheTerminal(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	tb.click(t, `[data-testid=tab-terminal]`)
	tb.click(t, `[data-testid="replica-order_events-1-b2"]`)
	tb.waitFor(t, `!!document.querySelector('[data-testid=details]')`)
	assert.True(t, eval[bool](t, tb, `document.querySelector('[data-testid=details]').checkVisibility()`), "the details are visible")
	assert.True(t, strings.HasPrefix(eval[string](t, tb, `document.querySelector('[data-testid=details] h2').textContent`), "order_events-P1"))
	tb.requireNoProblems(t)
}

// TestLiveActionsLook takes the screenshots of the actions in light, dark
// and Chinese at 1280×720: cut and slow links with the link card open, a
// message about to be dropped, and the create-topic form's error.
func TestLiveActionsLook(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	tb.resetPrefs(t)
	require.Equal(t, true, tb.act(t, "link-cut", "broker-1|broker-2")["ok"])
	require.Equal(t, true, tb.act(t, "link-cut", "broker-3>controller")["ok"])
	require.Equal(t, true, tb.act(t, "link-slow", "broker-2|broker-3|200")["ok"])
	require.Equal(t, true, tb.act(t, "produce", "topic=order_events&key=user-2&value=v&acks=all")["ok"])
	for range 12 {
		tb.act(t, "step", "")
	}
	tb.act(t, "select", "link-broker-2-broker-3")
	tb.frame(t)
	assert.Equal(t, "slow +200 ms", eval[string](t, tb, `document.querySelector('[data-testid=link-ab]').textContent`))
	assert.Equal(t, "one-way", eval[string](t, tb, `document.querySelector('[data-testid="link-broker-3-controller"]').dataset.state`))
	viewportShot(t, tb, "actions-light-1280x720")
	tb.click(t, `[data-testid=theme-toggle]`)
	viewportShot(t, tb, "actions-dark-1280x720")
	tb.click(t, `[data-testid=lang-toggle]`)
	tb.waitText(t, `[data-testid=tab-cluster]`, "集群")
	tb.act(t, "select", "link-broker-1-broker-2")
	tb.frame(t)
	tb.waitText(t, `[data-testid=link-card] h2`, "网络链路")
	viewportShot(t, tb, "actions-dark-zh-1280x720")
	tb.act(t, "topic-create", "name=order_events&partitions=3&rf=3")
	tb.waitText(t, `[data-testid=topic-error]`, "TOPIC_ALREADY_EXISTS")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.ScrollIntoView(`[data-testid=topic-panel]`)))
	viewportShot(t, tb, "topic-error-dark-zh-1280x720")
	tb.requireNoProblems(t)
}

// TestLiveActionsShareLink: a share link replays the cluster actions (a
// topic, a cut, a slow link, a dropped message) to the same state, and a
// 1024-pixel-wide window still shows the links and their card.
func TestLiveActionsShareLink(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1024, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	require.Equal(t, true, tb.act(t, "topic-create", "name=payments&partitions=2&rf=2&minisr=2&unclean=true")["ok"])
	require.Equal(t, true, tb.act(t, "produce", "topic=order_events&key=user-2&value=v&acks=all")["ok"])
	for i := 0; i < 100 && !eval[bool](t, tb, `!!document.querySelector('.flight[data-api=Produce]')`); i++ {
		tb.act(t, "step", "")
		tb.frame(t)
	}
	require.Equal(t, true, tb.act(t, "drop", eval[string](t, tb, `document.querySelector('.flight[data-api=Produce]').dataset.msg`))["ok"])
	require.Equal(t, true, tb.act(t, "link-cut", "broker-3>broker-1")["ok"])
	require.Equal(t, true, tb.act(t, "link-slow", "broker-2|controller|1000")["ok"])
	for range 40 {
		tb.act(t, "step", "")
	}
	tb.act(t, "select", "link-broker-1-broker-3")
	tb.frame(t)
	assert.Equal(t, "one-way", eval[string](t, tb, `document.querySelector('[data-testid=link-card]').dataset.state`))
	viewportShot(t, tb, "actions-light-1024x720")
	hash, pos := tb.hash(t), tb.pos(t)
	tb.click(t, `[data-testid=share]`)
	tb.waitFor(t, `!!document.querySelector('[data-testid=share-link]')`)
	link := eval[string](t, tb, `document.querySelector('[data-testid=share-link]').value`)
	other := newTab(t)
	other.open(t, link[strings.Index(link, "/lab#"):])
	other.waitReady(t)
	assert.False(t, eval[bool](t, other, `!!document.querySelector('[data-testid=share-error]')`))
	assert.Equal(t, pos, other.pos(t))
	assert.Equal(t, hash, other.hash(t))
	other.frame(t)
	assert.Equal(t, "one-way", eval[string](t, other, `document.querySelector('[data-testid="link-broker-1-broker-3"]').dataset.state`))
	assert.Equal(t, "slow", eval[string](t, other, `document.querySelector('[data-testid="link-broker-2-controller"]').dataset.state`))
	tb.requireNoProblems(t)
	other.requireNoProblems(t)
}

// TestLiveLinkByKeyboard: a link is focusable and Enter opens its card.
func TestLiveLinkByKeyboard(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/lab")
	tb.waitReady(t)
	eval[bool](t, tb, `(document.querySelector('[data-testid="link-broker-2-controller"]').focus(), true)`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.KeyEvent("\r")))
	tb.waitFor(t, `!!document.querySelector('[data-testid=link-card]')`)
	assert.Contains(t, eval[string](t, tb, `document.querySelector('[data-testid=link-card] h2').textContent`), "broker-2 ⇄ controller")
	tb.requireNoProblems(t)
}
