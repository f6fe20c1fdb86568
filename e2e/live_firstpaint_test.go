//go:build e2e

package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLiveFirstPaint: the lab page's HTML, fetched directly (no script
// runs), already holds the cluster picture; once the wasm has booted, the
// lab it drew is the server's, byte for byte as the browser serializes
// both, but for the drawn-by mark.
func TestLiveFirstPaint(t *testing.T) {
	req, err := http.NewRequest(http.MethodGet, env.baseURL+"/lab", nil)
	require.NoError(t, err)
	req.Header.Set("Accept-Language", "en-US,en;q=0.9") // what the harness's Chromium sends
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())
	page := string(body)
	mount := page[strings.Index(page, `id="lab"`):]
	assert.Contains(t, mount[:strings.Index(mount, "</svg>")], `<svg class="cluster" data-testid="cluster-diagram"`,
		"the cluster's SVG is in the HTML before any script runs")
	assert.Contains(t, page, `data-drawn-by="server"`)

	tb := newTab(t)
	tb.open(t, "/lab")
	tb.waitReady(t)
	quoted, err := json.Marshal(page)
	require.NoError(t, err)
	cmp := eval[map[string]string](t, tb, `(() => {
	  const doc = new DOMParser().parseFromString(`+string(quoted)+`, "text/html");
	  return {server: doc.getElementById("lab").innerHTML, wasm: document.getElementById("lab").innerHTML};
	})()`)
	server := strings.Replace(cmp["server"], `data-drawn-by="server"`, `data-drawn-by="wasm"`, 1)
	assert.Contains(t, cmp["wasm"], `data-drawn-by="wasm"`, "the wasm drew over the server's paint")
	if server != cmp["wasm"] {
		i := 0
		for i < len(server) && i < len(cmp["wasm"]) && server[i] == cmp["wasm"][i] {
			i++
		}
		lo := max(i-200, 0)
		t.Fatalf("the wasm's first render differs from the server's at byte %d:\nserver …%s\nwasm   …%s", i,
			server[lo:min(i+200, len(server))], cmp["wasm"][lo:min(i+200, len(cmp["wasm"]))])
	}
	tb.requireNoProblems(t)

	// In Chinese, chosen with the toggle: the next page's first paint is
	// Chinese too (lab.js's cookie), and the wasm's first render is it.
	t.Cleanup(func() {
		_, _ = chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`(localStorage.removeItem("kafkalab-lang"),
		  document.cookie = "kafkalab-lang=; path=/; max-age=0", true)`))
	})
	tb.click(t, `[data-testid=lang-toggle]`)
	tb.open(t, "/lab")
	tb.waitReady(t)
	same, err := chromedp.Run(tb.ctx, chromedp.Evaluate[map[string]any](`fetch("/lab").then((r) => r.text()).then((page) => {
	  const server = new DOMParser().parseFromString(page, "text/html").getElementById("lab").innerHTML
	    .replace('data-drawn-by="server"', 'data-drawn-by="wasm"');
	  const wasm = document.getElementById("lab").innerHTML;
	  return {same: server === wasm, chinese: server.includes(">集群<"), at: [...server].findIndex((c, i) => c !== wasm[i])};
	})`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.Equal(t, true, same["chinese"], "the first paint is in the learner's language")
	assert.Equal(t, true, same["same"], "the wasm's first render is the server's (first difference at %v)", same["at"])
}
