package controller

import (
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// handleElectLeaders answers ElectLeaders (ReplicationControlManager.
// electLeaders), as kafka-leader-election.sh sends it. A preferred election
// moves leadership to the first assigned replica when it is an alive ISR
// member (ELECTION_NOT_NEEDED if it already leads,
// PREFERRED_LEADER_NOT_AVAILABLE if it cannot); an unclean election elects
// a leader only for a partition that has none, from any alive replica.
func (c *Controller) handleElectLeaders(env *sim.Env, from sim.NodeID, req *protocol.ElectLeadersRequest) {
	resp := &protocol.ElectLeadersResponse{CorrelationID: req.CorrelationID}
	var sum []string
	for _, tp := range req.Partitions {
		res := protocol.ElectionResult{TopicPartition: tp, Err: c.elect(env, tp, req.Unclean)}
		resp.Results = append(resp.Results, res)
		sum = append(sum, tp.String()+": "+protocol.ErrName(res.Err))
	}
	c.respond(env, from, protocol.APIElectLeaders, resp, "ElectLeadersResponse", strings.Join(sum, ", "))
}

func (c *Controller) elect(env *sim.Env, tp protocol.TopicPartition, unclean bool) error {
	t, ok := c.topics[tp.Topic]
	if !ok || tp.Partition < 0 || int(tp.Partition) >= len(t.Partitions) {
		return kerr.Wrap(kerr.UnknownTopicOrPartition, "unknown partition %s", tp)
	}
	p := t.Partitions[tp.Partition]
	var (
		leader int32
		isr    []int32
	)
	if unclean {
		if p.HasLeader() {
			return kerr.Wrap(kerr.ElectionNotNeeded, "Leader election not needed for topic partition %s.", tp)
		}
		var ok bool
		if leader, isr, ok = metadata.ElectUnclean(p, c.alive); !ok {
			return kerr.Wrap(kerr.LeaderNotAvailable, "no alive replica of %s", tp)
		}
	} else {
		if p.Leader == p.PreferredLeader() {
			return kerr.Wrap(kerr.ElectionNotNeeded, "Leader election not needed for topic partition %s.", tp)
		}
		var ok bool
		if leader, isr, ok = metadata.ElectPreferred(p, c.alive); !ok {
			return kerr.Wrap(kerr.PreferredLeaderNotAvailable, "Failed to elect leader for partition %s under strategy PreferredReplicaPartitionLeaderElectionStrategy", tp)
		}
	}
	if next, changed := p.Change(leader, isr); changed {
		c.changePartition(env, t, tp.Partition, next)
	}
	return nil
}
