package sim_test

import (
	"maps"
	"slices"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// recorder is a node that remembers what it received and which timers fired.
type recorder struct {
	id     sim.NodeID
	got    []sim.Message
	timers []sim.TimerEvent
	onMsg  func(env *sim.Env, m sim.Message)
}

func (r *recorder) ID() sim.NodeID { return r.id }

func (r *recorder) Receive(env *sim.Env, m sim.Message) {
	r.got = append(r.got, m)
	if r.onMsg != nil {
		r.onMsg(env, m)
	}
}

func (r *recorder) Timer(env *sim.Env, t sim.TimerEvent) { r.timers = append(r.timers, t) }

func (r *recorder) AppendState(w *sim.StateWriter) {
	w.Int(int64(len(r.got)))
	w.Int(int64(len(r.timers)))
}

// labels returns the labels of the messages r received.
func (r *recorder) labels() []string {
	var out []string
	for _, m := range r.got {
		out = append(out, m.Label)
	}
	return out
}

// pinger is the toy node of the determinism tests. On each "tick" timer it
// sends a Ping to a random peer and re-arms the timer with a random delay;
// it answers every Ping with a Pong after a random processing delay; it
// counts what it sent and received per peer in a map, written sorted.
type pinger struct {
	id       sim.NodeID
	peers    []sim.NodeID
	ticks    int // ticks left
	sent     int
	received map[sim.NodeID]int
	topic    string // a UUID drawn at start, as Kafka draws topic ids
}

func newPinger(id sim.NodeID, peers []sim.NodeID, ticks int) *pinger {
	return &pinger{id: id, peers: peers, ticks: ticks, received: map[sim.NodeID]int{}}
}

func (p *pinger) ID() sim.NodeID { return p.id }

// Start draws the node's id and sets its first timer.
func (p *pinger) Start(env *sim.Env) {
	p.topic = env.NewUUID().String()
	env.Record(sim.TraceEntry{Label: "created topic id " + p.topic})
	env.After(1+env.Rand(sim.StreamJitter).Int64N(10), "tick", nil)
}

func (p *pinger) Receive(env *sim.Env, m sim.Message) {
	p.received[m.From]++
	switch m.API {
	case "Ping":
		env.After(env.Rand(sim.StreamWorkload).Int64N(3), "reply", m.From)
	case "Pong":
		env.Record(sim.TraceEntry{Label: "pong from " + string(m.From), Lifecycle: 9})
	}
}

func (p *pinger) Timer(env *sim.Env, t sim.TimerEvent) {
	switch t.Kind {
	case "tick":
		if p.ticks == 0 {
			return
		}
		p.ticks--
		to := p.peers[env.Rand(sim.StreamWorkload).IntN(len(p.peers))]
		p.sent++
		env.Send(sim.Message{To: to, API: "Ping", Label: "ping " + strconv.Itoa(p.sent), Body: p.sent, Lifecycle: 4})
		env.After(1+env.Rand(sim.StreamJitter).Int64N(20), "tick", nil)
	case "reply":
		env.Send(sim.Message{To: t.Data.(sim.NodeID), API: "Pong", Label: "pong"})
	}
}

func (p *pinger) AppendState(w *sim.StateWriter) {
	w.Int(int64(p.ticks))
	w.Int(int64(p.sent))
	w.String(p.topic)
	w.Int(int64(len(p.received)))
	for _, k := range slices.Sorted(maps.Keys(p.received)) {
		w.String(string(k))
		w.Int(int64(p.received[k]))
	}
}
