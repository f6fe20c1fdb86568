package kerr

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCodesAreUniqueAndNamed(t *testing.T) {
	codes := map[int16]string{}
	names := map[string]bool{}
	for _, e := range all {
		require.NotEmpty(t, e.Name)
		require.NotEmpty(t, e.Description)
		if prev, dup := codes[e.Code]; dup {
			t.Fatalf("code %d used by %s and %s", e.Code, prev, e.Name)
		}
		require.False(t, names[e.Name], "duplicate name %s", e.Name)
		codes[e.Code] = e.Name
		names[e.Name] = true
	}
}

// Spot checks against Kafka's Errors.java: the numbers a learner will see.
func TestKafkaNumbers(t *testing.T) {
	for code, name := range map[int16]string{
		1: "OFFSET_OUT_OF_RANGE", 2: "CORRUPT_MESSAGE", 6: "NOT_LEADER_OR_FOLLOWER",
		19: "NOT_ENOUGH_REPLICAS", 20: "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
		22: "ILLEGAL_GENERATION", 25: "UNKNOWN_MEMBER_ID", 27: "REBALANCE_IN_PROGRESS",
		36: "TOPIC_ALREADY_EXISTS", 38: "INVALID_REPLICATION_FACTOR",
		74: "FENCED_LEADER_EPOCH", 75: "UNKNOWN_LEADER_EPOCH", 77: "STALE_BROKER_EPOCH", 79: "MEMBER_ID_REQUIRED",
		82: "FENCED_INSTANCE_ID", 87: "INVALID_RECORD", 101: "DUPLICATE_BROKER_REGISTRATION",
	} {
		e, ok := ForCode(code)
		require.True(t, ok, "code %d", code)
		assert.Equal(t, name, e.Name)
	}
	_, ok := ForCode(9999)
	assert.False(t, ok)
}

func TestWrapAndCode(t *testing.T) {
	err := fmt.Errorf("log: read at 42: %w", Wrap(OffsetOutOfRange, "offset 42 is above the log end offset 10"))
	assert.ErrorIs(t, err, OffsetOutOfRange)
	assert.NotErrorIs(t, err, CorruptMessage)
	assert.Equal(t, int16(1), Code(err))
	assert.Contains(t, err.Error(), "OFFSET_OUT_OF_RANGE: offset 42")
	assert.Equal(t, int16(0), Code(nil))
	assert.Equal(t, int16(-1), Code(errors.New("boom")))
	assert.True(t, NotLeaderOrFollower.Retriable)
	assert.False(t, OffsetOutOfRange.Retriable)
}
