package sim_test

import (
	"strconv"
	"testing"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// TestTraceOffChangesNothingVisible: with no trace kept and no OnTrace the
// kernel holds only each step's first entry, yet every step returns the
// same entry, LastSeq counts the same entries and the state hash after
// each step is the same as with the trace kept.
func TestTraceOffChangesNothingVisible(t *testing.T) {
	run := func(cfg sim.Config) (*sim.Sim, []sim.TraceEntry, []sim.Hash, []uint64) {
		s := sim.New(cfg)
		s.Net().SetJitter(10)
		var ids []sim.NodeID
		for i := range 3 {
			ids = append(ids, sim.NodeID("broker-"+strconv.Itoa(i)))
		}
		for _, id := range ids {
			if err := s.AddNode(&forwarder{id: id, peers: ids}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Do("", "load", func(env *sim.Env) {
			env.Record(sim.TraceEntry{Label: "load starts"}) // an input's own entry, not its first
			for i := range 20 {
				env.Send(sim.Message{From: ids[i%3], To: ids[(i+1)%3], API: "Fetch", Body: i})
			}
		}); err != nil {
			t.Fatal(err)
		}
		var firsts []sim.TraceEntry
		var hashes []sim.Hash
		var seqs []uint64
		for range 2000 {
			te, ok := s.Step()
			if !ok {
				t.Fatal("the run stopped")
			}
			firsts, hashes, seqs = append(firsts, te), append(hashes, s.StateHash()), append(seqs, s.LastSeq())
		}
		return s, firsts, hashes, seqs
	}
	_, kf, kh, ks := run(sim.Config{Seed: 3})
	off, of, oh, os := run(sim.Config{Seed: 3, TraceLimit: -1})
	for i := range kf {
		if kf[i] != of[i] || kh[i] != oh[i] || ks[i] != os[i] {
			t.Fatalf("step %d: trace kept gives %+v, hash %v, last seq %d; trace off gives %+v, %v, %d",
				i+1, kf[i], kh[i], ks[i], of[i], oh[i], os[i])
		}
	}
	if n := len(off.Trace()); n != 0 {
		t.Errorf("trace off kept %d entries", n)
	}
	var seen int
	_, _, _, _ = run(sim.Config{Seed: 3, TraceLimit: -1, OnTrace: func(sim.TraceEntry) { seen++ }})
	if uint64(seen) != ks[len(ks)-1] {
		t.Errorf("OnTrace saw %d entries with no trace kept, want all %d", seen, ks[len(ks)-1])
	}
}
