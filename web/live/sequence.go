package live

import (
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/web"
)

// sequence follows the record the learner sent last through the recent
// trace, whichever way they sent it (the produce panel, or
// kafka-console-producer.sh in the terminal: both are inputs on
// producer-1), and fills the sequence diagram's steps and lanes.
//
// The trace entries carry their lifecycle step; which entries belong to
// this record is read from their labels, as a learner reading the trace
// would: the record's partition from step 3 ("choose partition: …"), then
// the entries naming that partition (order_events-2). Steps 10 and 11 are
// the consuming member's latest join, which may predate the send.
func sequence(trace []sim.TraceEntry) web.SequenceVM {
	var f follower
	f.trace = trace
	f.hits = map[int]int{}
	f.run()
	return f.vm()
}

// sequenceWindow bounds how far back the sequence view follows a record:
// about a minute of a quiet cluster's trace.
const sequenceWindow = 1 << 14

// isSend reports whether e is a send on producer-1: the learner's produce,
// from the panel or the terminal.
func isSend(e *sim.TraceEntry) bool { return e.Kind == sim.KindInput && e.To == cluster.ProducerNode }

// sequenceTrace returns the trace the sequence view reads: the frame's
// window, or, when the send it followed has left the window, the trace
// from that send on (at most sequenceWindow entries). Trace seqs are the
// same in every replay of a position, so the remembered seq stays valid
// when the learner steps back; it is checked before use.
func (b *Builder) sequenceTrace(c *cluster.Cluster, window []sim.TraceEntry) []sim.TraceEntry {
	for i := len(window) - 1; i >= 0; i-- {
		if isSend(&window[i]) {
			b.sendSeq = window[i].Seq
			return window
		}
	}
	last := c.Sim().LastSeq()
	if b.sendSeq == 0 || b.sendSeq > last || last-b.sendSeq > sequenceWindow || (len(window) > 0 && window[0].Seq <= b.sendSeq) {
		return window
	}
	t := c.TraceAfter(b.sendSeq - 1)
	if len(t) == 0 || t[0].Seq != b.sendSeq || !isSend(&t[0]) {
		b.sendSeq = 0
		return window
	}
	return t
}

// A follower is one pass of sequence over the trace.
type follower struct {
	trace []sim.TraceEntry
	hits  map[int]int // step → index in trace
	lanes [web.NumLanes]string
	topic string
	tp    string // topic-partition, once step 3 chose it
	group string
	rec   string
}

const none = -1

// find returns the index of the first entry in trace[from:to] that matches,
// or none; findLast the last.
func (f *follower) find(from, to int, match func(e *sim.TraceEntry) bool) int {
	for i := max(from, 0); i < min(to, len(f.trace)); i++ {
		if match(&f.trace[i]) {
			return i
		}
	}
	return none
}

func (f *follower) findLast(from, to int, match func(e *sim.TraceEntry) bool) int {
	for i := min(to, len(f.trace)) - 1; i >= max(from, 0); i-- {
		if match(&f.trace[i]) {
			return i
		}
	}
	return none
}

// step matches entries of lifecycle step n of kind k ("" for any but a
// delivery: a message counts when it is sent).
func step(n int, k sim.Kind) func(e *sim.TraceEntry) bool {
	return func(e *sim.TraceEntry) bool {
		return e.Lifecycle == n && (k == "" && e.Kind != sim.KindDeliver || e.Kind == k)
	}
}

func and(a, b func(e *sim.TraceEntry) bool) func(e *sim.TraceEntry) bool {
	return func(e *sim.TraceEntry) bool { return a(e) && b(e) }
}

func names(s string) func(e *sim.TraceEntry) bool {
	return func(e *sim.TraceEntry) bool { return strings.Contains(e.Label, s) }
}

func from(n sim.NodeID) func(e *sim.TraceEntry) bool {
	return func(e *sim.TraceEntry) bool { return e.From == n }
}

func to(n sim.NodeID) func(e *sim.TraceEntry) bool {
	return func(e *sim.TraceEntry) bool { return e.To == n }
}

func (f *follower) hit(n, i int) int {
	if i != none {
		f.hits[n] = i
	}
	return i
}

func (f *follower) run() {
	end := len(f.trace)
	start := f.findLast(0, end, isSend)
	if start != none {
		f.produce(start)
	}
	f.consume()
}

// produce follows steps 1–9 from the send at trace[start].
func (f *follower) produce(start int) {
	end := len(f.trace)
	f.topic = inputTopic(f.trace[start].Label)
	f.lanes[web.LaneProducer] = string(cluster.ProducerNode)
	mine := from(cluster.ProducerNode)
	// The last record of the send: its steps 1 and 2, and the step 3 in
	// the same place among the send's step 3s.
	k, one := -1, none
	for i := start; i < end; i++ {
		if e := &f.trace[i]; e.Lifecycle == 1 && mine(e) {
			k, one = k+1, i
		}
	}
	if one == none {
		return
	}
	f.hit(1, one)
	f.rec = strings.TrimPrefix(f.trace[one].Label, "1. ")
	f.hit(2, f.find(one, end, and(step(2, ""), mine)))
	three := none
	for i, n := start, 0; i < end; i++ {
		if e := &f.trace[i]; e.Lifecycle == 3 && mine(e) {
			if n == k {
				three = i
				break
			}
			n++
		}
	}
	if f.hit(3, three) == none {
		return
	}
	p, ok := chosenPartition(f.trace[three].Label)
	if !ok || f.topic == "" {
		return
	}
	f.tp = f.topic + "-" + strconv.Itoa(p)
	tp := names(f.tp + " ")
	// The ProduceRequest the leader appended from: the last one sent
	// before the append (a retry, after a lost request), or the last one
	// so far.
	four := f.find(three, end, and(step(4, sim.KindSend), tp))
	if four == none {
		return
	}
	if five := f.find(four, end, and(step(5, ""), tp)); five != none {
		four = f.findLast(four, five, and(step(4, sim.KindSend), tp))
	} else {
		four = f.findLast(four, end, and(step(4, sim.KindSend), tp))
	}
	f.hit(4, four)
	leader := f.trace[four].To
	f.lanes[web.LaneLeader] = string(leader)
	five := f.hit(5, f.find(four, end, and(step(5, ""), and(from(leader), tp))))
	f.hit(9, f.find(four, end, and(step(9, sim.KindSend), and(from(leader), and(to(cluster.ProducerNode), tp)))))
	if five == none {
		return
	}
	seven := f.find(five, end, and(step(7, ""), tp))
	if seven != none {
		fol := f.trace[seven].From
		f.lanes[web.LaneFollower] = string(fol)
		f.hit(6, f.findLast(five, seven, and(step(6, sim.KindSend), and(to(fol), tp))))
		f.hit(7, seven)
		f.hit(8, f.find(seven, end, and(step(8, sim.KindSend), and(from(fol), tp))))
	} else if six := f.hit(6, f.find(five, end, and(step(6, sim.KindSend), and(from(leader), tp)))); six != none {
		f.lanes[web.LaneFollower] = string(f.trace[six].To)
	}
}

// consume follows steps 10–15: the fetch that returned the record, its
// processing and the commit after it, and the consuming member's join.
func (f *follower) consume() {
	end := len(f.trace)
	var cons sim.NodeID
	before := end // the join happened before the fetch
	if f.tp != "" {
		at := names(f.tp + "@")
		five := end
		if i, ok := f.hits[5]; ok {
			five = i
		}
		if thirteen := f.hit(13, f.find(five, end, and(step(13, ""), at))); thirteen != none {
			cons = f.trace[thirteen].From
			before = thirteen
			f.hit(12, f.findLast(0, thirteen, and(step(12, sim.KindSend), and(from(cons), at))))
			if fourteen := f.hit(14, f.find(thirteen, end, and(step(14, ""), from(cons)))); fourteen != none {
				f.hit(15, f.find(fourteen, end, and(step(15, sim.KindSend), from(cons))))
			}
		} else if twelve := f.hit(12, f.findLast(five, end, and(step(12, sim.KindSend), at))); twelve != none {
			cons = f.trace[twelve].From
			before = twelve
		}
	}
	join := and(step(10, sim.KindSend), names("JoinGroup("))
	if cons != "" {
		join = and(join, from(cons))
	}
	ten := f.hit(10, f.findLast(0, before, join))
	if ten == none {
		return
	}
	cons = f.trace[ten].From
	coord := f.trace[ten].To
	f.lanes[web.LaneConsumer], f.lanes[web.LaneCoordinator] = string(cons), string(coord)
	if _, after, ok := strings.Cut(f.trace[ten].Label, "JoinGroup("); ok {
		f.group, _, _ = strings.Cut(after, ",")
	}
	f.hit(11, f.find(ten, before, and(step(11, sim.KindSend), and(from(coord), to(cons)))))
}

func (f *follower) vm() web.SequenceVM {
	vm := web.SequenceVM{Empty: len(f.hits) == 0}
	if f.rec != "" {
		vm.Record = f.rec
		if f.tp != "" {
			vm.Record += " → " + f.tp
		}
	}
	last := none
	for n, i := range f.hits {
		if i > last || i == last && n > vm.Current {
			vm.Current, last = n, i
		}
	}
	for i := range vm.Lanes {
		vm.Lanes[i] = web.LaneVM{Role: web.LaneRoles[i], Node: f.lanes[i]}
	}
	detail := func(lane int, d string) {
		if vm.Lanes[lane].Node != "" {
			vm.Lanes[lane].Detail = d
		}
	}
	if f.tp != "" {
		detail(web.LaneLeader, f.tp)
		detail(web.LaneFollower, f.tp)
	}
	if f.group != "" {
		detail(web.LaneCoordinator, "group "+f.group)
		detail(web.LaneConsumer, "group "+f.group)
	}
	for _, ph := range web.LifecyclePhases {
		pv := web.PhaseVM{Title: ph.Title}
		for n := ph.From; n <= ph.To; n++ {
			st := web.SeqStepVM{N: n, Name: web.LifecycleNames[n]}
			if i, ok := f.hits[n]; ok {
				e := f.trace[i]
				st.Done, st.Label, st.From, st.To = true, e.Label, string(e.From), string(e.To)
				st.Current = n == vm.Current
				if e.Kind == sim.KindSend {
					st.Dropped = f.dropped(i)
				}
			}
			pv.Steps = append(pv.Steps, st)
		}
		vm.Phases = append(vm.Phases, pv)
	}
	return vm
}

// inputTopic reads the topic from a send's input label: "producer-1: send 1
// record(s) to order_events (acks=-1)" from the produce panel, or
// "kafka-console-producer.sh --topic order_events: 2 record(s) …" from the
// terminal.
func inputTopic(label string) string {
	var rest string
	if _, after, ok := strings.Cut(label, "--topic "); ok {
		rest = after
	} else if _, after, ok := strings.Cut(label, " to "); ok {
		rest = after
	}
	if i := strings.IndexAny(rest, ": "); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// chosenPartition reads the partition from a step 3 label
// (partitioner.Choice.String): "murmur2(…) = …, % 3 = 2", "explicit
// partition 1 of 3", "round-robin … → partition 2", "no key: sticky
// partition 0 (…)".
func chosenPartition(label string) (int, bool) {
	if strings.Contains(label, "murmur2(") {
		i := strings.LastIndex(label, "= ")
		if i < 0 {
			return 0, false
		}
		return leadingInt(label[i+2:])
	}
	for rest := label; ; {
		i := strings.Index(rest, "partition ")
		if i < 0 {
			return 0, false
		}
		rest = rest[i+len("partition "):]
		if n, ok := leadingInt(rest); ok {
			return n, true
		}
	}
}

func leadingInt(s string) (int, bool) {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	v, err := strconv.Atoi(s[:n])
	return v, err == nil
}

// dropped returns why the message sent at trace[i] was lost, or "".
func (f *follower) dropped(i int) string {
	id := f.trace[i].Msg
	for _, e := range f.trace[i+1:] {
		if e.Msg == id && e.Kind == sim.KindDrop {
			return e.Reason
		}
	}
	return ""
}
