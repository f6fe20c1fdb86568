package sim_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// newSim returns a Sim with recorder nodes a, b and c.
func newSim(t *testing.T, cfg sim.Config) (*sim.Sim, map[sim.NodeID]*recorder) {
	t.Helper()
	s := sim.New(cfg)
	nodes := map[sim.NodeID]*recorder{}
	for _, id := range []sim.NodeID{"c", "a", "b"} {
		r := &recorder{id: id}
		nodes[id] = r
		require.NoError(t, s.AddNode(r))
	}
	return s, nodes
}

// send injects a message from → to at the current time.
func send(t *testing.T, s *sim.Sim, from, to sim.NodeID, label string) {
	t.Helper()
	require.NoError(t, s.Do(from, "send "+label, func(env *sim.Env) {
		env.Send(sim.Message{To: to, API: "Test", Label: label})
	}))
}

func TestEventsRunInTimeThenSchedulingOrder(t *testing.T) {
	s, _ := newSim(t, sim.Config{})
	var order []string
	add := func(at int64, name string) {
		require.NoError(t, s.Inject(at, "", name, func(env *sim.Env) {
			assert.Equal(t, at, env.Now())
			order = append(order, name)
		}))
	}
	add(5, "5a")
	add(1, "1a")
	add(5, "5b")
	add(0, "0a")
	add(1, "1b")
	add(5, "5c")
	require.NoError(t, s.RunUntilIdle(100))
	assert.Equal(t, []string{"0a", "1a", "1b", "5a", "5b", "5c"}, order)
	assert.Equal(t, int64(5), s.Now())
	assert.Equal(t, uint64(6), s.Steps())
}

func TestStepProcessesExactlyOneEvent(t *testing.T) {
	s, nodes := newSim(t, sim.Config{})
	_, ok := s.Step()
	assert.False(t, ok, "empty queue")

	send(t, s, "a", "b", "hello")
	assert.Equal(t, 1, s.Pending())

	e, ok := s.Step()
	require.True(t, ok)
	assert.Equal(t, sim.KindInput, e.Kind)
	assert.Equal(t, uint64(1), e.Step)
	assert.Equal(t, 1, s.Pending(), "the message is in flight")
	assert.Empty(t, nodes["b"].got)

	e, ok = s.Step()
	require.True(t, ok)
	assert.Equal(t, sim.KindDeliver, e.Kind)
	assert.Equal(t, sim.NodeID("a"), e.From)
	assert.Equal(t, sim.NodeID("b"), e.To)
	assert.Equal(t, "Test", e.API)
	assert.Equal(t, "hello", e.Label)
	assert.Equal(t, int64(sim.DefaultLatencyMs), e.Time)
	require.Len(t, nodes["b"].got, 1)
	m := nodes["b"].got[0]
	assert.Equal(t, sim.MessageID(1), m.ID)
	assert.Equal(t, int64(0), m.SentAt)
	assert.Equal(t, int64(1), m.ArriveAt)
	assert.Equal(t, 0, s.Pending())
}

func TestTimersFireAndCancel(t *testing.T) {
	s, nodes := newSim(t, sim.Config{})
	var keep, drop sim.TimerID
	require.NoError(t, s.Do("a", "arm", func(env *sim.Env) {
		keep = env.After(10, "keep", "data")
		drop = env.After(5, "drop", nil)
		env.After(0, "now", nil)
	}))
	_, _ = s.Step()
	assert.Equal(t, 3, s.Pending())
	require.NoError(t, s.Do("b", "cancel other's", func(env *sim.Env) {
		assert.False(t, env.Cancel(drop), "b cannot cancel a's timer")
	}))
	require.NoError(t, s.Do("a", "cancel", func(env *sim.Env) {
		assert.True(t, env.Cancel(drop))
		assert.False(t, env.Cancel(drop), "already cancelled")
	}))
	require.NoError(t, s.RunUntilIdle(10))
	got := nodes["a"].timers
	require.Len(t, got, 2)
	assert.Equal(t, "now", got[0].Kind)
	assert.Equal(t, sim.TimerEvent{ID: keep, Kind: "keep", Data: "data", SetAt: 0, At: 10}, got[1])
	assert.Equal(t, int64(10), s.Now())
}

func TestRunBoundsAndErrors(t *testing.T) {
	s, _ := newSim(t, sim.Config{})
	// A node that re-arms a zero-delay timer forever never lets time pass.
	spin := &spinner{id: "spin"}
	require.NoError(t, s.AddNode(spin))
	require.NoError(t, s.Do("spin", "start", func(env *sim.Env) { env.After(0, "spin", nil) }))

	assert.ErrorIs(t, s.RunUntilIdle(50), sim.ErrStepLimit)
	assert.ErrorIs(t, s.RunFor(10, 50), sim.ErrStepLimit)
	assert.ErrorIs(t, s.RunUntil(func() bool { return false }, 50), sim.ErrStepLimit)
	assert.Error(t, s.RunUntilIdle(0))
	assert.ErrorIs(t, s.RunUntilTime(-1, 10), sim.ErrPast)
	assert.ErrorIs(t, s.Inject(-1, "", "late", func(*sim.Env) {}), sim.ErrPast)
	assert.Equal(t, int64(0), s.Now(), "a zero-delay loop never advances time")

	s2, _ := newSim(t, sim.Config{})
	assert.ErrorIs(t, s2.RunUntil(func() bool { return false }, 10), sim.ErrIdle)
	assert.NoError(t, s2.RunUntil(func() bool { return true }, 10))
	require.NoError(t, s2.RunFor(25, 10))
	assert.Equal(t, int64(25), s2.Now(), "RunFor moves the clock even when idle")
	assert.ErrorIs(t, s2.AddNode(&recorder{id: "a"}), sim.ErrDuplicateNode)
	assert.ErrorIs(t, s2.Stop("zz"), sim.ErrUnknownNode)
}

// spinner re-arms a zero-delay timer forever.
type spinner struct{ id sim.NodeID }

func (sp *spinner) ID() sim.NodeID                       { return sp.id }
func (sp *spinner) Receive(*sim.Env, sim.Message)        {}
func (sp *spinner) Timer(env *sim.Env, _ sim.TimerEvent) { env.After(0, "spin", nil) }
func (sp *spinner) AppendState(*sim.StateWriter)         {}

func TestRunUntilTimeStopsAtT(t *testing.T) {
	s, nodes := newSim(t, sim.Config{LatencyMs: 10})
	send(t, s, "a", "b", "m1")
	require.NoError(t, s.RunUntilTime(9, 100))
	assert.Empty(t, nodes["b"].got)
	assert.Equal(t, int64(9), s.Now())
	next, ok := s.NextTime()
	assert.True(t, ok)
	assert.Equal(t, int64(10), next)
	require.NoError(t, s.RunUntilTime(10, 100))
	assert.Len(t, nodes["b"].got, 1)
}

func TestEnvMisusePanics(t *testing.T) {
	s, _ := newSim(t, sim.Config{})
	run := func(fn func(env *sim.Env)) func() {
		return func() {
			require.NoError(t, s.Do("a", "misuse", fn))
			s.Step()
		}
	}
	assert.PanicsWithValue(t, "sim: a sends a message from b", run(func(env *sim.Env) {
		env.Send(sim.Message{From: "b", To: "c"})
	}))
	assert.Panics(t, run(func(env *sim.Env) { env.After(-1, "x", nil) }))
	assert.Panics(t, run(func(env *sim.Env) { s.Step() }), "Step inside a step")
}

func TestInputWithoutNodeSendsWithExplicitFrom(t *testing.T) {
	s, nodes := newSim(t, sim.Config{})
	require.NoError(t, s.Do("", "admin request", func(env *sim.Env) {
		assert.Equal(t, sim.NodeID(""), env.Self())
		env.Send(sim.Message{From: "admin", To: "a", Label: "CreateTopics"})
	}))
	require.NoError(t, s.RunUntilIdle(10))
	require.Len(t, nodes["a"].got, 1)
	assert.Equal(t, sim.NodeID("admin"), nodes["a"].got[0].From)
}

func TestRecordFillsKernelFields(t *testing.T) {
	s, _ := newSim(t, sim.Config{})
	require.NoError(t, s.Inject(7, "a", "produce", func(env *sim.Env) {
		env.Record(sim.TraceEntry{Label: "3. choose partition: murmur2(key) % 3 = 1", Lifecycle: 3})
	}))
	require.NoError(t, s.RunUntilIdle(10))
	tr := s.Trace()
	require.Len(t, tr, 2)
	assert.Equal(t, sim.TraceEntry{Seq: 1, Step: 1, Time: 7, Kind: sim.KindInput, To: "a", Label: "produce"}, tr[0])
	assert.Equal(t, sim.TraceEntry{Seq: 2, Step: 1, Time: 7, Kind: sim.KindLocal, From: "a",
		Label: "3. choose partition: murmur2(key) % 3 = 1", Lifecycle: 3}, tr[1])
}

func TestTraceLimitAndTraceAfter(t *testing.T) {
	var seen []uint64
	s, _ := newSim(t, sim.Config{TraceLimit: 4, OnTrace: func(e sim.TraceEntry) { seen = append(seen, e.Seq) }})
	for i := range 10 {
		require.NoError(t, s.Inject(int64(i), "", "in", func(*sim.Env) {}))
	}
	require.NoError(t, s.RunUntilIdle(100))
	assert.Equal(t, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, seen, "OnTrace sees every entry")
	assert.Equal(t, uint64(10), s.LastSeq())
	seqs := func(es []sim.TraceEntry) (out []uint64) {
		for _, e := range es {
			out = append(out, e.Seq)
		}
		return out
	}
	assert.Equal(t, []uint64{7, 8, 9, 10}, seqs(s.Trace()))
	assert.Equal(t, []uint64{9, 10}, seqs(s.TraceAfter(8)))
	assert.Equal(t, []uint64{7, 8, 9, 10}, seqs(s.TraceAfter(2)), "older entries were dropped")
	assert.Empty(t, s.TraceAfter(10))

	none := sim.New(sim.Config{TraceLimit: -1})
	require.NoError(t, none.Do("", "in", func(*sim.Env) {}))
	e, ok := none.Step()
	assert.True(t, ok)
	assert.Equal(t, uint64(1), e.Seq, "Step still returns the entry")
	assert.Empty(t, none.Trace())
}

func TestStreamsAreIndependent(t *testing.T) {
	draws := func(s *sim.Sim, name string) []uint64 {
		r := s.Rand(name)
		return []uint64{r.Uint64(), r.Uint64(), r.Uint64()}
	}
	a := sim.New(sim.Config{Seed: 1})
	b := sim.New(sim.Config{Seed: 1})
	// Draw from other streams in b first: the network stream must not move.
	draws(b, sim.StreamWorkload)
	draws(b, "producer-1/retry")
	b.NewUUID()
	assert.Equal(t, draws(a, sim.StreamNetwork), draws(b, sim.StreamNetwork))
	assert.NotEqual(t, draws(sim.New(sim.Config{Seed: 1}), sim.StreamNetwork),
		draws(sim.New(sim.Config{Seed: 1}), sim.StreamFaults))
	assert.NotEqual(t, draws(sim.New(sim.Config{Seed: 1}), sim.StreamNetwork),
		draws(sim.New(sim.Config{Seed: 2}), sim.StreamNetwork))
	// Golden values: the same on every platform, so the wasm run of this
	// test checks the browser draws what Linux draws.
	assert.Equal(t, []uint64{0xa53a4383361cd6bb, 0xef8e2b4804a4f047, 0x2d1e81b09594caf9}, draws(sim.New(sim.Config{Seed: 1}), sim.StreamNetwork))
}

func TestNewUUIDIsDeterministicVersion4(t *testing.T) {
	a, b := sim.New(sim.Config{Seed: 7}), sim.New(sim.Config{Seed: 7})
	u1, u2 := a.NewUUID(), a.NewUUID()
	assert.Equal(t, u1, b.NewUUID())
	assert.Equal(t, u2, b.NewUUID())
	assert.NotEqual(t, u1, u2)
	assert.Equal(t, 4, int(u1.Version()))
	assert.Equal(t, "RFC4122", u1.Variant().String())
	assert.NotEqual(t, u1, sim.New(sim.Config{Seed: 8}).NewUUID())
	assert.Equal(t, "5cd729a7-2cf0-458a-b46b-aae6443900ad", u1.String(), "golden")
}

func TestStateHash(t *testing.T) {
	build := func(order []sim.NodeID) *sim.Sim {
		s := sim.New(sim.Config{Seed: 3})
		for _, id := range order {
			require.NoError(t, s.AddNode(&recorder{id: id}))
		}
		return s
	}
	a := build([]sim.NodeID{"a", "b", "c"})
	b := build([]sim.NodeID{"c", "b", "a"})
	assert.Equal(t, a.StateHash(), b.StateHash(), "registration order does not matter")
	assert.Equal(t, a.StateHash(), a.StateHash(), "hashing does not change the state")

	h0 := a.StateHash()
	send(t, a, "a", "b", "m")
	h1 := a.StateHash()
	assert.NotEqual(t, h0, h1, "a pending input changes the hash")
	a.Step()
	h2 := a.StateHash()
	assert.NotEqual(t, h1, h2)
	a.Step()
	assert.NotEqual(t, h2, a.StateHash(), "the receiver's state changed")

	c := build([]sim.NodeID{"a", "b", "c"})
	c.Net().Cut("a", "b")
	assert.NotEqual(t, h0, c.StateHash(), "network settings are hashed")
	d := build([]sim.NodeID{"a", "b", "c"})
	d.Rand(sim.StreamWorkload).Uint64()
	assert.NotEqual(t, h0, d.StateHash(), "PRNG state is hashed")
	assert.Len(t, h0.String(), 16)
	assert.Len(t, h0.Short(), 8)
	assert.False(t, h0.IsZero())
}

func TestHashEveryStep(t *testing.T) {
	s, _ := newSim(t, sim.Config{HashEveryStep: true})
	send(t, s, "a", "b", "m")
	e, _ := s.Step()
	assert.Equal(t, s.StateHash(), e.Hash)
	tr := s.Trace()
	assert.Equal(t, e.Hash, tr[0].Hash, "on the step's first entry")
	assert.True(t, tr[1].Hash.IsZero(), "only there")
}

func TestStateWriterIsUnambiguous(t *testing.T) {
	enc := func(fn func(w *sim.StateWriter)) sim.Hash {
		s := sim.New(sim.Config{})
		require.NoError(t, s.AddNode(&stateNode{id: "n", write: fn}))
		return s.StateHash()
	}
	assert.NotEqual(t,
		enc(func(w *sim.StateWriter) { w.String("ab"); w.String("c") }),
		enc(func(w *sim.StateWriter) { w.String("a"); w.String("bc") }))
	assert.NotEqual(t,
		enc(func(w *sim.StateWriter) { w.Bytes(nil); w.Bool(true) }),
		enc(func(w *sim.StateWriter) { w.Bool(true); w.Bytes(nil) }))
	assert.Equal(t,
		enc(func(w *sim.StateWriter) { w.Bytes(nil) }),
		enc(func(w *sim.StateWriter) { w.Bytes([]byte{}) }))
}

// stateNode writes whatever write writes.
type stateNode struct {
	id    sim.NodeID
	write func(w *sim.StateWriter)
}

func (n *stateNode) ID() sim.NodeID                 { return n.id }
func (n *stateNode) Receive(*sim.Env, sim.Message)  {}
func (n *stateNode) Timer(*sim.Env, sim.TimerEvent) {}
func (n *stateNode) AppendState(w *sim.StateWriter) { n.write(w) }
