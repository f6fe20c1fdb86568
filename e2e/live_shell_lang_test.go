//go:build e2e

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShellLanguage: the page's header, footer and theme toggle speak
// Chinese on Chinese pages: the lessons index, a lesson step and /lab after
// the learner switches to 中文 (and back), where the header's Lessons link
// keeps the language as the server draws it.
func TestShellLanguage(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	forget := func() {
		_, _ = chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`(localStorage.removeItem("kafkalab-lang"), document.cookie = "kafkalab-lang=; path=/; max-age=0", true)`))
	}
	t.Cleanup(forget)
	text := func(sel string) string {
		return eval[string](t, tb, `(document.querySelector(`+jsQuote(sel)+`) || {}).textContent || ""`)
	}
	lessonsHref := func() string {
		return eval[string](t, tb, `document.querySelector("[data-testid=nav-lessons]").getAttribute("href")`)
	}
	chinese := func(where string, theme bool) {
		t.Helper()
		assert.Equal(t, "课程", text(`[data-testid=nav-lessons]`), where)
		assert.Equal(t, "/?lang=zh", lessonsHref(), "%s: the header's Lessons link keeps the language", where)
		assert.Equal(t, "实验室", text(`[data-testid=nav-lab]`), where)
		assert.Contains(t, text(`[data-testid=site-footer]`), "在你的浏览器里运行", where)
		if theme {
			assert.Contains(t, []string{"◐ 深色", "◑ 浅色"}, text(`[data-testid=theme-toggle]`), where)
			assert.Equal(t, "在浅色和深色之间切换", eval[string](t, tb, `document.querySelector("[data-testid=theme-toggle]").title`), where)
		}
	}

	tb.open(t, "/?lang=zh")
	chinese("lessons index", false)
	tb.screenshot(t, "shell-zh-index")

	tb.open(t, "/lessons/01-meet-kafka/1?lang=zh")
	tb.waitReady(t)
	chinese("lesson step", true)
	viewportShot(t, tb, "shell-zh-lesson-1280x720")

	// A Chinese lesson leaves the lab in Chinese; start /lab in English.
	forget()
	tb.open(t, "/lab")
	tb.waitReady(t)
	assert.Equal(t, "Lessons", text(`[data-testid=nav-lessons]`))
	assert.Equal(t, "/", lessonsHref())
	assert.Equal(t, "◐ Dark", text(`[data-testid=theme-toggle]`))
	tb.click(t, `[data-testid=lang-toggle]`)
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelector("[data-testid=tab-cluster]").textContent === "集群"`,
		chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err, "the lab never turned Chinese")
	chinese("/lab, toggled", true)
	tb.click(t, `[data-testid=theme-toggle]`)
	assert.Equal(t, "◑ 浅色", text(`[data-testid=theme-toggle]`))
	viewportShot(t, tb, "shell-zh-lab-dark-1280x720")
	tb.click(t, `[data-testid=theme-toggle]`)

	// A reload draws the shell in Chinese from the server (the cookie).
	tb.open(t, "/lab")
	chinese("/lab, server", true)
	tb.waitReady(t)
	chinese("/lab, reloaded", true)

	// And back: the English the server drew stays English.
	tb.click(t, `[data-testid=lang-toggle]`)
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelector("[data-testid=nav-lessons]").textContent === "Lessons"`,
		chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err, "the header never went back to English")
	assert.Equal(t, "Lab", text(`[data-testid=nav-lab]`))
	assert.Equal(t, "/", lessonsHref(), "the Lessons link is English again")
	assert.Equal(t, "/lab", eval[string](t, tb, `document.querySelector("[data-testid=nav-lab]").getAttribute("href")`))
	assert.Contains(t, text(`[data-testid=site-footer]`), "kafkalab runs a Kafka broker engine")
	assert.Equal(t, "◐ Dark", text(`[data-testid=theme-toggle]`))
	tb.requireNoProblems(t)
}
