package sim_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/stretchr/testify/require"
)

// client is a recorder that is told of closed connections.
type client struct {
	recorder
	closed []string // "peer@ms"
}

func (c *client) Disconnected(env *sim.Env, peer sim.NodeID, refused bool) {
	how := "@"
	if refused {
		how = " refused@"
	}
	c.closed = append(c.closed, string(peer)+how+itoa(env.Now()))
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func newPair(t *testing.T) (*sim.Sim, *client, *recorder) {
	t.Helper()
	s := sim.New(sim.Config{Seed: 1, LatencyMs: 3})
	a := &client{recorder: recorder{id: "a"}}
	b := &recorder{id: "b"}
	require.NoError(t, s.AddNode(a))
	require.NoError(t, s.AddNode(b))
	return s, a, b
}

func sendTo(t *testing.T, s *sim.Sim, from, to sim.NodeID, label string) {
	t.Helper()
	require.NoError(t, s.Do(from, label, func(env *sim.Env) { env.Send(sim.Message{To: to, API: "Fetch", Label: label}) }))
}

// A crashed process closes its connections: a peer that talked to it is
// told one link latency later, and one that sends to it while it is down is
// refused as fast. A power loss (Stop) tells nobody.
func TestCrashClosesConnections(t *testing.T) {
	s, a, b := newPair(t)
	sendTo(t, s, "a", "b", "request")
	err := s.RunUntilIdle(100)
	require.NoError(t, err)
	require.Equal(t, []string{"request"}, b.labels())

	require.NoError(t, s.Crash("b"))
	err = s.RunUntilIdle(100)
	require.NoError(t, err)
	require.Equal(t, []string{"b@6"}, a.closed, "told after the link's 3 ms")
	var kinds []sim.Kind
	for _, e := range s.Trace() {
		if e.Kind == sim.KindDisconnect {
			kinds = append(kinds, e.Kind)
			require.Equal(t, sim.NodeID("b"), e.From)
			require.Equal(t, sim.NodeID("a"), e.To)
		}
	}
	require.Len(t, kinds, 1)

	sendTo(t, s, "a", "b", "again")
	err = s.RunUntilIdle(100)
	require.NoError(t, err)
	require.Equal(t, []string{"b@6", "b refused@12"}, a.closed, "refused: 3 ms there, 3 ms back")
	last := s.Trace()
	var refused bool
	for _, e := range last {
		if e.Kind == sim.KindDrop && e.Reason == sim.ReasonRefused {
			refused = true
		}
	}
	require.True(t, refused)

	require.NoError(t, s.Start("b"))
	sendTo(t, s, "a", "b", "after restart")
	err = s.RunUntilIdle(100)
	require.NoError(t, err)
	require.Equal(t, []string{"request", "after restart"}, b.labels())

	require.NoError(t, s.Stop("b"), "a power loss")
	sendTo(t, s, "a", "b", "lost")
	err = s.RunUntilIdle(100)
	require.NoError(t, err)
	require.Len(t, a.closed, 2, "a power loss and its dead machine say nothing")
}

// The notice is lost like a message when the link back is cut, and a
// paused peer gets it when it resumes.
func TestCrashNoticeCutAndPaused(t *testing.T) {
	s, a, _ := newPair(t)
	sendTo(t, s, "a", "b", "request")
	err := s.RunUntilIdle(100)
	require.NoError(t, err)
	s.Net().Cut("b", "a")
	require.NoError(t, s.Crash("b"))
	err = s.RunUntilIdle(100)
	require.NoError(t, err)
	require.Empty(t, a.closed)

	s, a, _ = newPair(t)
	sendTo(t, s, "a", "b", "request")
	err = s.RunUntilIdle(100)
	require.NoError(t, err)
	require.NoError(t, s.Pause("a"))
	require.NoError(t, s.Crash("b"))
	err = s.RunUntilIdle(100)
	require.NoError(t, err)
	require.Empty(t, a.closed)
	require.NoError(t, s.Resume("a"))
	err = s.RunUntilIdle(100)
	require.NoError(t, err)
	require.Len(t, a.closed, 1)
}

// The reconnect backoff starts at reconnect.backoff.ms, doubles with each
// failed attempt up to reconnect.backoff.max.ms, ignores notices during the
// wait, and a working connection resets it.
func TestReconnectBackoff(t *testing.T) {
	var r sim.Reconnects
	require.Equal(t, int64(0), r.Until("b", 0))
	require.Equal(t, int64(50), r.Failed("b", 0))
	require.Equal(t, int64(50), r.Until("b", 10))
	require.Equal(t, int64(30), r.Failed("b", 20), "same attempt")
	now := int64(50)
	for _, want := range []int64{100, 200, 400, 800, 1000, 1000} {
		require.Equal(t, int64(0), r.Until("b", now))
		require.Equal(t, want, r.Failed("b", now))
		now += want
	}
	r.Connected("b")
	require.Equal(t, int64(50), r.Failed("b", now))
}

// Two runs with the same crashes and sends end in the same state.
func TestCrashIsDeterministic(t *testing.T) {
	run := func() sim.Hash {
		s, _, _ := newPair(t)
		sendTo(t, s, "a", "b", "request")
		require.NoError(t, s.RunUntilIdle(100))
		require.NoError(t, s.Crash("b"))
		sendTo(t, s, "a", "b", "refused")
		require.NoError(t, s.RunUntilIdle(100))
		return s.StateHash()
	}
	require.Equal(t, run(), run())
}
