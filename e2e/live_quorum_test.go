//go:build e2e

package e2e

import (
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
