package live

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// applyPatches replaces in the picture split as was what ps name, as the
// browser's outerHTML does, and returns the picture's markup.
func applyPatches(t *testing.T, was []Chunk, ps []Patch) string {
	t.Helper()
	top := map[string]int{}
	for i, c := range was {
		if c.Key != "" {
			top[c.Key] = i
		}
	}
	out := append([]Chunk(nil), was...)
	for _, p := range ps {
		if p.Parent == "" {
			i, ok := top[p.Key]
			if !ok {
				t.Fatalf("no element %s", p.Selector())
			}
			out[i].HTML = p.HTML
			continue
		}
		i, ok := top[p.Parent]
		if !ok {
			t.Fatalf("no element %s", p.Selector())
		}
		kids, ok := ElementChunks(out[i].HTML)
		if !ok {
			t.Fatalf("%s does not split", p.Parent)
		}
		n := 0
		var sb strings.Builder
		for _, k := range kids {
			if k.Key == p.Key {
				k.HTML = p.HTML
				n++
			}
			sb.WriteString(k.HTML)
		}
		if n != 1 {
			t.Fatalf("%d elements %s", n, p.Selector())
		}
		out[i].HTML = sb.String()
	}
	var sb strings.Builder
	for _, c := range out {
		sb.WriteString(c.HTML)
	}
	return sb.String()
}

// The patches turn each frame's picture into the next one's, byte for
// byte, through a random run (records, faults, consumers, links, going
// back), and most steps patch single replicas, not whole brokers. A
// failure prints the seed; -snapshot-seed replays it.
func TestStagePatchesRebuildTheStage(t *testing.T) {
	seed := *snapSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay: go test ./web/live -run TestStagePatchesRebuildTheStage -snapshot-seed %d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 3))
	s, err := BenchSession(Shape{Brokers: 6, Topics: 2, Partitions: 12})
	if err != nil {
		t.Fatal(err)
	}
	var b Builder
	var sc StageCache
	ui := DefaultUI()
	var prev []Chunk
	nested, whole := 0, 0
	for f := range 300 {
		act := act(t, s, rng)
		vm := b.Build(s, ui)
		var sb strings.Builder
		if err := sc.Stage(vm).Render(context.Background(), &sb); err != nil {
			t.Fatal(err)
		}
		cur, ok := sc.Chunks()
		if !ok {
			t.Fatalf("frame %d: no chunks", f)
		}
		if prev != nil {
			if ps, ok := StagePatches(prev, cur); ok {
				if got := applyPatches(t, prev, ps); got != sb.String() {
					t.Fatalf("seed %d, frame %d after %s: the patched picture differs from the drawn one", seed, f, act)
				}
				for _, p := range ps {
					if p.Parent != "" {
						nested++
					} else {
						whole++
					}
				}
			}
		}
		prev = cur
	}
	t.Logf("%d children patched inside their parent, %d whole", nested, whole)
	if nested == 0 {
		t.Fatal("no replica was patched alone")
	}
}
