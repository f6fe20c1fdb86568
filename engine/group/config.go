package group

import (
	"errors"
	"math"

	"github.com/google/uuid"
)

// Config holds the broker settings the coordinator needs, with Kafka's names
// (GroupCoordinatorConfig.java).
type Config struct {
	// Partition is the __consumer_offsets partition this coordinator leads.
	Partition int
	// NumPartitions is offsets.topic.num.partitions (default 50).
	NumPartitions int
	// MinSessionTimeoutMs is group.min.session.timeout.ms (default 6000).
	MinSessionTimeoutMs int32
	// MaxSessionTimeoutMs is group.max.session.timeout.ms (default 1800000).
	MaxSessionTimeoutMs int32
	// InitialRebalanceDelayMs is group.initial.rebalance.delay.ms (default 3000).
	InitialRebalanceDelayMs int32
	// MaxSize is group.max.size (default Integer.MAX_VALUE).
	MaxSize int
	// NewMemberJoinTimeoutMs bounds how long a new member's JoinGroup may wait
	// (GroupCoordinatorConfig's CLASSIC_GROUP_NEW_MEMBER_JOIN_TIMEOUT_MS, 5 min).
	NewMemberJoinTimeoutMs int32
	// NewUUID draws the UUID of each new member id. The host backs it with the
	// simulation's seeded stream; the coordinator never draws randomness itself.
	NewUUID func() uuid.UUID
	// PartitionExists reports whether a topic partition exists, for
	// OffsetCommit's UNKNOWN_TOPIC_OR_PARTITION check (KafkaApis checks the
	// metadata cache before the coordinator sees the request). Nil accepts all.
	PartitionExists func(topic string, partition int32) bool
}

// DefaultConfig returns Kafka's defaults for the coordinator of partition.
func DefaultConfig(partition int, newUUID func() uuid.UUID) Config {
	return Config{
		Partition:               partition,
		NumPartitions:           50,
		MinSessionTimeoutMs:     6000,
		MaxSessionTimeoutMs:     1800000,
		InitialRebalanceDelayMs: 3000,
		MaxSize:                 math.MaxInt32,
		NewMemberJoinTimeoutMs:  5 * 60 * 1000,
		NewUUID:                 newUUID,
	}
}

func (c Config) validate() error {
	switch {
	case c.NumPartitions < 1 || c.Partition < 0 || c.Partition >= c.NumPartitions:
		return errors.New("group: partition must be in [0, NumPartitions)")
	case c.MinSessionTimeoutMs > c.MaxSessionTimeoutMs:
		return errors.New("group: MinSessionTimeoutMs above MaxSessionTimeoutMs")
	case c.MaxSize < 1:
		return errors.New("group: MaxSize must be at least 1")
	case c.NewUUID == nil:
		return errors.New("group: NewUUID is required (member ids come from the simulation's seeded stream)")
	}
	return nil
}
