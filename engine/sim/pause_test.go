package sim_test

import (
	"slices"
	"testing"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// A paused node holds its messages and timers in order and gets them all on
// Resume; nothing is dropped, and the run is deterministic.
func TestPauseHoldsAndResumeReplays(t *testing.T) {
	run := func() (sim.Hash, []string, int) {
		s := sim.New(sim.Config{Seed: 1})
		a := &recorder{id: "a"}
		b := &recorder{id: "b"}
		_ = s.AddNode(a)
		_ = s.AddNode(b)
		_ = s.Do("a", "init", func(env *sim.Env) {
			env.After(5, "tick", nil)
			env.Send(sim.Message{To: "b", Label: "m1"})
		})
		if err := s.Pause("b"); err != nil {
			t.Fatal(err)
		}
		_ = s.Do("b", "timer", func(env *sim.Env) { env.After(3, "b-tick", nil) })
		_ = s.Do("a", "more", func(env *sim.Env) { env.Send(sim.Message{To: "b", Label: "m2"}) })
		if err := s.RunFor(100, 1000); err != nil {
			t.Fatal(err)
		}
		if len(b.got) != 0 || s.Held("b") != 3 || !s.IsPaused("b") {
			t.Fatalf("paused b got %v, holds %d", b.labels(), s.Held("b"))
		}
		if len(a.timers) != 1 {
			t.Fatalf("a's timer did not fire while b was paused")
		}
		h := s.StateHash()
		if err := s.Resume("b"); err != nil {
			t.Fatal(err)
		}
		if err := s.RunFor(10, 1000); err != nil {
			t.Fatal(err)
		}
		return h, b.labels(), s.Held("b")
	}
	h1, got, held := run()
	h2, _, _ := run()
	if h1 != h2 {
		t.Fatal("pause is not deterministic")
	}
	// The input ran first on resume (it came due first), then m1 and m2.
	if !slices.Equal(got, []string{"m1", "m2"}) || held != 0 {
		t.Fatalf("after resume b got %v, holds %d", got, held)
	}
}

func TestPauseErrors(t *testing.T) {
	s := sim.New(sim.Config{})
	_ = s.AddNode(&recorder{id: "a"})
	if s.Resume("a") == nil {
		t.Fatal("resume of a running node")
	}
	_ = s.Pause("a")
	if s.Pause("a") == nil {
		t.Fatal("pause twice")
	}
	_ = s.Stop("a")
	if s.IsPaused("a") || s.Held("a") != 0 {
		t.Fatal("stop keeps the pause")
	}
}
