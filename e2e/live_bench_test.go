//go:build e2e

package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLiveBench logs the live lab's step+render costs and the engine's
// records/s in Chromium for BENCHMARKS.md. It measures; it does not judge
// (timings on a shared machine are no pass/fail criterion):
//
//	make build && KAFKALAB_SERVER=$PWD/bin/kafkalab-server CHROME_PATH=/usr/bin/chromium \
//	  go test -tags e2e -count=1 -run TestLiveBench -v ./e2e/
func TestLiveBench(t *testing.T) {
	// Its own tab: a slow machine needs more than newTab's minute.
	ctx, cancel := chromedp.NewContext(env.browser)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 8*time.Minute)
	t.Cleanup(cancelTimeout)
	tb := &tab{ctx: ctx}
	tb.open(t, "/lab")
	tb.waitReady(t)
	t.Logf("navigation → data-lab-ready: %s ms", eval[string](t, tb, `document.getElementById("lab").dataset.labBootMs`))
	for _, q := range []string{
		"brokers=3&topics=2&partitions=3&steps=300",
		"brokers=3&topics=2&partitions=3&steps=300&redraw=1",
		"brokers=12&topics=1&partitions=200&steps=60",
		"brokers=12&topics=1&partitions=200&steps=60&redraw=1",
	} {
		m := eval[map[string]any](t, tb, `kafkalab.debug.measure(`+jsQuote(q)+`)`)
		if e, ok := m["error"]; ok {
			t.Fatalf("%s: %v", q, e)
		}
		t.Logf("%s: step+render %.2f ms/step (step %.2f, build %.2f, render %.2f, DOM %.2f; %v region writes, %v unchanged skipped, %v picture children patched; setup %.0f ms)",
			q, m["total"], m["step"], m["build"], m["render"], m["dom"], m["writes"], m["skipped"], m["patches"], m["setupMs"])
	}
	th := eval[map[string]any](t, tb, `kafkalab.debug.throughput(200)`)
	if e, ok := th["error"]; ok {
		t.Fatal(e)
	}
	t.Logf("throughput: %.0f records/s (%v records in %.0f ms); native: go test ./web/live -run '^$' -bench Throughput -cpu=1", th["recordsPerSec"], th["records"], th["ms"])
}
