package web

import "testing"

// The key changes with anything the diagram draws, and only then.
func TestSequenceKey(t *testing.T) {
	base := func() SequenceVM {
		return SequenceVM{Record: "r", Current: 4, Lanes: [NumLanes]LaneVM{{Node: "producer-1"}, {Node: "broker-3", Detail: "t-2"}},
			Phases: []PhaseVM{{Steps: []SeqStepVM{{N: 4, Done: true, Label: "4. x"}, {N: 5}}}}}
	}
	k := base().Key()
	if base().Key() != k {
		t.Fatal("not stable")
	}
	for name, change := range map[string]func(*SequenceVM){
		"record":  func(s *SequenceVM) { s.Record = "q" },
		"current": func(s *SequenceVM) { s.Current = 5 },
		"lane":    func(s *SequenceVM) { s.Lanes[2].Node = "broker-1" },
		"detail":  func(s *SequenceVM) { s.Lanes[1].Detail = "t-1" },
		"done":    func(s *SequenceVM) { s.Phases[0].Steps[1].Done = true },
		"label":   func(s *SequenceVM) { s.Phases[0].Steps[0].Label = "4. y" },
		"dropped": func(s *SequenceVM) { s.Phases[0].Steps[0].Dropped = "link cut" },
	} {
		s := base()
		change(&s)
		if s.Key() == k {
			t.Errorf("%s: same key", name)
		}
	}
}
