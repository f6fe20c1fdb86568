package producer

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// A Record is one record to send.
type Record struct {
	Key, Value []byte // nil is null
	Partition  int32  // partitioner.NoPartition: let the partitioner choose
	Headers    []record.Header
}

// A Report is the delivery report of one record: where it was written, or
// the error that ended its retries.
type Report struct {
	Index     int // the record's number in the order Send was called, from 0
	Topic     string
	Partition int32 // -1 when no partition was chosen
	Offset    int64 // -1 on error, and with acks=0
	Timestamp int64
	Err       error
}

// A Producer is a producer client node (KafkaProducer with its
// RecordAccumulator and Sender). It implements sim.Node.
type Producer struct {
	cfg       Config
	node      sim.NodeID
	bootstrap []sim.NodeID
	corr      int32

	brokers map[int32]sim.NodeID
	topics  map[string]*topicState

	metaInFlight    int32          // correlation id of the metadata request in flight, or 0
	metaTo          sim.NodeID     // the broker the metadata request in flight went to, or "" (a retry not sent yet)
	reconnects      sim.Reconnects // brokers in reconnect backoff after a lost connection (disconnect.go)
	metaBootstrap   int            // next bootstrap broker to ask
	lastMetaAt      int64          // when the last metadata response arrived, or -1
	waiting         []pendingRecord
	queues          map[protocol.TopicPartition]*queue
	order           []*queue   // every queue, by partition (TopicPartition.Compare); empty ones stay
	sends           []nodeSend // sendReady's scratch: the requests it is building
	inFlight        map[int32]*request
	inFlightPerNode map[int32]int
	sendTimerAt     int64    // when the earliest armed send timer fires, or -1
	free            []*batch // acknowledged batches whose buffers can be reused
	flushing        bool     // Flush was called and records are outstanding: nothing lingers

	records int
	// The delivery reports, kept compact (see reports.go): by record index,
	// the topic of each run of records, and the errors.
	outcomes  []outcome
	topicRuns []topicRun
	errs      []recordErr
	done      int
}

type topicState struct {
	parts   []partitionState
	open    []*batch          // by partition: the batch records join, while it is open (the last of its queue)
	view    partitioner.Topic // the partitioner's view: partitions with a leader
	chooser *partitioner.Partitioner
	err     error // the topic's error in the last metadata response
}

type partitionState struct {
	leader      int32
	leaderEpoch int32
}

type pendingRecord struct {
	index   int
	topic   string
	rec     Record
	created int64
}

type batch struct {
	tp        protocol.TopicPartition
	createdAt int64
	// buf holds room for the batch header and then the records, encoded as
	// they join (see encoder.go); encode fills the header in.
	buf      []byte
	count    int     // records in buf
	indexes  []int   // each record's index, for its delivery report
	tsDeltas []int64 // each record's timestamp minus baseTs
	closed   bool    // full: no more appends
	encoded  []byte  // buf once the header is filled in: the bytes sent
	attempts int
	retryAt  int64
	baseTs   int64
	maxTs    int64
	expiry   sim.TimerID // the delivery.timeout.ms timer
}

type request struct {
	node    int32
	batches []*batch
	timer   sim.TimerID
}

// New returns a producer node called id that bootstraps from the given
// brokers.
func New(id sim.NodeID, cfg Config, bootstrap []sim.NodeID) *Producer {
	p := &Producer{node: id}
	p.Reset(cfg, bootstrap)
	return p
}

// Reset starts the producer over with a new configuration, as a new
// KafkaProducer instance with the same client id would. It forgets its
// metadata, batches and reports; responses to old requests are ignored.
// bootstrap lists the brokers it asks for metadata (--bootstrap-server).
func (p *Producer) Reset(cfg Config, bootstrap []sim.NodeID) {
	p.bootstrap = slices.Clone(bootstrap)
	p.metaBootstrap = 0
	cfg.Partitioner.BatchSize = cfg.BatchSize
	p.cfg = cfg
	p.brokers = map[int32]sim.NodeID{}
	p.topics = map[string]*topicState{}
	p.metaInFlight, p.metaTo = 0, ""
	p.reconnects = sim.Reconnects{}
	p.lastMetaAt = -1
	p.waiting = nil
	p.queues = map[protocol.TopicPartition]*queue{}
	p.order = nil
	p.inFlight = map[int32]*request{}
	p.inFlightPerNode = map[int32]int{}
	p.sendTimerAt = -1
	p.flushing = false
	p.records, p.outcomes, p.topicRuns, p.errs, p.done = 0, nil, nil, nil, 0
}

// ID implements sim.Node.
func (p *Producer) ID() sim.NodeID { return p.node }

// Reports returns the delivery reports so far, by record index; a record
// still in progress has Offset -1 and a nil Err.
func (p *Producer) Reports() []Report { return p.buildReports() }

// Flush makes every batch ready at once, as KafkaProducer.flush and close do
// (RecordAccumulator.beginFlush: while a flush is in progress no batch waits
// for linger.ms; retries still wait retry.backoff.ms), until every record
// sent so far has its delivery report. Call it from an input with the
// producer's Env. kafka-console-producer.sh reaches it at the end of its
// input, when it closes the producer.
func (p *Producer) Flush(env *sim.Env) {
	if p.Done() {
		return
	}
	p.flushing = true
	p.sendReady(env)
}

// FirstErr returns the error of the first failed record in the reports so
// far, or nil; unlike Reports it copies nothing.
func (p *Producer) FirstErr() error {
	first := -1
	var err error
	for _, e := range p.errs {
		if first < 0 || e.index < first {
			first, err = e.index, e.err
		}
	}
	return err
}

// ClearReports forgets the delivery reports of a producer that is Done, so a
// long-running driver does not accumulate them; record indexes restart at 0.
func (p *Producer) ClearReports() {
	if !p.Done() {
		return
	}
	clear(p.topicRuns)
	clear(p.errs)
	p.records, p.outcomes, p.topicRuns, p.errs, p.done = 0, p.outcomes[:0], p.topicRuns[:0], p.errs[:0], 0
}

// Done reports whether every record sent so far has its delivery report.
func (p *Producer) Done() bool { return p.done == p.records }

// Outstanding returns how many records await their delivery report.
func (p *Producer) Outstanding() int { return p.records - p.done }

func (p *Producer) nextCorr() int32 { p.corr++; return p.corr }

// Send sends records to topic, as KafkaProducer.send does for each: the
// record is created and serialized (steps 1–2), waits for the topic's
// metadata if the producer has none, gets its partition (step 3) and joins
// that partition's batch in the accumulator. Batches leave when full or
// after linger.ms (step 4). Call it from an input with the producer's Env.
func (p *Producer) Send(env *sim.Env, topic string, recs []Record) {
	t := p.topics[topic] // metadata cannot change during Send
	if t != nil && t.err != nil {
		t = nil
	}
	now := env.Now()
	if n := len(p.topicRuns); n == 0 || p.topicRuns[n-1].topic != topic {
		p.topicRuns = append(p.topicRuns, topicRun{first: p.records, topic: topic})
	}
	p.outcomes = slices.Grow(p.outcomes, len(recs))
	for i := range recs {
		r := &recs[i]
		index := p.records
		p.records++
		p.outcomes = append(p.outcomes, outcome{partition: -1, offset: -1, timestamp: -1})
		if p.cfg.TraceRecords {
			env.Record(sim.TraceEntry{Lifecycle: 1, Label: fmt.Sprintf("1. create record #%d (key=%s, value=%s)", index, show(r.Key), show(r.Value))})
			env.Record(sim.TraceEntry{Lifecycle: 2, Label: fmt.Sprintf("2. serialize key/value: %s key, %s value", byteCount(r.Key), byteCount(r.Value))})
		}
		if t != nil {
			p.accumulate(env, t, index, topic, r, now)
		} else {
			p.waiting = append(p.waiting, pendingRecord{index: index, topic: topic, rec: *r, created: now})
		}
	}
	if len(p.waiting) > 0 {
		p.requestMetadata(env)
	}
	p.sendReady(env)
}

func show(b []byte) string {
	if b == nil {
		return "null"
	}
	if len(b) > 24 {
		return strconv.Quote(string(b[:24])) + "…"
	}
	return strconv.Quote(string(b))
}

func byteCount(b []byte) string {
	if b == nil {
		return "null"
	}
	return strconv.Itoa(len(b)) + "-byte"
}

// accumulate chooses the record's partition and appends it to the
// partition's last batch, or to a new one when it does not fit
// (RecordAccumulator.append). The record is encoded into the batch's bytes
// at once, as MemoryRecordsBuilder.append does.
func (p *Producer) accumulate(env *sim.Env, t *topicState, index int, topic string, r *Record, created int64) {
	part := int(r.Partition)
	var choice partitioner.Choice
	// A valid explicit partition needs no partitioner: Partition would return
	// it as it is and Appended would ignore it. The trace shows the choice.
	chosen := part >= 0 && part < t.view.NumPartitions && !p.cfg.TraceRecords
	if !chosen {
		var err error
		choice, err = t.chooser.Partition(t.view, part, r.Key)
		if err != nil {
			p.report(env, index, topic, r.Partition, -1, -1, err)
			return
		}
		if p.cfg.TraceRecords {
			env.Record(sim.TraceEntry{Lifecycle: 3, Label: "3. choose partition: " + choice.String()})
		}
		part = choice.Partition
	}
	var last *batch
	if part < len(t.open) {
		// The open batch is the last of its queue: a batch leaves the open
		// slot by closing (full, encoded, expired) before anything follows it.
		if b := t.open[part]; b != nil && !b.closed && b.attempts == 0 && b.encoded == nil {
			last = b
		}
	}
	n := 0
	if last != nil {
		tsDelta, offsetDelta := created-last.baseTs, int32(last.count)
		body := recordBodyLen(tsDelta, offsetDelta, r.Key, r.Value, r.Headers)
		if n = recordLen(body); len(last.buf)+n > p.cfg.BatchSize {
			last.closed = true
			last = nil
		} else {
			last.buf = appendRecord(last.buf, body, tsDelta, offsetDelta, r.Key, r.Value, r.Headers)
		}
	}
	if last == nil {
		tp := protocol.TopicPartition{Topic: topic, Partition: int32(part)}
		last = p.newBatch(tp, env.Now(), created)
		body := recordBodyLen(0, 0, r.Key, r.Value, r.Headers)
		n = recordLen(body)
		last.buf = appendRecord(last.buf, body, 0, 0, r.Key, r.Value, r.Headers)
		p.enqueue(tp, last)
		for len(t.open) <= part {
			t.open = append(t.open, nil)
		}
		t.open[part] = last
		last.expiry = env.After(p.cfg.DeliveryTimeoutMs, timerDeliveryTimeout, last)
		if p.cfg.LingerMs > 0 {
			p.armSendTimer(env, env.Now()+p.cfg.LingerMs)
		}
	}
	last.count++
	last.indexes = append(last.indexes, index)
	last.tsDeltas = append(last.tsDeltas, created-last.baseTs)
	last.maxTs = max(last.maxTs, created)
	p.outcomes[index].partition = int32(part)
	if len(last.buf) >= p.cfg.BatchSize {
		last.closed = true
	}
	if !chosen {
		t.chooser.Appended(choice, n, t.view, last.closed)
	}
}

// newBatch returns an empty batch, reusing an acknowledged one's buffers
// when there is one.
func (p *Producer) newBatch(tp protocol.TopicPartition, now, ts int64) *batch {
	var b *batch
	if n := len(p.free); n > 0 {
		b = p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
		*b = batch{buf: b.buf[:record.HeaderSize], indexes: b.indexes[:0], tsDeltas: b.tsDeltas[:0]}
	} else {
		b = &batch{buf: make([]byte, record.HeaderSize, max(record.HeaderSize, min(p.cfg.BatchSize, 1<<20)))}
	}
	b.tp, b.createdAt, b.baseTs, b.maxTs = tp, now, ts, ts
	return b
}

// maxFreeBatches bounds the batches kept for reuse.
const maxFreeBatches = 64

// recycle keeps an acknowledged batch for reuse. Only a batch sent exactly
// once qualifies: its one request has been answered, so the leader has
// copied its bytes into the log and no other request carries them (a
// retried batch may still travel in an older, timed-out request).
func (p *Producer) recycle(b *batch) {
	if b.attempts > 0 || len(p.free) >= maxFreeBatches {
		return
	}
	if t := p.topics[b.tp.Topic]; t != nil && int(b.tp.Partition) < len(t.open) && t.open[b.tp.Partition] == b {
		t.open[b.tp.Partition] = nil
	}
	b.encoded = nil
	p.free = append(p.free, b)
}

const (
	timerSend            = "sender wakeup"
	timerDeliveryTimeout = "delivery.timeout.ms"
	timerRequestTimeout  = "request.timeout.ms"
	timerMetadataRetry   = "metadata retry"
)

// armSendTimer makes sure the sender wakes at or before at.
func (p *Producer) armSendTimer(env *sim.Env, at int64) {
	if p.sendTimerAt >= 0 && p.sendTimerAt <= at && p.sendTimerAt >= env.Now() {
		return
	}
	p.sendTimerAt = at
	env.After(at-env.Now(), timerSend, nil)
}

// Timer implements sim.Node.
func (p *Producer) Timer(env *sim.Env, t sim.TimerEvent) {
	switch t.Kind {
	case timerSend:
		if t.At == p.sendTimerAt {
			p.sendTimerAt = -1
		}
		p.sendReady(env)
	case timerDeliveryTimeout:
		p.expire(env, t.Data.(*batch))
	case timerRequestTimeout:
		corr := t.Data.(int32)
		if req, ok := p.inFlight[corr]; ok {
			p.finishRequest(corr)
			for _, b := range req.batches {
				p.retryOrFail(env, b, kerr.Wrap(kerr.RequestTimedOut, "Disconnected from broker %d after request.timeout.ms (%d ms) without a response", req.node, p.cfg.RequestTimeoutMs))
			}
			p.sendReady(env)
		}
	case timerMetadataRetry:
		if p.metaInFlight == t.Data.(int32) {
			p.metaInFlight = 0
			p.requestMetadata(env)
		}
	}
}

// Receive implements sim.Node.
func (p *Producer) Receive(env *sim.Env, m sim.Message) {
	p.reconnects.Connected(m.From)
	switch resp := m.Body.(type) {
	case *protocol.MetadataResponse:
		p.handleMetadata(env, resp)
	case *protocol.ProduceResponse:
		p.handleProduce(env, resp)
	}
}

// AppendState implements sim.Node.
func (p *Producer) AppendState(w *sim.StateWriter) {
	p.reconnects.AppendState(w)
	w.Int(int64(p.corr))
	w.Int(int64(p.records))
	w.Int(int64(p.done))
	w.Int(int64(len(p.waiting)))
	for _, q := range p.order {
		if q.len() > 0 {
			w.String(q.tp.String())
			w.Int(int64(q.len()))
		}
	}
	w.Int(int64(len(p.inFlight)))
}
