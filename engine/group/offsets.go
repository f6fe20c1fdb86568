package group

import (
	"slices"

	"github.com/kafkalab/kafkalab/engine/assignor"
	"github.com/kafkalab/kafkalab/engine/kerr"
)

// OffsetCommit handles an OffsetCommit request
// (OffsetMetadataManager.commitOffset with ClassicGroup.validateOffsetCommit).
// Valid offsets are appended to __consumer_offsets; the response waits for
// the append to be committed, and only then do the offsets become visible
// to OffsetFetch.
func (c *Coordinator) OffsetCommit(now int64, ref Ref, req OffsetCommitRequest) []Output {
	resp := &OffsetCommitResponse{}
	all := func(err error) []Output {
		for _, t := range req.Topics {
			for _, p := range t.Partitions {
				resp.Partitions = append(resp.Partitions, OffsetCommitPartitionResponse{Topic: t.Name, Partition: p.Partition, Err: err})
			}
		}
		c.respond(ref, resp)
		return c.flush()
	}
	if err := c.check(req.GroupID); err != nil {
		return all(err)
	}
	g, ok := c.groups[req.GroupID]
	if !ok {
		if req.GenerationID >= 0 {
			return all(wrap(kerr.IllegalGeneration, "group %s does not exist, so generation %d is unknown", req.GroupID, req.GenerationID))
		}
		// A commit outside group management creates a "simple" group.
		g = newGroup(req.GroupID, now)
		c.groups[req.GroupID] = g
	}
	if err := g.validateOffsetCommit(req); err != nil {
		return all(err)
	}

	var records []Record
	type commit struct {
		tp assignor.TopicPartition
		o  Offset
		i  int // index in resp.Partitions
	}
	var commits []commit
	for _, t := range req.Topics {
		for _, p := range t.Partitions {
			tp := assignor.TopicPartition{Topic: t.Name, Partition: p.Partition}
			r := OffsetCommitPartitionResponse{Topic: t.Name, Partition: p.Partition}
			if c.cfg.PartitionExists != nil && !c.cfg.PartitionExists(t.Name, p.Partition) {
				r.Err = wrap(kerr.UnknownTopicOrPartition, "%s does not exist", tp)
			} else {
				o := Offset{Offset: p.Offset, LeaderEpoch: p.LeaderEpoch, Metadata: p.Metadata, CommitTimestamp: now}
				commits = append(commits, commit{tp, o, len(resp.Partitions)})
				records = append(records, OffsetCommitRecord(g.id, tp, o))
			}
			resp.Partitions = append(resp.Partitions, r)
		}
	}
	if len(records) == 0 {
		c.respond(ref, resp)
		return c.flush()
	}
	c.append(records, func(now int64, err error) {
		for _, cm := range commits {
			if err != nil {
				resp.Partitions[cm.i].Err = appendError(err)
				continue
			}
			// The group may have been deleted meanwhile; Kafka's records
			// would recreate it on replay, and so does the lab.
			if _, ok := c.groups[g.id]; !ok {
				c.groups[g.id] = g
			}
			g.offsets[cm.tp] = cm.o
		}
		c.respond(ref, resp)
	})
	return c.flush()
}

// validateOffsetCommit is ClassicGroup.validateOffsetCommit.
func (g *classicGroup) validateOffsetCommit(req OffsetCommitRequest) error {
	if g.is(Dead) {
		return wrap(kerr.CoordinatorNotAvailable, "group %s is being deleted", g.id)
	}
	if req.GenerationID < 0 && g.is(Empty) {
		// The admin client or a consumer using assign(): allowed while the
		// group has no members.
		return nil
	}
	if req.GenerationID >= 0 || req.MemberID != "" || req.GroupInstanceID != "" {
		if err := g.validateMember(req.MemberID, req.GroupInstanceID, "offset-commit"); err != nil {
			return err
		}
		if req.GenerationID != g.generation {
			return wrap(kerr.IllegalGeneration, "member %s committed with generation %d, group %s is at %d", req.MemberID, req.GenerationID, g.id, g.generation)
		}
	} else if !g.is(Empty) {
		return wrap(kerr.UnknownMemberID, "group %s has members: a commit without member id and generation is refused", g.id)
	}
	if g.is(CompletingRebalance) {
		return wrap(kerr.RebalanceInProgress, "group %s is waiting for its assignment", g.id)
	}
	return nil
}

// OffsetFetch handles an OffsetFetch request: each partition's committed
// offset, or -1 when nothing is committed (OffsetMetadataManager.fetchOffsets).
func (c *Coordinator) OffsetFetch(now int64, ref Ref, req OffsetFetchRequest) []Output {
	resp := &OffsetFetchResponse{}
	c.respond(ref, resp)
	if err := c.check(req.GroupID); err != nil {
		resp.Err = err
		return c.flush()
	}
	g := c.groups[req.GroupID]
	lookup := func(tp assignor.TopicPartition) OffsetFetchPartition {
		r := OffsetFetchPartition{Topic: tp.Topic, Partition: tp.Partition, Offset: -1, LeaderEpoch: -1}
		if g != nil {
			if o, ok := g.offsets[tp]; ok {
				r.Offset, r.LeaderEpoch, r.Metadata = o.Offset, o.LeaderEpoch, o.Metadata
			}
		}
		return r
	}
	if req.Topics == nil {
		if g != nil {
			for _, tp := range sortedPartitions(g.offsets) {
				resp.Partitions = append(resp.Partitions, lookup(tp))
			}
		}
		return c.flush()
	}
	for _, t := range req.Topics {
		for _, p := range t.Partitions {
			resp.Partitions = append(resp.Partitions, lookup(assignor.TopicPartition{Topic: t.Name, Partition: p}))
		}
	}
	return c.flush()
}

func sortedPartitions[V any](m map[assignor.TopicPartition]V) []assignor.TopicPartition {
	out := make([]assignor.TopicPartition, 0, len(m))
	for tp := range m {
		out = append(out, tp)
	}
	assignor.SortPartitions(out)
	return slices.Clip(out)
}

// Lag is what kafka-consumer-groups.sh prints as LAG: the partition's
// LOG-END-OFFSET, which is its high watermark (ListOffsets latest), minus
// the committed offset. ok is false when nothing is committed (the tool
// prints "-").
func Lag(highWatermark, committed int64) (lag int64, ok bool) {
	if committed < 0 {
		return 0, false
	}
	return max(highWatermark-committed, 0), true
}
