//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLiveTerminal types Kafka's commands into the lab's terminal: the
// output is Kafka's text, a produce moves the diagram, a step back undoes
// the command exactly and a bad command prints Kafka's error, not a banner.
func TestLiveTerminal(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	entries := func() int { return eval[int](t, tb, `document.querySelectorAll("[data-testid=term-entry]").length`) }
	waitEntries := func(n int) {
		t.Helper()
		_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelectorAll("[data-testid=term-entry]").length === `+itoaE(n),
			chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err, "waiting for %d terminal entries", n)
	}
	last := func() string {
		return eval[string](t, tb, `(() => { const e = [...document.querySelectorAll("[data-testid=term-entry]")].pop(); const p = e && e.querySelector("[data-testid=term-text]"); return p ? p.textContent : ""; })()`)
	}
	pos := func() string { return eval[string](t, tb, `document.getElementById("lab").dataset.pos`) }
	hash := func() string { return eval[string](t, tb, `document.getElementById("lab").dataset.stateHash`) }
	leos := func() string {
		return eval[string](t, tb, `[...document.querySelectorAll('[data-testid^="replica-order_events-"]')].map(e => e.dataset.leo).join(",")`)
	}

	// The terminal is a tab of the right-hand column: above the fold at
	// 1280×720, beside the diagram, which stays in view.
	inView := func(sel string) bool {
		return eval[bool](t, tb, `(() => { const r = document.querySelector(`+jsQuote(sel)+`).getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; })()`)
	}
	assert.True(t, inView(`[data-testid=tab-terminal]`), "the Terminal tab is above the fold")
	assert.False(t, eval[bool](t, tb, `document.getElementById("lab-term-input").checkVisibility()`), "the terminal starts behind its tab")
	tb.click(t, `[data-testid=tab-terminal]`)
	assert.True(t, inView(`[data-testid=term-input]`), "the terminal's input is above the fold")
	assert.Equal(t, "lab-term-input", eval[string](t, tb, `document.activeElement.id`), "opening the tab focuses the input")
	assert.True(t, eval[bool](t, tb, `document.querySelector("svg.cluster").getBoundingClientRect().top < innerHeight / 2`), "the diagram stays in view")
	assert.False(t, eval[bool](t, tb, `document.querySelector("[data-testid=produce-panel]").checkVisibility()`), "the panels are behind their tab")

	// The global keys stay off while typing: a space does not play.
	tb.click(t, `[data-testid=term-input]`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`,
		"kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic order_events\n")))
	waitEntries(1)
	assert.Equal(t, "false", eval[string](t, tb, `document.getElementById("lab").dataset.playing`), "typing a space must not play")
	lines := strings.Split(strings.TrimRight(last(), "\n"), "\n")
	require.Len(t, lines, 4, last())
	assert.Regexp(t, `^Topic: order_events\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: `, lines[0])
	for i, l := range lines[1:] {
		assert.Regexp(t, `^\tTopic: order_events\tPartition: `+itoaE(i)+`\tLeader: \d\tReplicas: \d,\d,\d\tIsr: \d,\d,\d\tElr: \tLastKnownElr: $`, l)
	}
	assert.Equal(t, "", eval[string](t, tb, `document.getElementById("lab-term-input").value`))
	tb.screenshot(t, "terminal-describe")
	viewportShot(t, tb, "terminal-1280x720")

	// A heredoc: Enter inside it adds a line; the terminator runs it.
	beforePos, beforeHash, beforeLEO := pos(), hash(), leos()
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`,
		"kafka-console-producer.sh --bootstrap-server localhost:9092 --topic order_events --property parse.key=true --property key.separator=: <<EOF\nalice:order-1\nbob:order-2\nEOF\n")))
	waitEntries(2)
	assert.Equal(t, "", last(), "the console producer prints nothing on success")
	assert.Equal(t, "0", eval[string](t, tb, `[...document.querySelectorAll("[data-testid=term-entry]")].pop().dataset.status`))
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`[...document.querySelectorAll('[data-testid^="replica-order_events-"]')].map(e => e.dataset.leo).join(",") !== `+jsQuote(beforeLEO),
		chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err, "the diagram's LEOs never moved")
	afterHash := hash()
	assert.NotEqual(t, beforeHash, afterHash)
	tb.screenshot(t, "terminal-produce")

	// Step back: before the command, exactly; its transcript goes with it.
	tb.click(t, `[data-testid=back]`)
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.getElementById("lab").dataset.pos === `+jsQuote(beforePos), chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err)
	assert.Equal(t, beforeHash, hash())
	waitEntries(1)
	assert.Equal(t, beforeLEO, leos())
	// Step forward redoes it.
	tb.click(t, `[data-testid=step]`)
	waitEntries(2)
	assert.Equal(t, afterHash, hash())

	// A bad command: Kafka's error text in the terminal, no banner.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`,
		"kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic nope\n")))
	waitEntries(3)
	assert.Contains(t, last(), "Error while executing topic command : Topic 'nope' does not exist as expected")
	assert.Equal(t, "1", eval[string](t, tb, `[...document.querySelectorAll("[data-testid=term-entry]")].pop().dataset.status`))
	assert.True(t, eval[bool](t, tb, `document.getElementById("lab-error").hidden`), "no error banner")

	// ↑ recalls the last command.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`, kb.ArrowUp)))
	assert.Contains(t, eval[string](t, tb, `document.getElementById("lab-term-input").value`), "--topic nope")
	tb.screenshot(t, "terminal-error")

	// Standard error in its own colour, in place: the consumer's records are
	// standard output, its log lines and summary standard error.
	eval[bool](t, tb, `(document.getElementById("lab-term-input").value = "") === ""`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`,
		"kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic order_events --partition 0 --from-beginning --timeout-ms 200\n")))
	waitEntries(4)
	stderrRuns := eval[[]string](t, tb, `[...[...document.querySelectorAll("[data-testid=term-entry]")].pop().querySelectorAll("[data-testid=term-err]")].map(e => e.textContent)`)
	require.NotEmpty(t, stderrRuns)
	assert.Contains(t, stderrRuns[len(stderrRuns)-1], "Processed a total of ")
	for _, r := range stderrRuns {
		assert.NotContains(t, r, "order-", "records are standard output")
	}
	errColor := eval[string](t, tb, `getComputedStyle([...document.querySelectorAll("[data-testid=term-err]")].pop()).color`)
	outColor := eval[string](t, tb, `getComputedStyle([...document.querySelectorAll("[data-testid=term-text]")].pop()).color`)
	assert.Equal(t, "rgb(229, 152, 102)", errColor, "stderr is drawn muted orange")
	assert.NotEqual(t, outColor, errColor)
	tb.screenshot(t, "terminal-stderr")

	// clear empties the view only.
	afterHash = hash()
	tb.click(t, `[data-testid=term-clear]`)
	waitEntries(0)
	assert.Equal(t, afterHash, hash())
	_ = entries

	// 1024 wide: the terminal still opens beside the diagram.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1024, 768)))
	eval[bool](t, tb, `(document.getElementById("lab-term-input").value = "") === ""`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`,
		"kafka-topics.sh --bootstrap-server localhost:9092 --list\n")))
	waitEntries(1)
	assert.True(t, inView(`[data-testid=term-input]`), "the terminal's input is above the fold at 1024×768")
	assert.True(t, eval[bool](t, tb, `(() => { const s = document.querySelector("svg.cluster").getBoundingClientRect(), i = document.getElementById("lab-term-input").getBoundingClientRect(); return s.right <= i.left; })()`), "the terminal is beside the diagram")
	viewportShot(t, tb, "terminal-1024x768")

	// Back to the panels: the produce form is there again, the terminal hidden.
	tb.click(t, `[data-testid=side-panels]`)
	assert.True(t, eval[bool](t, tb, `document.querySelector("[data-testid=produce-panel]").checkVisibility()`))
	assert.False(t, eval[bool](t, tb, `document.getElementById("lab-term-input").checkVisibility()`))
	tb.requireNoProblems(t)
}

// viewportShot saves what the viewport shows (not the whole page) when
// KAFKALAB_SCREENSHOTS names a folder: what a projector shows without
// scrolling.
func viewportShot(t *testing.T, tb *tab, name string) {
	t.Helper()
	dir := os.Getenv("KAFKALAB_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
}

func itoaE(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+n))) }

func jsQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "\\'") + "'" }
