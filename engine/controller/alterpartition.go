package controller

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// handleAlterPartition answers AlterPartition
// (ReplicationControlManager.alterPartition): the partition leader proposes a
// new ISR, the controller validates it against the registration with
// metadata.Partition.Apply (epochs, leader, members, eligibility) and, if
// accepted, writes a PartitionChangeRecord that bumps the partition epoch. The
// response carries the registration after the change, which the leader adopts
// at once; the record reaches the other brokers through the metadata log.
//
// First the sender's broker epoch must be its current registration's
// (ClusterControlManager.checkBrokerEpoch): a request from an earlier
// incarnation, or from a broker id with no registration, gets the top-level
// error STALE_BROKER_EPOCH and changes nothing.
func (c *Controller) handleAlterPartition(env *sim.Env, from sim.NodeID, req *protocol.AlterPartitionRequest) {
	resp := &protocol.AlterPartitionResponse{CorrelationID: req.CorrelationID, TopicPartition: req.TopicPartition}
	t, ok := c.topics[req.Topic]
	if b, registered := c.brokers[req.BrokerID]; !registered || b.epoch != req.BrokerEpoch {
		if registered {
			resp.Err = kerr.Wrap(kerr.StaleBrokerEpoch, "expected broker epoch %d, but got broker epoch %d", b.epoch, req.BrokerEpoch)
		} else {
			resp.Err = kerr.Wrap(kerr.StaleBrokerEpoch, "no broker registration found for broker %d", req.BrokerID)
		}
		c.respond(env, from, protocol.APIAlterPartition, resp,
			fmt.Sprintf("AlterPartitionResponse(%s): %s", req.TopicPartition, protocol.ErrName(resp.Err)),
			fmt.Sprintf("broker %d epoch %d", req.BrokerID, req.BrokerEpoch))
		return
	}
	if !ok || req.Partition < 0 || int(req.Partition) >= len(t.Partitions) {
		resp.Err = kerr.Wrap(kerr.UnknownTopicOrPartition, "unknown partition %s", req.TopicPartition)
	} else {
		cur := t.Partitions[req.Partition]
		next, err := cur.Apply(req.AlterPartition, c.alive)
		switch {
		case err != nil:
			resp.Err = err
		case next.PartitionEpoch != cur.PartitionEpoch:
			c.changePartition(env, t, req.Partition, next)
			noteRecovered(env, req, cur, next)
		}
		p := t.Partitions[req.Partition]
		resp.Leader, resp.LeaderEpoch, resp.ISR, resp.PartitionEpoch = p.Leader, p.LeaderEpoch, append([]int32(nil), p.ISR...), p.PartitionEpoch
	}
	c.respond(env, from, protocol.APIAlterPartition, resp,
		fmt.Sprintf("AlterPartitionResponse(%s): %s", req.TopicPartition, protocol.ErrName(resp.Err)),
		fmt.Sprintf("ISR %v partition epoch %d", resp.ISR, resp.PartitionEpoch))
}
