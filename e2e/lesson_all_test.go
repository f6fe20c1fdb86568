//go:build e2e

package e2e

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/kafkalab/kafkalab/lessons"
	"github.com/stretchr/testify/require"
)

// TestLessonEveryExerciseInTheBrowser plays every exercise of every lesson
// in the browser's engine: on its step page, after the blocks before it,
// the goal is not met, and after the solution's commands it is, as go test ./lessons/ requires natively.
// It logs how long a check takes (it replays the learner's run in a copy).
func TestLessonEveryExerciseInTheBrowser(t *testing.T) {
	cat, errs := lessons.Load(lessons.Files())
	require.Empty(t, errs)
	for _, l := range cat.Lessons("en") {
		for si, st := range l.Steps {
			for bi, b := range st.Blocks {
				if b.Kind != lessons.BlockExercise {
					continue
				}
				name := fmt.Sprintf("%s/%d block %d", l.Slug, si+1, bi)
				tb := newTab(t)
				tb.open(t, "/lessons/"+l.Slug+"/"+strconv.Itoa(si+1))
				tb.waitReady(t)
				// The blocks before it in the step, as the learner meets them.
				for pi, pb := range st.Blocks[:bi] {
					switch pb.Kind {
					case lessons.BlockLab:
						tb.act(t, "lesson-run", strconv.Itoa(pi))
					case lessons.BlockPredict:
						tb.act(t, "lesson-predict", strconv.Itoa(pi)+"|")
					case lessons.BlockExercise:
						tb.act(t, "lesson-solution", strconv.Itoa(pi))
					}
				}
				sel := `[data-block-index="` + strconv.Itoa(bi) + `"]`
				check := func() (string, float64) {
					ms := eval[float64](t, tb, `(() => { const t0 = performance.now(); kafkalab.act("lesson-check", "`+strconv.Itoa(bi)+`"); return performance.now() - t0 })()`)
					return eval[string](t, tb, `document.querySelector('`+sel+`').dataset.goal || ""`), ms
				}
				got, _ := check()
				require.Equal(t, "unmet", got, "%s: met before the learner did anything", name)
				tb.act(t, "lesson-solution", strconv.Itoa(bi))
				got, ms := check()
				require.Equal(t, "met", got, "%s: the solution does not meet the goal in the browser: %s", name, tb.text(t, sel+" [data-goal-status]"))
				t.Logf("%-32s check after the solution: %6.1f ms at position %s", name, ms, eval[string](t, tb, `document.getElementById("lab").dataset.pos`))
				tb.requireNoProblems(t)
			}
		}
	}
}
