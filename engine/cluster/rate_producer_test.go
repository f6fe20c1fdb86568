package cluster_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

// Record i of a rate producer is sent at floor(i·1000/rate) ms after its
// start, so 7/s for 3 s sends records 0…21; stopping flushes them all; the
// run is deterministic.
func TestRateProducerSendsAtItsRate(t *testing.T) {
	run := func() tools.RateProducerInfo {
		c := faultCluster(t, cluster.Config{Seed: 9})
		require.NoError(t, c.StartRateProducer(tools.RateProducerSpec{Name: "p", Topic: "t", PerSecond: 7}))
		_, err := c.RunFor(3000)
		require.NoError(t, err)
		require.NoError(t, c.StopRateProducer("p"))
		_, err = c.RunFor(1000)
		require.NoError(t, err)
		ps := c.RateProducers()
		require.Len(t, ps, 1)
		r, ok := c.Replica(1, "t", 0)
		require.True(t, ok)
		require.Equal(t, ps[0].Acked, r.HW, "every acknowledged record is in the log")
		return ps[0]
	}
	got := run()
	require.Equal(t, tools.RateProducerInfo{Name: "p", Topic: "t", PerSecond: 7, Sent: 22, Acked: 22}, got)
	require.Equal(t, got, run(), "same seed, same run")
}

// --count stops the producer by itself; a name in use is refused; a
// stopped producer starts again with fresh counts.
func TestRateProducerCountAndRestart(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 9})
	require.NoError(t, c.StartRateProducer(tools.RateProducerSpec{Name: "p", Topic: "t", PerSecond: 100, Count: 5, Keys: 2}))
	_, err := c.RunFor(1000)
	require.NoError(t, err)
	require.Equal(t, []tools.RateProducerInfo{{Name: "p", Topic: "t", PerSecond: 100, Sent: 5, Acked: 5}}, c.RateProducers())
	require.Error(t, c.StartRateProducer(tools.RateProducerSpec{Name: "broker-1", Topic: "t", PerSecond: 1}))
	require.Error(t, c.StartRateProducer(tools.RateProducerSpec{Name: "q", Topic: "t", PerSecond: 0}))
	require.NoError(t, c.StartRateProducer(tools.RateProducerSpec{Name: "p", Topic: "t", PerSecond: 10}))
	require.Error(t, c.StartRateProducer(tools.RateProducerSpec{Name: "p", Topic: "t", PerSecond: 10}), "already running")
	_, err = c.RunFor(500)
	require.NoError(t, err)
	ps := c.RateProducers()
	require.True(t, ps[0].Running)
	require.Equal(t, int64(6), ps[0].Sent)
}

// Stopping a producer with nothing in flight stops it at once.
func TestRateProducerStopWhenIdle(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 9})
	require.NoError(t, c.StartRateProducer(tools.RateProducerSpec{Name: "p", Topic: "t", PerSecond: 2}))
	_, err := c.RunFor(1200) // records at 0, 500 and 1000 ms, all acknowledged by now
	require.NoError(t, err)
	require.NoError(t, c.StopRateProducer("p"))
	ps := c.RateProducers()
	require.False(t, ps[0].Running)
	require.Equal(t, int64(3), ps[0].Sent)
	_, err = c.RunFor(2000)
	require.NoError(t, err)
	require.Equal(t, int64(3), c.RateProducers()[0].Sent, "no record after stop")
}
