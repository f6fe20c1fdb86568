package checker

import (
	"slices"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// The white-box safety checks of RELIABILITY.md B4a, run after every step on
// the brokers the step touched, and in full every Options.FullCheckEvery
// steps and at the end of each phase.
//
// The ledger is the global record of committed batches per partition: the
// first replica whose high watermark passes a batch records its bytes'
// hash and its records' values; every other replica's committed prefix is
// compared with it when its own high watermark passes the same offsets. A
// committed prefix that changes is a G1/G4 violation, unless the run allows
// unclean elections (then it is counted as an expected loss and the ledger
// follows the new history).

type seenReplica struct {
	hw, leo int64
	epoch   int32
}

type lbatch struct {
	base, last int64
	hash       uint64
}

type ledger struct {
	batches []lbatch // contiguous, by base offset
	values  []string // the committed value at each offset
}

func (l *ledger) end() int64 { return int64(len(l.values)) }

// find returns the index of the batch holding offset off, or -1.
func (l *ledger) find(off int64) int {
	i, ok := slices.BinarySearchFunc(l.batches, off, func(b lbatch, o int64) int {
		switch {
		case b.last < o:
			return -1
		case b.base > o:
			return 1
		}
		return 0
	})
	if !ok {
		return -1
	}
	return i
}

type epochKey struct{ part, epoch int32 }

type safety struct {
	seen     [][]seenReplica // [broker-1][partition]
	ledgers  []ledger
	leaders  map[epochKey]int32
	maxEpoch []int32
}

func newSafety(brokers, parts int) *safety {
	s := &safety{ledgers: make([]ledger, parts), leaders: map[epochKey]int32{}, maxEpoch: make([]int32, parts)}
	for range brokers {
		s.seen = append(s.seen, make([]seenReplica, parts))
	}
	return s
}

// afterStep checks the brokers the step's trace entry names.
func (r *run) afterStep(e sim.TraceEntry) {
	if id, ok := brokerOf(e.From); ok {
		r.checkBroker(id)
	}
	if id, ok := brokerOf(e.To); ok && e.To != e.From {
		r.checkBroker(id)
	}
}

func brokerOf(n sim.NodeID) (int32, bool) {
	const prefix = "broker-"
	s := string(n)
	if len(s) <= len(prefix) || s[:len(prefix)] != prefix {
		return 0, false
	}
	id := int32(0)
	for _, ch := range s[len(prefix):] {
		if ch < '0' || ch > '9' {
			return 0, false
		}
		id = id*10 + int32(ch-'0')
	}
	return id, true
}

// checkAll checks every broker, then compares every replica's committed
// prefix with the ledger from offset 0.
func (r *run) checkAll() {
	if err := r.c.CheckInvariants(); err != nil {
		r.fail("cluster invariant", "%v", err)
	}
	for id := int32(1); id <= int32(r.cfg.Brokers); id++ {
		r.checkBroker(id)
	}
	for id := int32(1); id <= int32(r.cfg.Brokers); id++ {
		for p := range int32(r.cfg.Partitions) {
			rs, ok := r.c.Replica(id, r.topic, p)
			if ok && rs.HW > 0 {
				r.verifyRange(id, p, 0, rs.HW)
			}
		}
	}
}

// blocking is called after a call that ran the simulation itself
// (ForceLeader, ElectPreferredLeaders): those steps were not checked one by
// one, so check everything now.
func (r *run) blocking() { r.checkAll() }

func (r *run) checkBroker(id int32) {
	if id < 1 || int(id) > r.cfg.Brokers {
		return
	}
	for p := range int32(r.cfg.Partitions) {
		rs, ok := r.c.Replica(id, r.topic, p)
		if !ok {
			continue
		}
		r.checkReplica(id, p, &rs)
		r.noteCaughtUp(id, p, &rs)
	}
}

func (r *run) checkReplica(id, p int32, rs *broker.ReplicaState) {
	s := r.safety
	sr := &s.seen[id-1][p]
	if rs.HW < rs.LogStartOffset || rs.HW > rs.LEO {
		r.fail("logStart ≤ HW ≤ LEO", "broker %d partition %d: logStart %d, HW %d, LEO %d", id, p, rs.LogStartOffset, rs.HW, rs.LEO)
	}
	if rs.LeaderEpoch < sr.epoch {
		r.fail("leader epochs never decrease", "broker %d partition %d: leader epoch %d after %d", id, p, rs.LeaderEpoch, sr.epoch)
	}
	if rs.Role == broker.RoleLeader {
		if len(rs.ISR) == 0 || !slices.Contains(rs.ISR, id) {
			r.fail("leader ∈ ISR", "broker %d leads partition %d (epoch %d) with ISR %v", id, p, rs.LeaderEpoch, rs.ISR)
		}
		for _, m := range rs.ISR {
			if !slices.Contains(rs.Replicas, m) {
				r.fail("ISR ⊆ replicas", "partition %d: ISR %v, replicas %v (broker %d)", p, rs.ISR, rs.Replicas, id)
			}
		}
		for _, f := range rs.Followers {
			if slices.Contains(rs.ISR, f.BrokerID) && f.LEO >= 0 && rs.HW > f.LEO && rs.HW > sr.hw {
				r.fail("leader's HW ≤ min LEO over the ISR", "broker %d partition %d: HW %d, ISR member %d at LEO %d (ISR %v)", id, p, rs.HW, f.BrokerID, f.LEO, rs.ISR)
			}
		}
		k := epochKey{p, rs.LeaderEpoch}
		if other, ok := s.leaders[k]; ok && other != id {
			r.fail("one leader per (partition, epoch)", "partition %d epoch %d: brokers %d and %d both lead", p, rs.LeaderEpoch, other, id)
		} else if !ok {
			s.leaders[k] = id
		}
		if rs.LeaderEpoch > s.maxEpoch[p] {
			s.maxEpoch[p] = rs.LeaderEpoch
		}
		// The newest leader must hold every committed record (G1). Checked
		// when its LEO or its epoch changes: a broker that restarted with a
		// short log shows it first while it loads, before it leads (seed
		// 2463 -full, groups).
		if l := &s.ledgers[p]; rs.LeaderEpoch == s.maxEpoch[p] && rs.LEO < l.end() && (rs.LEO != sr.leo || rs.LeaderEpoch != sr.epoch) {
			if ok, why := r.g1(p); ok {
				r.fail("committed records survive leader changes (G1)", "broker %d leads partition %d at epoch %d with LEO %d below the commit point %d", id, p, rs.LeaderEpoch, rs.LEO, l.end())
			} else {
				r.expect("G1", why, "broker %d leads partition %d at epoch %d with LEO %d below the commit point %d", id, p, rs.LeaderEpoch, rs.LEO, l.end())
			}
		}
	}
	if rs.HW > sr.hw {
		r.verifyRange(id, p, sr.hw, rs.HW)
	}
	sr.hw, sr.leo, sr.epoch = rs.HW, rs.LEO, rs.LeaderEpoch
}

// verifyRange compares broker id's batches of partition p wholly below hw,
// from offset from, with the ledger, and records those beyond its end.
func (r *run) verifyRange(id, p int32, from, hw int64) {
	l := &r.safety.ledgers[p]
	if i := l.find(from); i >= 0 {
		from = l.batches[i].base
	}
	off := from
	const maxBytes = 1 << 20
	for off < hw {
		b, err := r.c.ReadReplicaLog(id, r.topic, p, off, maxBytes, hw)
		if err != nil || len(b) == 0 {
			return
		}
		progressed := false
		for len(b) >= record.LogOverhead {
			h, err := record.PeekHeader(b)
			if err != nil {
				r.fail("replica log decodes", "broker %d partition %d at %d: %v", id, p, off, err)
				return
			}
			size := int(h.Length) + record.LogOverhead
			if size > len(b) {
				break
			}
			raw := b[:size]
			b = b[size:]
			last := h.BaseOffset + int64(h.LastOffsetDelta)
			if last < off {
				continue
			}
			if last >= hw {
				return
			}
			r.ledgerBatch(id, p, h.BaseOffset, last, raw)
			off = last + 1
			progressed = true
		}
		if !progressed {
			return
		}
	}
}

func fnv64(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

func (r *run) ledgerBatch(id, p int32, base, last int64, raw []byte) {
	l := &r.safety.ledgers[p]
	h := fnv64(raw)
	if base < l.end() {
		i := l.find(base)
		if i >= 0 && l.batches[i].base == base && l.batches[i].last == last && l.batches[i].hash == h {
			return
		}
		ok, why := r.g1(p)
		if ok {
			r.fail("a committed prefix never changes (G1, G4)", "broker %d partition %d: the committed batch at offsets %d–%d differs from the ledger's (batch %v)", id, p, base, last, batchAt(l, i))
			return
		}
		r.res.Stats.Truncated++
		r.expect("G1", why, "broker %d partition %d: committed offsets from %d were replaced", id, p, base)
		cut := base
		if i >= 0 {
			cut = l.batches[i].base
		}
		j := l.find(cut)
		if j >= 0 {
			l.batches = l.batches[:j]
		}
		l.values = l.values[:min(cut, l.end())]
	}
	if base > l.end() {
		// After a truncation the checker allowed (unclean election, power
		// loss of the ISR), this replica's own HW may already be past the
		// ledger's end: fill the ledger from its log first.
		if ok, _ := r.g1(p); !ok {
			r.verifyRange(id, p, l.end(), base)
		}
	}
	if base != l.end() {
		r.fail("offsets are contiguous", "broker %d partition %d: committed batch at %d but the ledger ends at %d", id, p, base, l.end())
		return
	}
	batch, _, err := record.Decode(raw)
	if err != nil {
		r.fail("replica log decodes", "broker %d partition %d at %d: %v", id, p, base, err)
		return
	}
	prev := base - 1
	for i := range batch.Records {
		off := batch.Offset(&batch.Records[i])
		if off != prev+1 {
			r.fail("offsets strictly increase", "broker %d partition %d: offset %d after %d", id, p, off, prev)
			return
		}
		prev = off
		l.values = append(l.values, string(batch.Records[i].Value))
	}
	if prev != last {
		r.fail("offsets strictly increase", "broker %d partition %d: batch %d–%d ends at %d", id, p, base, last, prev)
		return
	}
	l.batches = append(l.batches, lbatch{base: base, last: last, hash: h})
	r.res.Stats.Committed++
}

func batchAt(l *ledger, i int) any {
	if i < 0 {
		return "none"
	}
	return l.batches[i]
}

// checkRead checks a record a reader polled against the ledger: consumers
// see only committed data (G3), and one value per offset (G4).
func (r *run) checkRead(rd *reader, o obs, hw int64) {
	r.res.Stats.Reads++
	l := &r.safety.ledgers[o.part]
	if o.off >= l.end() {
		// The leader's high watermark may have passed it in a step the
		// checker has not looked at yet (this one): catch up first.
		r.checkAll()
	}
	g1, why := r.g1(o.part)
	switch {
	case o.off >= l.end():
		if g1 {
			r.fail("consumers see only committed records (G3)", "%s read offset %d of partition %d (%q) beyond the commit point %d (HW in the answer %d)", rd.id, o.off, o.part, o.value, l.end(), hw)
		}
	case l.values[o.off] != o.value:
		if g1 {
			r.fail("one value per offset (G4)", "%s read %q at offset %d of partition %d; the ledger has %q", rd.id, o.value, o.off, o.part, l.values[o.off])
		} else {
			r.res.Stats.Inconsistent++
			r.expect("G4", why, "%s read %q at offset %d of partition %d; the ledger now has %q", rd.id, o.value, o.off, o.part, l.values[o.off])
		}
	}
}

// pollSkip is a gap in one reader's polls of a partition (G6).
func (r *run) pollSkip(rd *reader, p int32, want, got int64) {
	if ok, why := r.g1(p); ok {
		r.fail("assign-mode polls are contiguous (G6)", "%s expected offset %d of partition %d, got %d", rd.id, want, p, got)
	} else {
		r.expect("G6", why, "%s expected offset %d of partition %d, got %d", rd.id, want, p, got)
	}
}

// readerOutOfRange is OFFSET_OUT_OF_RANGE for a reader: the log was
// truncated below what it had read, which only an unclean election does.
func (r *run) readerOutOfRange(rd *reader, p int32, _ any) {
	ok, why := r.g1(p)
	if ok {
		r.fail("committed records survive (G1)", "%s got OFFSET_OUT_OF_RANGE at offset %d of partition %d", rd.id, rd.pos[p], p)
		return
	}
	r.expect("G1", why, "%s got OFFSET_OUT_OF_RANGE at offset %d of partition %d; it starts over", rd.id, rd.pos[p], p)
	rd.pos[p] = 0
}
