package controller_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
)

// A CreatePartitions that fails on one of the new partitions (its replica
// is in controlled shutdown) adds none: the image gains no partition
// without its PartitionRecord, so it stays the replay of the log.
func TestCreatePartitionsIsAllOrNothing(t *testing.T) {
	h := newHarness(t)
	for _, id := range []int32{1, 2} {
		h.b.corr++
		r := h.send(protocol.APIBrokerRegistration, &protocol.BrokerRegistrationRequest{
			CorrelationID: h.b.corr, BrokerID: id, Host: "b", Port: 9092, IncarnationID: h.s.NewUUID()}).(*protocol.BrokerRegistrationResponse)
		require.NoError(t, r.Err)
		h.b.corr++
		hb := h.send(protocol.APIBrokerHeartbeat, &protocol.BrokerHeartbeatRequest{
			CorrelationID: h.b.corr, BrokerID: id, BrokerEpoch: r.BrokerEpoch, CurrentMetadataOffset: h.c.EndOffset()}).(*protocol.BrokerHeartbeatResponse)
		require.False(t, hb.IsFenced)
	}
	h.b.corr++
	ct := h.send(protocol.APICreateTopics, &protocol.CreateTopicsRequest{CorrelationID: h.b.corr, Topics: []protocol.CreatableTopic{
		{Name: "t", NumPartitions: -1, ReplicationFactor: -1, Assignment: [][]int32{{2}}}}}).(*protocol.CreateTopicsResponse)
	require.NoError(t, ct.Topics[0].Err)
	// Broker 2 starts a controlled shutdown it cannot finish yet.
	epoch2 := h.c.Snapshot().Brokers[1].Epoch
	h.b.corr++
	h.send(protocol.APIBrokerHeartbeat, &protocol.BrokerHeartbeatRequest{
		CorrelationID: h.b.corr, BrokerID: 2, BrokerEpoch: epoch2, CurrentMetadataOffset: 0, WantShutDown: true})

	end := h.c.EndOffset()
	h.b.corr++
	cp := h.send(protocol.APICreatePartitions, &protocol.CreatePartitionsRequest{CorrelationID: h.b.corr,
		Topics: []protocol.CreatePartitionsTopic{{Name: "t", Count: 3}}}).(*protocol.CreatePartitionsResponse)
	require.True(t, errors.Is(cp.Results[0].Err, kerr.InvalidReplicationFactor), "got %v", cp.Results[0].Err)
	require.Equal(t, end, h.c.EndOffset(), "no record")
	require.Len(t, h.c.Snapshot().Topics[0].Partitions, 1, "no partition added")
	digest, _ := h.c.ImageDigest()
	require.Equal(t, controller.ReplayDigest(h.c.Log()), digest)
}
