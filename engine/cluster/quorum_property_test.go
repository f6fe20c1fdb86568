package cluster_test

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// TestQuorumFailoverProperties runs a 3- or 5-controller cluster through a
// random schedule, from the seed, of controller crashes and restarts, cuts
// between controllers and between a controller and everything else, broker
// crashes and restarts, preferred leader elections, topic creations and
// added partitions; the quorum
// checker (cluster.QuorumChecker) runs after every simulation event: one
// leader per epoch, a committed prefix that never changes, images equal to
// the replay of the log, brokers never past the committed offset. A
// CreateTopics whose answer was lost is retried and must answer
// TOPIC_ALREADY_EXISTS if the first one was committed, and no topic is ever
// created twice. Then everything heals: a leader must appear and every
// controller and broker must catch up with the committed log, which must
// hold every topic whose creation was acknowledged. Each run prints its seed;
// go test ./engine/cluster -run TestQuorumFailoverProperties -seed=N replays it.
func TestQuorumFailoverProperties(t *testing.T) {
	var seeds []uint64
	switch {
	case *seedFlag != 0:
		seeds = []uint64{*seedFlag}
	default:
		n := 8
		if testing.Short() {
			n = 3
		}
		for range n {
			seeds = append(seeds, rand.Uint64()) // test code: real randomness picks seeds
		}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Logf("seed %d (replay with -run TestQuorumFailoverProperties -seed=%d)", seed, seed)
			checkQuorumFailover(t, seed)
		})
	}
}

func checkQuorumFailover(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 5))
	controllers := 3
	if rng.IntN(4) == 0 {
		controllers = 5
	}
	brokers := 1 + rng.IntN(4)
	var c *cluster.Cluster
	qc := cluster.NewQuorumChecker()
	var violation error
	cfg := cluster.Config{Seed: seed, Brokers: brokers, Controllers: controllers, LatencyMs: int64(1 + rng.IntN(3)),
		QuietRecords: true, TraceLimit: 1 << 12,
		OnTrace: func(sim.TraceEntry) {
			if c != nil && violation == nil {
				violation = qc.Check(c)
			}
		}}
	c, err := cluster.New(cfg)
	require.NoError(t, err)
	require.NoError(t, c.Start())
	require.NoError(t, violation)
	nodes := c.ControllerNodes()
	acked := map[string]bool{}  // creations the controller acknowledged
	unsure := map[string]bool{} // creations whose answer never came
	for step := range 40 {
		var what string
		switch k := rng.IntN(12); {
		case k < 3:
			name := fmt.Sprintf("t%d", step)
			what = "create " + name
			_, err := c.CreateTopic(toolsapi.CreateTopic{Name: name, Partitions: int32(1 + rng.IntN(3)), ReplicationFactor: int16(1 + rng.IntN(brokers))})
			switch {
			case err == nil:
				acked[name] = true
			case errors.Is(err, kerr.InvalidReplicationFactor):
				// too few unfenced brokers right now
			default:
				unsure[name] = true
			}
		case k == 3:
			n := nodes[rng.IntN(len(nodes))]
			what = "crash " + string(n)
			_ = c.CrashController(n)
		case k == 4:
			n := nodes[rng.IntN(len(nodes))]
			what = "restart " + string(n)
			_ = c.RestartController(n)
		case k == 5:
			a, b := nodes[rng.IntN(len(nodes))], nodes[rng.IntN(len(nodes))]
			what = fmt.Sprintf("cut %s %s", a, b)
			if a != b {
				require.NoError(t, c.CutLink(a, b, rng.IntN(2) == 0))
			}
		case k == 6:
			what = "heal"
			require.NoError(t, c.HealAll())
		case k == 7:
			n := nodes[rng.IntN(len(nodes))]
			what = "isolate " + string(n)
			require.NoError(t, c.IsolateNode(n))
		case k == 8:
			id := int32(1 + rng.IntN(brokers))
			what = fmt.Sprintf("restart broker %d", id)
			_ = c.RestartBroker(id)
		case k == 9 && len(acked) > 0:
			name := sortedKeys(acked)[rng.IntN(len(acked))]
			what = "elect preferred leaders of " + name
			_, _ = c.ElectPreferredLeaders(name)
		case k == 10 && len(acked) > 0:
			name := sortedKeys(acked)[rng.IntN(len(acked))]
			what = "add a partition to " + name
			if d, err := c.DescribeTopics([]string{name}); err == nil && len(d) == 1 {
				_ = c.CreatePartitions(name, int32(len(d[0].Partitions)+1), nil)
			}
		default:
			what = "run"
		}
		_, _ = c.RunFor(int64(100 + rng.IntN(4000)))
		require.NoError(t, violation, "after step %d (%s)", step, what)
	}
	// Heal everything and let the quorum settle.
	require.NoError(t, c.HealAll())
	for _, n := range nodes {
		if !c.Quorum()[indexOf(nodes, n)].Up {
			require.NoError(t, c.RestartController(n))
		}
	}
	for id := range int32(brokers) {
		if !c.Snapshot().Brokers[id].Up {
			require.NoError(t, c.RestartBroker(id+1))
		}
	}
	_, _ = c.RunFor(30_000)
	require.NoError(t, violation)
	// A retried CreateTopics answers TOPIC_ALREADY_EXISTS if the lost one
	// was committed, and creates the topic otherwise.
	for name := range unsure {
		_, err := c.CreateTopic(toolsapi.CreateTopic{Name: name, Partitions: 1, ReplicationFactor: 1})
		if err != nil {
			require.ErrorIs(t, err, kerr.TopicAlreadyExists, "retry of %s", name)
		}
		acked[name] = true
	}
	_, _ = c.RunFor(10_000)
	require.NoError(t, violation)

	var leader cluster.ControllerQuorumState
	for _, q := range c.Quorum() {
		if q.Active {
			leader = q
		}
	}
	require.True(t, leader.Active, "no active controller after healing: %+v", c.Quorum())
	for _, q := range c.Quorum() {
		require.True(t, q.Up)
		require.Equal(t, leader.Epoch, q.Epoch, "%s", q.Node)
		require.Equal(t, leader.EndOffset, q.EndOffset, "%s caught up", q.Node)
	}
	for _, b := range c.Snapshot().Brokers {
		require.Equal(t, leader.HighWatermark, b.MetadataOffset, "broker %d caught up", b.ID)
		require.False(t, b.Fenced, "broker %d", b.ID)
	}
	created := map[string]int{}
	for _, r := range qc.Committed() {
		if r.Topic != nil {
			created[r.Topic.Name]++
		}
	}
	for name := range acked {
		require.Equal(t, 1, created[name], "topic %s created once", name)
	}
	for name, n := range created {
		require.Equal(t, 1, n, "topic %s created %d times", name, n)
	}
}

func sortedKeys(m map[string]bool) []string {
	return slices.Sorted(maps.Keys(m))
}

func indexOf(nodes []sim.NodeID, n sim.NodeID) int {
	for i, x := range nodes {
		if x == n {
			return i
		}
	}
	return -1
}
