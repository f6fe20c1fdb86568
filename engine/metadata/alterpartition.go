package metadata

import (
	"slices"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// An AlterPartition is a leader's request to change a partition's ISR
// (AlterPartitionRequest, one partition's data).
type AlterPartition struct {
	BrokerID       int32   // the broker sending it, which should be the leader
	LeaderEpoch    int32   // the leader epoch the sender knows
	PartitionEpoch int32   // the partition epoch the sender knows
	NewISR         []int32 // the proposed ISR; it must contain the leader
	Recovering     bool    // the sender's leader recovery state (true while it recovers from an unclean election)
}

// Apply validates req against p in the order the KRaft controller's
// validateAlterPartitionData checks it and returns the registration with the
// new ISR. An accepted change bumps only the partition epoch; an accepted
// request that changes nothing returns p as is. eligible, if not nil, tells
// which brokers may join the ISR (registered, unfenced, not shutting down).
//
// The errors, each wrapping its Kafka code:
//
//   - a newer leader or partition epoch than the controller's: NOT_CONTROLLER
//     (the sender has heard from a newer controller);
//   - an older leader epoch: FENCED_LEADER_EPOCH;
//   - a sender that is not the leader: INVALID_REQUEST;
//   - an older partition epoch: INVALID_UPDATE_VERSION (another ISR change
//     won the race);
//   - an ISR with unknown or repeated brokers, or without the leader, or with
//     more than the leader while recovering: INVALID_REQUEST;
//   - an ineligible broker in the ISR: INELIGIBLE_REPLICA.
func (p Partition) Apply(req AlterPartition, eligible func(int32) bool) (Partition, error) {
	reject := func(e *kerr.Error, format string, args ...any) (Partition, error) {
		return p, kerr.Wrap(e, "Rejecting AlterPartition request from node %d because "+format, append([]any{req.BrokerID}, args...)...)
	}
	switch {
	case req.LeaderEpoch > p.LeaderEpoch:
		return reject(kerr.NotController, "its leader epoch %d is newer than the controller's %d.", req.LeaderEpoch, p.LeaderEpoch)
	case req.PartitionEpoch > p.PartitionEpoch:
		return reject(kerr.NotController, "its partition epoch %d is newer than the controller's %d.", req.PartitionEpoch, p.PartitionEpoch)
	case req.LeaderEpoch < p.LeaderEpoch:
		return reject(kerr.FencedLeaderEpoch, "the current leader epoch is %d, not %d.", p.LeaderEpoch, req.LeaderEpoch)
	case req.BrokerID != p.Leader:
		return reject(kerr.InvalidRequest, "the current leader is %d.", p.Leader)
	case req.PartitionEpoch < p.PartitionEpoch:
		return reject(InvalidUpdateVersion, "the current partition epoch is %d, not %d.", p.PartitionEpoch, req.PartitionEpoch)
	case !validISR(p.Replicas, req.NewISR):
		return reject(kerr.InvalidRequest, "it specified an invalid ISR %v.", req.NewISR)
	case !slices.Contains(req.NewISR, p.Leader):
		return reject(kerr.InvalidRequest, "it specified an invalid ISR %v that doesn't include itself.", req.NewISR)
	case req.Recovering && len(req.NewISR) > 1:
		return reject(kerr.InvalidRequest, "the ISR %v had more than one replica while the leader was still recovering from an unclean leader election.", req.NewISR)
	case !p.Recovering && req.Recovering:
		return reject(kerr.InvalidRequest, "the leader recovery state cannot change from RECOVERED to RECOVERING.")
	}
	if eligible != nil {
		var bad []int32
		for _, b := range req.NewISR {
			if !eligible(b) {
				bad = append(bad, b)
			}
		}
		if len(bad) > 0 {
			return reject(IneligibleReplica, "it specified ineligible replicas %v in the new ISR %v.", bad, req.NewISR)
		}
	}
	if slices.Equal(req.NewISR, p.ISR) && req.Recovering == p.Recovering {
		return p, nil
	}
	next := p.Clone()
	next.ISR = slices.Clone(req.NewISR)
	next.Recovering = req.Recovering
	next.PartitionEpoch++
	return next, nil
}

// validISR mirrors Replicas.validateIsr: every member is a replica, none is
// negative and none repeats. An empty ISR passes here and fails the leader
// check.
func validISR(replicas, isr []int32) bool {
	for i, b := range isr {
		if b < 0 || slices.Contains(isr[:i], b) || !slices.Contains(replicas, b) {
			return false
		}
	}
	return true
}
