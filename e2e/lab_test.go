//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// drawing is what the wasm put on the page, read back from the DOM.
type drawing struct {
	DrawnBy       string   `json:"drawnBy"`
	Brokers       []string `json:"brokers"`
	LeaderFills   []string `json:"leaderFills"`
	LeaderDashes  []string `json:"leaderDashes"`
	LeaderText    []string `json:"leaderText"`
	FollowerFills []string `json:"followerFills"`
	FollowerDash  []string `json:"followerDash"`
	FollowerText  []string `json:"followerText"`
	Broker2First  string   `json:"broker2First"`
	Width         float64  `json:"width"`
}

const readDrawing = `(() => {
  const q = (sel) => [...document.querySelectorAll(sel)];
  const rect = (g) => g.querySelector("rect");
  const leaders = q('#lab g.replica[data-role="leader"]');
  const followers = q('#lab g.replica[data-role="follower"]');
  return {
    drawnBy: document.querySelector('#lab [data-testid="lab-view"]')?.dataset.drawnBy || "",
    brokers: q('#lab g.broker').map((b) => b.querySelector("text").textContent),
    leaderFills: leaders.map((g) => rect(g).getAttribute("fill")),
    leaderDashes: leaders.map((g) => rect(g).getAttribute("stroke-dasharray") || ""),
    leaderText: leaders.map((g) => getComputedStyle(g.querySelector("text")).fill),
    followerFills: followers.map((g) => rect(g).getAttribute("fill")),
    followerDash: followers.map((g) => rect(g).getAttribute("stroke-dasharray")),
    followerText: followers.map((g) => getComputedStyle(g.querySelector("text")).fill),
    broker2First: document.querySelector('#lab g[data-broker="2"] g.replica')?.dataset.testid || "",
    width: document.querySelector('#lab svg.cluster')?.getBoundingClientRect().width || 0,
  };
})()`

func TestLabBootsAndDrawsTheCluster(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/lab")
	tb.waitReady(t)

	d := eval[drawing](t, tb, readDrawing)
	assert.Equal(t, "wasm", d.DrawnBy, "the picture comes from the wasm, not the server")
	assert.Equal(t, []string{"Broker 1", "Broker 2", "Broker 3"}, d.Brokers)
	assert.Equal(t, []string{"#2E86C1", "#2E86C1", "#2E86C1"}, d.LeaderFills, "one blue leader per broker")
	assert.Equal(t, []string{"", "", ""}, d.LeaderDashes, "leaders are solid")
	for _, fill := range d.LeaderText {
		assert.Equal(t, "rgb(255, 255, 255)", fill, "white text on leaders")
	}
	require.Len(t, d.FollowerFills, 6)
	for i := range d.FollowerFills {
		assert.Equal(t, "#AEB6BF", d.FollowerFills[i])
		assert.Equal(t, "5 5", d.FollowerDash[i])
		assert.Equal(t, "rgb(28, 40, 51)", d.FollowerText[i], "dark, readable text on grey")
	}
	assert.Equal(t, "replica-order_events-1-b2", d.Broker2First, "broker 2 leads order_events-P1, as in the article")
	assert.Greater(t, d.Width, 400.0, "the diagram is laid out at a readable size")

	tb.requireNoProblems(t)
	tb.screenshot(t, "lab")
}

func TestWasmIsSentCompressed(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/lab")
	tb.waitReady(t)
	sizes := eval[map[string]float64](t, tb, `(() => {
	  const e = performance.getEntriesByType("resource").find((r) => r.name.endsWith(".wasm"));
	  return e ? {encoded: e.encodedBodySize, decoded: e.decodedBodySize} : {};
	})()`)
	require.NotZero(t, sizes["decoded"], "the wasm was fetched")
	assert.Less(t, sizes["encoded"], sizes["decoded"]/2, "brotli or gzip on the wire")
	// A measurement for BENCHMARKS.md, not an assertion on time.
	t.Logf("wasm: %.0f bytes on the wire, %.0f decoded; lab ready %s ms after navigation start",
		sizes["encoded"], sizes["decoded"], eval[string](t, tb, `document.getElementById("lab").dataset.labBootMs`))
}

func waitBanner(t *testing.T, tb *tab) string {
	t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`!document.getElementById("lab-error").hidden`, chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "no error banner appeared")
	visible := eval[bool](t, tb, `(() => { const r = document.getElementById("lab-error").getBoundingClientRect(); return r.width > 0 && r.height > 0; })()`)
	assert.True(t, visible, "the banner takes space on the page")
	return eval[string](t, tb, `document.getElementById("lab-error").textContent`)
}

func TestGoPanicShowsTheErrorBanner(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/lab")
	tb.waitReady(t)
	res := eval[map[string]any](t, tb, `kafkalab.debug.panic("forced failure from the e2e test")`)
	assert.Equal(t, false, res["ok"])
	text := waitBanner(t, tb)
	assert.Contains(t, text, "The lab stopped working.")
	assert.Contains(t, text, "panic: forced failure from the e2e test")
	tb.screenshot(t, "lab-error")

	// The runtime survived the panic: the page still answers.
	assert.True(t, eval[bool](t, tb, `kafkalab.act("step", "").ok`))
}

func TestBadInputAtTheBoundaryShowsTheErrorBanner(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/lab")
	tb.waitReady(t)
	res := eval[map[string]any](t, tb, `kafkalab.act("no-such-action", "")`)
	assert.Equal(t, false, res["ok"])
	assert.Contains(t, waitBanner(t, tb), `unknown action "no-such-action"`)
	// The lab is still there and still answers.
	assert.Len(t, eval[drawing](t, tb, readDrawing).Brokers, 3)
	assert.True(t, eval[bool](t, tb, `kafkalab.act("step", "").ok`))
}

func TestHomeListsLessonsAndLinksTheLab(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/")
	title := eval[string](t, tb, `document.querySelector('[data-testid="lesson-01-meet-kafka"] h3')?.textContent || ""`)
	assert.True(t, strings.HasPrefix(title, "Meet Kafka"), "lesson listed, got %q", title)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(`[data-testid="open-lab"]`), chromedp.WaitVisible(`#lab`)))
	tb.waitReady(t)
	tb.requireNoProblems(t)
	tb.screenshot(t, "home-then-lab")
}

func TestNotFoundPageIsStyled(t *testing.T) {
	tb := newTab(t)
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(env.baseURL+"/no/such/page"))
	require.NoError(t, err)
	assert.EqualValues(t, 404, resp.Status)
	assert.Equal(t, "Page not found", eval[string](t, tb, `document.querySelector('[data-testid="error-page"] h1').textContent`))
	// The stylesheet applied: the header bar is the lab's dark blue.
	assert.Equal(t, "rgb(27, 79, 114)", eval[string](t, tb, `getComputedStyle(document.querySelector("header.site")).backgroundColor`))
}
