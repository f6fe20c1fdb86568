package replica

import (
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
)

// UnknownOffset is a follower's log end offset before its first fetch from
// the current leader.
const UnknownOffset int64 = -1

// A Follower is the leader's view of one remote replica (Replica.scala).
type Follower struct {
	BrokerID int32
	// LEO is the follower's log end offset: its last fetch offset, or
	// UnknownOffset before its first fetch from this leader.
	LEO int64
	// LastCaughtUpTimeMs is the last time the follower was known to be at the
	// leader's LEO; the ISR shrink check compares it with the clock.
	LastCaughtUpTimeMs int64
	// LastFetchLeaderLEO and LastFetchTimeMs are the leader's LEO and the
	// time at the follower's previous fetch.
	LastFetchLeaderLEO int64
	LastFetchTimeMs    int64
}

// A Partition is one replica of a partition on one broker.
type Partition struct {
	TP       protocol.TopicPartition
	BrokerID int32 // the broker hosting this replica
	Log      *log.Log
	Config   metadata.TopicConfig

	Replicas       []int32 // the assignment, from the controller
	Leader         int32   // metadata.NoLeader when offline
	LeaderEpoch    int32
	PartitionEpoch int32
	// ISR is the committed in-sync replica set, as the controller last wrote it.
	ISR []int32
	// PendingISR is the ISR proposed by an AlterPartition in flight, or nil.
	// At most one is in flight per partition.
	PendingISR []int32
	// Recovering is the leader recovery state this replica holds (KIP-704):
	// a follower keeps the controller's, RECOVERING after an unclean
	// election; a leader is always RECOVERED, since Partition.makeLeader
	// marks a RECOVERING partition RECOVERED at once (Kafka's leader has
	// nothing to recover yet), and its next AlterPartition, the first ISR
	// expansion, carries RECOVERED to the controller.
	Recovering bool
	// HW is the high watermark: offsets below it are committed.
	HW int64
	// LeaderEpochStartOffset is the LEO when this broker became leader in
	// LeaderEpoch; a follower must reach it to join the ISR.
	LeaderEpochStartOffset int64
	// Followers is the leader's view of the other replicas, in assignment
	// order; empty on a follower.
	Followers []Follower
	// UnsafeTestBugHWIgnoresISR is a deliberately injected bug for the fault
	// checker's self-test (engine/checker TestCheckerCatchesInjectedBug),
	// default off: the leader's high watermark advances to its own LEO
	// without waiting for the ISR. Never set it outside that test.
	UnsafeTestBugHWIgnoresISR bool
}

// IsLeader reports whether this broker leads the partition.
func (p *Partition) IsLeader() bool { return p.Leader == p.BrokerID }

// LEO returns the log end offset.
func (p *Partition) LEO() int64 { return p.Log.EndOffset() }

// Follower returns the leader's view of broker id, or nil.
func (p *Partition) Follower(id int32) *Follower {
	for i := range p.Followers {
		if p.Followers[i].BrokerID == id {
			return &p.Followers[i]
		}
	}
	return nil
}

// MakeLeader makes this broker the leader of reg's epoch, as
// Partition.makeLeader does: the leader epoch starts at the current LEO, and
// every follower's LEO is unknown until it fetches; ISR members count as
// caught up now, others as never caught up. It reports whether this was a
// leadership change (a new leader epoch) rather than an ISR update.
func (p *Partition) MakeLeader(reg metadata.Partition, nowMs int64) bool {
	if p.IsLeader() && reg.LeaderEpoch <= p.LeaderEpoch {
		p.UpdateISR(reg)
		return false
	}
	p.apply(reg)
	p.Recovering = false
	p.LeaderEpochStartOffset = p.LEO()
	p.Followers = p.Followers[:0]
	for _, id := range reg.Replicas {
		if id == p.BrokerID {
			continue
		}
		f := Follower{BrokerID: id, LEO: UnknownOffset, LastFetchLeaderLEO: UnknownOffset}
		if slices.Contains(reg.ISR, id) {
			f.LastCaughtUpTimeMs = nowMs
		}
		p.Followers = append(p.Followers, f)
	}
	p.PendingISR = nil
	return true
}

// MakeFollower makes this broker a follower of reg's leader, as
// Partition.makeFollower does, and reports whether the leader or its epoch
// changed (so the fetcher must start over). The high watermark is kept; the
// follower learns the new leader's from its fetch responses.
func (p *Partition) MakeFollower(reg metadata.Partition) bool {
	changed := p.Leader != reg.Leader || reg.LeaderEpoch > p.LeaderEpoch
	p.apply(reg)
	p.Followers = p.Followers[:0]
	p.PendingISR = nil
	return changed
}

func (p *Partition) apply(reg metadata.Partition) {
	p.Replicas = slices.Clone(reg.Replicas)
	p.Leader = reg.Leader
	p.LeaderEpoch = reg.LeaderEpoch
	p.PartitionEpoch = reg.PartitionEpoch
	p.ISR = slices.Clone(reg.ISR)
	p.Recovering = reg.Recovering
}

// UpdateISR applies a registration with the same leader and epoch: an ISR
// change the controller committed. An older partition epoch than the one
// held (the leader may already have adopted its AlterPartition response) is
// ignored. A newer one replaces a pending ISR change too, as
// Partition.makeLeader's CommittedPartitionState does: the controller's
// state is what counts now, and the answer to the AlterPartition in flight,
// when it comes, is out of date (the broker keeps one in flight per
// partition all the same).
func (p *Partition) UpdateISR(reg metadata.Partition) {
	if reg.PartitionEpoch <= p.PartitionEpoch {
		return
	}
	p.PendingISR = nil
	p.PartitionEpoch = reg.PartitionEpoch
	p.ISR = slices.Clone(reg.ISR)
	p.Replicas = slices.Clone(reg.Replicas)
	p.Recovering = reg.Recovering && !p.IsLeader()
}

// ProposeISR records an AlterPartition in flight proposing isr. It returns
// false when one is already in flight.
func (p *Partition) ProposeISR(isr []int32) bool {
	if p.PendingISR != nil {
		return false
	}
	p.PendingISR = slices.Clone(isr)
	return true
}

// SettleAlterPartition ends the AlterPartition in flight. On success the
// leader adopts the controller's answer at once if it is newer than what it
// holds (Partition.handleAlterPartitionUpdate) and reports true.
func (p *Partition) SettleAlterPartition(ok bool, isr []int32, partitionEpoch int32) bool {
	p.PendingISR = nil
	if !ok || partitionEpoch <= p.PartitionEpoch {
		return false
	}
	p.ISR = slices.Clone(isr)
	p.PartitionEpoch = partitionEpoch
	return true
}

// MaximalISR returns the ISR the leader must assume for the high watermark:
// the committed ISR plus the members a pending expansion adds (a pending
// shrink removes no one until it is committed).
func (p *Partition) MaximalISR() []int32 {
	isr := slices.Clone(p.ISR)
	for _, id := range p.PendingISR {
		if !slices.Contains(isr, id) {
			isr = append(isr, id)
		}
	}
	return isr
}

// EffectiveMinISR is min(min.insync.replicas, replication factor).
func (p *Partition) EffectiveMinISR() int {
	return min(int(p.Config.MinInsyncReplicas), len(p.Replicas))
}

// UnderMinISR reports whether the committed ISR is smaller than the
// effective min ISR; acks=all produce then fails with NOT_ENOUGH_REPLICAS.
func (p *Partition) UnderMinISR() bool {
	return len(p.ISR) < p.EffectiveMinISR()
}

// UpdateFollowerFetch records a fetch at fetchOffset from follower id at
// nowMs (Replica.updateFetchStateOrThrow) and returns its state, or nil if
// id is not a replica.
func (p *Partition) UpdateFollowerFetch(id int32, fetchOffset, nowMs int64) *Follower {
	f := p.Follower(id)
	if f == nil {
		return nil
	}
	leo := p.LEO()
	switch {
	case fetchOffset >= leo:
		f.LastCaughtUpTimeMs = max(f.LastCaughtUpTimeMs, nowMs)
	case fetchOffset >= f.LastFetchLeaderLEO && f.LastFetchLeaderLEO != UnknownOffset:
		f.LastCaughtUpTimeMs = max(f.LastCaughtUpTimeMs, f.LastFetchTimeMs)
	}
	f.LastFetchLeaderLEO = leo
	f.LastFetchTimeMs = nowMs
	f.LEO = fetchOffset
	return f
}

// CaughtUp reports whether f is in sync by time (Replica.isCaughtUp): at the
// leader's LEO, or caught up within lagMs.
func (p *Partition) CaughtUp(f *Follower, nowMs, lagMs int64) bool {
	return f.LEO == p.LEO() || nowMs-f.LastCaughtUpTimeMs <= lagMs
}

// MaybeIncrementHW recomputes the leader's high watermark
// (Partition.maybeIncrementLeaderHW) and reports whether it advanced.
// eligible tells which brokers may join the ISR (registered and unfenced);
// nil means all.
func (p *Partition) MaybeIncrementHW(nowMs, lagMs int64, eligible func(int32) bool) bool {
	if !p.IsLeader() || p.UnderMinISR() {
		return false
	}
	hw := p.LEO()
	maximal := p.MaximalISR()
	for i := range p.Followers {
		if p.UnsafeTestBugHWIgnoresISR {
			break // the injected bug: no follower holds the HW back
		}
		f := &p.Followers[i]
		in := slices.Contains(maximal, f.BrokerID)
		if !in && (f.LEO == UnknownOffset || !p.CaughtUp(f, nowMs, lagMs) || (eligible != nil && !eligible(f.BrokerID))) {
			continue
		}
		hw = min(hw, f.LEO)
	}
	if hw > p.HW {
		p.HW = hw
		return true
	}
	return false
}

// OutOfSync returns the ISR members that fell behind
// (Partition.getOutOfSyncReplicas), in ISR order.
func (p *Partition) OutOfSync(nowMs, lagMs int64) []int32 {
	var out []int32
	for _, id := range p.ISR {
		if id == p.BrokerID {
			continue
		}
		f := p.Follower(id)
		if f != nil && !p.CaughtUp(f, nowMs, lagMs) {
			out = append(out, id)
		}
	}
	return out
}

// ShouldExpand reports whether follower id may join the ISR
// (Partition.isFollowerInSync): not yet in the maximal ISR, with a LEO that
// reached the high watermark and the leader epoch's start offset.
func (p *Partition) ShouldExpand(id int32, eligible func(int32) bool) bool {
	f := p.Follower(id)
	if f == nil || slices.Contains(p.MaximalISR(), id) || (eligible != nil && !eligible(id)) {
		return false
	}
	return f.LEO >= p.HW && f.LEO >= p.LeaderEpochStartOffset
}

// RequiredOffsetReached is Partition.checkEnoughReplicasReachOffset for an
// acks=all produce whose last offset is requiredOffset-1: done reports
// whether the high watermark passed it, and underMinISR whether the ISR was
// below the effective min ISR then, which Kafka answers with
// NOT_ENOUGH_REPLICAS_AFTER_APPEND although the records are committed.
func (p *Partition) RequiredOffsetReached(requiredOffset int64) (done, underMinISR bool) {
	if p.HW < requiredOffset {
		return false, false
	}
	return true, p.UnderMinISR()
}

// UpdateFollowerHW sets a follower's high watermark from the leader's, clamped
// to its own log (UnifiedLog.maybeUpdateHighWatermark), and reports whether it
// changed.
func (p *Partition) UpdateFollowerHW(leaderHW int64) bool {
	hw := min(leaderHW, p.LEO())
	hw = max(hw, p.Log.StartOffset())
	if hw == p.HW {
		return false
	}
	p.HW = hw
	return true
}

// TruncateTo truncates the log after a diverging epoch and clamps the high
// watermark to the new end. It returns the new log end offset.
func (p *Partition) TruncateTo(offset int64) (int64, error) {
	leo, err := p.Log.TruncateTo(offset)
	if err != nil {
		return p.LEO(), fmt.Errorf("replica: truncate %s to %d: %w", p.TP, offset, err)
	}
	p.HW = min(p.HW, leo)
	return leo, nil
}

// CheckInvariants returns an error when the replica breaks one of the rules
// every step must keep: logStart ≤ HW ≤ LEO, and on a leader, leader ∈ ISR ⊆
// replicas.
func (p *Partition) CheckInvariants() error {
	if start, leo := p.Log.StartOffset(), p.LEO(); p.HW < start || p.HW > leo {
		return fmt.Errorf("replica: %s on broker %d: HW %d outside [logStart %d, LEO %d]", p.TP, p.BrokerID, p.HW, start, leo)
	}
	if p.IsLeader() {
		if !slices.Contains(p.ISR, p.BrokerID) {
			return fmt.Errorf("replica: %s on broker %d: leader not in ISR %v", p.TP, p.BrokerID, p.ISR)
		}
		for _, id := range p.ISR {
			if !slices.Contains(p.Replicas, id) {
				return fmt.Errorf("replica: %s: ISR %v not within replicas %v", p.TP, p.ISR, p.Replicas)
			}
		}
	}
	return nil
}
