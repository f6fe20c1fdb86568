//go:build e2e

package e2e

import (
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

	// The global keys stay off while typing: a space does not play.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(`[data-testid=term-input]`)))
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
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(`[data-testid=back]`)))
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.getElementById("lab").dataset.pos === `+jsQuote(beforePos), chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err)
	assert.Equal(t, beforeHash, hash())
	waitEntries(1)
	assert.Equal(t, beforeLEO, leos())
	// Step forward redoes it.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(`[data-testid=step]`)))
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

	// clear empties the view only.
	afterHash = hash()
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(`[data-testid=term-clear]`)))
	waitEntries(0)
	assert.Equal(t, afterHash, hash())
	_ = entries
	tb.requireNoProblems(t)
}

func itoaE(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+n))) }

func jsQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "\\'") + "'" }
