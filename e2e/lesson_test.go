//go:build e2e

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLessonFlowInBothLanguages(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/")
	require.NoError(t, chromedp.Do(tb.ctx,
		chromedp.Click(`[data-testid="lesson-01-meet-kafka"] a`),
		chromedp.WaitVisible(`[data-testid="lesson-body"]`)))
	assert.Equal(t, "Meet Kafka", eval[string](t, tb, `document.querySelector('[data-testid="lesson-body"] h1').textContent`))
	tb.screenshot(t, "lesson-en")

	require.NoError(t, chromedp.Do(tb.ctx,
		chromedp.Click(`[data-testid="languages"] a`),
		chromedp.WaitVisible(`html[lang="zh"] [data-testid="lesson-body"]`)))
	assert.Equal(t, "认识 Kafka", eval[string](t, tb, `document.querySelector('[data-testid="lesson-body"] h1').textContent`))
	// The CJK text is drawn with real glyphs: a run of Chinese is wider than
	// the same number of missing-glyph boxes would make it collapse to zero.
	width := eval[float64](t, tb, `(() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('[data-testid="lesson-body"] h1')); return r.getBoundingClientRect().width; })()`)
	assert.Greater(t, width, 60.0)
	tb.screenshot(t, "lesson-zh")

	require.NoError(t, chromedp.Do(tb.ctx,
		chromedp.Click(`[data-testid="lesson-open-lab"]`),
		chromedp.WaitVisible(`#lab`)))
	tb.waitReady(t)
	tb.requireNoProblems(t)
}
