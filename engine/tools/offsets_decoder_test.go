package tools

import (
	"errors"
	"testing"

	"github.com/kafkalab/kafkalab/engine/assignor"
	"github.com/kafkalab/kafkalab/engine/group"
	"github.com/stretchr/testify/require"
)

func TestDecodeOffsetsRecord(t *testing.T) {
	tp := assignor.TopicPartition{Topic: "orders", Partition: 1}
	rec := group.OffsetCommitRecord("g1", tp, group.Offset{Offset: 42, LeaderEpoch: 3, Metadata: "m", CommitTimestamp: 1700})
	k, v, hasK, hasV, err := decodeOffsetsRecord(7, rec.Key, rec.Value)
	require.NoError(t, err)
	require.True(t, hasK && hasV)
	require.Equal(t, `{"type":"1","data":{"group":"g1","topic":"orders","partition":1}}`, k)
	require.Equal(t, `{"version":"3","data":{"offset":42,"leaderEpoch":3,"metadata":"m","commitTimestamp":1700}}`, v)

	_, v, _, _, _ = decodeOffsetsRecord(8, rec.Key, nil)
	require.Equal(t, "<DELETE>", v, "a tombstone")

	sub := assignor.AppendSubscription(nil, assignor.Subscription{Version: 1, Topics: []string{"b", "a"}, UserData: []byte{1, 2}, Owned: []assignor.TopicPartition{tp}})
	gm := group.GroupMetadataRecord(group.GroupMetadata{GroupID: "g1", ProtocolType: "consumer", Generation: 4, Protocol: "range", Leader: "m1",
		CurrentStateTimestamp: 9, Members: []group.MemberMetadata{{MemberID: "m1", ClientID: "c", ClientHost: "/h", RebalanceTimeoutMs: 10, SessionTimeoutMs: 20,
			Subscription: sub, Assignment: []byte{}}}})
	k, v, _, _, err = decodeOffsetsRecord(9, gm.Key, gm.Value)
	require.NoError(t, err)
	require.Equal(t, `{"type":"2","data":{"group":"g1"}}`, k)
	require.Equal(t, `{"version":"3","data":{"protocolType":"consumer","generation":4,"protocol":"range","leader":"m1","currentStateTimestamp":9,`+
		`"members":[{"memberId":"m1","groupInstanceId":null,"clientId":"c","clientHost":"/h","rebalanceTimeout":10,"sessionTimeout":20,`+
		`"subscription":{"topics":["a","b"],"userData":"AQI=","ownedPartitions":[{"topic":"orders","partitions":[1]}]},"assignment":""}]}}`, v,
		"a v1 subscription has no generationId; an empty assignment stays as its (empty) bytes")

	k, _, hasK, hasV, err = decodeOffsetsRecord(10, []byte{0, 9, 1}, []byte{1})
	require.NoError(t, err)
	require.Equal(t, "Unknown record type 9 at offset 10, skipping.", k)
	require.True(t, hasK && !hasV)

	k, _, _, hasV, _ = decodeOffsetsRecord(11, rec.Key, []byte{0, 3, 1})
	require.Contains(t, k, "Error at offset 11, skipping. ")
	require.False(t, hasV)

	_, _, _, _, err = decodeOffsetsRecord(12, nil, []byte{1})
	var mk errMissingKey
	require.True(t, errors.As(err, &mk))
	require.Equal(t, "Failed to decode message at offset 12 using offset topic decoder (message had a missing key)", err.Error())
}
