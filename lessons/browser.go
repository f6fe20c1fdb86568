package lessons

import "github.com/kafkalab/kafkalab/engine/lab"

// The live lab beside a lesson runs the lesson in the browser's engine: a
// lab.Session started bare (no order_events) and unsettled (time passes
// only when a command or the learner moves it), with the scenario and the
// blocks before the step applied as terminal commands. Each script is one
// input of the session, so the history slider, step-back and share links
// replay them exactly, and the cluster is the one Verify checks:
// TestBrowserReplay compares their state hashes at every step.

// LabConfig is the session configuration of the lesson's live lab.
func (l Lesson) LabConfig() lab.Config {
	s := Scenario{}
	if l.Scenario != nil {
		s = *l.Scenario
	}
	return lab.Config{Seed: s.SeedValue(), Brokers: s.BrokerCount(), Controllers: s.ControllerCount(), Bare: true, NoSettle: true}
}

// Prelude returns the scripts that bring a fresh lab to where the learner
// starts step si (from 0): the scenario's, then, for every block of the
// steps before, what Advance runs. Empty scripts are left out.
func (l Lesson) Prelude(si int) []string {
	var out []string
	s := Scenario{}
	if l.Scenario != nil {
		s = *l.Scenario
	}
	if sc := s.Script(); sc != "" {
		out = append(out, sc)
	}
	for i := 0; i < si && i < len(l.Steps); i++ {
		for _, b := range l.Steps[i].Blocks {
			if sc := AdvanceScript(b); sc != "" {
				out = append(out, sc)
			}
		}
	}
	return out
}

// AdvanceScript is what Advance runs for b: a lab block's commands, a
// predict's reveal, an exercise's solution; "" for a check block.
func AdvanceScript(b Block) string {
	switch b.Kind {
	case BlockLab:
		return b.Lab
	case BlockPredict:
		return b.Predict.Run
	case BlockExercise:
		return b.Exercise.Solution
	}
	return ""
}
