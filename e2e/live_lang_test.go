//go:build e2e

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLiveLanguage switches the lab's chrome to Chinese: the toolbar, tabs,
// panels, sequence and legend change, Kafka's own text does not, and the
// choice survives a reload.
func TestLiveLanguage(t *testing.T) {
	tb := newTab(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 720)))
	tb.open(t, "/lab")
	tb.waitReady(t)
	t.Cleanup(func() {
		// The browser's storage is shared by the tests: back to the default.
		_, _ = chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`(localStorage.removeItem("kafkalab-lang"), document.cookie = "kafkalab-lang=; path=/; max-age=0", true)`))
	})
	text := func(sel string) string {
		return eval[string](t, tb, `(document.querySelector(`+jsQuote(sel)+`) || {}).textContent || ""`)
	}
	// The browser says en-US: English.
	assert.Equal(t, "Cluster", text(`[data-testid=tab-cluster]`))
	assert.Equal(t, "Send", text(`[data-testid=produce-send]`))
	assert.Equal(t, "中文", text(`[data-testid=lang-toggle]`))

	// Produce and step so the sequence and the status show Kafka's labels.
	tb.click(t, `[data-testid=produce-send]`)
	for range 6 {
		tb.click(t, `[data-testid=step]`)
	}
	label := text(`[data-testid=seq-label-1]`)
	hash := eval[string](t, tb, `document.getElementById("lab").dataset.stateHash`)

	tb.click(t, `[data-testid=lang-toggle]`)
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelector("[data-testid=tab-cluster]").textContent === "集群"`,
		chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err, "the tabs never turned Chinese")
	chinese := func() {
		t.Helper()
		assert.Equal(t, "zh-Hans", eval[string](t, tb, `document.documentElement.lang`))
		assert.Equal(t, "English", text(`[data-testid=lang-toggle]`))
		assert.Equal(t, "实验室", text(`h1`))
		assert.Equal(t, "存储", text(`[data-testid=tab-storage]`))
		assert.Equal(t, "发送", text(`[data-testid=produce-send]`))
		assert.Equal(t, "↺ 重置", text(`[data-testid=reset]`))
		assert.Equal(t, "▶ 播放", text(`[data-testid=play]`))
		assert.Equal(t, ">_ 终端", text(`[data-testid=tab-terminal]`))
		assert.Contains(t, text(`[data-testid=sequence] h2`), "一条消息的一生")
		assert.Contains(t, text(`[data-testid=seq-1] .name`), "创建记录")
		assert.Contains(t, text(`[data-testid=legend]`), "主副本 (leader)")
		assert.Contains(t, text(`[data-testid=help]`), "键盘")
		// Kafka's own text is not translated.
		assert.Equal(t, label, text(`[data-testid=seq-label-1]`))
	}
	chinese()
	assert.Equal(t, hash, eval[string](t, tb, `document.getElementById("lab").dataset.stateHash`), "a language is not an input")
	viewportShot(t, tb, "live-zh-1280x720")
	tb.click(t, `[data-testid=tab-terminal]`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`, "kafka-topics.sh --bootstrap-server localhost:9092 --list\n")))
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelectorAll("[data-testid=term-entry]").length === 1`, chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	assert.Equal(t, "order_events\n", text(`[data-testid=term-text]`), "tool output stays Kafka's")
	viewportShot(t, tb, "live-zh-terminal-1280x720")

	// A reload keeps Chinese, drawn by the wasm from the start.
	tb.open(t, "/lab")
	tb.waitReady(t)
	chinese2 := func() {
		assert.Equal(t, "集群", text(`[data-testid=tab-cluster]`))
		assert.Equal(t, "发送", text(`[data-testid=produce-send]`))
		assert.Equal(t, "English", text(`[data-testid=lang-toggle]`))
		assert.Equal(t, "◐ 深色", text(`[data-testid=theme-toggle]`))
	}
	chinese2()

	// And back to English.
	tb.click(t, `[data-testid=lang-toggle]`)
	_, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](`document.querySelector("[data-testid=tab-cluster]").textContent === "Cluster"`,
		chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	assert.Equal(t, "The lab", text(`h1`))
	assert.Equal(t, "en", eval[string](t, tb, `document.documentElement.lang`))
	tb.requireNoProblems(t)
}
