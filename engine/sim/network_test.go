package sim_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// drops returns the reasons of the drop entries in s's trace, in order.
func drops(s *sim.Sim) []string {
	var out []string
	for _, e := range s.Trace() {
		if e.Kind == sim.KindDrop {
			out = append(out, e.Label+": "+e.Reason)
		}
	}
	return out
}

func TestLinksAreFIFOUnderJitter(t *testing.T) {
	s, nodes := newSim(t, sim.Config{Seed: 9})
	s.Net().SetJitter(50)
	require.NoError(t, s.Do("a", "burst", func(env *sim.Env) {
		for i := range 100 {
			env.Send(sim.Message{To: "b", Label: string(rune('A' + i%26))})
			env.Send(sim.Message{To: "c", Label: string(rune('A' + i%26))})
		}
	}))
	require.NoError(t, s.RunUntilIdle(1000))
	for _, id := range []sim.NodeID{"b", "c"} {
		got := nodes[id].got
		require.Len(t, got, 100)
		for i := 1; i < len(got); i++ {
			assert.Less(t, got[i-1].ID, got[i].ID, "%s received out of order", id)
			assert.LessOrEqual(t, got[i-1].ArriveAt, got[i].ArriveAt)
		}
	}
	assert.Greater(t, s.Now(), int64(1), "jitter spread the arrivals")
	assert.LessOrEqual(t, s.Now(), int64(51))
}

func TestLatencyPerLinkAndSlow(t *testing.T) {
	s, nodes := newSim(t, sim.Config{LatencyMs: 5})
	s.Net().SetLinkLatency("a", "c", 20)
	s.Net().Slow("a", "b", 100)
	send(t, s, "a", "b", "slow")
	send(t, s, "a", "c", "far")
	send(t, s, "b", "a", "normal")
	require.NoError(t, s.RunUntilIdle(100))
	assert.Equal(t, int64(105), nodes["b"].got[0].ArriveAt)
	assert.Equal(t, int64(20), nodes["c"].got[0].ArriveAt)
	assert.Equal(t, int64(5), nodes["a"].got[0].ArriveAt)

	s.Net().Slow("a", "b", 0)
	send(t, s, "a", "b", "fast again")
	require.NoError(t, s.RunUntilIdle(100))
	assert.Equal(t, s.Now(), nodes["b"].got[1].ArriveAt)
	assert.Equal(t, nodes["b"].got[1].SentAt+5, nodes["b"].got[1].ArriveAt)
}

func TestCutOneWayAndHeal(t *testing.T) {
	s, nodes := newSim(t, sim.Config{})
	s.Net().Cut("a", "b")
	send(t, s, "a", "b", "a→b")
	send(t, s, "b", "a", "b→a")
	require.NoError(t, s.RunUntilIdle(100))
	assert.Empty(t, nodes["b"].got)
	assert.Equal(t, []string{"b→a"}, nodes["a"].labels())
	assert.Equal(t, []string{"a→b: link cut"}, drops(s))

	s.Net().Heal("a", "b")
	send(t, s, "a", "b", "after heal")
	require.NoError(t, s.RunUntilIdle(100))
	assert.Equal(t, []string{"after heal"}, nodes["b"].labels())

	s.Net().CutBoth("a", "b")
	send(t, s, "a", "b", "x")
	send(t, s, "b", "a", "y")
	require.NoError(t, s.RunUntilIdle(100))
	assert.Len(t, drops(s), 3)
	s.Net().HealBoth("a", "b")
	send(t, s, "b", "a", "z")
	require.NoError(t, s.RunUntilIdle(100))
	assert.Equal(t, []string{"b→a", "z"}, nodes["a"].labels())
}

func TestCutWhileInFlightDrops(t *testing.T) {
	s, nodes := newSim(t, sim.Config{LatencyMs: 10})
	send(t, s, "a", "b", "in flight")
	require.NoError(t, s.RunFor(5, 10))
	require.NoError(t, s.Inject(5, "", "cut", func(*sim.Env) { s.Net().Cut("a", "b") }))
	require.NoError(t, s.RunUntilIdle(10))
	assert.Empty(t, nodes["b"].got)
	assert.Equal(t, []string{"in flight: link cut"}, drops(s))
	var fault sim.TraceEntry
	for _, e := range s.Trace() {
		if e.Kind == sim.KindFault {
			fault = e
		}
	}
	assert.Equal(t, "cut a → b", fault.Label)
	assert.Equal(t, uint64(2), fault.Step, "a fault injected as an input belongs to its step")
}

func TestIsolateAndSplit(t *testing.T) {
	s, nodes := newSim(t, sim.Config{})
	s.Net().Isolate("a")
	send(t, s, "a", "b", "from a")
	send(t, s, "c", "a", "to a")
	send(t, s, "b", "c", "b to c")
	require.NoError(t, s.RunUntilIdle(100))
	assert.Equal(t, []string{"from a: node isolated", "to a: node isolated"}, drops(s))
	assert.Equal(t, []string{"b to c"}, nodes["c"].labels())
	s.Net().Rejoin("a")

	// a | b, with c in neither side: c bridges them.
	s.Net().Split([]sim.NodeID{"a"}, []sim.NodeID{"b"})
	send(t, s, "a", "b", "across")
	send(t, s, "a", "c", "to bridge")
	send(t, s, "c", "b", "from bridge")
	require.NoError(t, s.RunUntilIdle(100))
	assert.Equal(t, "across: link cut", drops(s)[2])
	assert.Equal(t, []string{"b to c", "to bridge"}, nodes["c"].labels())
	assert.Equal(t, []string{"from bridge"}, nodes["b"].labels())

	s.Net().HealAll()
	send(t, s, "a", "b", "healed")
	require.NoError(t, s.RunUntilIdle(100))
	assert.Equal(t, []string{"from bridge", "healed"}, nodes["b"].labels())
}

func TestDropNext(t *testing.T) {
	s, nodes := newSim(t, sim.Config{})
	s.Net().DropNext("a", "b", 2)
	for _, l := range []string{"1", "2", "3"} {
		send(t, s, "a", "b", l)
	}
	require.NoError(t, s.RunUntilIdle(100))
	assert.Equal(t, []string{"3"}, nodes["b"].labels())
	assert.Equal(t, []string{"1: dropped on purpose", "2: dropped on purpose"}, drops(s))
}

func TestRandomLossIsARatioFromTheNetworkStream(t *testing.T) {
	run := func(seed uint64) []string {
		s, nodes := newSim(t, sim.Config{Seed: seed})
		s.Net().SetLoss(1, 4)
		s.Net().SetLinkLoss("a", "c", 0, 1) // no loss on this link
		require.NoError(t, s.Do("a", "burst", func(env *sim.Env) {
			for range 1000 {
				env.Send(sim.Message{To: "b"})
				env.Send(sim.Message{To: "c"})
			}
		}))
		require.NoError(t, s.RunUntilIdle(10000))
		assert.Len(t, nodes["c"].got, 1000)
		assert.InDelta(t, 750, len(nodes["b"].got), 60)
		return drops(s)
	}
	assert.Equal(t, run(1), run(1))
	assert.NotEqual(t, run(1), run(2))

	// No loss or jitter configured: the network stream is never drawn.
	s, _ := newSim(t, sim.Config{Seed: 1})
	send(t, s, "a", "b", "m")
	require.NoError(t, s.RunUntilIdle(10))
	assert.Equal(t, sim.New(sim.Config{Seed: 1}).Rand(sim.StreamNetwork).Uint64(), s.Rand(sim.StreamNetwork).Uint64())
	assert.Panics(t, func() { s.Net().SetLoss(2, 1) })
	assert.Panics(t, func() { s.Net().SetLoss(0, 0) })
}

func TestStoppedNodeDropsMessagesAndTimers(t *testing.T) {
	s, nodes := newSim(t, sim.Config{LatencyMs: 10})
	require.NoError(t, s.Do("b", "arm", func(env *sim.Env) { env.After(5, "t", nil) }))
	send(t, s, "a", "b", "while down")
	require.NoError(t, s.RunFor(1, 10))
	require.NoError(t, s.Stop("b"))
	assert.False(t, s.IsUp("b"))
	assert.Equal(t, 1, s.Pending(), "b's timer was cancelled; the message is in flight")
	require.NoError(t, s.RunUntilIdle(10))
	assert.Empty(t, nodes["b"].got)
	assert.Empty(t, nodes["b"].timers)
	assert.Equal(t, []string{"while down: node down"}, drops(s))

	require.NoError(t, s.Start("b"))
	send(t, s, "a", "b", "back up")
	require.NoError(t, s.RunUntilIdle(10))
	assert.Equal(t, []string{"back up"}, nodes["b"].labels())
}

func TestSendToUnknownNodeIsDropped(t *testing.T) {
	s, _ := newSim(t, sim.Config{})
	send(t, s, "a", "nobody", "lost")
	require.NoError(t, s.RunUntilIdle(10))
	assert.Equal(t, []string{"lost: no such node"}, drops(s))
	assert.Equal(t, 0, s.Pending())
}
