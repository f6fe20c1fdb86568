package replica_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/kafkalab/kafkalab/engine/replica"
	"github.com/stretchr/testify/require"
)

const lag = 30000

func leader(t *testing.T, minISR int32) *replica.Partition {
	t.Helper()
	l, _, err := log.Open(log.NewMemStorage(), log.DefaultConfig(), log.Options{})
	require.NoError(t, err)
	cfg := metadata.DefaultTopicConfig()
	cfg.MinInsyncReplicas = minISR
	p := &replica.Partition{TP: protocol.TopicPartition{Topic: "t", Partition: 0}, BrokerID: 1, Log: l, Config: cfg, Leader: -1}
	require.True(t, p.MakeLeader(metadata.Partition{Replicas: []int32{1, 2, 3}, ISR: []int32{1, 2, 3}, Leader: 1}, 0))
	return p
}

func appendN(t *testing.T, p *replica.Partition, n int) {
	t.Helper()
	b := &record.Batch{LastOffsetDelta: int32(n - 1), ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1}
	for i := range n {
		b.Records = append(b.Records, record.Record{OffsetDelta: int32(i), Value: []byte("v")})
	}
	_, err := p.Log.Append(record.AppendBatch(nil, b), p.LeaderEpoch, 0)
	require.NoError(t, err)
}

// The high watermark is the least LEO over the ISR, learned from fetch
// offsets (Partition.maybeIncrementLeaderHW).
func TestHighWatermarkIsMinLEOOverISR(t *testing.T) {
	p := leader(t, 1)
	appendN(t, p, 5)
	require.False(t, p.MaybeIncrementHW(10, lag, nil), "followers' LEOs unknown")
	p.UpdateFollowerFetch(2, 5, 10)
	require.False(t, p.MaybeIncrementHW(10, lag, nil))
	p.UpdateFollowerFetch(3, 3, 10)
	require.True(t, p.MaybeIncrementHW(10, lag, nil))
	require.Equal(t, int64(3), p.HW)
	p.UpdateFollowerFetch(3, 5, 11)
	require.True(t, p.MaybeIncrementHW(11, lag, nil))
	require.Equal(t, int64(5), p.HW)
	require.NoError(t, p.CheckInvariants())
}

// Since Kafka 3.7 the HW does not advance while the ISR is below
// min.insync.replicas (KAFKA-15583).
func TestHighWatermarkHeldUnderMinISR(t *testing.T) {
	p := leader(t, 3)
	appendN(t, p, 2)
	p.UpdateFollowerFetch(2, 2, 1)
	p.UpdateFollowerFetch(3, 2, 1)
	p.UpdateISR(metadata.Partition{Replicas: []int32{1, 2, 3}, ISR: []int32{1, 2}, Leader: 1, PartitionEpoch: 1})
	require.True(t, p.UnderMinISR())
	require.False(t, p.MaybeIncrementHW(2, lag, nil))
	require.Equal(t, int64(0), p.HW)
}

// lastCaughtUpTime follows Replica.updateFetchStateOrThrow: a fetch at the
// leader's LEO is caught up now; a fetch that reached the LEO the leader had
// at the previous fetch was caught up then. A silent follower at the
// leader's LEO stays in sync.
func TestCaughtUpAndShrink(t *testing.T) {
	p := leader(t, 1)
	p.UpdateFollowerFetch(2, 0, 100)
	p.UpdateFollowerFetch(3, 0, 100)
	require.Empty(t, p.OutOfSync(100+10*lag, lag), "no data: silent followers stay in sync")
	appendN(t, p, 4) // LEO 4
	p.UpdateFollowerFetch(2, 0, 200)
	p.UpdateFollowerFetch(2, 4, 300) // reached the LEO seen at 200: caught up at 300 (it is the LEO now)
	require.Equal(t, int64(300), p.Follower(2).LastCaughtUpTimeMs)
	appendN(t, p, 1)                 // LEO 5
	p.UpdateFollowerFetch(2, 4, 400) // reached the LEO seen at 300 (4): caught up as of 300
	require.Equal(t, int64(300), p.Follower(2).LastCaughtUpTimeMs)
	require.Equal(t, []int32{3}, p.OutOfSync(100+lag+1, lag), "broker 3 last caught up at 100")
	require.Equal(t, []int32{2, 3}, p.OutOfSync(300+lag+1, lag))
}

// A follower joins the ISR once its LEO reaches the HW and the leader
// epoch's start; one AlterPartition at a time.
func TestExpandAndPending(t *testing.T) {
	p := leader(t, 1)
	p.UpdateISR(metadata.Partition{Replicas: []int32{1, 2, 3}, ISR: []int32{1, 2}, Leader: 1, PartitionEpoch: 1})
	appendN(t, p, 3)
	p.UpdateFollowerFetch(2, 3, 1)
	require.True(t, p.MaybeIncrementHW(1, lag, nil))
	p.UpdateFollowerFetch(3, 2, 2)
	require.False(t, p.ShouldExpand(3, nil), "LEO 2 < HW 3")
	p.UpdateFollowerFetch(3, 3, 3)
	require.True(t, p.ShouldExpand(3, nil))
	require.False(t, p.ShouldExpand(3, func(int32) bool { return false }), "fenced brokers may not join")
	require.True(t, p.ProposeISR([]int32{1, 2, 3}))
	require.False(t, p.ProposeISR([]int32{1}), "one AlterPartition in flight")
	require.ElementsMatch(t, []int32{1, 2, 3}, p.MaximalISR())
	require.True(t, p.SettleAlterPartition(true, []int32{1, 2, 3}, 2))
	require.Equal(t, int32(2), p.PartitionEpoch)
	require.Nil(t, p.PendingISR)
}

// A follower's HW is the leader's clamped to its own LEO.
func TestFollowerHW(t *testing.T) {
	p := leader(t, 1)
	p.MakeFollower(metadata.Partition{Replicas: []int32{1, 2, 3}, ISR: []int32{1, 2, 3}, Leader: 2, LeaderEpoch: 1})
	appendN(t, p, 2)
	require.True(t, p.UpdateFollowerHW(10))
	require.Equal(t, int64(2), p.HW)
}

// KIP-704: a follower holds the controller's leader recovery state; a leader
// marks a RECOVERING partition RECOVERED as it takes over
// (Partition.makeLeader), and stays RECOVERED through later updates.
func TestLeaderRecoveryState(t *testing.T) {
	l, _, err := log.Open(log.NewMemStorage(), log.DefaultConfig(), log.Options{})
	require.NoError(t, err)
	p := &replica.Partition{TP: protocol.TopicPartition{Topic: "t", Partition: 0}, BrokerID: 2, Log: l, Config: metadata.DefaultTopicConfig(), Leader: -1}
	recovering := metadata.Partition{Replicas: []int32{1, 2}, ISR: []int32{1}, Leader: 1, LeaderEpoch: 3, PartitionEpoch: 5, Recovering: true}
	require.True(t, p.MakeFollower(recovering))
	require.True(t, p.Recovering, "a follower holds the controller's RECOVERING")
	recovered := recovering.Clone()
	recovered.ISR, recovered.Recovering, recovered.PartitionEpoch = []int32{1, 2}, false, 6
	require.False(t, p.MakeFollower(recovered))
	require.False(t, p.Recovering, "and the controller's RECOVERED")

	unclean := metadata.Partition{Replicas: []int32{1, 2}, ISR: []int32{2}, Leader: 2, LeaderEpoch: 4, PartitionEpoch: 7, Recovering: true}
	require.True(t, p.MakeLeader(unclean, 0))
	require.False(t, p.Recovering, "a leader is RECOVERED at once")
	shrunk := unclean.Clone()
	shrunk.PartitionEpoch = 8
	p.UpdateISR(shrunk)
	require.False(t, p.Recovering, "a leader stays RECOVERED while the controller still says RECOVERING")
}
