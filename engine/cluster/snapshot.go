package cluster

import (
	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// State is a read-only snapshot of the whole cluster for the UI and tests:
// plain values, sorted, with no pointers into the engine.
type State struct {
	Now   int64
	Steps uint64
	// Controller is the active controller's state (with a quorum and no
	// active controller, the first controller that is up); Cluster.Quorum
	// has every controller's view of the quorum.
	Controller controller.State
	Brokers    []BrokerState // ascending by id
}

// BrokerState is one broker: whether its node is up, and its replicas with
// their LEO, HW, leader epoch, ISR, role and, on leaders, each follower's lag.
type BrokerState struct {
	Node sim.NodeID
	Up   bool
	broker.State
}

// Snapshot returns the cluster's state now.
func (c *Cluster) Snapshot() State {
	s := State{Now: c.sim.Now(), Steps: c.sim.Steps(), Controller: c.shown().Snapshot()}
	for _, b := range c.brokers {
		s.Brokers = append(s.Brokers, BrokerState{Node: b.ID(), Up: c.sim.IsUp(b.ID()), State: b.Snapshot()})
	}
	return s
}

// StateHash returns the simulation's state hash (sim.Sim.StateHash).
func (c *Cluster) StateHash() sim.Hash { return c.sim.StateHash() }

// Replica returns broker id's replica of topic's partition.
func (c *Cluster) Replica(id int32, topic string, partition int32) (broker.ReplicaState, bool) {
	if id < 1 || int(id) > len(c.brokers) {
		return broker.ReplicaState{}, false
	}
	return c.brokers[id-1].Replica(protocol.TopicPartition{Topic: topic, Partition: partition})
}

// ReadReplicaLog returns the record batches broker id holds for the
// partition from offset up to upTo (at most maxBytes, at least one batch), as
// stored in its segment files.
func (c *Cluster) ReadReplicaLog(id int32, topic string, partition int32, offset int64, maxBytes int, upTo int64) ([]byte, error) {
	if id < 1 || int(id) > len(c.brokers) {
		return nil, nil
	}
	return c.brokers[id-1].ReadLog(protocol.TopicPartition{Topic: topic, Partition: partition}, offset, maxBytes, upTo)
}

// CheckInvariants checks every broker's replicas (logStart ≤ HW ≤ LEO;
// leader ∈ ISR ⊆ replicas) and, with a controller quorum, the quorum
// (QuorumChecker), returning the first violation.
func (c *Cluster) CheckInvariants() error {
	for _, b := range c.brokers {
		if err := b.CheckInvariants(); err != nil {
			return err
		}
	}
	if len(c.controllers) > 1 {
		// The quorum's safety properties (QuorumChecker), remembered across
		// calls.
		if c.quorumCheck == nil {
			c.quorumCheck = NewQuorumChecker()
		}
		return c.quorumCheck.Check(c)
	}
	return nil
}
