//go:build e2e

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/kafkalab/kafkalab/lessons"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLessonRecordScenario: the sandbox's "record a scenario" mode starts
// an empty lab; commands typed in the terminal become a lesson file that
// the lesson loader reads and replays to the page's exact state hash, and
// so do the produce panel and a broker button, recorded as `panel …`.
func TestLessonRecordScenario(t *testing.T) {
	tb := newTab(t)
	tb.viewport(t, 1280, 720)
	tb.open(t, "/lab")
	tb.waitReady(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(`[data-testid=record-start]`), chromedp.WaitVisible(`[data-testid=record-box]`)))
	tb.waitReady(t)
	assert.False(t, eval[bool](t, tb, `!!document.querySelector('[data-testid^="replica-order_events-"]')`), "the recording starts empty")

	tb.typeCommand(t, "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 2 --replication-factor 3")
	tb.typeCommand(t, "run idle")
	for range 12 {
		tb.act(t, "step", "")
	}
	tb.typeCommand(t, "consumer start c1 --group audit --topic payments")
	for range 30 {
		tb.act(t, "step", "")
	}
	hash := tb.hash(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SetValue(`[data-testid=record-title]`, "Payments, audited")))
	tb.click(t, `[data-testid=record-download]`)
	tb.waitFor(t, `!!document.querySelector("[data-record-box]").dataset.recorded`)
	file := eval[string](t, tb, `document.querySelector("[data-record-box]").dataset.recorded`)
	assert.Contains(t, file, "consumer start c1 --group audit --topic payments\nstep 30\n")
	viewportShot(t, tb, "lesson-record-en")

	l, err := lessons.Parse("en/99-recorded.md", []byte(file))
	require.NoError(t, err)
	assert.Equal(t, "Payments, audited", l.Title)
	w, err := l.WorldAt(len(l.Steps), 0)
	require.NoError(t, err)
	assert.Equal(t, hash, w.C.StateHash().String(), "the file replays to the page's state")

	// Its share link opens the recording again, in recording mode.
	tb.click(t, `[data-testid=share]`)
	tb.waitFor(t, `!!document.querySelector("[data-testid=share-link]")`)
	link := eval[string](t, tb, `document.querySelector("[data-testid=share-link]").value`)
	require.Contains(t, link, "/lab#s=v2.")
	other := newTab(t)
	other.open(t, link[strings.Index(link, "/lab#"):])
	other.waitReady(t)
	assert.Equal(t, hash, other.hash(t))
	assert.True(t, eval[bool](t, other, `!document.querySelector("[data-testid=record-box]").hidden`), "still recording")
	require.NoError(t, chromedp.Do(other.ctx, chromedp.SetValue(`[data-testid=record-title]`, "Payments, audited")))
	other.click(t, `[data-testid=record-download]`)
	other.waitFor(t, `!!document.querySelector("[data-record-box]").dataset.recorded`)
	assert.Equal(t, file, eval[string](t, other, `document.querySelector("[data-record-box]").dataset.recorded`))
	other.requireNoProblems(t)

	// The produce panel and a broker button are recorded too, as their
	// `panel …` twins, and the file still replays to the page's state.
	require.Equal(t, true, tb.act(t, "produce", "topic=payments&key=k&value=from the panel&acks=1")["ok"])
	for range 20 {
		tb.act(t, "step", "")
	}
	tb.click(t, `g[data-broker="2"] .broker-power`)
	tb.click(t, `[data-testid=fault-crash-2]`)
	for range 40 {
		tb.act(t, "step", "")
	}
	hash = tb.hash(t)
	eval[any](t, tb, `delete document.querySelector("[data-record-box]").dataset.recorded`)
	tb.click(t, `[data-testid=record-download]`)
	tb.waitFor(t, `!!document.querySelector("[data-record-box]").dataset.recorded`)
	file = eval[string](t, tb, `document.querySelector("[data-record-box]").dataset.recorded`)
	assert.Contains(t, file, "panel produce --topic payments --key k --value 'from the panel' --acks 1 --new-producer\nstep 20\npanel crash broker-2\nstep 40\n")
	assert.True(t, eval[bool](t, tb, `document.querySelector("[data-testid=record-error]").hidden`), "nothing refused")
	l, err = lessons.Parse("en/99-recorded.md", []byte(file))
	require.NoError(t, err)
	w, err = l.WorldAt(len(l.Steps), 0)
	require.NoError(t, err)
	assert.Equal(t, hash, w.C.StateHash().String(), "the file with panel inputs replays to the page's state")
	viewportShot(t, tb, "lesson-record-panels-en")
	tb.requireNoProblems(t)

	// The browser replays the file as a lesson page does (Lesson.Prelude:
	// the lab block run as a terminal command of a fresh lesson lab): the
	// same state hash in the wasm.
	replay := newTab(t)
	replay.open(t, "/lab?record=1")
	replay.waitReady(t)
	script := l.Prelude(len(l.Steps))
	require.Len(t, script, 1)
	eval[any](t, replay, `kafkalab.act("command", `+jsString(script[0])+`)`)
	replay.waitFor(t, `document.querySelectorAll("[data-testid=term-entry]").length > 0`)
	assert.Equal(t, hash, replay.hash(t), "the wasm replays the recorded file to the recording's state")
	replay.requireNoProblems(t)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\u2028", `\u2028`, "\u2029", `\u2029`)
	return `"` + r.Replace(s) + `"`
}
