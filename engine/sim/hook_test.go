package sim_test

import (
	"strconv"
	"testing"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// TestStepHook: the hook runs after every step, a panic from it leaves the
// step done and the simulation usable, and a run with a hook is the same run
// as without.
func TestStepHook(t *testing.T) {
	run := func(hook func(s *sim.Sim)) (uint64, string) {
		s := sim.New(sim.Config{Seed: 3})
		var ids []sim.NodeID
		for i := range 3 {
			ids = append(ids, sim.NodeID("n"+strconv.Itoa(i)))
		}
		for _, id := range ids {
			if err := s.AddNode(&forwarder{id: id, peers: ids}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Do("", "load", func(env *sim.Env) {
			for i := range 30 {
				env.Send(sim.Message{From: ids[i%3], To: ids[(i+1)%3], API: "Fetch", Body: i})
			}
		}); err != nil {
			t.Fatal(err)
		}
		if hook != nil {
			hook(s)
		}
		for s.Steps() < 500 {
			func() {
				defer func() { _ = recover() }()
				s.Step()
			}()
		}
		return s.Steps(), s.StateHash().String()
	}
	steps, hash := run(nil)
	calls := uint64(0)
	steps2, hash2 := run(func(s *sim.Sim) {
		s.SetStepHook(func() {
			calls++
			if s.Steps()%100 == 0 {
				panic("interrupt")
			}
		})
	})
	if steps != steps2 || hash != hash2 {
		t.Fatalf("with a panicking hook: %d steps, hash %s; without: %d, %s", steps2, hash2, steps, hash)
	}
	if calls != steps2 {
		t.Errorf("the hook ran %d times in %d steps", calls, steps2)
	}
}
