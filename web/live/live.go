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
// frame's replica offsets so changes can flash.
type Builder struct {
	prev map[replicaKey][2]int64 // LEO, HW
	// sendSeq is the trace seq of the latest send the sequence view
	// followed, so it can follow a record older than the frame's window
	// (a request lost and retried after request.timeout.ms).
	sendSeq uint64
}

// replicaKey names one replica: cheaper map keys than formatted strings,
// which cost a frame at 12 brokers × 200 partitions.
type replicaKey struct {
	topic     string
	partition int
	broker    int
}

// Build returns the view model of s now.
func (b *Builder) Build(s *lab.Session, ui UI) web.LiveVM {
	c := s.Cluster()
	st := c.Snapshot()
	var trace []sim.TraceEntry
	if last := c.Sim().LastSeq(); last > traceWindow {
		trace = c.TraceAfter(last - traceWindow)
	} else {
		trace = c.TraceAfter(0)
	}
	vm := web.LiveVM{
		Status: web.StatusVM{Seed: s.Seed(), Pos: s.Pos(), Head: max(s.Head(), s.Pos()), NowMs: st.Now, Hash: s.StateHash().String(),
			Playing: ui.Playing, Speed: ui.Speed, Rate: rateLabel(ui.Speed)},
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
	next := make(map[replicaKey][2]int64, len(b.prev))
	for i := range spec.Partitions {
		p := &spec.Partitions[i]
		for id, rs := range p.Stats {
			key := replicaKey{p.Topic, p.Partition, id}
			now := [2]int64{rs.LEO, rs.HW}
			if old, ok := b.prev[key]; ok && old != now {
				rs.Flash = true
				p.Stats[id] = rs
			}
			next[key] = now
		}
	}
	b.prev = next
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
	reps := map[replicaKey]broker.ReplicaState{}
	for _, b := range st.Brokers {
		id := int(b.ID)
		spec.Brokers = append(spec.Brokers, id)
		if !b.Up {
			spec.Down[id] = true
		}
		for _, r := range b.Replicas {
			reps[replicaKey{r.Topic, int(r.Partition), id}] = r
		}
	}
	for _, cb := range st.Controller.Brokers {
		if cb.Fenced {
			spec.Fenced[int(cb.ID)] = true
		}
	}
	for _, t := range st.Controller.Topics {
		if strings.HasPrefix(t.Name, "__") {
			continue // internal topics (__consumer_offsets) stay out of the picture
		}
		for pi, p := range t.Partitions {
			ps := web.PartitionSpec{Topic: t.Name, Partition: pi, Leader: int(p.Leader), Stats: map[int]web.ReplicaStats{}}
			if p.Leader < 0 {
				ps.Leader = -1
			}
			ps.ISR = []int{}
			for _, r := range p.Replicas {
				ps.Replicas = append(ps.Replicas, int(r))
			}
			for _, r := range p.ISR {
				ps.ISR = append(ps.ISR, int(r))
			}
			leaderLEO := int64(-1)
			if rs, ok := reps[replicaKey{t.Name, pi, int(p.Leader)}]; ok {
				leaderLEO = rs.LEO
			}
			for _, id := range ps.Replicas {
				rs, ok := reps[replicaKey{t.Name, pi, id}]
				if !ok {
					ps.Stats[id] = web.ReplicaStats{Lag: -1}
					continue
				}
				lag := int64(-1)
				if leaderLEO >= 0 {
					lag = max(leaderLEO-rs.LEO, 0)
				}
				var isr []int
				for _, x := range rs.ISR {
					isr = append(isr, int(x))
				}
				ps.Stats[id] = web.ReplicaStats{LEO: rs.LEO, HW: rs.HW, LogStart: rs.LogStartOffset, LeaderEpoch: int(rs.LeaderEpoch),
					Lag: lag, ISR: isr, Known: true}
			}
			spec.Partitions = append(spec.Partitions, ps)
		}
	}
	return spec
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
			rs := p.Stats[id]
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
