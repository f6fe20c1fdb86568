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

// TestLiveTerminalComplete: Tab in the lab's terminal completes a tool's
// name, its options and a topic, a second Tab lists the candidates, and
// none of it runs anything: the state hash (which covers the trace's
// sequence number), the position and the terminal's entries stay as they
// were, and nothing enters the history.
func TestLiveTerminalComplete(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	tb.click(t, `[data-testid=tab-terminal]`)
	require.Equal(t, "lab-term-input", eval[string](t, tb, `document.activeElement.id`))

	state := func() string {
		// pause repaints the status without changing the session, so the
		// attributes show the state as it is now.
		return eval[string](t, tb, `(() => { kafkalab.act("pause"); const l = document.getElementById("lab");
		  return [l.dataset.stateHash, l.dataset.pos, l.dataset.head, document.querySelectorAll("[data-testid=term-entry]").length].join("/"); })()`)
	}
	value := func() string { return eval[string](t, tb, `document.getElementById("lab-term-input").value`) }
	caret := func() int { return eval[int](t, tb, `document.getElementById("lab-term-input").selectionStart`) }
	typeKeys := func(s string) {
		t.Helper()
		require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`, s)))
	}
	clearInput := func() { eval[string](t, tb, `document.getElementById("lab-term-input").value = ""`) }
	before := state()

	typeKeys("kafka-to" + kb.Tab)
	assert.Equal(t, "kafka-topics.sh ", value(), "a unique tool completes with a space")
	assert.Equal(t, "lab-term-input", eval[string](t, tb, `document.activeElement.id`), "Tab with a completion keeps the focus")
	typeKeys("--desc" + kb.Tab)
	assert.Equal(t, "kafka-topics.sh --describe ", value())
	typeKeys("--topic ord" + kb.Tab)
	assert.Equal(t, "kafka-topics.sh --describe --topic order_events ", value(), "the cluster's topic")
	assert.Equal(t, len(value()), caret(), "the caret follows the completion")
	typeKeys("--bootstrap-server localhost:" + kb.Tab)
	assert.Equal(t, "kafka-topics.sh --describe --topic order_events --bootstrap-server localhost:909", value(), "several brokers: their common prefix")

	// Ambiguous: the first Tab adds nothing, the second lists, as bash does.
	clearInput()
	typeKeys("kafka-con" + kb.Tab)
	assert.Equal(t, 0, eval[int](t, tb, `document.querySelectorAll("[data-testid=term-candidates]").length`), "one Tab lists nothing")
	typeKeys(kb.Tab)
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelectorAll("[data-testid=term-candidates]").length === 1`,
		chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err, "a second Tab lists the candidates")
	listed := eval[string](t, tb, `[...document.querySelectorAll("[data-testid=term-candidates] span")].map(s => s.textContent).join(" ")`)
	assert.Equal(t, "kafka-configs.sh kafka-console-consumer.sh kafka-console-producer.sh kafka-consumer-groups.sh kafka-consumer-perf-test.sh", listed)
	assert.Equal(t, "kafka-con", value(), "listing changes nothing in the input")
	tb.screenshot(t, "terminal-complete-candidates")

	// A tool's options, from its option table: a long list wraps.
	clearInput()
	typeKeys("kafka-topics.sh --" + kb.Tab + kb.Tab)
	assert.Greater(t, eval[int](t, tb, `document.querySelectorAll("[data-testid=term-candidates] span").length`), 20, "kafka-topics.sh's options")
	assert.Contains(t, eval[string](t, tb, `document.querySelector("[data-testid=term-candidates]").textContent`), "--under-replicated-partitions")
	tb.screenshot(t, "terminal-complete-options")

	// A lab command's argument: a broker.
	clearInput()
	typeKeys("stop broker-" + kb.Tab + kb.Tab)
	assert.Contains(t, eval[string](t, tb, `document.querySelector("[data-testid=term-candidates]").textContent`), "broker-1")

	assert.Equal(t, before, state(), "completion ran nothing: same state hash, position, steps and entries")

	// Nothing entered the history: ↑ on an empty input finds nothing.
	clearInput()
	typeKeys(kb.ArrowUp)
	assert.Equal(t, "", value(), "completion added nothing to the history")

	// Escape leaves the terminal: Tab is not a trap for keyboard users.
	typeKeys(kb.Escape)
	assert.NotEqual(t, "lab-term-input", eval[string](t, tb, `document.activeElement.id`), "Escape moves the focus out")

	// The completed command runs.
	tb.click(t, `[data-testid=term-input]`)
	typeKeys("kafka-topics.sh --bootstrap-server localhost:9092 --desc" + kb.Tab + "--topic order_" + kb.Tab + "\n")
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelectorAll("[data-testid=term-entry]").length === 1`,
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err)
	out := eval[string](t, tb, `document.querySelector("[data-testid=term-entry] [data-testid=term-text]").textContent`)
	assert.True(t, strings.HasPrefix(out, "Topic: order_events\t"), out)

	// Groups and the lab's consumers, once there are some.
	typeKeys("consumer start c1 --group billing --topic order_events\n")
	typeKeys("run idle\n")
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelectorAll("[data-testid=term-entry]").length === 3`,
		chromedp.WithPollingTimeout(20*time.Second)))
	require.NoError(t, err)
	before = state()
	typeKeys("kafka-consumer-groups.sh --describe --group bil" + kb.Tab)
	assert.Equal(t, "kafka-consumer-groups.sh --describe --group billing ", value(), "the cluster's group")
	clearInput()
	typeKeys("consumer stop " + kb.Tab)
	assert.Equal(t, "consumer stop c1 ", value(), "the lab's consumer")
	assert.Equal(t, before, state(), "completing groups and consumers ran nothing")
	tb.requireNoProblems(t)
}
