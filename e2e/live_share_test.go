//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestLiveShareLink: a share link opens the same lab, at the same position
// with the same state hash, in a new tab; a corrupted link says so inline
// and starts a working fresh lab.
func TestLiveShareLink(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/lab")
	tb.waitReady(t)
	require.Equal(t, true, tb.act(t, "produce", "topic=order_events&key=user-2&value=v&acks=all")["ok"])
	for range 30 {
		tb.act(t, "step", "")
	}
	require.Equal(t, true, tb.act(t, "broker-crash", "2")["ok"])
	for range 60 {
		tb.act(t, "step", "")
	}
	for range 5 {
		tb.act(t, "back", "")
	}
	pos := eval[string](t, tb, `document.getElementById("lab").dataset.pos`)
	hash := tb.hash(t)
	tb.click(t, `[data-testid=share]`)
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`!!document.querySelector('[data-testid=share-link]')`, chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	link := eval[string](t, tb, `document.querySelector('[data-testid=share-link]').value`)
	require.Contains(t, link, "/lab#s=v1.")
	tb.screenshot(t, "live-share-box")
	tb.requireNoProblems(t)

	other := newTab(t)
	other.open(t, link[strings.Index(link, "/lab#"):])
	other.waitReady(t)
	require.Equal(t, pos, eval[string](t, other, `document.getElementById("lab").dataset.pos`))
	require.Equal(t, hash, other.hash(t))
	require.False(t, eval[bool](t, other, `!!document.querySelector('[data-testid=share-error]')`))
	// The shared lab goes on: its future is the original's.
	other.act(t, "step", "")
	tb.act(t, "step", "")
	require.Equal(t, tb.hash(t), other.hash(t))
	other.requireNoProblems(t)

	bad := newTab(t)
	code := link[strings.Index(link, "#s=")+3:]
	bad.open(t, "/lab#s="+code[:len(code)/2]+"Zz"+code[len(code)/2+2:])
	bad.waitReady(t)
	msg := eval[string](t, bad, `document.querySelector('[data-testid=share-error]')?.textContent || ""`)
	require.Contains(t, msg, "share link could not be opened")
	require.True(t, eval[bool](t, bad, `document.getElementById("lab-error").hidden`), "not the error banner")
	require.Equal(t, "0", eval[string](t, bad, `document.getElementById("lab").dataset.pos`))
	require.Equal(t, true, bad.act(t, "produce", "topic=order_events&key=k&value=v&acks=all")["ok"])
	bad.act(t, "step", "")
	require.Equal(t, "1", eval[string](t, bad, `document.getElementById("lab").dataset.pos`))
	bad.screenshot(t, "live-share-bad")
	bad.requireNoProblems(t)

	garbage := newTab(t)
	garbage.open(t, "/lab#s=v9.<script>")
	garbage.waitReady(t)
	require.True(t, eval[bool](t, garbage, `!!document.querySelector('[data-testid=share-error]')`))
	garbage.requireNoProblems(t)
}
