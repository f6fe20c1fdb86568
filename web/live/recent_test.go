package live

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// The frame's trace window, kept from frame to frame, equals the last
// traceWindow entries read afresh after every frame of a random run (the
// actions of TestSnapshotsMatchSnapshot: bursts longer than the window and
// the trace, going back, a reset). A failure prints the seed;
// -snapshot-seed replays it.
func TestRecentTraceMatchesTraceAfter(t *testing.T) {
	seed := *snapSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay: go test ./web/live -run TestRecentTraceMatchesTraceAfter -snapshot-seed %d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	s, err := BenchSession(Shape{Brokers: 4, Topics: 1, Partitions: 4})
	if err != nil {
		t.Fatal(err)
	}
	var rt recentTrace
	frames := 400
	if testing.Short() {
		frames = 100
	}
	for f := range frames {
		act := act(t, s, rng)
		c := s.Cluster()
		from := uint64(0)
		if last := c.Sim().LastSeq(); last > traceWindow {
			from = last - traceWindow
		}
		want := c.TraceAfter(from)
		if got := rt.window(c); !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d, frame %d after %s (pos %d): the kept window (%d entries) differs from TraceAfter (%d)", seed, f, act, s.Pos(), len(got), len(want))
		}
	}
}
