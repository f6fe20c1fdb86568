package cluster_test

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

var seedFlag = flag.Uint64("seed", 0, "replay TestReplicationProperties with this seed")

// TestReplicationProperties runs random clusters and produce workloads with
// slow links, and checks after every step that every replica keeps
// logStart ≤ HW ≤ LEO and every leader is in its ISR ⊆ replicas; at the end,
// that offsets are contiguous on every replica, that all replicas agree byte
// for byte below their high watermarks, and that every record acknowledged
// with acks=all is committed at its offset. Each run prints its seed;
// go test -run TestReplicationProperties -seed=N replays one.
func TestReplicationProperties(t *testing.T) {
	var seeds []uint64
	switch {
	case *seedFlag != 0:
		seeds = []uint64{*seedFlag}
	default:
		n := 12
		if testing.Short() {
			n = 4
		}
		for range n {
			seeds = append(seeds, rand.Uint64()) // test code: real randomness picks seeds
		}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Logf("seed %d (replay with -seed=%d)", seed, seed)
			checkProperties(t, seed)
		})
	}
}

func checkProperties(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	brokers := 1 + rng.IntN(5)
	var c *cluster.Cluster
	var violation error
	cfg := cluster.Config{Seed: seed, Brokers: brokers, LatencyMs: int64(1 + rng.IntN(4)), ReplicaLagTimeMaxMs: int64(2000 + rng.IntN(8000)),
		QuietRecords: true, TraceLimit: 1 << 12,
		OnTrace: func(sim.TraceEntry) {
			if c != nil && violation == nil {
				violation = c.CheckInvariants()
			}
		}}
	c = start(t, cfg)
	rf := 1 + rng.IntN(brokers)
	parts := 1 + rng.IntN(4)
	minISR := 1 + rng.IntN(rf)
	configs := []string{fmt.Sprintf("min.insync.replicas=%d", minISR)}
	if rng.IntN(2) == 0 {
		configs = append(configs, "segment.bytes=2048")
	}
	_, err := c.CreateTopic(tools.CreateTopic{Name: "prop", Partitions: int32(parts), ReplicationFactor: int16(rf), Configs: configs})
	require.NoError(t, err)
	t.Logf("brokers=%d partitions=%d rf=%d min.insync.replicas=%d %v", brokers, parts, rf, minISR, configs)

	type acked struct {
		partition int32
		offset    int64
		value     []byte
	}
	var committed []acked
	for round := range 8 + rng.IntN(8) {
		switch rng.IntN(4) {
		case 0: // slow or heal a random link between brokers
			if brokers > 1 {
				a, b := int32(1+rng.IntN(brokers)), int32(1+rng.IntN(brokers))
				if a != b {
					require.NoError(t, c.SlowLink(broker.NodeID(a), broker.NodeID(b), int64(rng.IntN(3)*rng.IntN(15000))))
				}
			}
		case 1:
			_, err := c.RunFor(int64(rng.IntN(20000)))
			require.NoError(t, err)
		}
		acks := []string{"0", "1", "all"}[rng.IntN(3)]
		var recs []tools.ProducerRecord
		for i := range 1 + rng.IntN(40) {
			r := tools.ProducerRecord{Value: []byte(fmt.Sprintf("r%d-%d-%d", round, i, rng.IntN(1000))), Partition: -1}
			if rng.IntN(2) == 0 {
				r.Key = []byte(fmt.Sprintf("k%d", rng.IntN(10)))
			}
			recs = append(recs, r)
		}
		props := map[string]string{"acks": acks, "linger.ms": fmt.Sprint(rng.IntN(10)), "batch.size": fmt.Sprint(200 + rng.IntN(2000)),
			"request.timeout.ms": "5000", "delivery.timeout.ms": "20000"}
		reports, err := c.Produce(tools.ProduceSpec{Topic: "prop", Records: recs, Properties: props})
		require.NoError(t, err)
		require.NoError(t, violation, "seed %d", seed)
		for i, r := range reports {
			if acks == "all" && r.Err == nil {
				committed = append(committed, acked{r.Partition, r.Offset, recs[i].Value})
			}
		}
	}
	require.NoError(t, c.HealAll())
	_, err = c.RunFor(30000)
	require.NoError(t, err)
	_, err = c.RunUntilIdle()
	require.NoError(t, err, "seed %d", seed)
	require.NoError(t, violation, "seed %d", seed)

	for p := range int32(parts) {
		var logs [][]byte
		var hws []int64
		for id := int32(1); id <= int32(brokers); id++ {
			rep, ok := c.Replica(id, "prop", p)
			if !ok {
				continue
			}
			data := readAll(t, c, id, p, rep.LogStartOffset, rep.HW)
			requireContiguous(t, data, rep.LogStartOffset, seed)
			logs = append(logs, data)
			hws = append(hws, rep.HW)
		}
		minHW := slices.Min(hws)
		for i := 1; i < len(logs); i++ {
			a, b := prefixBelow(logs[0], minHW), prefixBelow(logs[i], minHW)
			require.True(t, bytes.Equal(a, b), "seed %d: replicas of prop-%d differ below HW %d", seed, p, minHW)
		}
	}
	for _, a := range committed {
		got, err := c.Fetch(tools.FetchSpec{Topic: "prop", Partitions: []int32{a.partition}, Offset: a.offset, MaxMessages: 1, TimeoutMs: 1000})
		require.NoError(t, err)
		require.Len(t, got, 1, "seed %d: acked record prop-%d@%d", seed, a.partition, a.offset)
		require.Equal(t, a.value, got[0].Value, "seed %d: prop-%d@%d", seed, a.partition, a.offset)
	}
}

// readAll reads a replica's batches from offset up to upTo, across segments.
func readAll(t *testing.T, c *cluster.Cluster, id, p int32, offset, upTo int64) []byte {
	var out []byte
	for offset < upTo {
		b, err := c.ReadReplicaLog(id, "prop", p, offset, 1<<30, upTo)
		require.NoError(t, err)
		if len(b) == 0 {
			break
		}
		out = append(out, b...)
		_, last := batchBounds(b)
		offset = last + 1
	}
	return out
}

func batchBounds(b []byte) (first, last int64) {
	first = -1
	for pos := 0; pos+61 <= len(b); {
		base := int64(binary.BigEndian.Uint64(b[pos:]))
		if first < 0 {
			first = base
		}
		last = base + int64(int32(binary.BigEndian.Uint32(b[pos+23:])))
		pos += int(binary.BigEndian.Uint32(b[pos+8:])) + 12
	}
	return first, last
}

func requireContiguous(t *testing.T, b []byte, start int64, seed uint64) {
	next := int64(-1)
	for pos := 0; pos+61 <= len(b); {
		base := int64(binary.BigEndian.Uint64(b[pos:]))
		last := base + int64(int32(binary.BigEndian.Uint32(b[pos+23:])))
		if next >= 0 {
			require.Equal(t, next, base, "seed %d: offsets not contiguous", seed)
		} else {
			require.LessOrEqual(t, base, start, "seed %d: first batch", seed)
		}
		next = last + 1
		pos += int(binary.BigEndian.Uint32(b[pos+8:])) + 12
	}
}

// prefixBelow returns the batches of b wholly below hw.
func prefixBelow(b []byte, hw int64) []byte {
	pos := 0
	for pos+61 <= len(b) {
		base := int64(binary.BigEndian.Uint64(b[pos:]))
		last := base + int64(int32(binary.BigEndian.Uint32(b[pos+23:])))
		if last >= hw {
			break
		}
		pos += int(binary.BigEndian.Uint32(b[pos+8:])) + 12
	}
	return b[:pos]
}

// TestSameSeedSameRun: the same seed and inputs give the same trace and the
// same state hash after every step.
func TestSameSeedSameRun(t *testing.T) {
	run := func() ([]string, []sim.Hash) {
		var labels []string
		var hashes []sim.Hash
		c := start(t, cluster.Config{Seed: 99, HashEveryStep: true, OnTrace: func(e sim.TraceEntry) {
			labels = append(labels, fmt.Sprintf("%d %s %s>%s %s", e.Time, e.Kind, e.From, e.To, e.Label))
			if !e.Hash.IsZero() {
				hashes = append(hashes, e.Hash)
			}
		}})
		_, err := c.CreateTopic(tools.CreateTopic{Name: "order_events", Partitions: 3, ReplicationFactor: 3})
		require.NoError(t, err)
		_, err = c.Produce(tools.ProduceSpec{Topic: "order_events", Records: keyed(20, "o")})
		require.NoError(t, err)
		require.NoError(t, c.SlowLink(broker.NodeID(2), broker.NodeID(1), 700))
		_, err = c.Produce(tools.ProduceSpec{Topic: "order_events", Records: keyed(20, "p"), Properties: map[string]string{"acks": "1"}})
		require.NoError(t, err)
		_, err = c.RunUntilIdle()
		require.NoError(t, err)
		return labels, hashes
	}
	l1, h1 := run()
	l2, h2 := run()
	require.Equal(t, l1, l2)
	require.Equal(t, h1, h2)
	require.Greater(t, len(h1), 100)
}
