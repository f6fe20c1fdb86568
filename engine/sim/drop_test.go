package sim_test

import (
	"errors"
	"testing"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// A message dropped in flight never arrives and is traced as a drop; the
// same drop in a second run gives the same state hash, and without it the
// message arrives.
func TestDropInFlight(t *testing.T) {
	run := func(drop bool) (*sim.Sim, *recorder, sim.MessageID) {
		s := sim.New(sim.Config{Seed: 3})
		a, b := &recorder{id: "a"}, &recorder{id: "b"}
		_ = s.AddNode(a)
		_ = s.AddNode(b)
		var id sim.MessageID
		_ = s.Do("a", "send", func(env *sim.Env) { id = env.Send(sim.Message{To: "b", API: "Ping", Label: "ping"}) })
		s.Step()
		if drop {
			if err := s.DropInFlight(id); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.RunUntilIdle(100); err != nil {
			t.Fatal(err)
		}
		return s, b, id
	}
	s, b, id := run(true)
	if len(b.got) != 0 {
		t.Fatalf("the dropped message arrived: %v", b.labels())
	}
	found := false
	for _, e := range s.Trace() {
		if e.Kind == sim.KindDrop && e.Msg == id && e.Reason == sim.ReasonDropInFlight {
			found = true
		}
	}
	if !found {
		t.Fatalf("no drop traced: %v", s.Trace())
	}
	if s2, _, _ := run(true); s.StateHash() != s2.StateHash() {
		t.Fatal("the same drop replays to another state")
	}
	if s3, b3, _ := run(false); len(b3.got) != 1 || s3.StateHash() == s.StateHash() {
		t.Fatal("without the drop the message arrives and the state differs")
	}
	if err := s.DropInFlight(id); !errors.Is(err, sim.ErrNotInFlight) {
		t.Fatalf("dropping it again: %v", err)
	}
	if err := s.DropInFlight(999); !errors.Is(err, sim.ErrNotInFlight) {
		t.Fatalf("an unknown message: %v", err)
	}
}

func TestLinkState(t *testing.T) {
	s := sim.New(sim.Config{Seed: 1})
	_ = s.AddNode(&recorder{id: "a"})
	_ = s.AddNode(&recorder{id: "b"})
	h := s.StateHash()
	if st := s.Net().LinkState("a", "b"); st != (sim.LinkState{}) {
		t.Fatalf("a fresh link: %+v", st)
	}
	if s.StateHash() != h {
		t.Fatal("reading a link changed the state")
	}
	s.Net().Cut("a", "b")
	s.Net().Slow("b", "a", 200)
	if st := s.Net().LinkState("a", "b"); !st.Cut || st.SlowMs != 0 {
		t.Fatalf("a → b: %+v", st)
	}
	if st := s.Net().LinkState("b", "a"); st.Cut || st.SlowMs != 200 {
		t.Fatalf("b → a: %+v", st)
	}
	s.Net().Isolate("b")
	if !s.Net().LinkState("b", "a").Cut {
		t.Fatal("an isolated node's links are cut")
	}
}
