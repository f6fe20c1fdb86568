package sim_test

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// echo answers every request with a response.
type echo struct{ id sim.NodeID }

func (e *echo) ID() sim.NodeID { return e.id }

func (e *echo) Receive(env *sim.Env, m sim.Message) {
	if m.API == "Produce" {
		env.Record(sim.TraceEntry{Label: "5. leader appends at offset 0", Lifecycle: 5})
		env.Send(sim.Message{To: m.From, API: "ProduceResponse", Label: "9. produce acknowledged", Lifecycle: 9})
	}
}

func (e *echo) Timer(*sim.Env, sim.TimerEvent) {}
func (e *echo) AppendState(w *sim.StateWriter) {}

func Example() {
	s := sim.New(sim.Config{Seed: 42, LatencyMs: 2})
	for _, id := range []sim.NodeID{"broker-1", "producer-1"} {
		if err := s.AddNode(&echo{id: id}); err != nil {
			panic(err)
		}
	}
	_ = s.Do("producer-1", "produce order-1", func(env *sim.Env) {
		env.Send(sim.Message{To: "broker-1", API: "Produce", Label: "4. ProduceRequest(orders, P0)", Lifecycle: 4})
	})
	if err := s.RunUntilIdle(100); err != nil {
		panic(err)
	}
	for _, e := range s.Trace() {
		fmt.Printf("%d %2dms %-7s %-10s %-10s %s\n", e.Step, e.Time, e.Kind, e.From, e.To, e.Label)
	}
	// Output:
	// 1  0ms input              producer-1 produce order-1
	// 1  0ms send    producer-1 broker-1   4. ProduceRequest(orders, P0)
	// 2  2ms deliver producer-1 broker-1   4. ProduceRequest(orders, P0)
	// 2  2ms local   broker-1              5. leader appends at offset 0
	// 2  2ms send    broker-1   producer-1 9. produce acknowledged
	// 3  4ms deliver broker-1   producer-1 9. produce acknowledged
}
