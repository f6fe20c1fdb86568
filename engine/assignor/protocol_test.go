package assignor_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkalab/kafkalab/engine/assignor"
)

// Every Subscription version round-trips and decodes with franz-go's
// independent kmsg.ConsumerMemberMetadata to the same fields.
func TestSubscriptionMatchesKmsg(t *testing.T) {
	for v := int16(0); v <= 3; v++ {
		s := assignor.Subscription{
			Version:    v,
			Topics:     []string{"orders", "clicks"},
			UserData:   []byte{1, 2, 3},
			Owned:      append(tp("orders", 2, 0), tp("clicks", 1)...),
			Generation: 7,
			Rack:       "rack-a",
		}
		b := assignor.AppendSubscription(nil, s)

		var k kmsg.ConsumerMemberMetadata
		require.NoError(t, k.ReadFrom(b), "v%d", v)
		assert.Equal(t, v, k.Version)
		assert.Equal(t, []string{"clicks", "orders"}, k.Topics, "topics are sorted as ConsumerProtocol sorts them")
		assert.Equal(t, []byte{1, 2, 3}, k.UserData)
		got, err := assignor.DecodeSubscription(b)
		require.NoError(t, err)
		assert.Equal(t, []string{"clicks", "orders"}, got.Topics)
		if v >= 1 {
			require.Len(t, k.OwnedPartitions, 2)
			assert.Equal(t, "clicks", k.OwnedPartitions[0].Topic)
			assert.Equal(t, []int32{0, 2}, k.OwnedPartitions[1].Partitions)
			assert.Equal(t, cat(tp("clicks", 1), tp("orders", 0, 2)), got.Owned)
		} else {
			assert.Empty(t, got.Owned)
		}
		if v >= 2 {
			assert.Equal(t, int32(7), k.Generation)
			assert.Equal(t, int32(7), got.Generation)
		} else {
			assert.Equal(t, int32(-1), got.Generation, "no generation before v2")
		}
		if v >= 3 {
			require.NotNil(t, k.Rack)
			assert.Equal(t, "rack-a", *k.Rack)
			assert.Equal(t, "rack-a", got.Rack)
		}

		// And the other way: kmsg encodes, the lab decodes.
		back := k.AppendTo(nil)
		assert.Equal(t, b, back, "v%d: identical bytes", v)
	}
}

func TestSubscriptionNullsAndForwardCompatibility(t *testing.T) {
	b := assignor.AppendSubscription(nil, assignor.Subscription{Version: 3, Topics: []string{"t"}})
	var k kmsg.ConsumerMemberMetadata
	require.NoError(t, k.ReadFrom(b))
	assert.Nil(t, k.UserData, "nil user data is encoded as null")
	assert.Nil(t, k.Rack, "an empty rack is encoded as null")

	// A future v4 with an extra trailing field reads as v3, as Kafka reads it.
	future := append(assignor.AppendSubscription(nil, assignor.Subscription{Version: 4, Topics: []string{"t"}, Generation: 2}), 0xde, 0xad)
	got, err := assignor.DecodeSubscription(future)
	require.NoError(t, err)
	assert.Equal(t, int16(4), got.Version)
	assert.Equal(t, int32(2), got.Generation)

	_, err = assignor.DecodeSubscription([]byte{0xff, 0xff})
	assert.ErrorIs(t, err, assignor.ErrSchema)
	_, err = assignor.DecodeSubscription([]byte{0, 0, 0, 0, 0, 9})
	assert.ErrorIs(t, err, assignor.ErrSchema)
}

func TestAssignmentMatchesKmsg(t *testing.T) {
	for v := int16(0); v <= 3; v++ {
		a := assignor.Assignment{Version: v, Partitions: append(tp("b", 1, 0), tp("a", 3)...), UserData: []byte("x")}
		b := assignor.AppendAssignment(nil, a)
		var k kmsg.ConsumerMemberAssignment
		require.NoError(t, k.ReadFrom(b))
		require.Len(t, k.Topics, 2)
		assert.Equal(t, "b", k.Topics[0].Topic, "grouped in order of first appearance")
		assert.Equal(t, []int32{1, 0}, k.Topics[0].Partitions)
		assert.Equal(t, []byte("x"), k.UserData)
		assert.Equal(t, b, k.AppendTo(nil))

		got, err := assignor.DecodeAssignment(b)
		require.NoError(t, err)
		assert.Equal(t, a, got)
	}
	empty, err := assignor.DecodeAssignment(nil)
	require.NoError(t, err)
	assert.Empty(t, empty.Partitions, "the coordinator's empty assignment is no partitions")
}
