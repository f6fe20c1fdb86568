package cluster

import (
	"fmt"
	"reflect"

	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// A QuorumChecker checks the controller quorum's safety properties each
// time Check runs, remembering what it saw before:
//
//   - at most one leader per epoch, ever;
//   - the committed prefix of the metadata log never changes: every node's
//     log below its high watermark agrees with the longest committed prefix
//     seen so far, and the leader of an epoch holds every record committed
//     in an earlier epoch (Raft's leader completeness; a deposed leader that
//     has not heard of the next epoch yet may lack what that epoch commits);
//   - every node's image is exactly the replay of its log up to where it
//     has applied (the committed log on a standby, the whole log on the
//     active controller): no change lost, none applied twice;
//   - every broker has replayed no further than the committed prefix.
//
// The checker and the randomized tests use it after every step.
type QuorumChecker struct {
	leaders   map[int32]int32 // epoch → leader id
	committed []protocol.MetadataRecord
	// commitEpoch[i] is the epoch in which committed[i] was first seen
	// committed: a leader of any later epoch must hold it.
	commitEpoch []int32
	images      map[sim.NodeID]imageKey
	verified    map[sim.NodeID]verifiedPrefix
}

// verifiedPrefix is how much of a node's log is known to match the
// committed prefix, and the log's length then.
type verifiedPrefix struct{ n, logLen int }

type imageKey struct {
	end, logLen int64
	epoch       int32
	role        controller.Role
	active      bool
}

// NewQuorumChecker returns a checker that has seen nothing yet.
func NewQuorumChecker() *QuorumChecker {
	return &QuorumChecker{leaders: map[int32]int32{}, images: map[sim.NodeID]imageKey{}, verified: map[sim.NodeID]verifiedPrefix{}}
}

// Committed returns the longest committed prefix of the metadata log seen.
func (q *QuorumChecker) Committed() []protocol.MetadataRecord { return q.committed }

// Check checks c's quorum now; the error names the first violation.
func (q *QuorumChecker) Check(c *Cluster) error {
	for _, ctl := range c.controllers {
		if err := q.checkNode(c, ctl); err != nil {
			return fmt.Errorf("%s: %w", ctl.ID(), err)
		}
	}
	for _, b := range c.brokers {
		off := b.MetadataOffset()
		if off <= int64(len(q.committed)) {
			continue
		}
		// The leader that committed these records may have crashed before
		// a check saw its high watermark: they are committed if a majority
		// of the voters holds them.
		if !q.extendByMajority(c, off) {
			return fmt.Errorf("broker %d replayed the metadata log to offset %d, past the committed %d", b.BrokerID(), off, len(q.committed))
		}
	}
	return nil
}

// extendByMajority extends the committed prefix to end when a majority of
// the controllers' logs hold the same records up to it.
func (q *QuorumChecker) extendByMajority(c *Cluster, end int64) bool {
	var epoch int32 // the latest epoch any node knows: an upper bound on when it was committed
	for _, ctl := range c.controllers {
		epoch = max(epoch, ctl.Quorum().Epoch)
	}
	for i := int64(len(q.committed)); i < end; i++ {
		var rec *protocol.MetadataRecord
		for _, cand := range c.controllers {
			if log := cand.LogView(); int64(len(log)) > i {
				votes := 0
				for _, ctl := range c.controllers {
					if l := ctl.LogView(); int64(len(l)) > i && reflect.DeepEqual(l[i], log[i]) {
						votes++
					}
				}
				if votes >= len(c.controllers)/2+1 {
					rec = &log[i]
					break
				}
			}
		}
		if rec == nil {
			return false
		}
		q.committed = append(q.committed, *rec)
		q.commitEpoch = append(q.commitEpoch, epoch)
	}
	return true
}

func (q *QuorumChecker) checkNode(c *Cluster, ctl *controller.Controller) error {
	st := ctl.Quorum()
	if st.Role == controller.Leader {
		if id, ok := q.leaders[st.Epoch]; ok && id != st.ID {
			return fmt.Errorf("two leaders in epoch %d: %d and %d", st.Epoch, id, st.ID)
		}
		q.leaders[st.Epoch] = st.ID
	}
	log := ctl.LogView()
	hw := ctl.HighWatermark()
	if hw > int64(len(log)) {
		return fmt.Errorf("high watermark %d past the log end %d", hw, len(log))
	}
	// The node's log must match the committed prefix below its high
	// watermark and, on a leader, below every offset committed in an
	// earlier epoch. Records already compared stay equal unless the log is
	// truncated, which the length shows, so each is compared once.
	v := q.verified[ctl.ID()]
	if len(log) < v.logLen {
		v.n = min(v.n, len(log))
	}
	v.logLen = len(log)
	need := int(hw)
	leading := st.Role == controller.Leader && c.sim.IsUp(ctl.ID())
	if leading {
		for i := range q.commitEpoch {
			if q.commitEpoch[i] < st.Epoch {
				need = max(need, i+1)
			}
		}
		if need > len(log) {
			return fmt.Errorf("the leader of epoch %d lacks record %d, committed in epoch %d: its log ends at %d", st.Epoch, need-1, q.commitEpoch[need-1], len(log))
		}
	}
	for i := v.n; i < need; i++ {
		if i == len(q.committed) {
			q.committed = append(q.committed, log[i])
			q.commitEpoch = append(q.commitEpoch, st.Epoch)
			continue
		}
		if !reflect.DeepEqual(log[i], q.committed[i]) {
			return fmt.Errorf("committed record %d (%s, epoch %d, committed in epoch %d) is %s in epoch %d in this log (role %s, epoch %d)",
				i, q.committed[i].Kind(), q.committed[i].Epoch, q.commitEpoch[i], log[i].Kind(), log[i].Epoch, st.Role, st.Epoch)
		}
	}
	v.n = max(v.n, need)
	q.verified[ctl.ID()] = v
	end := ctl.ImageEnd()
	key := imageKey{end: end, logLen: int64(len(log)), epoch: st.Epoch, role: st.Role, active: st.Active}
	if q.images[ctl.ID()] == key {
		return nil // nothing that could change the image changed
	}
	q.images[ctl.ID()] = key
	digest, _ := ctl.ImageDigest()
	switch {
	case st.Active && end != int64(len(log)):
		return fmt.Errorf("the active controller's image reflects %d of %d records", end, len(log))
	case !st.Active && end != hw:
		return fmt.Errorf("a standby's image reflects %d records, its high watermark is %d", end, hw)
	}
	if want := controller.ReplayDigest(log[:end]); digest != want {
		return fmt.Errorf("the image differs from a replay of the log's first %d records:\n%s\nreplay:\n%s", end, digest, want)
	}
	return nil
}
