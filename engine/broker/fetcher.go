package broker

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// A fetcher replicates every partition this broker follows from one leader
// broker, as Kafka's ReplicaFetcherThread does with num.replica.fetchers=1:
// one Fetch request at a time carries all those partitions, and the next
// is sent as soon as the response is processed. The leader holds a fetch
// that finds nothing new for up to replica.fetch.wait.max.ms, so a caught-up
// follower costs one request per wait, and new data travels at once.
type fetcher struct {
	leader       int32
	parts        map[protocol.TopicPartition]*fetchState
	order        []protocol.TopicPartition // parts' keys in order; nil when they changed
	inFlight     bool
	backoffTimer sim.TimerID
	// corr and sentAt identify the Fetch in flight: a response to any other
	// (one that timed out, or sent by a previous process) is ignored, and
	// one unanswered for replica.socket.timeout.ms times out (timeouts.go).
	corr   int32
	sentAt int64
}

type fetchState struct {
	lastSent     int64 // the fetch offset of the previous request, to tell an acknowledgement
	backoffUntil int64 // after an error, the partition waits replica.fetch.backoff.ms
}

func (b *Broker) startFetching(env *sim.Env, tp protocol.TopicPartition, leader int32) {
	f := b.fetchers[leader]
	if f == nil {
		f = &fetcher{leader: leader, parts: map[protocol.TopicPartition]*fetchState{}}
		b.fetchers[leader] = f
	}
	f.parts[tp] = &fetchState{lastSent: -1}
	f.order = nil
}

// kickFetchers sends a fetch from every idle fetcher, after a batch of
// metadata records added partitions to them.
func (b *Broker) kickFetchers(env *sim.Env) {
	for _, id := range slices.Sorted(maps.Keys(b.fetchers)) {
		b.sendFetch(env, b.fetchers[id])
	}
}

func (b *Broker) stopFetching(tp protocol.TopicPartition, leader int32) {
	if f := b.fetchers[leader]; f != nil {
		delete(f.parts, tp)
		f.order = nil
	}
}

// sendFetch sends the fetcher's next Fetch if none is in flight. A request
// whose fetch offsets moved since the last one acknowledges the records the
// follower appended: that is step 8.
func (b *Broker) sendFetch(env *sim.Env, f *fetcher) {
	if f.inFlight || len(f.parts) == 0 {
		return
	}
	now := env.Now()
	req := &protocol.FetchRequest{CorrelationID: b.nextCorr(), ReplicaID: b.cfg.ID, ReplicaEpoch: b.epoch,
		MaxWaitMs: b.cfg.ReplicaFetchWaitMaxMs, MinBytes: 1, MaxBytes: DefaultReplicaFetchResponseMaxBytes}
	var abuf [128]byte
	acks := label(abuf[:0])
	nextBackoff := int64(-1)
	if f.order == nil {
		f.order = slicesort.SortedFunc(maps.Keys(f.parts), protocol.TopicPartition.Compare)
	}
	for _, tp := range f.order {
		st := f.parts[tp]
		r := b.replicas[tp]
		if r == nil {
			continue
		}
		if st.backoffUntil > now {
			if nextBackoff < 0 || st.backoffUntil < nextBackoff {
				nextBackoff = st.backoffUntil
			}
			continue
		}
		leo := r.LEO()
		req.Partitions = append(req.Partitions, protocol.FetchPartition{TopicPartition: tp, CurrentLeaderEpoch: r.LeaderEpoch,
			FetchOffset: leo, LastFetchedEpoch: r.Log.LatestEpoch(), LogStartOffset: r.Log.StartOffset(), PartitionMaxBytes: b.cfg.ReplicaFetchMaxBytes})
		if st.lastSent >= 0 && leo > st.lastSent {
			if len(acks) > 0 {
				acks = acks.s(", ")
			}
			acks = acks.tp(tp).s(" offsets < ").i(leo)
		}
		st.lastSent = leo
	}
	if len(req.Partitions) == 0 {
		if nextBackoff >= 0 && f.backoffTimer == 0 {
			f.backoffTimer = env.After(nextBackoff-now, timerFetcherBackoff, f)
		}
		return
	}
	m := sim.Message{To: NodeID(f.leader), API: protocol.APIFetch, Body: req}
	var lbuf [192]byte
	if len(acks) > 0 {
		m.Lifecycle = 8
		m.Label = label(lbuf[:0]).s("8. follower broker-").i(int64(b.cfg.ID)).s(" acknowledges by fetching on: ").s(string(acks)).String()
	} else {
		m.Label = label(lbuf[:0]).s("Fetch(replica ").i(int64(b.cfg.ID)).s(", ").s(fetchOffsets(req)).s(")").String()
	}
	f.inFlight, f.corr, f.sentAt = true, req.CorrelationID, now
	env.Send(m)
}

func fetchOffsets(req *protocol.FetchRequest) string {
	var buf [128]byte
	s := label(buf[:0])
	for i := range req.Partitions {
		fp := &req.Partitions[i]
		if i == 3 {
			s = s.s(", … ").i(int64(len(req.Partitions))).s(" partitions")
			break
		}
		if i > 0 {
			s = s.s(", ")
		}
		s = s.tp(fp.TopicPartition).s("@").i(fp.FetchOffset)
	}
	return s.String()
}

// handleFetcherResponse processes a leader's answer to a follower fetch
// (AbstractFetcherThread.processFetchRequest): records are appended as
// follower (step 7), the high watermark is taken from the leader clamped to
// the local log, a diverging epoch truncates the log (KIP-101/KIP-279 via
// LastFetchedEpoch), and errors back the partition off for
// replica.fetch.backoff.ms until the metadata catches up.
func (b *Broker) handleFetcherResponse(env *sim.Env, from sim.NodeID, resp *protocol.FetchResponse) {
	var f *fetcher
	if rest, ok := strings.CutPrefix(string(from), "broker-"); ok {
		if id, err := strconv.ParseInt(rest, 10, 32); err == nil && strconv.FormatInt(id, 10) == rest {
			f = b.fetchers[int32(id)]
		}
	}
	if f == nil || !f.inFlight || resp.CorrelationID != f.corr {
		return // not the fetch in flight: it timed out, or an earlier process sent it
	}
	f.inFlight = false
	now := env.Now()
	for i := range resp.Partitions {
		pr := &resp.Partitions[i]
		st := f.parts[pr.TopicPartition]
		r := b.replicas[pr.TopicPartition]
		if st == nil || r == nil || r.IsLeader() || r.Leader != f.leader {
			continue
		}
		switch {
		case pr.Err != nil:
			st.backoffUntil = now + b.cfg.ReplicaFetchBackoffMs
			if errors.Is(pr.Err, kerr.OffsetOutOfRange) && pr.LogStartOffset > r.LEO() {
				_ = r.Log.TruncateFullyAndStartAt(pr.LogStartOffset, now)
				r.HW = pr.LogStartOffset
			}
			continue
		case pr.DivergingEpoch != nil:
			b.truncate(env, r.TP, pr.DivergingEpoch)
			continue
		}
		if len(pr.Records) > 0 {
			info, err := b.appendAsFollower(env, f, r, pr.Records, now)
			if err != nil {
				env.Record(sim.TraceEntry{Label: fmt.Sprintf("follower broker-%d cannot append to %s", b.cfg.ID, r.TP), Summary: err.Error()})
				st.backoffUntil = now + b.cfg.ReplicaFetchBackoffMs
				continue
			}
			r.UpdateFollowerHW(pr.HighWatermark)
			var lbuf [160]byte
			env.Record(sim.TraceEntry{Lifecycle: 7, Label: label(lbuf[:0]).s("7. follower broker-").i(int64(b.cfg.ID)).s(" appends ").records(info.Records).
				s(" to its log of ").tp(r.TP).s(" at ").offsets(info.FirstOffset, info.LastOffset).s(" (HW ").i(r.HW).s(")").String(), Summary: appendSummary(info)})
			continue
		}
		r.UpdateFollowerHW(pr.HighWatermark)
	}
	b.sendFetch(env, f)
}

// truncate cuts a follower's log where it diverges from the leader's: at the
// end of the diverging epoch, or the end of the follower's own largest epoch
// not after it (AbstractFetcherThread.truncateOnFetchResponse).
func (b *Broker) truncate(env *sim.Env, tp protocol.TopicPartition, d *protocol.EpochEndOffset) {
	r := b.replicas[tp]
	if d.EndOffset < 0 {
		// The leader knows no epoch to compare with: Kafka keeps the
		// initial fetch offset (AbstractFetcherThread.getOffsetTruncationState).
		return
	}
	to := min(d.EndOffset, r.LEO())
	if fe, fend := r.Log.EndOffsetForEpoch(d.Epoch); fe != log.UndefinedEpoch {
		to = min(to, fend)
	}
	old := r.LEO()
	leo, err := r.TruncateTo(to)
	if err != nil {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("follower broker-%d cannot truncate %s", b.cfg.ID, tp), Summary: err.Error()})
		return
	}
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("follower broker-%d truncates %s from LEO %d to %d: its log diverged from the leader's at epoch %d", b.cfg.ID, tp, old, leo, d.Epoch)})
}
