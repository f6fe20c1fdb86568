//go:build e2e

package e2e

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Dark mode: the system's preference applies until the learner presses the
// toggle; the choice survives a reload (localStorage). The replicas keep the
// articles' colours in both themes; only the surroundings change.
func TestLiveDarkMode(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	_, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
	require.NoError(t, err)
	tb.open(t, "/lab")
	tb.waitReady(t)
	tb.requireNoProblems(t)
	// The page must start light for this test: clear any stored choice.
	eval[bool](t, tb, `localStorage.removeItem("kafkalab-theme"), delete document.documentElement.dataset.theme, true`)
	paper := `getComputedStyle(document.documentElement).backgroundColor`
	assert.Equal(t, "rgb(18, 26, 33)", eval[string](t, tb, paper), "prefers-color-scheme: dark")
	leader := `getComputedStyle(document.querySelector('[data-role=leader] rect')).fill`
	follower := `getComputedStyle(document.querySelector('[data-role=follower] rect')).fill`
	followerText := `getComputedStyle(document.querySelector('[data-role=follower] text')).fill`
	leaderText := `getComputedStyle(document.querySelector('[data-role=leader] text')).fill`
	check := func(theme string) {
		assert.Equal(t, "rgb(46, 134, 193)", eval[string](t, tb, leader), theme+": leader #2E86C1")
		assert.Equal(t, "rgb(255, 255, 255)", eval[string](t, tb, leaderText), theme+": white on the leader")
		assert.Equal(t, "rgb(174, 182, 191)", eval[string](t, tb, follower), theme+": follower #AEB6BF")
		assert.Equal(t, "rgb(28, 40, 51)", eval[string](t, tb, followerText), theme+": dark text on the follower")
	}
	check("dark")
	tb.screenshot(t, "live-dark-1280x720")

	// The toggle switches to light and is remembered across a reload.
	tb.click(t, `[data-testid=theme-toggle]`)
	assert.Equal(t, "light", eval[string](t, tb, `document.documentElement.dataset.theme`))
	assert.Equal(t, "rgb(251, 252, 252)", eval[string](t, tb, paper))
	check("light")
	tb.open(t, "/lab")
	tb.waitReady(t)
	assert.Equal(t, "light", eval[string](t, tb, `localStorage.getItem("kafkalab-theme")`))
	assert.Equal(t, "rgb(251, 252, 252)", eval[string](t, tb, paper), "the choice outlives the reload")
	assert.Equal(t, "false", eval[string](t, tb, `document.querySelector('[data-testid=theme-toggle]').getAttribute('aria-pressed')`))

	// And back to dark, at 1024 wide.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1024, 768)))
	tb.click(t, `[data-testid=theme-toggle]`)
	assert.Equal(t, "dark", eval[string](t, tb, `localStorage.getItem("kafkalab-theme")`))
	check("dark")
	tb.screenshot(t, "live-dark-1024")
	tb.requireNoProblems(t)
}
