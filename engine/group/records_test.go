package group_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkalab/kafkalab/engine/assignor"
	"github.com/kafkalab/kafkalab/engine/group"
)

// The records match franz-go's independent kmsg definitions of Kafka's
// OffsetCommitKey/Value and GroupMetadataKey/Value.
func TestRecordsMatchKmsg(t *testing.T) {
	rec := group.OffsetCommitRecord("g", assignor.TopicPartition{Topic: "orders", Partition: 3}, group.Offset{Offset: 42, LeaderEpoch: 7, Metadata: "m", CommitTimestamp: 1000})
	var k kmsg.OffsetCommitKey
	require.NoError(t, k.ReadFrom(rec.Key))
	assert.Equal(t, kmsg.OffsetCommitKey{Version: 1, Group: "g", Topic: "orders", Partition: 3}, k)
	var v kmsg.OffsetCommitValue
	require.NoError(t, v.ReadFrom(rec.Value))
	assert.Equal(t, int16(3), v.Version)
	assert.Equal(t, int64(42), v.Offset)
	assert.Equal(t, int32(7), v.LeaderEpoch)
	assert.Equal(t, "m", v.Metadata)
	assert.Equal(t, int64(1000), v.CommitTimestamp)

	gm := group.GroupMetadata{GroupID: "g", ProtocolType: "consumer", Generation: 5, Protocol: "range", Leader: "m1", CurrentStateTimestamp: 99,
		Members: []group.MemberMetadata{{MemberID: "m1", GroupInstanceID: "i1", ClientID: "c", ClientHost: "/h", RebalanceTimeoutMs: 300000, SessionTimeoutMs: 45000, Subscription: []byte{1}, Assignment: []byte{2}}}}
	rec = group.GroupMetadataRecord(gm)
	var gk kmsg.GroupMetadataKey
	require.NoError(t, gk.ReadFrom(rec.Key))
	assert.Equal(t, kmsg.GroupMetadataKey{Version: 2, Group: "g"}, gk)
	var gv kmsg.GroupMetadataValue
	require.NoError(t, gv.ReadFrom(rec.Value))
	assert.Equal(t, int16(3), gv.Version)
	assert.Equal(t, int32(5), gv.Generation)
	require.Len(t, gv.Members, 1)
	assert.Equal(t, "i1", *gv.Members[0].InstanceID)
	assert.Equal(t, []byte{2}, gv.Members[0].Assignment)

	// kmsg's flexible v4 decodes too.
	gv.Version = 4
	back, err := group.DecodeGroupMetadataValue("g", gv.AppendTo(nil))
	require.NoError(t, err)
	assert.Equal(t, gm, back)
	v.Version = 4
	v.TopicID = [16]byte{1}
	o, err := group.DecodeOffsetCommitValue(v.AppendTo(nil))
	require.NoError(t, err)
	assert.Equal(t, group.Offset{Offset: 42, LeaderEpoch: 7, Metadata: "m", CommitTimestamp: 1000}, o)
}

// A new coordinator that replays the partition's records has the same
// offsets and group state: this is what keeps offsets across failover.
func TestLoadRoundTrip(t *testing.T) {
	h := newHarness(t)
	g := groupOn("orders-app", 1)
	c1, c2 := newConsumer("consumer-1", "orders"), newConsumer("consumer-2", "orders")
	c2.instanceID = "host-b"
	stableGroup(t, h, g, c1, c2)
	require.NoError(t, h.commit(g, 1, c1.memberID, "orders", 0, 17))
	require.NoError(t, h.commit(g, 1, c1.memberID, "orders", 1, 4))
	require.NoError(t, h.commit(g, 1, c1.memberID, "orders", 1, 9))
	simple := groupOn("simple", 1)
	require.NoError(t, h.commit(simple, -1, "", "orders", 2, 3))
	before, _ := h.c.Group(g)

	next, err := group.New(h.cfg)
	require.NoError(t, err)
	for _, r := range h.log {
		require.NoError(t, next.Replay(r.Key, r.Value))
	}
	outs := next.Loaded(h.now)
	after, ok := next.Group(g)
	require.True(t, ok)
	assert.Equal(t, before, after)
	assert.Equal(t, group.Stable, after.State)
	assert.Equal(t, int64(9), after.Offsets[assignor.TopicPartition{Topic: "orders", Partition: 1}].Offset)
	s, _ := next.Group(simple)
	assert.Equal(t, group.Empty, s.State)
	assert.Len(t, outs, 2, "a session timer per loaded member")
}

func FuzzDecodeRecord(f *testing.F) {
	f.Add(group.OffsetCommitKey("g", assignor.TopicPartition{Topic: "t", Partition: 1}), group.OffsetCommitRecord("g", assignor.TopicPartition{Topic: "t"}, group.Offset{Offset: 1}).Value)
	f.Add(group.GroupMetadataKey("g"), group.GroupMetadataRecord(group.GroupMetadata{GroupID: "g", ProtocolType: "consumer", Members: []group.MemberMetadata{{MemberID: "m"}}}).Value)
	f.Add([]byte{0, 2, 0, 1, 'g'}, []byte{0, 4, 9, 'c', 'o', 'n', 's', 'u', 'm', 'e', 'r', 0, 0, 0, 1, 0, 0, 1, 0})
	f.Fuzz(func(t *testing.T, key, value []byte) {
		cfg := group.DefaultConfig(0, nil)
		cfg.NewUUID = func() uuid.UUID { return uuid.UUID{} }
		c, err := group.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Replay(key, value); err != nil {
			return
		}
		c.Loaded(0)
		for _, id := range c.Groups() {
			v, _ := c.Group(id)
			_, _ = v.Owners()
		}
	})
}
