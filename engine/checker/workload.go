package checker

import (
	"errors"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/producer"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// The workload: several producer nodes (engine/producer, the lab's
// KafkaProducer) that send keyed and unkeyed records through the simulated
// network while faults happen, and assign-mode readers that poll every
// partition from offset 0 with Fetch (ReplicaID -1), as a consumer without a
// group does. Every client operation goes into the history.

// sent is one record a producer was asked to send: the invoke half of a send
// op; the producer's delivery report is its completion.
type sent struct {
	value  string
	key    bool
	invoke uint64 // step
}

type prodState struct {
	id   sim.NodeID
	p    *producer.Producer
	sent []sent
}

func (r *run) addProducers() error {
	props := map[string]string{
		"acks":                                  r.cfg.Acks,
		"linger.ms":                             strconv.Itoa(r.cfg.LingerMs),
		"batch.size":                            strconv.Itoa(64 + r.work.IntN(400)),
		"request.timeout.ms":                    "800",
		"delivery.timeout.ms":                   "6000",
		"retry.backoff.ms":                      "50",
		"max.in.flight.requests.per.connection": strconv.Itoa(r.cfg.InFlight),
		"max.block.ms":                          "3000",
		"enable.idempotence":                    "false",
	}
	pcfg, err := producer.ParseConfig(props)
	if err != nil {
		return err
	}
	var boot []sim.NodeID
	for id := 1; id <= r.cfg.Brokers; id++ {
		boot = append(boot, broker.NodeID(int32(id)))
	}
	for i := range r.cfg.Producers {
		id := sim.NodeID("chk-producer-" + strconv.Itoa(i+1))
		pc := pcfg
		pc.ClientID = string(id)
		p := producer.New(id, pc, boot)
		if err := r.c.Sim().AddNode(p); err != nil {
			return err
		}
		r.producers = append(r.producers, &prodState{id: id, p: p})
	}
	return nil
}

// send queues an input on a drawn producer that sends 1–4 records.
func (r *run) send() {
	ps := r.producers[r.work.IntN(len(r.producers))]
	n := 1 + r.work.IntN(4)
	recs := make([]producer.Record, 0, n)
	for range n {
		v := string(ps.id[len("chk-"):]) + "-" + strconv.Itoa(len(ps.sent))
		rec := producer.Record{Value: []byte(v), Partition: partitioner.NoPartition}
		keyed := r.work.IntN(2) == 0
		if keyed {
			rec.Key = []byte("k" + strconv.Itoa(r.work.IntN(8)))
		}
		recs = append(recs, rec)
		ps.sent = append(ps.sent, sent{value: v, key: keyed, invoke: r.step})
	}
	r.res.Stats.Sent += n
	p := ps.p
	topic := r.topic
	_ = r.c.Sim().Do(ps.id, "checker: send "+strconv.Itoa(n)+" record(s)", func(env *sim.Env) {
		p.Send(env, topic, recs)
	})
}

// obs is one record an assign-mode reader polled: a poll op's value.
type obs struct {
	part  int32
	off   int64
	value string
	step  uint64
}

// reader is an assign-mode consumer node: it reads every partition of the
// topic from offset 0, one Fetch in flight per partition, resending after
// a request timeout. It takes each partition's leader from the brokers'
// own view (the up broker that leads with the highest epoch), where a real
// client would ask Metadata; that is the checker's only shortcut.
// Like a Kafka 2.1+ consumer (KIP-320) it never goes back to a leader with
// an older leader epoch than one it has fetched from, and sends the epoch
// as CurrentLeaderEpoch: a zombie leader (paused, cut off) that still thinks
// it leads in an older epoch answers FENCED_LEADER_EPOCH instead of serving
// its shorter, stale log (which would be OFFSET_OUT_OF_RANGE, not data loss).
type reader struct {
	id     sim.NodeID
	r      *run
	pos    []int64
	corr   []int32
	sentAt []int64
	epoch  []int32 // the highest leader epoch fetched from, per partition
	next   int32
	pollMs int64
	obs    []obs
	// oor counts OFFSET_OUT_OF_RANGE answers (the log was truncated under
	// the reader: unclean election).
	oor int
}

const readerTimeoutMs = 800

func (r *run) addReaders() error {
	for i := range r.cfg.Readers {
		rd := &reader{id: sim.NodeID("chk-reader-" + strconv.Itoa(i+1)), r: r, pollMs: int64(5 + r.work.IntN(30)),
			pos: make([]int64, r.cfg.Partitions), corr: make([]int32, r.cfg.Partitions), sentAt: make([]int64, r.cfg.Partitions),
			epoch: make([]int32, r.cfg.Partitions)}
		if err := r.c.Sim().AddNode(rd); err != nil {
			return err
		}
		r.readers = append(r.readers, rd)
		if err := r.c.Sim().Do(rd.id, "checker: start reader", func(env *sim.Env) { env.After(rd.pollMs, "poll", nil) }); err != nil {
			return err
		}
	}
	return nil
}

func (rd *reader) ID() sim.NodeID { return rd.id }

func (rd *reader) AppendState(w *sim.StateWriter) {
	for i := range rd.pos {
		w.Int(rd.pos[i])
		w.Int(int64(rd.corr[i]))
	}
	w.Int(int64(len(rd.obs)))
}

func (rd *reader) Timer(env *sim.Env, t sim.TimerEvent) {
	now := env.Now()
	for p := range rd.pos {
		if rd.corr[p] != 0 && now-rd.sentAt[p] < readerTimeoutMs {
			continue
		}
		leader, epoch := rd.r.leaderEpochOf(int32(p))
		if leader < 0 || epoch < rd.epoch[p] {
			rd.corr[p] = 0
			continue
		}
		rd.epoch[p] = epoch
		rd.next++
		rd.corr[p] = rd.next
		rd.sentAt[p] = now
		req := &protocol.FetchRequest{CorrelationID: rd.next, ReplicaID: protocol.ConsumerReplicaID, MaxWaitMs: 0, MinBytes: 1, MaxBytes: 1 << 20,
			Partitions: []protocol.FetchPartition{{TopicPartition: protocol.TopicPartition{Topic: rd.r.topic, Partition: int32(p)},
				CurrentLeaderEpoch: rd.epoch[p], FetchOffset: rd.pos[p], LastFetchedEpoch: -1, LogStartOffset: -1, PartitionMaxBytes: 1 << 16}}}
		env.Send(sim.Message{To: broker.NodeID(leader), API: protocol.APIFetch, Body: req, Label: "checker: Fetch"})
	}
	env.After(rd.pollMs, "poll", nil)
}

func (rd *reader) Receive(env *sim.Env, m sim.Message) {
	resp, ok := m.Body.(*protocol.FetchResponse)
	if !ok || len(resp.Partitions) != 1 {
		return
	}
	pr := resp.Partitions[0]
	p := pr.Partition
	if p < 0 || int(p) >= len(rd.pos) || rd.corr[p] != resp.CorrelationID {
		return // an answer to a request given up on
	}
	rd.corr[p] = 0
	if pr.Err != nil {
		if errors.Is(pr.Err, kerr.OffsetOutOfRange) {
			rd.oor++
			rd.r.readerOutOfRange(rd, p, pr)
		}
		return
	}
	b := pr.Records
	from := rd.pos[p]
	for len(b) > 0 {
		batch, n, err := record.Decode(b)
		if err != nil {
			rd.r.fail("fetch decode", "%s read an undecodable batch of partition %d at %d: %v", rd.id, p, from, err)
			return
		}
		b = b[n:]
		for i := range batch.Records {
			rec := &batch.Records[i]
			off := batch.Offset(rec)
			if off < rd.pos[p] {
				continue
			}
			if off != rd.pos[p] {
				rd.r.pollSkip(rd, p, rd.pos[p], off)
			}
			o := obs{part: p, off: off, value: string(rec.Value), step: rd.r.step}
			rd.obs = append(rd.obs, o)
			rd.r.checkRead(rd, o, pr.HighWatermark)
			rd.pos[p] = off + 1
		}
	}
}

// leaderOf returns the broker that leads partition p with the highest
// leader epoch among the brokers that are up, or -1.
func (r *run) leaderOf(p int32) int32 {
	best, _ := r.leaderEpochOf(p)
	return best
}

// leaderEpochOf is leaderOf with the leader's epoch.
func (r *run) leaderEpochOf(p int32) (int32, int32) {
	best, epoch := int32(-1), int32(-1)
	for id := int32(1); id <= int32(r.cfg.Brokers); id++ {
		if !r.c.Sim().IsUp(broker.NodeID(id)) {
			continue
		}
		rs, ok := r.c.Replica(id, r.topic, p)
		if ok && rs.Role == broker.RoleLeader && rs.LeaderEpoch > epoch {
			best, epoch = id, rs.LeaderEpoch
		}
	}
	return best, epoch
}
