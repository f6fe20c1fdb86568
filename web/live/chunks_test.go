package live

import (
	"context"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/web"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSVGChunks(t *testing.T) {
	html := `<nav>x</nav><svg class="c" viewBox="0 0 1 1"><g data-testid="a"><g><rect></rect></g></g> <path d="M0"/><g class="u"><title>a &lt; b</title></g><!-- c --><g data-testid="b" x="1">t</g></svg><p>after</p>`
	ch, ok := SVGChunks(html)
	require.True(t, ok)
	var keys []string
	var joined strings.Builder
	for _, c := range ch {
		keys = append(keys, c.Key)
		joined.WriteString(c.HTML)
	}
	assert.Equal(t, html, joined.String(), "the chunks are the whole")
	assert.Equal(t, []string{"", "a", "", "", "", "", "b", ""}, keys)
	assert.Equal(t, `<g data-testid="a"><g><rect></rect></g></g>`, ch[1].HTML)
	assert.Equal(t, `<g data-testid="b" x="1">t</g>`, ch[6].HTML)

	for _, bad := range []string{"<p>no svg</p>", `<svg><g>`, `<svg><g data-testid="a"></svg>`} {
		_, ok := SVGChunks(bad)
		assert.False(t, ok, bad)
	}
}

func TestChunkPatch(t *testing.T) {
	a := []Chunk{{HTML: "<svg>"}, {Key: "b1", HTML: "1"}, {Key: "b2", HTML: "2"}, {HTML: "</svg>"}}
	b := []Chunk{{HTML: "<svg>"}, {Key: "b1", HTML: "1"}, {Key: "b2", HTML: "2'"}, {HTML: "</svg>"}}
	idx, ok := ChunkPatch(a, b)
	assert.True(t, ok)
	assert.Equal(t, []int{2}, idx)
	c := append([]Chunk(nil), b...)
	c[0] = Chunk{HTML: `<svg width="2">`}
	_, ok = ChunkPatch(a, c)
	assert.False(t, ok, "the svg's own tag changed")
	_, ok = ChunkPatch(a, a[:3])
	assert.False(t, ok, "a child came or went")
	d := append([]Chunk(nil), a...)
	d[2].Key = "b1"
	_, ok = ChunkPatch(d, d)
	assert.False(t, ok, "duplicate keys")
}

// The cluster picture splits into its controller, producer, brokers and
// legend, and one step of a 12-broker cluster changes only a few of them.
func TestClusterStageChunks(t *testing.T) {
	s, err := BenchSession(Shape{Brokers: 12, Topics: 1, Partitions: 200})
	require.NoError(t, err)
	var b Builder
	ui := UI{Speed: 4, Segment: -1, File: "log", Lookup: -1, StoreBroker: -1}
	render := func() []Chunk {
		var sb strings.Builder
		require.NoError(t, web.LiveStage(b.Build(s, ui)).Render(context.Background(), &sb))
		ch, ok := SVGChunks(sb.String())
		require.True(t, ok)
		return ch
	}
	prev := render()
	keys := map[string]bool{}
	for _, c := range prev {
		keys[c.Key] = true
	}
	for _, k := range []string{"controller", "broker-1", "broker-12", "legend"} {
		assert.True(t, keys[k], k)
	}
	patched, whole := 0, 0
	for range 60 {
		_, err := s.Step()
		require.NoError(t, err)
		cur := render()
		if idx, ok := ChunkPatch(prev, cur); ok {
			patched++
			assert.Less(t, len(idx), 12, "a step changes a few children")
		} else {
			whole++
		}
		prev = cur
	}
	assert.Greater(t, patched, whole, "most steps patch children")
	t.Logf("60 steps: %d patched, %d whole", patched, whole)
}

// FuzzSVGChunks: any input splits without a panic, and a split always
// gives back the input; ChunkPatch of a split with itself changes nothing.
func FuzzSVGChunks(f *testing.F) {
	f.Add(`<nav>x</nav><svg class="c"><g data-testid="a"><rect></rect></g><path d="M0"/></svg>`)
	f.Add(`<svg><g data-testid="a"></svg>`)
	f.Add(`<svg><!-- c --><g data-testid="x`)
	f.Add(`<svg`)
	f.Add(`<svg></svg></svg>`)
	f.Fuzz(func(t *testing.T, html string) {
		ch, ok := SVGChunks(html)
		if !ok {
			return
		}
		var sb strings.Builder
		for _, c := range ch {
			sb.WriteString(c.HTML)
		}
		if sb.String() != html {
			t.Fatalf("the chunks of %q do not give it back: %q", html, sb.String())
		}
		if idx, ok := ChunkPatch(ch, ch); ok && len(idx) != 0 {
			t.Fatalf("a split differs from itself: %v", idx)
		}
	})
}

func TestElementChunks(t *testing.T) {
	html := `<g class="broker" data-testid="broker-1"><rect></rect><text>Broker 1</text><g data-testid="replica-t-0-b1"><rect/><text>a</text></g><g data-testid="replica-t-1-b1"><text>b</text></g></g>`
	ch, ok := ElementChunks(html)
	require.True(t, ok)
	var keys []string
	var joined strings.Builder
	for _, c := range ch {
		keys = append(keys, c.Key)
		joined.WriteString(c.HTML)
	}
	assert.Equal(t, html, joined.String(), "the chunks are the whole")
	assert.Equal(t, []string{"", "", "", "replica-t-0-b1", "replica-t-1-b1", ""}, keys)
	assert.Equal(t, `<g data-testid="replica-t-1-b1"><text>b</text></g>`, ch[4].HTML)
	for _, bad := range []string{"text", "</g>", "<!-- c -->", `<g><g>`, `<g data-testid="a"><g></g>`} {
		_, ok := ElementChunks(bad)
		assert.False(t, ok, bad)
	}
}

// FuzzElementChunks: any input splits without a panic, and a split always
// gives back the input; ChunkPatch of a split with itself changes nothing.
func FuzzElementChunks(f *testing.F) {
	f.Add(`<g data-testid="broker-1"><rect></rect><g data-testid="replica-t-0-b1"><text>a</text></g></g>`)
	f.Add(`<g><g data-testid="a"></g>`)
	f.Add(`<g><!-- c --><g data-testid="x`)
	f.Add(`<g`)
	f.Add(`<g></g></g>`)
	f.Add(`<br/>`)
	f.Fuzz(func(t *testing.T, html string) {
		ch, ok := ElementChunks(html)
		if !ok {
			return
		}
		var sb strings.Builder
		for _, c := range ch {
			sb.WriteString(c.HTML)
		}
		if sb.String() != html {
			t.Fatalf("the chunks of %q do not give it back: %q", html, sb.String())
		}
		if idx, ok := ChunkPatch(ch, ch); ok && len(idx) != 0 {
			t.Fatalf("a split differs from itself: %v", idx)
		}
	})
}
