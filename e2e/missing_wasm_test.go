//go:build e2e

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A server built before the wasm answers the wasm's URL with 503 and a hint
// (see cmd/server's TestMissingWasmAnswers503WithAHint). Here the browser gets
// that answer, and the page must say what to do rather than die quietly.
func TestMissingWasmShowsHowToBuildIt(t *testing.T) {
	tb := newTab(t)
	hint := "The lab's WebAssembly is not built yet: run `make wasm` (or `make run`) and restart the server."
	paused := chromedp.Events(tb.ctx, fetch.EventRequestPaused)
	_, err := chromedp.Call(tb.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*.wasm"}}})
	require.NoError(t, err)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(tb.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
				RequestID:       ev.RequestID,
				ResponseCode:    503,
				ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/plain; charset=utf-8"}},
				Body:            []byte(hint),
			})
		}
	}()

	tb.open(t, "/lab")
	text := waitBanner(t, tb)
	assert.Contains(t, text, "503")
	assert.Contains(t, text, "run `make wasm`")
	assert.Equal(t, "false", eval[string](t, tb, `document.getElementById("lab").dataset.labReady`), "never marked ready")
	assert.True(t, strings.HasPrefix(text, "The lab stopped working."))
}
