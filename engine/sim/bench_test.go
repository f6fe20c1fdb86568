package sim_test

import (
	"strconv"
	"testing"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// forwarder passes every message it receives on to a random peer, so the
// number of messages in flight stays constant; every tenth message it also
// sets and cancels a timer and records a local step.
type forwarder struct {
	id    sim.NodeID
	peers []sim.NodeID
	n     int64
}

func (f *forwarder) ID() sim.NodeID { return f.id }

func (f *forwarder) Receive(env *sim.Env, m sim.Message) {
	f.n++
	if f.n%10 == 0 {
		env.Cancel(env.After(5, "timeout", nil))
		env.Record(sim.TraceEntry{Label: "5. leader appends", Lifecycle: 5})
	}
	to := f.peers[env.Rand(sim.StreamWorkload).IntN(len(f.peers))]
	env.Send(sim.Message{To: to, API: "Fetch", Label: "12. FetchRequest", Body: m.Body})
}

func (f *forwarder) Timer(*sim.Env, sim.TimerEvent) {}

func (f *forwarder) AppendState(w *sim.StateWriter) {
	w.Int(f.n)
	for range 8 { // stand-ins for a broker's offsets, epochs and ISR
		w.Int(f.n)
	}
	w.String(string(f.id))
}

// busySim returns a Sim with nodes forwarders and inFlight messages in
// flight, spread by jitter.
func busySim(b *testing.B, nodes, inFlight int, cfg sim.Config) *sim.Sim {
	s := sim.New(cfg)
	s.Net().SetJitter(10)
	var ids []sim.NodeID
	for i := range nodes {
		ids = append(ids, sim.NodeID("broker-"+strconv.Itoa(i)))
	}
	for _, id := range ids {
		if err := s.AddNode(&forwarder{id: id, peers: ids}); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Do("", "load", func(env *sim.Env) {
		for i := range inFlight {
			env.Send(sim.Message{From: ids[i%nodes], To: ids[(i+1)%nodes], API: "Fetch", Body: i})
		}
	}); err != nil {
		b.Fatal(err)
	}
	// Warm up: fill the trace ring and the free lists.
	for range 4096 {
		s.Step()
	}
	return s
}

func BenchmarkStep(b *testing.B) {
	s := busySim(b, 10, 1000, sim.Config{TraceLimit: 1024})
	b.ReportAllocs()
	for b.Loop() {
		s.Step()
	}
}

func BenchmarkStepNoTrace(b *testing.B) {
	s := busySim(b, 10, 1000, sim.Config{TraceLimit: -1})
	b.ReportAllocs()
	for b.Loop() {
		s.Step()
	}
}

func BenchmarkStepHashEveryStep(b *testing.B) {
	s := busySim(b, 10, 100, sim.Config{TraceLimit: 1024, HashEveryStep: true})
	b.ReportAllocs()
	for b.Loop() {
		s.Step()
	}
}

func BenchmarkStateHash(b *testing.B) {
	for _, pending := range []int{100, 1000} {
		b.Run("pending="+strconv.Itoa(pending), func(b *testing.B) {
			s := busySim(b, 10, pending, sim.Config{TraceLimit: 1024})
			b.ReportAllocs()
			for b.Loop() {
				s.StateHash()
			}
		})
	}
}

// BenchmarkPingPong bounces one message between two nodes: the cost of an
// event end to end (send, queue, deliver, trace) with an empty queue.
func BenchmarkPingPong(b *testing.B) {
	s := busySim(b, 2, 1, sim.Config{TraceLimit: 1024})
	b.ReportAllocs()
	for b.Loop() {
		s.Step()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
