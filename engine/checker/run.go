package checker

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools"
)

const topicName = "checked"

func (r *run) execute() {
	cfg := r.cfg
	c, err := cluster.New(cluster.Config{Seed: r.seed, Brokers: cfg.Brokers, Controllers: cfg.Controllers, LatencyMs: cfg.LatencyMs,
		ReplicaLagTimeMaxMs: cfg.LagMs, SessionTimeoutMs: cfg.SessionMs, ReplicaFetchWaitMaxMs: 100,
		QuietRecords: true, TraceLimit: 64, MaxSteps: 200_000, UnsafeTestBugHWIgnoresISR: r.opts.InjectBug, OnTrace: r.onTrace})
	if err != nil {
		r.fail("setup", "cluster.New: %v", err)
		return
	}
	r.c = c
	r.topic = topicName
	r.stopped = map[int32]bool{}
	if err := c.Start(); err != nil {
		r.fail("setup", "start: %v", err)
		return
	}
	_, err = c.CreateTopic(tools.CreateTopic{Name: topicName, Partitions: int32(cfg.Partitions), ReplicationFactor: int16(cfg.RF),
		Configs: []string{"min.insync.replicas=" + strconv.Itoa(cfg.MinISR), "unclean.leader.election.enable=" + strconv.FormatBool(cfg.Unclean)}})
	if err != nil {
		r.fail("setup", "create topic: %v", err)
		return
	}
	r.safety = newSafety(cfg.Brokers, cfg.Partitions)
	if err := r.addProducers(); err != nil {
		r.fail("setup", "producers: %v", err)
		return
	}
	if err := r.addReaders(); err != nil {
		r.fail("setup", "readers: %v", err)
		return
	}
	if r.opts.Groups {
		if err := r.addGroup(); err != nil {
			r.fail("setup", "group: %v", err)
			return
		}
	}
	r.checkAll()
	r.phase1()
	if r.failed {
		return
	}
	r.phase2()
	if r.failed {
		return
	}
	r.history()
}

// onTrace checks the brokers each trace entry names when the step was not
// taken by stepOnce: a blocking call (ShutdownBroker runs the simulation
// until the broker exits) may let a leader advance its high watermark, serve
// the records to a consumer and exit, all before blocking()'s checkAll can
// see that high watermark (seed 2770 -full: the records read below it were
// then "beyond the commit point").
func (r *run) onTrace(e sim.TraceEntry) {
	r.noteStart(e)
	if r.stepping || r.safety == nil || r.c == nil {
		return
	}
	r.noteKIP966After(e)
	r.afterStep(e)
}

// stepOnce takes one simulation step and checks what it touched.
func (r *run) stepOnce() bool {
	r.stepping = true
	e, ok := r.c.Sim().Step()
	r.stepping = false
	if !ok {
		return false
	}
	r.step++
	r.noteKIP966After(e)
	r.afterStep(e)
	if r.groups != nil {
		r.groupAfterStep()
	}
	if r.step%uint64(r.opts.FullCheckEvery) == 0 {
		r.checkAll()
	}
	return true
}

// phase1 runs the workload with faults on.
func (r *run) phase1() {
	steps := uint64(r.opts.Steps)
	sends := max(1, r.cfg.Records/2)
	gap := max(1, int(steps)*3/4/sends)
	nextSend := uint64(1 + r.work.IntN(gap))
	faultGap := max(10, int(steps)/6)
	nextFault := uint64(20 + r.frng.IntN(faultGap))
	sentRecords := 0
	sched := slices.Clone(r.opts.Schedule)
	for r.step < steps && !r.failed {
		if sentRecords < r.cfg.Records && r.step >= nextSend {
			before := r.res.Stats.Sent
			r.send()
			sentRecords += r.res.Stats.Sent - before
			nextSend = r.step + 1 + uint64(r.work.IntN(2*gap))
		}
		for len(sched) > 0 && uint64(sched[0].Step) <= r.step {
			if f := r.faultByName(sched[0].Name); f != nil {
				r.inject(f, sched[0].Target, sched[0].Hold)
			}
			sched = sched[1:]
		}
		if r.opts.Schedule == nil && r.step >= nextFault {
			if f := r.drawFault(); f != nil {
				r.inject(f, 0, 0)
			}
			nextFault = r.step + 10 + uint64(r.frng.IntN(faultGap))
		}
		for i := 0; i < len(r.undos); {
			if r.undos[i].at <= r.step {
				u := r.undos[i]
				r.undos = slices.Delete(r.undos, i, i+1)
				u.fn()
				continue
			}
			i++
		}
		if !r.stepOnce() {
			break
		}
	}
	r.res.Stats.Phase1Steps = r.step
	if !r.failed {
		r.checkAll()
	}
}

// phase2 heals everything, runs until the cluster is quiet and checks
// liveness (B4c).
func (r *run) phase2() {
	if g := r.groups; g != nil {
		for _, m := range g.members {
			m.crashOnProcess, m.crashInJoin = false, false
		}
	}
	for _, u := range r.undos {
		u.fn()
	}
	r.undos = nil
	_ = r.c.HealAll()
	if r.res.Stats.Faults > 0 && !r.opts.NoBounce { // a crash drops the messages in flight to the broker too
		// The KnownLivenessGap workaround: a process restart clears a
		// broker's stuck requests (its log survives, as with crash-broker).
		// Only brokers no pending undo restarts are bounced.
		for id := int32(1); id <= int32(r.cfg.Brokers); id++ {
			if r.c.Sim().IsUp(broker.NodeID(id)) {
				_ = r.c.StopBroker(id)
				_ = r.c.StartBroker(id)
			}
		}
	}
	for id := int32(1); id <= int32(r.cfg.Brokers); id++ {
		if !r.c.Sim().IsUp(broker.NodeID(id)) {
			_ = r.c.StartBroker(id)
		}
	}
	limit := r.step + uint64(r.opts.LivenessSteps)
	deadline := r.c.Now() + r.opts.LivenessMs
	const every = 100
	problem := "not checked"
	for !r.failed {
		if (r.step-r.res.Stats.Phase1Steps)%every == 0 {
			if problem = r.liveProblem(); problem == "" {
				break
			}
		}
		if r.c.Now() >= deadline {
			r.fail("liveness", "not quiet %d ms of simulated time after the heal (%d steps, now %d ms): %s", r.opts.LivenessMs, r.step-r.res.Stats.Phase1Steps, r.c.Now(), problem)
			return
		}
		if r.step >= limit {
			r.fail("liveness", "%d steps after the heal in %d ms of simulated time (a busy loop?): %s", r.opts.LivenessSteps, r.c.Now()-(deadline-r.opts.LivenessMs), problem)
			return
		}
		if !r.stepOnce() {
			r.fail("liveness", "the simulation ran out of events: %s", problem)
			return
		}
	}
	if !r.failed {
		r.checkAll()
	}
}

// liveProblem returns what keeps the cluster from being live and drained,
// or "".
func (r *run) liveProblem() string {
	for _, ps := range r.producers {
		if n := ps.p.Outstanding(); n > 0 {
			return fmt.Sprintf("%s has %d record(s) pending", ps.id, n)
		}
	}
	for p := range int32(r.cfg.Partitions) {
		l := r.leaderOf(p)
		if l < 0 {
			return fmt.Sprintf("partition %d has no leader", p)
		}
		lr, _ := r.c.Replica(l, r.topic, p)
		if len(lr.ISR) != len(lr.Replicas) || lr.PendingISR != nil {
			var fs []string
			for _, id := range lr.Replicas {
				if id == l {
					continue
				}
				rs, _ := r.c.Replica(id, r.topic, p)
				fs = append(fs, fmt.Sprintf("broker %d: %s leader %d epoch %d LEO %d HW %d up=%v", id, rs.Role, rs.Leader, rs.LeaderEpoch, rs.LEO, rs.HW, r.c.Sim().IsUp(broker.NodeID(id))))
			}
			return fmt.Sprintf("partition %d: leader %d (epoch %d, LEO %d, HW %d, followers %+v): ISR %v, replicas %v (pending %v); %v", p, l, lr.LeaderEpoch, lr.LEO, lr.HW, lr.Followers, lr.ISR, lr.Replicas, lr.PendingISR, fs)
		}
		for _, id := range lr.Replicas {
			rs, ok := r.c.Replica(id, r.topic, p)
			if !ok {
				return fmt.Sprintf("partition %d: broker %d has no replica", p, id)
			}
			if rs.HW != lr.LEO || rs.LEO != lr.LEO || rs.LeaderEpoch != lr.LeaderEpoch || len(rs.ISR) != len(rs.Replicas) {
				return fmt.Sprintf("partition %d: broker %d at HW %d LEO %d epoch %d ISR %v; leader %d at LEO %d epoch %d",
					p, id, rs.HW, rs.LEO, rs.LeaderEpoch, rs.ISR, l, lr.LEO, lr.LeaderEpoch)
			}
		}
		for _, rd := range r.readers {
			if rd.pos[p] != lr.HW {
				return fmt.Sprintf("%s at offset %d of partition %d, HW %d", rd.id, rd.pos[p], p, lr.HW)
			}
		}
	}
	if r.groups != nil {
		return r.groupLiveProblem()
	}
	return ""
}

// finalLog reads partition p's whole log from its leader.
func (r *run) finalLog(p int32) []string {
	l := r.leaderOf(p)
	rs, _ := r.c.Replica(l, r.topic, p)
	var out []string
	off := rs.LogStartOffset
	for off < rs.HW {
		b, err := r.c.ReadReplicaLog(l, r.topic, p, off, 1<<20, rs.HW)
		if err != nil || len(b) == 0 {
			r.fail("drain", "read partition %d at %d from broker %d: %v", p, off, l, err)
			return out
		}
		for len(b) > 0 {
			batch, n, err := record.Decode(b)
			if err != nil {
				r.fail("drain", "decode partition %d at %d: %v", p, off, err)
				return out
			}
			b = b[n:]
			for i := range batch.Records {
				o := batch.Offset(&batch.Records[i])
				if o < off {
					continue
				}
				if o != int64(len(out)) {
					r.fail("offsets are contiguous", "partition %d: offset %d after %d in the drained log", p, o, len(out)-1)
					return out
				}
				out = append(out, string(batch.Records[i].Value))
				off = o + 1
			}
		}
	}
	return out
}

// where is one place a value sits in the drained log.
type where struct {
	part int32
	off  int64
}

// history is the Jepsen-style check of the clients' operations against
// the drained log (B4b), gated by B3.
func (r *run) history() {
	logs := make([][]string, r.cfg.Partitions)
	at := map[string][]where{}
	for p := range int32(r.cfg.Partitions) {
		logs[p] = r.finalLog(p)
		for o, v := range logs[p] {
			at[v] = append(at[v], where{p, int64(o)})
		}
	}
	if r.failed {
		return
	}
	if r.groups != nil {
		r.checkGroup()
		r.groupFinal(logs)
		if r.failed {
			return
		}
	}
	st := &r.res.Stats
	known := map[string]bool{}
	// Sends.
	for _, ps := range r.producers {
		reports := ps.p.Reports()
		if len(reports) != len(ps.sent) {
			r.fail("history", "%s has %d delivery reports for %d sends", ps.id, len(reports), len(ps.sent))
			return
		}
		lastOff := map[int32]int64{}
		for i, rep := range reports {
			v := ps.sent[i].value
			known[v] = true
			if rep.Err != nil {
				st.Failed++
				continue // a failed send may or may not be in the log (indeterminate)
			}
			st.Acked++
			g2, why2 := r.g2(rep.Partition)
			ws := at[v]
			if len(ws) > 1 {
				st.Duplicates++ // retries without idempotence (G5 does not hold)
			}
			if rep.Offset < 0 { // acks=0: no offset to check
				if len(ws) == 0 {
					st.Lost++
					r.expect("G2", why2, "%s's record %q (acks=0) is not in the log", ps.id, v)
				}
				continue
			}
			if prev, ok := lastOff[rep.Partition]; ok && rep.Offset < prev {
				st.Reordered++ // allowed: no idempotence, in-flight > 1
			}
			lastOff[rep.Partition] = rep.Offset
			log := logs[rep.Partition]
			switch {
			case len(ws) == 0:
				st.Lost++
				if g2 {
					r.fail("no acknowledged write is lost (G2)", "%s's record %q acknowledged at partition %d offset %d is not in the drained log", ps.id, v, rep.Partition, rep.Offset)
					return
				}
				r.expect("G2", why2, "%s's record %q acknowledged at partition %d offset %d is not in the drained log", ps.id, v, rep.Partition, rep.Offset)
			case rep.Offset >= int64(len(log)) || log[rep.Offset] != v:
				st.Inconsistent++
				got := "nothing"
				if rep.Offset < int64(len(log)) {
					got = strconv.Quote(log[rep.Offset])
				}
				if g2 {
					r.fail("acknowledged offsets hold their record (G2, G4)", "%s's record %q acknowledged at partition %d offset %d; the log has %s there (and the record at %v)", ps.id, v, rep.Partition, rep.Offset, got, ws)
					return
				}
				r.expect("G2", why2, "%s's record %q acknowledged at partition %d offset %d; the log has %s there", ps.id, v, rep.Partition, rep.Offset, got)
			}
		}
	}
	// Every value in the log was sent by someone.
	for p, log := range logs {
		for o, v := range log {
			if !known[v] {
				r.fail("no phantom records", "partition %d offset %d holds %q, which no producer sent", p, o, v)
				return
			}
		}
	}
	// Reads: each observation must match the drained log; each reader's
	// polls of a partition increase (checked as they happen).
	seen := map[string]bool{}
	for _, rd := range r.readers {
		for _, o := range rd.obs {
			seen[o.value] = true
			g1, why1 := r.g1(o.part)
			log := logs[o.part]
			if o.off >= int64(len(log)) || log[o.off] != o.value {
				st.Inconsistent++
				if g1 {
					r.fail("one value per offset (G4)", "%s read %q at partition %d offset %d at step %d; the drained log disagrees", rd.id, o.value, o.part, o.off, o.step)
					return
				}
				r.expect("G4", why1, "%s read %q at partition %d offset %d; the drained log disagrees", rd.id, o.value, o.part, o.off)
			}
		}
	}
	// Unseen: an acknowledged record in the log that no reader read.
	for _, ps := range r.producers {
		for i, rep := range ps.p.Reports() {
			v := ps.sent[i].value
			if rep.Err == nil && len(at[v]) > 0 && !seen[v] {
				st.Unseen++
				if g1, _ := r.g1(at[v][0].part); g1 {
					r.fail("every acknowledged record is read (unseen)", "%s's record %q is in the log at %v but no reader read it", ps.id, v, at[v])
					return
				}
			}
		}
	}
}
