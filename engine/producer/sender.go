package producer

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// sendReady is the Sender's loop (Sender.sendProducerData,
// RecordAccumulator.ready and drain): for every partition whose first batch
// is ready — full, lingered linger.ms, flushed, or due for a retry — and whose leader
// is known and has fewer than max.in.flight.requests.per.connection requests
// outstanding, the batch joins a ProduceRequest to that leader, at most one
// batch per partition and max.request.size bytes per request. It arms a
// timer for the earliest batch that will become ready.
func (p *Producer) sendReady(env *sim.Env) {
	now := env.Now()
	sends := p.sends[:0] // by first use; sent in node order
	p.sends = nil        // a nested call (there is none today) gets its own
	wake := int64(-1)
	needMeta := false
	for _, q := range p.order {
		if q.len() == 0 {
			continue
		}
		b := q.first()
		readyAt := b.createdAt + p.cfg.LingerMs
		if b.closed || q.len() > 1 || p.flushing {
			readyAt = b.createdAt
		}
		if b.attempts > 0 {
			readyAt = b.retryAt
		}
		if readyAt > now {
			if wake < 0 || readyAt < wake {
				wake = readyAt
			}
			continue
		}
		leader := p.leaderOf(q.tp)
		if leader < 0 {
			needMeta = true
			continue
		}
		if until := p.reconnects.Until(p.brokers[leader], now); until > 0 {
			// NetworkClient.ready: not before the reconnect backoff passes.
			if wake < 0 || until < wake {
				wake = until
			}
			continue
		}
		k := -1
		for i := range sends {
			if sends[i].node == leader {
				k = i
				break
			}
		}
		if p.inFlightPerNode[leader]+btoi(k >= 0) >= p.cfg.MaxInFlight {
			continue
		}
		if p.encode(b); k >= 0 && sends[k].size > 0 && sends[k].size+len(b.encoded) > p.cfg.MaxRequestSize {
			continue
		}
		if k < 0 {
			sends = append(sends, nodeSend{node: leader})
			k = len(sends) - 1
		}
		sends[k].size += len(b.encoded)
		sends[k].batches = append(sends[k].batches, b)
		q.popFirst()
	}
	for i := 1; i < len(sends); i++ { // insertion sort by node: a handful of leaders
		for j := i; j > 0 && sends[j].node < sends[j-1].node; j-- {
			sends[j], sends[j-1] = sends[j-1], sends[j]
		}
	}
	for i := range sends {
		p.sendProduce(env, sends[i].node, sends[i].batches)
		sends[i] = nodeSend{} // the request keeps the batches; drop them here
	}
	p.sends = sends[:0]
	if needMeta {
		p.metaStale(env)
	}
	if wake >= 0 {
		p.armSendTimer(env, wake)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (p *Producer) leaderOf(tp protocol.TopicPartition) int32 {
	t := p.topics[tp.Topic]
	if t == nil || int(tp.Partition) >= len(t.parts) {
		return -1
	}
	return t.parts[tp.Partition].leader
}

// encode closes the batch and encodes it as a RecordBatch v2, once: a retry
// resends the same bytes, as the Java producer does.
func (p *Producer) encode(b *batch) {
	if b.encoded != nil {
		return
	}
	b.closed = true
	finishBatch(b.buf, b.count, b.baseTs, b.maxTs)
	b.encoded = b.buf
}

// sendProduce sends one ProduceRequest (step 4). With acks=0 the batches are
// done as soon as they are sent, with offset -1: nothing will answer.
func (p *Producer) sendProduce(env *sim.Env, node int32, batches []*batch) {
	corr := p.nextCorr()
	req := &protocol.ProduceRequest{CorrelationID: corr, ClientID: p.cfg.ClientID, Acks: p.cfg.Acks, TimeoutMs: int32(p.cfg.RequestTimeoutMs)}
	req.Partitions = make([]protocol.ProducePartition, 0, len(batches))
	var buf [256]byte
	label := append(buf[:0], "4. ProduceRequest to the partition leader broker-"...)
	label = strconv.AppendInt(label, int64(node), 10)
	label = append(append(append(label, " (acks="...), acksName(p.cfg.Acks)...), "): "...)
	for i, b := range batches {
		req.Partitions = append(req.Partitions, protocol.ProducePartition{TopicPartition: b.tp, Records: b.encoded})
		if i > 0 {
			label = append(label, ", "...)
		}
		label = appendTP(label, b.tp)
		label = strconv.AppendInt(append(label, " ("...), int64(b.count), 10)
		label = append(label, " record(s)"...)
		if b.attempts > 0 {
			label = strconv.AppendInt(append(label, ", retry "...), int64(b.attempts), 10)
		}
		label = append(label, ')')
	}
	env.Send(sim.Message{To: p.brokers[node], API: protocol.APIProduce, Body: req, Lifecycle: 4, Label: string(label)})
	if p.cfg.Acks == protocol.AcksNone {
		for _, b := range batches {
			env.Cancel(b.expiry)
			for _, idx := range b.indexes {
				p.report(env, idx, b.tp.Topic, b.tp.Partition, -1, -1, nil)
			}
		}
		return
	}
	p.inFlight[corr] = &request{node: node, batches: batches, timer: env.After(p.cfg.RequestTimeoutMs, timerRequestTimeout, corr)}
	p.inFlightPerNode[node]++
}

func acksName(a int16) string {
	if a == protocol.AcksAll {
		return "all"
	}
	return strconv.Itoa(int(a))
}

// appendTP appends tp as TopicPartition.String does.
func appendTP(dst []byte, tp protocol.TopicPartition) []byte {
	return strconv.AppendInt(append(append(dst, tp.Topic...), '-'), int64(tp.Partition), 10)
}

func (p *Producer) finishRequest(corr int32) *request {
	req, ok := p.inFlight[corr]
	if !ok {
		return nil
	}
	delete(p.inFlight, corr)
	p.inFlightPerNode[req.node]--
	return req
}

// handleProduce completes, retries or fails each batch of a response
// (Sender.handleProduceResponse, completeBatch).
func (p *Producer) handleProduce(env *sim.Env, resp *protocol.ProduceResponse) {
	req, ok := p.inFlight[resp.CorrelationID]
	if !ok {
		return // a response after its request timed out
	}
	env.Cancel(req.timer)
	p.finishRequest(resp.CorrelationID)
	for i, b := range req.batches {
		var pr *protocol.ProducePartitionResponse
		if i < len(resp.Partitions) && resp.Partitions[i].TopicPartition == b.tp {
			pr = &resp.Partitions[i]
		}
		switch {
		case pr == nil:
			p.retryOrFail(env, b, kerr.Wrap(kerr.UnknownServerError, "no answer for %s in the response", b.tp))
		case pr.Err != nil:
			p.retryOrFail(env, b, pr.Err)
		default:
			p.reportBatch(b, pr.BaseOffset, pr.LogAppendTime)
			env.Cancel(b.expiry)
			var buf [128]byte
			label := appendTP(append(append(buf[:0], p.node...), ": delivery report: "...), b.tp)
			env.Record(sim.TraceEntry{Label: string(appendOffsets(append(label, ", "...), pr.BaseOffset, b.count))})
			p.recycle(b)
		}
	}
	p.sendReady(env)
}

// appendOffsets appends "offset B" or "offsets B–L".
func appendOffsets(dst []byte, base int64, n int) []byte {
	if n == 1 {
		return strconv.AppendInt(append(dst, "offset "...), base, 10)
	}
	dst = strconv.AppendInt(append(dst, "offsets "...), base, 10)
	return strconv.AppendInt(append(dst, "–"...), base+int64(n)-1, 10)
}

// retryOrFail puts a failed batch back at the front of its queue after
// retry.backoff.ms when the error is retriable, retries are left and
// delivery.timeout.ms has not passed; otherwise its records fail with err.
// NOT_LEADER_OR_FOLLOWER and UNKNOWN_TOPIC_OR_PARTITION also refresh the
// metadata, which is how a client learns that a leader moved.
//
// Without idempotence a retry can duplicate records that were appended
// although the answer was an error (REQUEST_TIMED_OUT,
// NOT_ENOUGH_REPLICAS_AFTER_APPEND), and with more than one request in
// flight a retried batch can land after a later one — exactly Kafka's
// behaviour with enable.idempotence=false.
func (p *Producer) retryOrFail(env *sim.Env, b *batch, err error) {
	now := env.Now()
	var ke *kerr.Error
	retriable := errors.As(err, &ke) && ke.Retriable
	if errors.Is(err, kerr.NotLeaderOrFollower) || errors.Is(err, kerr.UnknownTopicOrPartition) || errors.Is(err, kerr.RequestTimedOut) ||
		errors.Is(err, kerr.NetworkException) {
		if t := p.topics[b.tp.Topic]; t != nil {
			t.err = nil
		}
		p.metaStale(env)
	}
	if retriable && int32(b.attempts) < p.cfg.Retries && now+p.cfg.RetryBackoffMs < b.createdAt+p.cfg.DeliveryTimeoutMs {
		b.attempts++
		b.retryAt = now + p.cfg.RetryBackoffMs
		p.queue(b.tp).pushFront(b)
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("%s: %s for %s, retry %d after retry.backoff.ms (%d ms)", p.node, protocol.ErrName(err), b.tp, b.attempts, p.cfg.RetryBackoffMs), Summary: err.Error()})
		return
	}
	p.fail(env, b, err)
}

func (p *Producer) fail(env *sim.Env, b *batch, err error) {
	env.Cancel(b.expiry)
	for _, idx := range b.indexes {
		p.report(env, idx, b.tp.Topic, b.tp.Partition, -1, -1, err)
	}
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("%s: delivery report: %s failed: %s", p.node, b.tp, protocol.ErrName(err)), Summary: err.Error()})
}

// expire fails a batch still waiting in the accumulator when
// delivery.timeout.ms passed since it was created
// (RecordAccumulator.expiredBatches). A batch in flight is left to its
// response or request timeout, after which it is not retried.
func (p *Producer) expire(env *sim.Env, b *batch) {
	q := p.queues[b.tp]
	if q == nil || !q.remove(b) {
		return
	}
	b.closed = true // out of the queue: no record may join it now
	p.fail(env, b, kerr.Wrap(kerr.RequestTimedOut, "Expiring %d record(s) for %s:%d ms has passed since batch creation", b.count, b.tp, p.cfg.DeliveryTimeoutMs))
}
