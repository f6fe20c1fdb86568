// Package live builds the live lab's view models (web.LiveVM) from a
// lab.Session: the one place where engine state becomes what the templ
// components draw. It is pure Go, tested natively, and runs in the wasm.
//
// The sequence view (sequence.go) reads which trace entries belong to the
// record sent last from their labels (its partition from step 3, then the
// entries naming that partition), as a learner reading the trace would;
// the engine's trace entries carry a lifecycle step but no record id. It
// looks at the recent trace only (traceWindow entries), so a consumer that
// joined long before shows no steps 10 and 11.
package live

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/web"
)

// UI is the state of the page that is not the engine's: what is selected,
// whether the run plays and how fast.
type UI struct {
	Selected string // TestID of the selected replica
	Playing  bool
	Speed    int // 0–12
	// Tab is the view shown on the stage: "cluster" (default) or "storage".
	Tab string
	// The storage tab's choices: a partition, one of its replicas, a
	// segment (by base offset; -1 is the active one) and a file ("log",
	// "index", "timeindex"); Lookup is the offset being looked up (-1:
	// none) and LookupStep the step shown.
	StoreTopic  string
	StorePart   int
	StoreBroker int
	Segment     int64
	File        string
	Lookup      int64
	LookupStep  int
	// ActionError is the last cluster action's mistake, shown above the
	// details until the next action.
	ActionError string
}

// Rate is the number of events per second played at speed v: 10^(v/4), so
// 0 → 1, 4 → 10, 8 → 100, 12 → 1000.
func Rate(v int) float64 { return math.Pow(10, float64(max(0, min(v, 12)))/4) }

// traceWindow is how many recent trace entries a frame looks at for the
// messages in flight and the last record's lifecycle.
const traceWindow = 1500

// A Builder builds view models frame after frame, remembering the last
// frame's replica offsets so changes can flash. The zero Builder is ready;
// do not copy one after its first Build (it reuses its buffers).
type Builder struct {
	prev []web.PartitionSpec // last frame's partitions, for their LEO and HW
	// sendSeq is the trace seq of the latest send the sequence view
	// followed, so it can follow a record older than the frame's window
	// (a request lost and retried after request.timeout.ms).
	sendSeq uint64
	snap    snapshots   // the cluster's state, read again where it changed
	recent  recentTrace // the trace's last traceWindow entries
	running bool        // BuildRunning: no state hash
}

// BuildRunning is Build while a terminal command runs, for a page that
// shows the cluster as the command goes: the view model without the state
// hash ("…"), which the page shows when the command ends (hashing a cluster that
// holds a perf test's records is work of its own, and the hash of a
// position in the middle of a command names no point of the history).
func (b *Builder) BuildRunning(s *lab.Session, ui UI) web.LiveVM {
	b.running = true
	defer func() { b.running = false }()
	return b.Build(s, ui)
}

// replicaKey names one replica: cheaper map keys than formatted strings,
// which cost a frame at 12 brokers × 200 partitions.
type replicaKey struct {
	topic     string
	partition int
	broker    int
}

// flash marks the replicas whose LEO or HW changed since the last frame.
// A partition drawn last frame at the same index with the same replicas is
// compared directly; only when the partitions changed (a topic created or
// deleted, a reassignment) are last frame's offsets looked up by replica.
func (b *Builder) flash(parts []web.PartitionSpec) {
	prev := b.prev
	var byKey map[replicaKey][2]int64
	for i := range parts {
		p := &parts[i]
		if i < len(prev) && prev[i].Topic == p.Topic && prev[i].Partition == p.Partition && slices.Equal(prev[i].Replicas, p.Replicas) &&
			len(prev[i].Stats) == len(p.Stats) {
			for k := range p.Stats {
				if o := prev[i].Stats[k]; o.LEO != p.Stats[k].LEO || o.HW != p.Stats[k].HW {
					p.Stats[k].Flash = true
				}
			}
			continue
		}
		if byKey == nil {
			byKey = map[replicaKey][2]int64{}
			for _, q := range prev {
				for k, rs := range q.Stats {
					byKey[replicaKey{q.Topic, q.Partition, q.Replicas[k]}] = [2]int64{rs.LEO, rs.HW}
				}
			}
		}
		for k := range p.Stats {
			rs := &p.Stats[k]
			if old, ok := byKey[replicaKey{p.Topic, p.Partition, p.Replicas[k]}]; ok && old != [2]int64{rs.LEO, rs.HW} {
				rs.Flash = true
			}
		}
	}
	b.prev = parts
}

// Build returns the view model of s now.
func (b *Builder) Build(s *lab.Session, ui UI) web.LiveVM {
	c := s.Cluster()
	st := b.snap.take(s)
	trace := b.recent.window(c)
	vm := web.LiveVM{
		Status: web.StatusVM{Seed: s.Seed(), Pos: s.Pos(), Head: max(s.Head(), s.Pos()), NowMs: st.Now,
			Playing: ui.Playing, Speed: ui.Speed, Rate: rateLabel(ui.Speed)},
	}
	if b.running {
		b.snap.forgetHash() // the next hash encodes every node again
		vm.Status.Hash = "…"
	} else {
		vm.Status.Hash = b.snap.hash().String()
	}
	if n := len(trace); n > 0 && trace[n-1].Step == st.Steps && s.Pos() > 0 {
		for _, e := range trace {
			if e.Step == st.Steps {
				vm.Status.Event = e.Label
				break
			}
		}
	}
	if ev, ok := actionEvent(trace, st.Steps); ok {
		vm.Status.Event = ev
	}
	spec := ClusterSpec(st)
	spec.Selected = ui.Selected
	spec.Flights = flights(trace, st)
	spec.NetLinks = netLinks(c, spec.Brokers)
	spec.Quorum = quorum(c)
	vm.Status.Controllers = len(spec.Quorum)
	spec.Producers = []string{string(cluster.ProducerNode)}
	var rows []web.ConsumerRowVM
	spec.Consumers, rows = members(c)
	vm.Consumers = rows
	for id := range spec.Brokers {
		if c.Paused(int32(spec.Brokers[id])) {
			spec.Paused[spec.Brokers[id]] = true
		}
	}
	b.flash(spec.Partitions)
	vm.Cluster = web.LayoutCluster(spec)
	vm.Details = details(spec, st, ui.Selected)
	if vm.Details != nil {
		vm.Details.SlowMs = slowToLeader(spec.NetLinks, vm.Details)
	}
	vm.Link = linkCard(vm.Cluster, ui.Selected)
	vm.ActionError = ui.ActionError
	if id, ok := strings.CutPrefix(ui.Selected, "broker-"); ok {
		if n, err := strconv.Atoi(id); err == nil && slices.Contains(spec.Brokers, n) {
			bc := brokerCard(spec, n)
			vm.Broker = &bc
		}
	}
	vm.Sequence = sequence(b.sequenceTrace(c, trace))
	vm.Metrics = Metrics(lab.Measure(st, c.GroupViews(), lab.ProcessedBy(c)), s.MetricsHistory(), spec.Brokers)
	vm.Tab = ui.Tab
	if vm.Tab == "groups" {
		colours := map[string]int{}
		for _, r := range rows {
			colours[r.Name] = r.Colour
		}
		gv := groups(c, spec, colours)
		vm.Groups = &gv
	}
	if vm.Tab == "storage" {
		sv := storage(s, st, spec, ui)
		vm.Storage = &sv
	}
	return vm
}

func rateLabel(v int) string {
	r := Rate(v)
	if r < 10 {
		return strconv.FormatFloat(r, 'f', 1, 64)
	}
	return strconv.Itoa(int(math.Round(r)))
}

// ClusterSpec maps the engine's state to what the cluster picture shows:
// placement, leaders and ISR from the controller, offsets from each broker.
func ClusterSpec(st cluster.State) web.ClusterSpec {
	spec := web.ClusterSpec{
		Controller: "Controller (KRaft quorum) · owns metadata: topics, leaders, ISR",
		Note:       "The articles draw a ZooKeeper ensemble here; Kafka 4 removed ZooKeeper and keeps metadata in this Raft quorum.",
		Down:       map[int]bool{}, Fenced: map[int]bool{}, Paused: map[int]bool{}, Live: true,
	}
	spec.Brokers = make([]int, 0, len(st.Brokers))
	for _, b := range st.Brokers {
		id := int(b.ID)
		spec.Brokers = append(spec.Brokers, id)
		spec.Routes = append(spec.Routes, string(b.Controller))
		if !b.Up {
			spec.Down[id] = true
		}
	}
	for _, cb := range st.Controller.Brokers {
		if cb.Fenced {
			spec.Fenced[int(cb.ID)] = true
		}
	}
	n, reps := 0, 0
	for _, t := range st.Controller.Topics {
		if !strings.HasPrefix(t.Name, "__") {
			n += len(t.Partitions)
			for _, p := range t.Partitions {
				reps += len(p.Replicas)
			}
		}
	}
	// Every partition's replica and ISR ids and stats are cut from three
	// arrays: a handful of allocations a frame instead of thousands.
	spec.Partitions = make([]web.PartitionSpec, 0, n)
	ids := make([]int, 0, 2*reps)
	stats := make([]web.ReplicaStats, 0, reps)
	var idx replicaIndex
	for _, t := range st.Controller.Topics {
		if strings.HasPrefix(t.Name, "__") {
			continue // internal topics (__consumer_offsets) stay out of the picture
		}
		idx.topic(st, t.Name, len(t.Partitions))
		for pi, p := range t.Partitions {
			ps := web.PartitionSpec{Topic: t.Name, Partition: pi, Leader: int(p.Leader)}
			if p.Leader < 0 {
				ps.Leader = -1
			}
			k := len(ids)
			for _, r := range p.Replicas {
				ids = append(ids, int(r))
			}
			ps.Replicas = ids[k:len(ids):len(ids)]
			k = len(ids)
			for _, r := range p.ISR {
				ids = append(ids, int(r))
			}
			ps.ISR = ids[k:len(ids):len(ids)]
			leaderLEO := int64(-1)
			if rs, ok := idx.replica(st, p.Leader, pi); ok {
				leaderLEO = rs.LEO
			}
			k = len(stats)
			for _, id := range ps.Replicas {
				rs, ok := idx.replica(st, int32(id), pi)
				if !ok {
					stats = append(stats, web.ReplicaStats{Lag: -1})
					continue
				}
				lag := int64(-1)
				if leaderLEO >= 0 {
					lag = max(leaderLEO-rs.LEO, 0)
				}
				stats = append(stats, web.ReplicaStats{LEO: rs.LEO, HW: rs.HW, LogStart: rs.LogStartOffset, LeaderEpoch: int(rs.LeaderEpoch),
					Lag: lag, Known: true})
			}
			ps.Stats = stats[k:len(stats):len(stats)]
			spec.Partitions = append(spec.Partitions, ps)
		}
	}
	return spec
}

// A replicaIndex finds the brokers' replicas of one topic's partitions in
// a cluster.State: each broker's replicas are sorted by topic, then
// partition, so one binary search per broker finds the topic's run, and a
// table by broker and partition the rest. No map of 600 replicas is built
// every frame.
type replicaIndex struct {
	parts int
	at    []int32 // [broker index × parts + partition] → index in its Replicas, -1: none
}

// topic indexes topic's replicas on every broker of st.
func (x *replicaIndex) topic(st cluster.State, topic string, parts int) {
	x.parts = parts
	x.at = slices.Grow(x.at[:0], len(st.Brokers)*parts)[:len(st.Brokers)*parts]
	for i := range x.at {
		x.at[i] = -1
	}
	for bi, b := range st.Brokers {
		rs := b.Replicas
		i, _ := slices.BinarySearchFunc(rs, topic, func(r broker.ReplicaState, t string) int { return strings.Compare(r.Topic, t) })
		for ; i < len(rs) && rs[i].Topic == topic; i++ {
			if p := int(rs[i].Partition); p >= 0 && p < parts {
				x.at[bi*parts+p] = int32(i)
			}
		}
	}
}

// replica returns broker id's replica of the indexed topic's partition.
func (x *replicaIndex) replica(st cluster.State, id int32, partition int) (*broker.ReplicaState, bool) {
	bi := slices.IndexFunc(st.Brokers, func(b cluster.BrokerState) bool { return b.ID == id })
	if bi < 0 || partition < 0 || partition >= x.parts {
		return nil, false
	}
	i := x.at[bi*x.parts+partition]
	if i < 0 {
		return nil, false
	}
	return &st.Brokers[bi].Replicas[i], true
}

// flights are the messages sent and not yet delivered or dropped, from the
// recent trace.
func flights(trace []sim.TraceEntry, st cluster.State) []web.FlightSpec {
	done := map[sim.MessageID]bool{}
	for _, e := range trace {
		if e.Kind == sim.KindDeliver || e.Kind == sim.KindDrop {
			done[e.Msg] = true
		}
	}
	var out []web.FlightSpec
	for _, e := range trace {
		if e.Kind != sim.KindSend || done[e.Msg] || e.ArriveAt < st.Now {
			continue
		}
		out = append(out, web.FlightSpec{From: string(e.From), To: string(e.To), API: e.API, Label: e.Label,
			New: e.Step == st.Steps, Step: e.Lifecycle, Msg: uint64(e.Msg)})
	}
	return out
}

func details(spec web.ClusterSpec, st cluster.State, selected string) *web.DetailsVM {
	if selected == "" {
		return nil
	}
	for _, p := range spec.Partitions {
		for _, id := range p.Replicas {
			if fmt.Sprintf("replica-%s-%d-b%d", p.Topic, p.Partition, id) != selected {
				continue
			}
			rs, _ := p.StatsOf(id)
			d := &web.DetailsVM{Name: fmt.Sprintf("%s-P%d", p.Topic, p.Partition), Broker: id, Leader: p.Leader,
				LEO: rs.LEO, HW: rs.HW, LogStart: rs.LogStart, LeaderEpoch: rs.LeaderEpoch,
				InSync: slices.Contains(p.ISR, id), BrokerUp: !spec.Down[id], Role: "follower", BrokerCard: brokerCard(spec, id)}
			if p.Leader == id {
				d.Role = "leader"
			}
			var isr []string
			for _, x := range p.ISR {
				isr = append(isr, strconv.Itoa(x))
			}
			d.ISR = "{" + strings.Join(isr, ", ") + "}"
			switch {
			case rs.Lag < 0:
				d.Lag = web.M("—")
			case rs.Lag == 1:
				d.Lag = web.M("1 record")
			default:
				d.Lag = web.M("%d records", rs.Lag)
			}
			return d
		}
	}
	return nil
}
