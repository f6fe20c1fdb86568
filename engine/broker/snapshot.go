package broker

import (
	"slices"

	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/replica"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// Role is a replica's role on its broker.
type Role string

// The roles.
const (
	RoleLeader   Role = "leader"
	RoleFollower Role = "follower"
	RoleOffline  Role = "offline" // the partition has no leader
)

// ReplicaState is one replica as the UI and tests see it: plain values, no
// pointers into the engine.
type ReplicaState struct {
	Topic          string
	Partition      int32
	Role           Role
	Leader         int32
	LeaderEpoch    int32
	PartitionEpoch int32
	Replicas       []int32
	ISR            []int32
	PendingISR     []int32 // an AlterPartition in flight, or nil
	// Recovering is the leader recovery state the replica holds (KIP-704):
	// RECOVERING on a follower of a leader elected uncleanly until the
	// leader's first ISR expansion; never on a leader.
	Recovering     bool
	LogStartOffset int64
	LEO            int64
	HW             int64
	Segments       int
	// Followers is the leader's view of the other replicas; nil on a follower.
	Followers []FollowerState
}

// FollowerState is the leader's view of one follower.
type FollowerState struct {
	BrokerID           int32
	LEO                int64 // -1 until its first fetch
	Lag                int64 // leader LEO minus follower LEO, in records
	LastCaughtUpTimeMs int64
	InISR              bool
}

// State is a snapshot of a broker.
type State struct {
	ID             int32
	Epoch          int64
	Fenced         bool
	MetadataOffset int64
	// Controller is the controller node the broker sends its heartbeats
	// and metadata fetches to: with a quorum, the one it believes active
	// (controller_route.go).
	Controller sim.NodeID
	Replicas   []ReplicaState // sorted by topic, then partition
}

// Snapshot returns the broker's state as plain values.
func (b *Broker) Snapshot() State {
	s := State{ID: b.cfg.ID, Epoch: b.epoch, Fenced: b.fenced, MetadataOffset: b.metaOffset, Controller: b.controller()}
	for _, tp := range b.sortedReplicas() {
		s.Replicas = append(s.Replicas, replicaState(b.replicas[tp]))
	}
	return s
}

// Replica returns the state of this broker's replica of tp.
func (b *Broker) Replica(tp protocol.TopicPartition) (ReplicaState, bool) {
	r, ok := b.replicas[tp]
	if !ok {
		return ReplicaState{}, false
	}
	return replicaState(r), true
}

// ReadLog reads the replica's log bytes from offset up to upTo, for tests
// and the UI's log view.
func (b *Broker) ReadLog(tp protocol.TopicPartition, offset int64, maxBytes int, upTo int64) ([]byte, error) {
	r, ok := b.replicas[tp]
	if !ok {
		return nil, nil
	}
	res, err := r.Log.Read(offset, maxBytes, upTo)
	return res.Records, err
}

// CheckInvariants checks every replica's invariants (see
// replica.Partition.CheckInvariants).
func (b *Broker) CheckInvariants() error {
	for _, tp := range b.sortedReplicas() {
		if err := b.replicas[tp].CheckInvariants(); err != nil {
			return err
		}
	}
	return nil
}

func replicaState(r *replica.Partition) ReplicaState {
	rs := ReplicaState{Topic: r.TP.Topic, Partition: r.TP.Partition, Leader: r.Leader, LeaderEpoch: r.LeaderEpoch,
		PartitionEpoch: r.PartitionEpoch, Replicas: slices.Clone(r.Replicas), ISR: slices.Clone(r.ISR), PendingISR: slices.Clone(r.PendingISR),
		Recovering: r.Recovering, LogStartOffset: r.Log.StartOffset(), LEO: r.LEO(), HW: r.HW, Segments: len(r.Log.Segments())}
	switch {
	case r.IsLeader():
		rs.Role = RoleLeader
		for _, f := range r.Followers {
			fs := FollowerState{BrokerID: f.BrokerID, LEO: f.LEO, LastCaughtUpTimeMs: f.LastCaughtUpTimeMs, InISR: slices.Contains(r.ISR, f.BrokerID)}
			if f.LEO >= 0 {
				fs.Lag = r.LEO() - f.LEO
			} else {
				fs.Lag = r.LEO()
			}
			rs.Followers = append(rs.Followers, fs)
		}
	case r.Leader < 0:
		rs.Role = RoleOffline
	default:
		rs.Role = RoleFollower
	}
	return rs
}
