package broker

import (
	"encoding/binary"
	"slices"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// A delayedFetch is a fetch the leader holds (DelayedFetch.scala) because it
// had no data yet: it is answered when data arrives for one of its
// partitions, or after MaxWaitMs.
type delayedFetch struct {
	from  sim.NodeID
	req   *protocol.FetchRequest
	timer sim.TimerID
}

// handleFetch serves Fetch from followers and consumers
// (KafkaApis.handleFetchRequest, ReplicaManager.fetchMessages,
// Partition.fetchRecords):
//
//   - only the leader serves it (NOT_LEADER_OR_FOLLOWER; fetching from a
//     follower, KIP-392, is not modelled), and a CurrentLeaderEpoch older than
//     the leader's is FENCED_LEADER_EPOCH, a newer one UNKNOWN_LEADER_EPOCH;
//   - a follower (ReplicaID ≥ 0) whose LastFetchedEpoch shows a diverging log
//     gets a DivergingEpoch to truncate to and nothing else; otherwise its
//     fetch offset is its log end offset as the leader sees it: the leader
//     updates its lastCaughtUpTime, may add it to the ISR and may advance the
//     high watermark (a follower's fetch is its acknowledgement: step 8);
//   - a follower reads up to the leader's LEO, a consumer up to the high
//     watermark: consumers never see uncommitted records;
//   - an offset outside [log start, LEO] is OFFSET_OUT_OF_RANGE;
//   - when nothing can be returned, the fetch waits up to MaxWaitMs for data
//     (replica.fetch.wait.max.ms for followers, fetch.max.wait.ms for
//     consumers) and is answered as soon as some arrives.
//
// Deviations: no fetch sessions (KIP-227), no isolation levels (the LSO is
// the high watermark), no throttling; MinBytes counts any data as enough.
func (b *Broker) handleFetch(env *sim.Env, from sim.NodeID, req *protocol.FetchRequest) {
	if req.ReplicaID >= 0 {
		b.updateFollowers(env, req)
	}
	resp, bytes, failed := b.readFetch(req)
	if bytes > 0 || failed || req.MaxWaitMs <= 0 {
		b.respondFetch(env, from, req, resp)
		return
	}
	df := &delayedFetch{from: from, req: req}
	df.timer = env.After(int64(req.MaxWaitMs), timerFetchWait, df)
	for _, fp := range req.Partitions {
		b.parkedFetches[fp.TopicPartition] = append(b.parkedFetches[fp.TopicPartition], df)
	}
}

// updateFollowers applies a follower's fetch offsets to the leader's view of
// it (Partition.updateFollowerFetchState), then checks ISR expansion and
// the high watermark.
func (b *Broker) updateFollowers(env *sim.Env, req *protocol.FetchRequest) {
	for _, fp := range req.Partitions {
		r := b.replicas[fp.TopicPartition]
		if r == nil || !r.IsLeader() || (fp.CurrentLeaderEpoch >= 0 && fp.CurrentLeaderEpoch != r.LeaderEpoch) {
			continue
		}
		if b.diverging(r.Log, fp) != nil {
			continue
		}
		if r.UpdateFollowerFetch(req.ReplicaID, fp.FetchOffset, env.Now()) == nil {
			continue
		}
		b.maybeExpandISR(env, r, req.ReplicaID)
		b.maybeIncrementHW(env, r)
	}
}

// diverging returns where the follower's log diverges from the leader's, or
// nil (Partition.readRecords: the epoch end offset for LastFetchedEpoch is
// below the fetch offset, or the leader knows only an older epoch).
func (b *Broker) diverging(l *log.Log, fp protocol.FetchPartition) *protocol.EpochEndOffset {
	if fp.LastFetchedEpoch < 0 {
		return nil
	}
	epoch, end := l.EndOffsetForEpoch(fp.LastFetchedEpoch)
	if epoch < fp.LastFetchedEpoch || end < fp.FetchOffset {
		return &protocol.EpochEndOffset{Epoch: epoch, EndOffset: end}
	}
	return nil
}

// readFetch reads every partition of req; bytes counts the record bytes and
// failed reports whether any partition has an error.
func (b *Broker) readFetch(req *protocol.FetchRequest) (resp *protocol.FetchResponse, bytes int, failed bool) {
	resp = &protocol.FetchResponse{CorrelationID: req.CorrelationID, Partitions: make([]protocol.FetchPartitionResponse, len(req.Partitions))}
	budget := int(req.MaxBytes)
	if budget <= 0 {
		budget = DefaultReplicaFetchResponseMaxBytes
	}
	for i, fp := range req.Partitions {
		pr := &resp.Partitions[i]
		pr.TopicPartition = fp.TopicPartition
		pr.HighWatermark, pr.LastStableOffset, pr.LogStartOffset = -1, -1, -1
		r := b.replicas[fp.TopicPartition]
		_, _, known := b.image.partition(fp.TopicPartition)
		switch {
		case !known:
			pr.Err = kerr.Wrap(kerr.UnknownTopicOrPartition, "broker %d does not know %s", b.cfg.ID, fp.TopicPartition)
		case r == nil || !r.IsLeader():
			pr.Err = kerr.Wrap(kerr.NotLeaderOrFollower, "broker %d is not the leader of %s", b.cfg.ID, fp.TopicPartition)
		case fp.CurrentLeaderEpoch >= 0 && fp.CurrentLeaderEpoch < r.LeaderEpoch:
			pr.Err = kerr.Wrap(kerr.FencedLeaderEpoch, "%s: the fetcher's leader epoch %d is older than %d", fp.TopicPartition, fp.CurrentLeaderEpoch, r.LeaderEpoch)
		case fp.CurrentLeaderEpoch > r.LeaderEpoch:
			pr.Err = kerr.Wrap(kerr.UnknownLeaderEpoch, "%s: the fetcher's leader epoch %d is newer than %d", fp.TopicPartition, fp.CurrentLeaderEpoch, r.LeaderEpoch)
		case req.ReplicaID >= 0 && !slices.Contains(r.Replicas, req.ReplicaID):
			pr.Err = kerr.Wrap(kerr.NotLeaderOrFollower, "broker %d is not a replica of %s", req.ReplicaID, fp.TopicPartition)
		}
		if pr.Err != nil {
			failed = true
			continue
		}
		pr.HighWatermark, pr.LastStableOffset, pr.LogStartOffset = r.HW, r.HW, r.Log.StartOffset()
		upTo := r.HW
		if req.ReplicaID >= 0 {
			if d := b.diverging(r.Log, fp); d != nil {
				pr.DivergingEpoch = d
				failed = true // answer at once: the follower must truncate
				continue
			}
			upTo = r.LEO()
		}
		if fp.FetchOffset < r.Log.StartOffset() || fp.FetchOffset > r.LEO() {
			pr.Err = kerr.Wrap(kerr.OffsetOutOfRange, "offset %d of %s is outside [%d, %d]", fp.FetchOffset, fp.TopicPartition, r.Log.StartOffset(), r.LEO())
			failed = true
			continue
		}
		if fp.FetchOffset >= upTo || budget <= 0 {
			continue
		}
		max := int(fp.PartitionMaxBytes)
		if max <= 0 || max > budget {
			max = budget
		}
		res, err := r.Log.Read(fp.FetchOffset, max, upTo)
		if err != nil {
			pr.Err = err
			failed = true
			continue
		}
		pr.Records = res.Records
		bytes += len(res.Records)
		budget -= len(res.Records)
	}
	return resp, bytes, failed
}

// respondFetch sends a fetch response. One that carries records to a
// follower is step 6 of the lifecycle: the follower fetched them.
func (b *Broker) respondFetch(env *sim.Env, to sim.NodeID, req *protocol.FetchRequest, resp *protocol.FetchResponse) {
	var buf [256]byte
	parts := label(buf[:0])
	lifecycle := 0
	n := 0
	for i := range resp.Partitions {
		pr := &resp.Partitions[i]
		if len(pr.Records) == 0 && pr.Err == nil && pr.DivergingEpoch == nil {
			continue
		}
		if n > 0 {
			parts = parts.s("; ")
		}
		n++
		switch {
		case pr.Err != nil:
			parts = parts.tp(pr.TopicPartition).s(" ").s(protocol.ErrName(pr.Err))
		case pr.DivergingEpoch != nil:
			parts = parts.tp(pr.TopicPartition).s(" diverging epoch ").i(int64(pr.DivergingEpoch.Epoch)).s(" ends at ").i(pr.DivergingEpoch.EndOffset)
		default:
			first, last := batchRange(pr.Records)
			parts = parts.tp(pr.TopicPartition).s(" ").offsets(first, last).s(" (HW ").i(pr.HighWatermark).s(")")
		}
	}
	var text string
	switch {
	case n == 0:
		text = "FetchResponse: nothing new (HW " + hwList(resp) + ")"
	case req.ReplicaID >= 0 && lifecycleData(resp):
		lifecycle = 6
		var pbuf [96]byte
		text = label(pbuf[:0]).s("6. leader → follower replication: broker-").i(int64(req.ReplicaID)).s(" fetches from the leader: ").s(string(parts)).String()
	case req.ReplicaID < 0 && lifecycleData(resp):
		text = "FetchResponse: records " + string(parts)
	default:
		text = "FetchResponse: " + string(parts)
	}
	env.Send(sim.Message{To: to, API: protocol.Response(protocol.APIFetch), Body: resp, Lifecycle: lifecycle, Label: text})
}

func lifecycleData(resp *protocol.FetchResponse) bool {
	for _, pr := range resp.Partitions {
		if len(pr.Records) > 0 {
			return true
		}
	}
	return false
}

func hwList(resp *protocol.FetchResponse) string {
	var buf [128]byte
	s := label(buf[:0])
	for i := range resp.Partitions {
		pr := &resp.Partitions[i]
		if i == 3 {
			s = s.s(", …")
			break
		}
		if i > 0 {
			s = s.s(", ")
		}
		s = s.tp(pr.TopicPartition).s("=").i(pr.HighWatermark)
	}
	return s.String()
}

// batchRange returns the first and last offsets of concatenated batches,
// reading only their headers.
func batchRange(b []byte) (first, last int64) {
	first, last = -1, -1
	for pos := 0; pos+61 <= len(b); {
		base := int64(binary.BigEndian.Uint64(b[pos:]))
		size := int(binary.BigEndian.Uint32(b[pos+8:])) + 12
		delta := int64(int32(binary.BigEndian.Uint32(b[pos+23:])))
		if first < 0 {
			first = base
		}
		last = base + delta
		pos += size
	}
	return first, last
}

// wakeFetches tries to answer the fetches waiting on tp after an append or a
// high watermark change.
func (b *Broker) wakeFetches(env *sim.Env, tp protocol.TopicPartition) {
	list := b.parkedFetches[tp]
	if len(list) == 0 {
		return
	}
	type answer struct {
		df   *delayedFetch
		resp *protocol.FetchResponse
	}
	var ready []answer
	for _, df := range list {
		if resp, bytes, failed := b.readFetch(df.req); bytes > 0 || failed {
			ready = append(ready, answer{df, resp})
		}
	}
	for _, a := range ready {
		b.unparkFetch(a.df)
		env.Cancel(a.df.timer)
		b.respondFetch(env, a.df.from, a.df.req, a.resp)
	}
}

func (b *Broker) unparkFetch(df *delayedFetch) {
	for _, fp := range df.req.Partitions {
		list := b.parkedFetches[fp.TopicPartition]
		if i := slices.Index(list, df); i >= 0 {
			list = slices.Delete(list, i, i+1)
			if len(list) == 0 {
				delete(b.parkedFetches, fp.TopicPartition)
			} else {
				b.parkedFetches[fp.TopicPartition] = list
			}
		}
	}
}

// expireFetch answers a held fetch whose MaxWaitMs passed, with whatever is
// there now (usually nothing but the current high watermarks).
func (b *Broker) expireFetch(env *sim.Env, df *delayedFetch) {
	b.unparkFetch(df)
	resp, _, _ := b.readFetch(df.req)
	b.respondFetch(env, df.from, df.req, resp)
}
