package lessons

import (
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/lessons/checks"
	"github.com/stretchr/testify/require"
)

// TestBrowserReplay plays every lesson as the page's live lab does (a
// lab.Session with the lesson's LabConfig, each script one terminal
// command) next to the World Verify uses, and requires the same cluster,
// by state hash, at the start of every step and after every block, and the
// same verdict from every exercise check on the attached World.
func TestBrowserReplay(t *testing.T) {
	cat, errs := Load(Files())
	require.Empty(t, errs)
	// English only: the Chinese files run the same commands and checks
	// (TestTranslationsHaveTheSameStructure), and a check's Result carries both languages.
	for _, l := range cat.Lessons("en") {
		if l.Scenario == nil {
			continue
		}
		t.Run(l.Language+"/"+l.Slug, func(t *testing.T) {
			w, err := l.NewWorld()
			require.NoError(t, err)
			s, err := lab.New(l.LabConfig())
			require.NoError(t, err)
			for _, sc := range l.Prelude(0) {
				in, err := s.Command(sc)
				require.NoError(t, err)
				require.Zero(t, in.Result.Status, in.Result.Output)
			}
			require.Equal(t, w.C.StateHash(), s.StateHash(), "after the scenario")
			live := checks.Attach(s.Cluster())
			for si, st := range l.Steps {
				require.Equal(t, w.C.StateHash(), s.StateHash(), "step %d starts", si+1)
				for _, b := range st.Blocks {
					require.NoError(t, Advance(w, b))
					if sc := AdvanceScript(b); sc != "" {
						in, err := s.Command(sc)
						require.NoError(t, err)
						require.Zero(t, in.Result.Status, in.Result.Output)
					}
					require.Equal(t, w.C.StateHash(), s.StateHash(), "%s:%d", l.Path, b.Line)
					live.Observe()
					var cs []Check
					if b.Exercise != nil {
						cs = b.Exercise.Checks
					}
					if b.Kind == BlockCheck {
						cs = b.Checks
					}
					for _, c := range cs {
						if !c.Replays() {
							// Read on the live cluster, as the browser does: the
							// same verdict, and the cluster unchanged.
							before := s.StateHash()
							require.Equal(t, c.Eval(w), c.Eval(checks.Attach(s.Cluster())), "%s:%d %s", l.Path, c.Line, c.Check)
							require.Equal(t, before, s.StateHash(), "%s:%d %s changed the cluster", l.Path, c.Line, c.Check)
							require.Equal(t, before, w.C.StateHash(), "%s:%d %s changed the cluster", l.Path, c.Line, c.Check)
						}
						require.Equal(t, c.Eval(w), c.Eval(live), "%s:%d %s", l.Path, c.Line, c.Check)
					}
					if b.Predict != nil && !b.Predict.Ask.Replays() {
						before := s.StateHash()
						got, err := b.Predict.Ask.Eval(checks.Attach(s.Cluster()))
						require.NoError(t, err)
						want, err := b.Predict.Ask.Eval(w)
						require.NoError(t, err)
						require.Equal(t, want, got, "%s:%d", l.Path, b.Line)
						require.Equal(t, before, s.StateHash(), "%s:%d %s changed the cluster", l.Path, b.Line, b.Predict.Ask.Name)
					}
					if b.Predict != nil {
						want, err := b.Predict.Ask.Eval(w)
						require.NoError(t, err)
						got, err := b.Predict.Ask.Eval(live)
						require.NoError(t, err)
						require.Equal(t, want, got, "%s:%d", l.Path, b.Line)
					}
				}
			}
		})
	}
}

func TestPreludeMatchesWorldAt(t *testing.T) {
	cat, _ := Load(Files())
	l, ok := cat.Lesson("en", "07-consumer-groups")
	require.True(t, ok)
	p := l.Prelude(2)
	require.Len(t, p, 3, "scenario, step 1's lab block, step 2's solution")
	require.Contains(t, p[0], "consumer start c1 --group billing --topic orders")
	require.True(t, strings.HasPrefix(p[2], "consumer start c3"))
}
