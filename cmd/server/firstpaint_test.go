package main

import (
	"context"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/web"
	"github.com/kafkalab/kafkalab/web/live"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// mountHTML returns the inner HTML of the page's #lab mount.
func mountHTML(t *testing.T, page string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
	var find func(*html.Node) *html.Node
	find = func(n *html.Node) *html.Node {
		for _, a := range n.Attr {
			if a.Key == "id" && a.Val == "lab" {
				return n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if m := find(c); m != nil {
				return m
			}
		}
		return nil
	}
	m := find(doc)
	require.NotNil(t, m, "the page has a #lab mount")
	var sb strings.Builder
	for c := m.FirstChild; c != nil; c = c.NextSibling {
		require.NoError(t, html.Render(&sb, c))
	}
	return sb.String()
}

// The lab page arrives with the cluster drawn: the same lab the wasm draws
// at boot, marked as the server's, not yet ready.
func TestLabPageArrivesWithTheFirstPaint(t *testing.T) {
	h, _ := newTestSite(t, builtDist(t), nil)
	rec := get(h, "/lab")
	require.Equal(t, 200, rec.Code)
	assert.Contains(t, rec.Header().Values("Vary"), "Accept-Language, Cookie")
	page := rec.Body.String()
	mount := mountHTML(t, page)
	assert.Contains(t, mount, `data-testid="cluster-diagram"`)
	assert.Contains(t, mount, `<svg`)
	assert.Contains(t, mount, `data-testid="replica-order_events-0-b1"`)
	assert.Contains(t, mount, `data-drawn-by="server"`)
	assert.Contains(t, mount, `data-testid="metrics"`)
	assert.Contains(t, mount, `data-partition="2"`, "the produce panel's prediction for key user-2")
	assert.NotContains(t, mount, "Starting the Kafka engine")
	assert.Contains(t, page, `data-lab-ready="false"`, "ready only once the wasm runs")

	// What the wasm draws first, rendered natively, with the server's mark
	// in place of the wasm's: the same bytes.
	vm, err := live.FirstPaint()
	require.NoError(t, err)
	var sb strings.Builder
	require.NoError(t, web.LiveLab(vm).Render(web.WithLang(context.Background(), "en"), &sb))
	wasm := sb.String()
	assert.Contains(t, wasm, `data-drawn-by="wasm"`)
	assert.Contains(t, page, strings.Replace(wasm, `data-drawn-by="wasm"`, `data-drawn-by="server"`, 1))

	zh := get(h, "/lab", "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8").Body.String()
	assert.Contains(t, mountHTML(t, zh), ">集群<")
	// The learner's choice (lab.js's cookie) wins over the browser's.
	chose := get(h, "/lab", "Accept-Language", "en-US", "Cookie", "kafkalab-lang=zh").Body.String()
	assert.Contains(t, mountHTML(t, chose), ">集群<")
	chose = get(h, "/lab", "Accept-Language", "zh-CN", "Cookie", "kafkalab-lang=en").Body.String()
	assert.Contains(t, mountHTML(t, chose), ">Cluster<")
	bad := get(h, "/lab", "Accept-Language", "en-US", "Cookie", "kafkalab-lang=<x>").Body.String()
	assert.Contains(t, mountHTML(t, bad), ">Cluster<")
}

func TestPageLang(t *testing.T) {
	for in, want := range map[string]string{
		"": "en", "en-US,en;q=0.9": "en", "zh-CN,zh;q=0.9": "zh", "zh": "zh", "ZH-tw": "zh",
		"fr, zh;q=0.9": "en", "zhx": "en", " zh-Hans ;q=1": "zh",
	} {
		assert.Equal(t, want, pageLang(in), "%q", in)
	}
}

func FuzzPageLang(f *testing.F) {
	for _, s := range []string{"", "zh-CN,zh;q=0.9", "en-US,en;q=0.9", ";;,,", "zh;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if l := pageLang(s); l != "en" && l != "zh" {
			t.Fatalf("pageLang(%q) = %q", s, l)
		}
	})
}
