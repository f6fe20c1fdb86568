package checker

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/assignor"
	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/consumer"
	"github.com/kafkalab/kafkalab/engine/group"
	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// The consumer-group workload (Options.Groups): members of one group
// (engine/consumer, the lab's KafkaConsumer) subscribe to the workload's
// topic while the producers write and the faults happen, plus the group
// faults of groupFaults (a member crashed between poll and commit, a member
// crashed while it joins or syncs, the coordinator's broker crashed or
// powered off). Its invariants (RELIABILITY.md B4a item 8, G7):
//
//   - one generation never assigns a partition to two members, in any
//     coordinator's view, and a generation's owners (as Stable views show
//     them) never change, across coordinator failovers too; after a power
//     loss a generation may be reused (its GroupMetadata record was lost),
//     which is expected;
//   - in Stable, with an eager assignor, every partition has exactly one
//     owner among the group's members (cooperative-sticky: at most one, as
//     its first rebalance revokes before the second assigns);
//   - committed offsets never exceed the high watermark and never go
//     backwards (the checker makes no explicit reset);
//   - at least once: a committed offset C means every offset below C was
//     processed by some member, and consumption resumes from the committed
//     offset after any rebalance: a member never processes offset o of a
//     partition unless every offset below o was processed already (no
//     skip); duplicates are allowed and counted;
//   - processed records hold the committed value at their offset (G3, G4).
//
// They are checked incrementally (each processed record as it is
// processed; the coordinators' views every groupCheckEvery steps and after
// each fault) and at the end, where phase 2 also waits for a Stable group
// whose committed offsets reach every partition's high watermark (zero lag).
// Committing before processing is at most once: its losses are counted as
// expected (G7 does not hold).

const (
	streamGroups    = 0x6A0F
	groupID         = "chk-group"
	groupCheckEvery = 10
)

// GroupConfig is what a run with Options.Groups draws for the group.
type GroupConfig struct {
	Members  int
	Assignor string
	Commit   consumer.CommitMode
	// AutoCommitIntervalMs, MaxPollRecords and ProcessMs as the consumer's.
	AutoCommitIntervalMs int64
	MaxPollRecords       int
	ProcessMs            int64
}

func (g GroupConfig) String() string {
	mode := map[consumer.CommitMode]string{consumer.CommitAuto: "auto", consumer.CommitAfterProcess: "after-process", consumer.CommitBeforeProcess: "before-process"}[g.Commit]
	return fmt.Sprintf("members=%d assignor=%s commit=%s auto.commit.interval.ms=%d max.poll.records=%d process.ms=%d",
		g.Members, g.Assignor, mode, g.AutoCommitIntervalMs, g.MaxPollRecords, g.ProcessMs)
}

// DrawGroupConfig draws the group's configuration from its own stream.
func DrawGroupConfig(seed uint64) GroupConfig {
	r := rand.New(rand.NewPCG(seed, streamGroups))
	g := GroupConfig{Members: 1 + r.IntN(3)}
	g.Assignor = []string{"range", "roundrobin", "sticky", "cooperative-sticky"}[r.IntN(4)]
	g.Commit = []consumer.CommitMode{consumer.CommitAuto, consumer.CommitAuto, consumer.CommitAfterProcess, consumer.CommitAfterProcess, consumer.CommitBeforeProcess}[r.IntN(5)]
	g.AutoCommitIntervalMs = int64(50 + r.IntN(400))
	g.MaxPollRecords = 1 + r.IntN(10)
	g.ProcessMs = int64(r.IntN(5))
	return g
}

// G7Holds reports whether group delivery is at least once.
func (g GroupConfig) G7Holds() (bool, string) {
	if g.Commit == consumer.CommitBeforeProcess {
		return false, "the members commit before processing (at most once)"
	}
	return true, ""
}

type gmember struct {
	id sim.NodeID
	c  *consumer.Consumer
	// crashOnProcess: crash right after the next processed record (between
	// poll and commit); crashInJoin: crash the next time it is running but
	// not stable (during join or sync), until the step crashBy.
	crashOnProcess bool
	crashInJoin    bool
	crashBy        uint64
	processedNow   bool
}

type groupState struct {
	cfg     GroupConfig
	rng     *rand.Rand
	members []*gmember
	// processed[p][o] counts the times offset o of partition p was
	// processed; prefix[p] is the length of the processed prefix.
	processed [][]int32
	prefix    []int64
	committed []int64 // highest committed offset seen, -1 for none
	genOwners map[int32]map[assignor.TopicPartition]string
	lastGen   int32
	coordPart int32
	pending   []*gmember // members to crash after this step
}

func (r *run) addGroup() error {
	gc := DrawGroupConfig(r.seed)
	g := &groupState{cfg: gc, rng: rand.New(rand.NewPCG(r.seed, streamGroups+1)), processed: make([][]int32, r.cfg.Partitions),
		prefix: make([]int64, r.cfg.Partitions), committed: make([]int64, r.cfg.Partitions), genOwners: map[int32]map[assignor.TopicPartition]string{}}
	for p := range g.committed {
		g.committed[p] = -1
	}
	g.coordPart = int32(partitioner.CoordinatorPartition(groupID, broker.DefaultOffsetsTopicPartitions))
	r.groups = g
	var boot []sim.NodeID
	for id := 1; id <= r.cfg.Brokers; id++ {
		boot = append(boot, broker.NodeID(int32(id)))
	}
	for i := range gc.Members {
		m := &gmember{id: sim.NodeID("chk-consumer-" + strconv.Itoa(i+1))}
		cfg := consumer.Config{Node: m.id, GroupID: groupID, Topics: []string{r.topic}, Assignors: []string{gc.Assignor},
			Commit: gc.Commit, AutoCommitIntervalMs: gc.AutoCommitIntervalMs, AutoOffsetReset: "earliest",
			SessionTimeoutMs: 6000, HeartbeatIntervalMs: 1000, FetchMaxWaitMs: 100, MaxPollRecords: gc.MaxPollRecords,
			RequestTimeoutMs: 2000, RetryBackoffMs: 50, ProcessMs: gc.ProcessMs, Bootstrap: boot, QuietRecords: true}
		cfg.OnProcess = func(rec consumer.Record) { r.processed(m, rec) }
		m.c = consumer.New(cfg)
		if err := r.c.Sim().AddNode(m.c); err != nil {
			return err
		}
		if err := r.c.Sim().Do(m.id, "checker: start consumer", m.c.Start); err != nil {
			return err
		}
		g.members = append(g.members, m)
	}
	return nil
}

// processed checks one record a member finished processing.
func (r *run) processed(m *gmember, rec consumer.Record) {
	g := r.groups
	p := rec.Partition
	if rec.Topic != r.topic || p < 0 || int(p) >= len(g.processed) {
		return
	}
	r.res.Stats.Processed++
	m.processedNow = true
	o := rec.Offset
	g1, why1 := r.g1(p)
	if o > g.prefix[p] {
		g7, why7 := g.cfg.G7Holds()
		switch {
		case g1 && g7:
			r.fail("consumption resumes from the committed offset (G7)", "%s processed offset %d of partition %d (generation %d) but offset %d was never processed (committed %d)", m.id, o, p, rec.Generation, g.prefix[p], g.committed[p])
		case !g7:
			r.expect("G7", why7, "%s processed offset %d of partition %d, skipping from %d", m.id, o, p, g.prefix[p])
		default:
			r.expect("G7", why1, "%s processed offset %d of partition %d, skipping from %d", m.id, o, p, g.prefix[p])
		}
	}
	for int64(len(g.processed[p])) <= o {
		g.processed[p] = append(g.processed[p], 0)
	}
	g.processed[p][o]++
	if g.processed[p][o] == 2 {
		r.res.Stats.GroupDups++
	}
	for g.prefix[p] < int64(len(g.processed[p])) && g.processed[p][g.prefix[p]] > 0 {
		g.prefix[p]++
	}
	l := &r.safety.ledgers[p]
	if o >= l.end() {
		r.checkAll()
	}
	switch {
	case o >= l.end():
		if g1 {
			r.fail("consumers see only committed records (G3)", "%s processed offset %d of partition %d beyond the commit point %d", m.id, o, p, l.end())
		}
	case l.values[o] != string(rec.Value):
		if g1 {
			r.fail("one value per offset (G4)", "%s processed %q at offset %d of partition %d; the ledger has %q", m.id, rec.Value, o, p, l.values[o])
		}
	}
	if m.crashOnProcess {
		m.crashOnProcess = false
		g.pending = append(g.pending, m)
	}
}

// groupAfterStep applies the crashes the step armed and checks the
// coordinators every groupCheckEvery steps.
func (r *run) groupAfterStep() {
	g := r.groups
	for _, m := range g.pending {
		r.crashMember(m, "between poll and commit")
	}
	g.pending = g.pending[:0]
	for _, m := range g.members {
		if !m.crashInJoin {
			continue
		}
		if r.step > m.crashBy {
			m.crashInJoin = false
			continue
		}
		if r.c.Sim().IsUp(m.id) && m.c.Running() && !m.c.Stable() && m.c.Err() == nil {
			m.crashInJoin = false
			r.crashMember(m, "during join/sync")
		}
	}
	if r.step%groupCheckEvery == 0 {
		r.checkGroup()
	}
}

func (r *run) crashMember(m *gmember, when string) {
	if !r.c.Sim().IsUp(m.id) {
		return
	}
	_ = r.c.Sim().Stop(m.id)
	r.res.Stats.ConsumerFault++
	r.logFault("crash " + string(m.id) + " " + when)
	hold := 50 + r.frng.IntN(r.opts.Steps/3+1)
	r.undos = append(r.undos, pendingUndo{at: r.step + uint64(hold), desc: "restart " + string(m.id), fn: func() { r.restartMember(m) }})
}

func (r *run) restartMember(m *gmember) {
	if r.c.Sim().IsUp(m.id) {
		return
	}
	if err := r.c.Sim().Start(m.id); err != nil {
		return
	}
	_ = r.c.Sim().Do(m.id, "checker: restart consumer", m.c.Start)
}

func (r *run) logFault(desc string) {
	const maxFaultLog = 64
	if len(r.res.Faults) < maxFaultLog {
		r.res.Faults = append(r.res.Faults, strconv.FormatUint(r.step, 10)+": "+desc)
	}
}

// coordinatorViews returns every up broker's view of the group, and the
// index of the current coordinator's (the leader of the group's
// __consumer_offsets partition with the highest epoch, not paused), or -1.
func (r *run) coordinatorViews() ([]group.GroupView, []int32, int) {
	var views []group.GroupView
	var ids []int32
	cur, curEpoch := -1, int32(-1)
	for id := int32(1); id <= int32(r.cfg.Brokers); id++ {
		n := broker.NodeID(id)
		if !r.c.Sim().IsUp(n) {
			continue
		}
		node, ok := r.c.Sim().Node(n)
		if !ok {
			continue
		}
		b, ok := node.(*broker.Broker)
		if !ok {
			continue
		}
		co, ok := b.Coordinator(r.groups.coordPart)
		if !ok {
			continue
		}
		v, ok := co.Group(groupID)
		if !ok {
			continue
		}
		views = append(views, v)
		ids = append(ids, id)
		rs, ok := r.c.Replica(id, protocol.OffsetsTopic, r.groups.coordPart)
		if ok && rs.Role == broker.RoleLeader && rs.LeaderEpoch > curEpoch && !r.c.Sim().IsPaused(n) {
			cur, curEpoch = len(views)-1, rs.LeaderEpoch
		}
	}
	return views, ids, cur
}

// coordinatorBroker returns the broker hosting the group's coordinator, or 0.
func (r *run) coordinatorBroker() int32 {
	_, ids, cur := r.coordinatorViews()
	if cur < 0 {
		return 0
	}
	return ids[cur]
}

// checkGroup checks the coordinators' views of the group.
func (r *run) checkGroup() {
	g := r.groups
	views, ids, cur := r.coordinatorViews()
	for i, v := range views {
		owners, err := v.Owners()
		if err != nil {
			r.fail("one generation never assigns a partition to two members", "broker %d: %v", ids[i], err)
			return
		}
		if v.State != group.Stable {
			// Until the leader's assignment is committed and the group is
			// Stable, the members still carry the last Stable generation's
			// assignment (Kafka keeps it through PreparingRebalance and
			// CompletingRebalance, and DescribeGroups shows assignments
			// only in Stable): it is not this generation's.
			continue
		}
		seen, ok := g.genOwners[v.Generation]
		if i != cur {
			// A stale coordinator (paused, or not yet told it lost the
			// partition) may hold a generation it never committed.
		} else if !ok {
			g.genOwners[v.Generation] = owners
			if v.Generation > g.lastGen {
				g.lastGen = v.Generation
				r.res.Stats.Rebalances++
			}
		} else {
			for tp, mid := range owners {
				prev, ok := seen[tp]
				switch {
				case !ok || prev == mid:
				case !r.anyPowerLoss():
					r.fail("one generation never assigns a partition to two members", "generation %d: %s owned by %s and then %s (broker %d)", v.Generation, tp, prev, mid, ids[i])
					return
				default:
					// The GroupMetadata record that ended the rebalance was
					// committed (the members got their assignment) but not
					// yet flushed: a power loss of the replicas that held
					// it loses it, the next coordinator loads the previous
					// generation, and its next rebalance reuses the number
					// (GroupMetadataManager replays what the log holds).
					r.expect("G1", "a power loss cost __consumer_offsets its unflushed tail (the GroupMetadata record of a generation)", "generation %d: %s owned by %s and then %s (broker %d)", v.Generation, tp, prev, mid, ids[i])
					g.genOwners[v.Generation] = owners
				}
			}
		}
		if v.State == group.Stable {
			eager := g.cfg.Assignor != "cooperative-sticky"
			for p := range int32(r.cfg.Partitions) {
				tp := assignor.TopicPartition{Topic: r.topic, Partition: p}
				mid, ok := owners[tp]
				if !ok && eager {
					r.fail("in Stable every partition has exactly one owner", "broker %d: generation %d of %s is Stable and %s has no owner (owners %v)", ids[i], v.Generation, groupID, tp, owners)
					return
				}
				if ok && !slices.ContainsFunc(v.Members, func(mv group.MemberView) bool { return mv.ID == mid }) {
					r.fail("in Stable every partition has exactly one owner", "broker %d: %s owned by %s, not a member", ids[i], tp, mid)
					return
				}
			}
		}
	}
	if cur < 0 {
		return
	}
	v := views[cur]
	g7, why7 := g.cfg.G7Holds()
	for p := range int32(r.cfg.Partitions) {
		o, ok := v.Offsets[assignor.TopicPartition{Topic: r.topic, Partition: p}]
		if !ok {
			continue
		}
		c := o.Offset
		g1, why1 := r.g1(p)
		if c < g.committed[p] {
			switch {
			case g1 && !r.anyPowerLoss():
				r.fail("committed offsets never go backwards", "broker %d: partition %d committed offset %d after %d", ids[cur], p, c, g.committed[p])
				return
			case !g1:
				r.expect("G1", why1, "partition %d committed offset %d after %d", p, c, g.committed[p])
			default:
				r.expect("G1", "a power loss cost __consumer_offsets its unflushed tail", "partition %d committed offset %d after %d", p, c, g.committed[p])
			}
		}
		if c > g.committed[p] {
			r.res.Stats.GroupCommits++
		}
		g.committed[p] = c
		l := &r.safety.ledgers[p]
		if c > l.end() {
			r.checkAll()
		}
		if c > l.end() && g1 {
			r.fail("committed offsets never exceed the high watermark", "partition %d committed offset %d, commit point %d", p, c, l.end())
			return
		}
		if c > g.prefix[p] {
			r.res.Stats.GroupLost = max(r.res.Stats.GroupLost, int(c-g.prefix[p]))
			switch {
			case g1 && g7:
				r.fail("a committed offset means every record below it was processed (G7)", "partition %d committed offset %d but offset %d was never processed", p, c, g.prefix[p])
				return
			case !g7:
				r.expect("G7", why7, "partition %d committed offset %d but offset %d was never processed", p, c, g.prefix[p])
			default:
				r.expect("G7", why1, "partition %d committed offset %d but offset %d was never processed", p, c, g.prefix[p])
			}
		}
	}
}

// anyPowerLoss reports whether a broker lost power in this run.
func (r *run) anyPowerLoss() bool { return r.tailLost != nil }

// groupLiveProblem returns what keeps the group from being stable and
// caught up, or "".
func (r *run) groupLiveProblem() string {
	g := r.groups
	for _, m := range g.members {
		if err := m.c.Err(); err != nil {
			return fmt.Sprintf("%s failed: %v", m.id, err)
		}
		if !r.c.Sim().IsUp(m.id) || !m.c.Stable() {
			return fmt.Sprintf("%s is not stable (up=%v)", m.id, r.c.Sim().IsUp(m.id))
		}
	}
	views, _, cur := r.coordinatorViews()
	if cur < 0 {
		return "no coordinator"
	}
	v := views[cur]
	if v.State != group.Stable {
		return "the group is " + v.State.String()
	}
	if len(v.Members) != len(g.members) {
		return fmt.Sprintf("the group has %d members, %d consumers run", len(v.Members), len(g.members))
	}
	for p := range int32(r.cfg.Partitions) {
		l := r.leaderOf(p)
		if l < 0 {
			return fmt.Sprintf("partition %d has no leader", p)
		}
		lr, _ := r.c.Replica(l, r.topic, p)
		o, ok := v.Offsets[assignor.TopicPartition{Topic: r.topic, Partition: p}]
		if lr.HW > 0 && (!ok || o.Offset != lr.HW) {
			return fmt.Sprintf("partition %d: committed %d (%v), HW %d", p, o.Offset, ok, lr.HW)
		}
	}
	return ""
}

// groupFinal is the end check: every record below the final high watermark
// was processed (the committed offsets reached it), duplicates counted.
func (r *run) groupFinal(logs [][]string) {
	g := r.groups
	g7, why7 := g.cfg.G7Holds()
	for p := range int32(r.cfg.Partitions) {
		if int64(len(logs[p])) > g.prefix[p] {
			g1, why1 := r.g1(p)
			switch {
			case g1 && g7:
				r.fail("at least once: every record was processed (G7)", "partition %d: offset %d of %d never processed", p, g.prefix[p], len(logs[p]))
				return
			case !g7:
				r.expect("G7", why7, "partition %d: offset %d of %d never processed", p, g.prefix[p], len(logs[p]))
			default:
				r.expect("G7", why1, "partition %d: offset %d of %d never processed", p, g.prefix[p], len(logs[p]))
			}
		}
	}
}

// groupFaults are the group's fault menu entries (Options.Groups).
func groupFaults() []Fault {
	return []Fault{
		{Name: "crash-consumer-before-commit", Weight: 3, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			g := e.r.groups
			m := g.members[e.Rand().IntN(len(g.members))]
			if !e.r.c.Sim().IsUp(m.id) {
				return "", nil, false
			}
			m.crashOnProcess = true
			return "arm: crash " + string(m.id) + " right after it processes a record (between poll and commit)", nil, true
		}},
		{Name: "crash-consumer-in-join", Weight: 2, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			g := e.r.groups
			m := g.members[e.Rand().IntN(len(g.members))]
			m.crashInJoin = true
			m.crashBy = e.r.step + uint64(100+e.Rand().IntN(400))
			// Make a rebalance: restart another member (a new process
			// joins; its old member id lingers until its session ends).
			o := g.members[e.Rand().IntN(len(g.members))]
			if e.r.c.Sim().IsUp(o.id) {
				_ = e.r.c.Sim().Stop(o.id)
			}
			e.r.restartMember(o)
			return "restart " + string(o.id) + " and arm: crash " + string(m.id) + " during its next join/sync", nil, true
		}},
		{Name: "power-off-coordinator", PowerLoss: true, Weight: 1, Apply: func(e *FaultEnv, target int32) (string, func(), bool) {
			id := target
			if id == 0 {
				id = e.r.coordinatorBroker()
			}
			d, u, ok := e.powerOff(id)
			return d + " (the group coordinator)", u, ok
		}},
		{Name: "crash-coordinator", Weight: 2, Apply: func(e *FaultEnv, target int32) (string, func(), bool) {
			id := target
			if id == 0 {
				id = e.r.coordinatorBroker()
			}
			if id == 0 {
				return "", nil, false
			}
			d, u, ok := e.stop(id)
			return d + " (the group coordinator)", u, ok
		}},
	}
}
