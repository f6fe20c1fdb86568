//go:build e2e

package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLiveControllerQuorum: the sandbox runs 3 controllers when asked; the
// picture shows each with its role, epoch and log; crashing the active
// one by a click makes another the leader with a higher epoch; the share
// link keeps the quorum; and the cards speak Chinese.
func TestLiveControllerQuorum(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	first := tb // the cleanup runs before this tab closes; the second closes first
	t.Cleanup(func() {
		_, _ = chromedp.Run(first.ctx, chromedp.Evaluate[bool](`(localStorage.removeItem("kafkalab-lang"), localStorage.removeItem("kafkalab-theme"), document.cookie = "kafkalab-lang=; path=/; max-age=0", true)`))
	})
	assert.Equal(t, 0, eval[int](t, tb, `document.querySelectorAll(".qnode").length`), "one controller: one box, no cards")
	assert.Equal(t, "1", eval[string](t, tb, `document.querySelector("[data-testid=controllers]").value`))

	// Choose 3 controllers: a fresh lab with the quorum drawn.
	eval[bool](t, tb, `(() => { const s = document.querySelector("[data-testid=controllers]"); s.value = "3"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
	waitFor(t, tb, `document.querySelectorAll(".qnode").length === 3`, "three controller cards")
	active := func() (string, int) {
		t.Helper()
		m := eval[map[string]any](t, tb, `(() => { const a = document.querySelector(".qnode[data-state=active]"); return a ? {node: a.dataset.testid, epoch: a.dataset.epoch} : {node: "", epoch: "-1"}; })()`)
		e, _ := strconv.Atoi(m["epoch"].(string))
		return m["node"].(string), e
	}
	old, epoch := active()
	require.NotEmpty(t, old, "an active controller")
	assert.Contains(t, eval[string](t, tb, `document.querySelector("[data-testid=`+old+`-role]").textContent`), "Leader · epoch "+strconv.Itoa(epoch))
	for _, n := range []string{"controller-1", "controller-2", "controller-3"} {
		assert.Contains(t, eval[string](t, tb, `document.querySelector("[data-testid=`+n+`]").textContent`), "LEO ", n)
	}
	viewportShot(t, tb, "quorum-light-1280x720")

	// Crash the active controller with a click on its card's button.
	tb.click(t, `[data-testid=`+old+`-power]`)
	waitFor(t, tb, `document.querySelector("[data-testid=`+old+`]").dataset.state === "down"`, "the crashed controller")
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`(() => {
	  for (let i = 0; i < 200; i++) kafkalab.act("step");
	  const a = document.querySelector(".qnode[data-state=active]");
	  return !!a && a.dataset.testid !== `+jsQuote(old)+` && Number(a.dataset.epoch) > `+strconv.Itoa(epoch)+`;
	})()`, chromedp.WithPollingTimeout(30*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
	require.NoError(t, err, "no other controller became the active leader")
	now, newEpoch := active()
	assert.NotEqual(t, old, now)
	assert.Greater(t, newEpoch, epoch, "the new leader's epoch is higher")
	t.Logf("%s (epoch %d) crashed; %s leads in epoch %d", old, epoch, now, newEpoch)
	viewportShot(t, tb, "quorum-failover-light-1280x720")

	// The share link keeps the quorum and the crash.
	hash := eval[string](t, tb, `document.getElementById("lab").dataset.stateHash`)
	eval[map[string]any](t, tb, `kafkalab.act("share")`)
	link := eval[string](t, tb, `document.getElementById("lab-share-link").value`)
	tb = newTab(t) // a fresh page, as the link's receiver opens it
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab"+link[strings.Index(link, "#"):])
	tb.waitReady(t)
	assert.Equal(t, hash, eval[string](t, tb, `document.getElementById("lab").dataset.stateHash`), "the share link opens the same state")
	assert.Equal(t, "3", eval[string](t, tb, `document.querySelector("[data-testid=controllers]").value`))
	assert.Equal(t, "down", eval[string](t, tb, `document.querySelector("[data-testid=`+old+`]").dataset.state`))

	// Restart it: it comes back as a follower.
	tb.click(t, `[data-testid=`+old+`-power]`)
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`(() => {
	  for (let i = 0; i < 200; i++) kafkalab.act("step");
	  return document.querySelector("[data-testid=`+old+`]").dataset.state === "follower";
	})()`, chromedp.WithPollingTimeout(30*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
	require.NoError(t, err, "the restarted controller never followed")

	// Dark, and 1024 wide.
	tb.click(t, `[data-testid=theme-toggle]`)
	viewportShot(t, tb, "quorum-dark-1280x720")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1024, 720)))
	viewportShot(t, tb, "quorum-dark-1024")
	tb.click(t, `[data-testid=theme-toggle]`)
	viewportShot(t, tb, "quorum-light-1024")

	// Chinese.
	tb.click(t, `[data-testid=lang-toggle]`)
	waitFor(t, tb, `document.querySelector("[data-testid=tab-cluster]").textContent === "集群"`, "Chinese")
	waitFor(t, tb, `document.querySelector("[data-testid=controller] .caption").textContent.includes("控制器 quorum")`, "the quorum's Chinese caption")
	leader := eval[string](t, tb, `document.querySelector(".qnode[data-state=active]").dataset.testid`)
	assert.Contains(t, eval[string](t, tb, `document.querySelector("[data-testid=`+leader+`-role]").textContent`), "领导者 (leader)")
	assert.Contains(t, eval[string](t, tb, `document.querySelector(".qnode[data-state=active]").textContent`), "★ 活跃")
	assert.Contains(t, eval[string](t, tb, `document.querySelector(".tb-controllers").textContent`), "控制器")
	viewportShot(t, tb, "quorum-zh-1024")
	tb.requireNoProblems(t)
}

// TestLiveQuorumLinks: with 3 controllers the picture joins every two
// controllers and each broker to the controller it sends to; cutting the
// active controller off from the other two by clicks makes them elect a
// new leader with a higher epoch, every broker's line swings to it, the
// cut links stay drawn, and going back to the cut is exact.
func TestLiveQuorumLinks(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	eval[bool](t, tb, `(() => { const s = document.querySelector("[data-testid=controllers]"); s.value = "3"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
	waitFor(t, tb, `document.querySelectorAll(".qnode").length === 3`, "three controller cards")
	for _, id := range []string{"link-controller-1-controller-2", "link-controller-2-controller-3", "link-controller-1-controller-3"} {
		assert.Equal(t, "up", eval[string](t, tb, `document.querySelector('[data-testid="`+id+`"]')?.dataset.state || "none"`), id)
	}
	assert.Equal(t, 0, eval[int](t, tb, `document.querySelectorAll('[data-testid$="-controller"]').length`), "no line to a single controller")
	active := func() string {
		return eval[string](t, tb, `document.querySelector(".qnode[data-state=active]")?.dataset.testid || ""`)
	}
	old := active()
	require.NotEmpty(t, old)
	epoch := eval[string](t, tb, `document.querySelector(".qnode[data-state=active]").dataset.epoch`)
	routes := `[1, 2, 3].every(b => !!document.querySelector('[data-testid="link-broker-' + b + '-%s"]'))`
	assert.True(t, eval[bool](t, tb, fmt.Sprintf(routes, old)), "every broker's line goes to the active controller")
	viewportShot(t, tb, "quorum-links-1280x720")

	// Cut the active controller off from both others, with clicks.
	var cuts []string
	for _, n := range []string{"controller-1", "controller-2", "controller-3"} {
		if n == old {
			continue
		}
		a, b := min(old, n), max(old, n)
		id := "link-" + a + "-" + b
		cuts = append(cuts, id)
		tb.clickPath(t, `[data-testid="`+id+`"] .nl-hit`)
		tb.waitFor(t, `document.querySelector('[data-testid=link-card] .on')?.textContent === "`+a+` ⇄ `+b+`"`)
		assert.Contains(t, eval[string](t, tb, `document.querySelector('[data-testid=link-card] .note').textContent`), "controller.quorum.fetch.timeout.ms")
		tb.click(t, `[data-testid=link-cut-both]`)
		tb.waitFor(t, `document.querySelector('[data-testid="`+id+`"]').dataset.state === "cut"`)
	}
	cutAt, cutHash := tb.pos(t), tb.hash(t)
	tb.stepBatches(t, `(() => { const a = document.querySelector(".qnode[data-state=active]"); return !!a && a.dataset.testid !== `+jsQuote(old)+`; })()`, 20000)
	now := active()
	require.NotEqual(t, old, now)
	newEpoch := eval[string](t, tb, `document.querySelector(".qnode[data-state=active]").dataset.epoch`)
	e0, _ := strconv.Atoi(epoch)
	e1, _ := strconv.Atoi(newEpoch)
	assert.Greater(t, e1, e0, "the new leader's epoch is higher")
	tb.stepBatches(t, fmt.Sprintf(routes, now), 20000)
	for _, id := range cuts {
		assert.Equal(t, "cut", eval[string](t, tb, `document.querySelector('[data-testid="`+id+`"]').dataset.state`), id)
	}
	t.Logf("%s (epoch %d) cut off; %s leads in epoch %d", old, e0, now, e1)
	eval[bool](t, tb, `(window.scrollTo(0, 0), true)`)
	viewportShot(t, tb, "quorum-links-failover-1280x720")

	// A broker's line opens its card, with the quorum's note.
	tb.clickPath(t, `[data-testid="link-broker-2-`+now+`"] .nl-hit`)
	tb.waitFor(t, `document.querySelector('[data-testid=link-card] .on')?.textContent === "broker-2 ⇄ `+now+`"`)
	assert.Contains(t, eval[string](t, tb, `document.querySelector('[data-testid=link-card] .note').textContent`), "active controller")

	tb.act(t, "goto", cutAt)
	tb.settle(t, cutAt)
	assert.Equal(t, cutHash, tb.hash(t), "back to the cut, exactly")
	// data-pos and the hash are set at once; the picture is painted on
	// the next frame.
	tb.waitFor(t, `document.querySelector(".qnode[data-state=active]")?.dataset.testid === `+jsQuote(old))
	tb.requireNoProblems(t)
}
