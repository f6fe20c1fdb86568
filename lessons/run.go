package lessons

import (
	"fmt"

	"github.com/kafkalab/kafkalab/lessons/checks"
)

// NewWorld builds the lesson's scenario on a fresh cluster.
func (l Lesson) NewWorld() (*checks.World, error) {
	s := Scenario{}
	if l.Scenario != nil {
		s = *l.Scenario
	}
	w, err := checks.NewQuorumWorld(s.BrokerCount(), s.ControllerCount(), s.SeedValue())
	if err != nil {
		return nil, err
	}
	if err := w.Run(s.Script()); err != nil {
		return nil, fmt.Errorf("%s: scenario: %w", l.Path, err)
	}
	return w, nil
}

// Advance runs one block as the lesson's happy path does: a lab block's
// commands, a predict's reveal, an exercise's solution. Check blocks change
// nothing.
func Advance(w *checks.World, b Block) error {
	switch b.Kind {
	case BlockLab:
		return w.Run(b.Lab)
	case BlockPredict:
		return w.Run(b.Predict.Run)
	case BlockExercise:
		return w.Run(b.Exercise.Solution)
	}
	return nil
}

// WorldAt builds the cluster as a learner finds it on reaching block bi of
// step si: the scenario, then every block before it played.
func (l Lesson) WorldAt(si, bi int) (*checks.World, error) {
	w, err := l.NewWorld()
	if err != nil {
		return nil, err
	}
	for s := 0; s <= si && s < len(l.Steps); s++ {
		for b, blk := range l.Steps[s].Blocks {
			if s == si && b >= bi {
				return w, nil
			}
			if err := Advance(w, blk); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", l.Path, blk.Line, err)
			}
		}
	}
	return w, nil
}

// Answer computes a predict question's answer by running the lesson in a
// copy up to the question, then the reveal's commands, then the question's
// query: the engine, not the lesson, knows the answer.
func (l Lesson) Answer(si, bi int) (string, error) {
	b := l.Steps[si].Blocks[bi]
	if b.Predict == nil {
		return "", fmt.Errorf("%s:%d: not a predict block", l.Path, b.Line)
	}
	w, err := l.WorldAt(si, bi)
	if err != nil {
		return "", err
	}
	if err := w.Run(b.Predict.Run); err != nil {
		return "", fmt.Errorf("%s:%d: %w", l.Path, b.Line, err)
	}
	return b.Predict.Ask.Eval(w)
}

// Evaluate evaluates every check, in order.
func Evaluate(w *checks.World, cs []Check) []checks.Result {
	var out []checks.Result
	for _, c := range cs {
		out = append(out, c.Eval(w))
	}
	return out
}

// Verify plays the whole lesson against the engine and returns every problem:
// a command that fails, a check block not met, an exercise already met at its
// start or not met by its solution, a predict question whose answer cannot be
// computed or is not among its choices.
func (l Lesson) Verify() []error {
	if l.Scenario == nil {
		return nil
	}
	w, err := l.NewWorld()
	if err != nil {
		return []error{err}
	}
	var errs []error
	at := func(line int, format string, args ...any) error {
		return &Error{Path: l.Path, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	for _, s := range l.Steps {
		for _, b := range s.Blocks {
			switch b.Kind {
			case BlockCheck:
				for _, c := range b.Checks {
					if r := c.Eval(w); !r.Met {
						errs = append(errs, at(c.Line, "%s is not met: %s", c.Check, r.Why.EN))
					}
				}
			case BlockExercise:
				allMet := true
				for _, r := range Evaluate(w, b.Exercise.Checks) {
					allMet = allMet && r.Met
				}
				if allMet {
					errs = append(errs, at(b.Line, "the exercise's goal is already met before the learner does anything"))
				}
			}
			if err := Advance(w, b); err != nil {
				errs = append(errs, at(b.Line, "%v", err))
				return errs
			}
			switch b.Kind {
			case BlockExercise:
				for i, r := range Evaluate(w, b.Exercise.Checks) {
					if !r.Met {
						errs = append(errs, at(b.Exercise.Checks[i].Line, "the solution does not meet %s: %s", b.Exercise.Checks[i].Check, r.Why.EN))
					}
				}
			case BlockPredict:
				ans, err := b.Predict.Ask.Eval(w)
				if err != nil {
					errs = append(errs, at(b.Line, "the answer cannot be computed: %v", err))
				} else if len(b.Predict.Choices) > 0 && !contains(b.Predict.Choices, ans) {
					errs = append(errs, at(b.Line, "the engine's answer %q is not among the choices %v", ans, b.Predict.Choices))
				}
			}
		}
	}
	return errs
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
