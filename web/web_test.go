package web

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

func render(t *testing.T, c templ.Component) *html.Node {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, c.Render(context.Background(), &buf))
	doc, err := html.Parse(&buf)
	require.NoError(t, err)
	return doc
}

// find returns every element whose data-testid starts with prefix.
func find(n *html.Node, prefix string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && strings.HasPrefix(attr(n, "data-testid"), prefix) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func firstChild(n *html.Node, tag string) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == tag {
			return c
		}
	}
	return nil
}

func TestDemoClusterSpreadsLeaders(t *testing.T) {
	spec := DemoCluster(3, 3, 3)
	require.Len(t, spec.Partitions, 3)
	leaders := map[int]int{}
	for _, p := range spec.Partitions {
		require.Len(t, p.Replicas, 3)
		leaders[p.Leader]++
	}
	assert.Equal(t, map[int]int{1: 1, 2: 1, 3: 1}, leaders, "one leader per broker, as in the articles")

	// RF above the broker count is capped rather than producing duplicates.
	small := DemoCluster(2, 1, 3)
	assert.Equal(t, []int{1, 2}, small.Partitions[0].Replicas)
}

func TestClusterDiagramDrawsLeadersBlueAndFollowersDashedGrey(t *testing.T) {
	doc := render(t, ClusterDiagram(LayoutCluster(DemoCluster(3, 3, 3))))

	require.Len(t, find(doc, "broker-"), 3)
	replicas := find(doc, "replica-")
	require.Len(t, replicas, 9, "3 partitions x RF 3")

	var leaders, followers int
	for _, r := range replicas {
		rect := firstChild(r, "rect")
		require.NotNil(t, rect)
		switch attr(r, "data-role") {
		case "leader":
			leaders++
			assert.Equal(t, LeaderFill, attr(rect, "fill"))
			assert.Empty(t, attr(rect, "stroke-dasharray"), "leaders are solid")
		case "follower":
			followers++
			assert.Equal(t, FollowerFill, attr(rect, "fill"))
			assert.Equal(t, "5 5", attr(rect, "stroke-dasharray"), "followers are dashed")
		default:
			t.Fatalf("replica without a role: %v", r.Attr)
		}
	}
	assert.Equal(t, 3, leaders)
	assert.Equal(t, 6, followers)

	// Broker 2 leads order_events-P1 and lists it first.
	b2 := find(doc, "broker-2")[0]
	first := find(b2, "replica-")[0]
	assert.Equal(t, "replica-order_events-1-b2", attr(first, "data-testid"))
	assert.Equal(t, "leader", attr(first, "data-role"))
}

func TestLayoutKeepsBoxesInsideTheirPanels(t *testing.T) {
	for _, n := range []int{1, 3, 5, 12} {
		vm := LayoutCluster(DemoCluster(n, 6, 3))
		for _, b := range vm.Brokers {
			assert.LessOrEqual(t, b.X+b.W, vm.Width-margin, "broker %d fits", b.ID)
			assert.LessOrEqual(t, b.Y+b.H, vm.Height, "broker %d fits", b.ID)
			for _, r := range b.Replicas {
				assert.True(t, r.X >= b.X && r.X+r.W <= b.X+b.W, "replica %s inside broker %d", r.Name(), b.ID)
				assert.True(t, r.Y >= b.Y && r.Y+r.H <= b.Y+b.H, "replica %s inside broker %d", r.Name(), b.ID)
			}
		}
	}
}

func TestPagesEscapeAndLinkAssets(t *testing.T) {
	a := Assets{CSS: "/assets/lab.abc.css", Favicon: "/assets/f.svg", WasmExec: "/assets/wasm_exec.1.js", LabJS: "/assets/lab.2.js", Wasm: "/assets/kafkalab.3.wasm"}
	var buf bytes.Buffer
	require.NoError(t, Home(HomeVM{Assets: a, Lessons: []LessonVM{{Slug: "x", Title: "<script>alert(1)</script>", Summary: "s", URL: "/lessons/x"}}}).Render(context.Background(), &buf))
	out := buf.String()
	assert.NotContains(t, out, "<script>alert(1)")
	assert.Contains(t, out, "&lt;script&gt;")
	assert.Contains(t, out, `href="/assets/lab.abc.css"`)

	buf.Reset()
	require.NoError(t, Lab(LabVM{Assets: a}).Render(context.Background(), &buf))
	out = buf.String()
	assert.Contains(t, out, `data-wasm="/assets/kafkalab.3.wasm"`)
	assert.Contains(t, out, `data-lab-ready="false"`)
	assert.Contains(t, out, "<noscript>", "without JavaScript the page says why nothing happens")
	assert.NotContains(t, out, "<style", "no inline styles: the CSP forbids them")
	assert.NotRegexp(t, `<script>[^<]`, out, "no inline scripts: the CSP forbids them")
}
