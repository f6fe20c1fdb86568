package broker

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/replica"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// handleProduce serves Produce (KafkaApis.handleProduceRequest,
// ReplicaManager.appendRecords, Partition.appendRecordsToLeader):
//
//   - acks must be -1, 0 or 1, else INVALID_REQUIRED_ACKS;
//   - a partition this broker does not know is UNKNOWN_TOPIC_OR_PARTITION, one
//     it does not lead NOT_LEADER_OR_FOLLOWER (the client's metadata is stale);
//   - with acks=all and an ISR smaller than min(min.insync.replicas, RF) the
//     batch is refused before it is appended: NOT_ENOUGH_REPLICAS;
//   - otherwise the leader appends with its leader epoch (step 5);
//   - acks=0 gets no response at all (on an error Kafka closes the
//     connection); acks=1 is answered after the append; acks=all waits in the
//     produce purgatory until the high watermark passes the batch (step 9),
//     answering NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR shrank below the
//     minimum meanwhile, or REQUEST_TIMED_OUT after the request's timeout.
//
// Deviations: no idempotence or transactions (producer ids and sequences are
// not checked), no quotas, and no per-topic message.timestamp difference
// checks.
func (b *Broker) handleProduce(env *sim.Env, from sim.NodeID, req *protocol.ProduceRequest) {
	dp := &delayedProduce{from: from, req: req, parts: make([]produceStatus, len(req.Partitions))}
	for i, pp := range req.Partitions {
		st := &dp.parts[i]
		st.tp = pp.TopicPartition
		st.resp = protocol.ProducePartitionResponse{TopicPartition: pp.TopicPartition, BaseOffset: -1, LogAppendTime: -1, LogStartOffset: -1}
		if req.Acks != protocol.AcksAll && req.Acks != protocol.AcksNone && req.Acks != protocol.AcksLeader {
			st.fail(kerr.Wrap(kerr.InvalidRequiredAcks, "acks=%d: must be -1 (all), 0 or 1", req.Acks))
			continue
		}
		b.appendToLeader(env, req, st, pp.Records)
	}
	switch req.Acks {
	case protocol.AcksNone:
		for _, st := range dp.parts {
			if st.resp.Err != nil {
				env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d closes the connection of %s: acks=0 produce failed with %s", b.cfg.ID, from, protocol.ErrName(st.resp.Err))})
				break
			}
		}
		return
	case protocol.AcksAll:
		if !dp.done() {
			// A parked produce keeps no reference to the request's record
			// bytes: the log copied them, and the producer reuses its
			// buffers once answered.
			hdr := *req
			hdr.Partitions = nil
			dp.req = &hdr
			b.park(env, dp)
			return
		}
	}
	b.respondProduce(env, dp)
}

// appendToLeader appends one partition's batches as its leader.
func (b *Broker) appendToLeader(env *sim.Env, req *protocol.ProduceRequest, st *produceStatus, records []byte) {
	tp := st.tp
	_, reg, known := b.image.partition(tp)
	r := b.replicas[tp]
	switch {
	case !known:
		st.fail(kerr.Wrap(kerr.UnknownTopicOrPartition, "broker %d does not know %s", b.cfg.ID, tp))
		return
	case r == nil || !r.IsLeader():
		st.fail(kerr.Wrap(kerr.NotLeaderOrFollower, "broker %d is not the leader of %s (leader %d)", b.cfg.ID, tp, reg.Leader))
		return
	case req.Acks == protocol.AcksAll && r.UnderMinISR():
		st.fail(kerr.Wrap(kerr.NotEnoughReplicas, "The size of the current ISR %v is insufficient to satisfy the min.isr requirement of %d for partition %s", r.ISR, r.EffectiveMinISR(), tp))
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("leader refuses %s before appending: ISR %v < min.insync.replicas %d", tp, r.ISR, r.EffectiveMinISR())})
		return
	}
	// The log stamps LogAppendTime topics' batches with the broker's time
	// (message.timestamp.type), as LogValidator does.
	info, err := r.Log.Append(records, r.LeaderEpoch, env.Now())
	if err != nil {
		st.fail(err)
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("leader rejects the batch for %s", tp), Summary: err.Error()})
		return
	}
	st.appended = true
	b.maybeFlush(r.Log)
	st.required = info.LastOffset + 1
	st.resp.BaseOffset = info.FirstOffset
	st.resp.LogAppendTime = info.LogAppendTime
	st.resp.LogStartOffset = r.Log.StartOffset()
	env.Record(sim.TraceEntry{Lifecycle: 5, Label: appendLabel(b.cfg.ID, tp, info, r.LeaderEpoch), Summary: appendSummary(info)})
	b.wakeFetches(env, tp)
	b.maybeIncrementHW(env, r)
	if req.Acks != protocol.AcksAll {
		st.done = true
		return
	}
	b.checkProduce(r, st)
}

func appendLabel(id int32, tp protocol.TopicPartition, info log.AppendInfo, epoch int32) string {
	var buf [160]byte
	return label(buf[:0]).s("5. leader broker-").i(int64(id)).s(" appends ").records(info.Records).s(" to its log of ").tp(tp).
		s(" at ").offsets(info.FirstOffset, info.LastOffset).s(" (leader epoch ").i(int64(epoch)).s(")").String()
}

func appendSummary(info log.AppendInfo) string {
	var buf [128]byte
	l := label(buf[:0]).i(int64(info.Bytes)).s(" bytes in segment ").i(info.Segment).s(" at position ").i(info.Position)
	if info.Rolled {
		l = l.s(", rolled a new segment (").s(info.RollReason).s(")")
	}
	return l.String()
}

func recordsWord(n int) string {
	var buf [24]byte
	return label(buf[:0]).records(n).String()
}

func offsetRange(first, last int64) string {
	var buf [48]byte
	return label(buf[:0]).offsets(first, last).String()
}

// checkProduce settles an acks=all partition whose high watermark passed its
// batch (Partition.checkEnoughReplicasReachOffset).
func (b *Broker) checkProduce(r *replica.Partition, st *produceStatus) {
	if st.done {
		return
	}
	done, under := r.RequiredOffsetReached(st.required)
	if !done {
		return
	}
	st.done = true
	if under {
		st.resp.Err = kerr.Wrap(kerr.NotEnoughReplicasAfterAppend, "the records of %s were written but the ISR %v is smaller than min.insync.replicas %d", r.TP, r.ISR, r.EffectiveMinISR())
	}
}

// maybeIncrementHW advances the leader's high watermark if it can, and then
// completes the produces and consumer fetches waiting on it.
func (b *Broker) maybeIncrementHW(env *sim.Env, r *replica.Partition) {
	old := r.HW
	if !r.MaybeIncrementHW(env.Now(), b.cfg.ReplicaLagTimeMaxMs, b.eligible) {
		return
	}
	var buf, sbuf [128]byte
	env.Record(sim.TraceEntry{
		Label: label(buf[:0]).s("leader (broker ").i(int64(b.cfg.ID)).s(") advances the high watermark of ").tp(r.TP).
			s(": ").i(old).s(" → ").i(r.HW).String(),
		Summary: label(sbuf[:0]).s("HW = min LEO over the ISR ").ids(r.MaximalISR()).String()})
	b.completeProduces(env, r)
	b.coordinatorHWAdvanced(env, r)
	b.wakeFetches(env, r.TP)
}

func isrString(isr []int32) string {
	var buf [64]byte
	return label(buf[:0]).ids(isr).String()
}

func (b *Broker) respondProduce(env *sim.Env, dp *delayedProduce) {
	resp := &protocol.ProduceResponse{CorrelationID: dp.req.CorrelationID, Partitions: make([]protocol.ProducePartitionResponse, len(dp.parts))}
	var buf [256]byte
	text := label(buf[:0])
	lifecycle := 0
	for i := range dp.parts {
		st := &dp.parts[i]
		resp.Partitions[i] = st.resp
		if i > 0 {
			text = text.s("; ")
		}
		if st.resp.Err != nil {
			text = text.tp(st.tp).s(" ").s(protocol.ErrName(st.resp.Err))
			continue
		}
		lifecycle = 9
		text = text.tp(st.tp).s(" base offset ").i(st.resp.BaseOffset)
	}
	prefix := "ProduceResponse: "
	if lifecycle == 9 {
		if dp.req.Acks == protocol.AcksAll {
			prefix = "9. produce acknowledged (acks=all: committed): "
		} else {
			prefix = "9. produce acknowledged (acks=1: on the leader only): "
		}
	}
	env.Send(sim.Message{To: dp.from, API: protocol.Response(protocol.APIProduce), Body: resp, Lifecycle: lifecycle, Label: prefix + string(text)})
}

// fail marks a partition of a produce as answered with err.
func (st *produceStatus) fail(err error) {
	st.resp.Err = err
	st.done = true
}
