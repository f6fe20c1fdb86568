package lessons

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryLessonPlays runs every lesson, in both languages, against the
// engine: its scenario, every lab block, every check block; each exercise's
// goal is not met at its start and is met by its solution; each predict
// question has an answer the engine computes, among its choices.
func TestEveryLessonPlays(t *testing.T) {
	cat, errs := Load(Files())
	require.Empty(t, errs)
	for _, lang := range Languages {
		for _, l := range cat.byLang[lang] {
			t.Run(l.Path, func(t *testing.T) {
				t.Parallel()
				for _, err := range l.Verify() {
					t.Error(err)
				}
			})
		}
	}
}

// TestPredictAnswersComeFromACopy checks that each predict question's answer,
// computed by replaying the lesson in a copy, is the one the live run reaches.
func TestPredictAnswersComeFromACopy(t *testing.T) {
	cat, _ := Load(Files())
	for _, l := range cat.byLang["en"] {
		for si, s := range l.Steps {
			for bi, b := range s.Blocks {
				if b.Kind != BlockPredict {
					continue
				}
				t.Run(fmt.Sprintf("%s:%d", l.Path, b.Line), func(t *testing.T) {
					t.Parallel()
					ans, err := l.Answer(si, bi)
					require.NoError(t, err)
					assert.NotEmpty(t, ans)
				})
			}
		}
	}
}

// structure is what must be identical in a lesson's translations: the steps
// and, in each, the blocks' commands, checks, questions and solutions.
func structure(l Lesson) []string {
	var out []string
	out = append(out, fmt.Sprintf("scenario %+v", l.Scenario))
	for i, s := range l.Steps {
		for _, b := range s.Blocks {
			x := fmt.Sprintf("step %d %s", i+1, b.Kind)
			switch b.Kind {
			case BlockLab:
				x += " " + b.Lab
			case BlockCheck:
				for _, c := range b.Checks {
					x += " " + c.String()
				}
			case BlockPredict:
				x += fmt.Sprintf(" %s %v run=%q choices=%d", b.Predict.Ask.Name, b.Predict.Ask.Params, b.Predict.Run, len(b.Predict.Choices))
			case BlockExercise:
				for _, c := range b.Exercise.Checks {
					x += " " + c.String()
				}
				x += fmt.Sprintf(" hints=%d solution=%q", len(b.Exercise.Hints), b.Exercise.Solution)
			}
			out = append(out, x)
		}
		if len(s.Blocks) == 0 {
			out = append(out, fmt.Sprintf("step %d", i+1))
		}
	}
	return out
}

func TestTranslationsHaveTheSameStructure(t *testing.T) {
	cat, errs := Load(Files())
	require.Empty(t, errs)
	en, zh := cat.byLang["en"], cat.byLang["zh"]
	require.Len(t, zh, len(en), "every English lesson has a Chinese translation")
	for i := range en {
		require.Equal(t, en[i].Slug, zh[i].Slug)
		assert.Equal(t, en[i].Order, zh[i].Order, en[i].Slug)
		assert.Equal(t, en[i].Level, zh[i].Level, en[i].Slug)
		assert.Equal(t, structure(en[i]), structure(zh[i]), "%s: en and zh differ in steps, commands or checks", en[i].Slug)
	}
}

func TestEveryLessonHasAQuestionOrAnExercise(t *testing.T) {
	cat, _ := Load(Files())
	for _, l := range cat.byLang["en"] {
		n := 0
		for _, s := range l.Steps {
			for _, b := range s.Blocks {
				if b.Kind == BlockPredict || b.Kind == BlockExercise {
					n++
				}
			}
		}
		assert.NotZero(t, n, "%s has no predict question or exercise", l.Slug)
	}
}

func TestBadBlocksAreReportedWithLine(t *testing.T) {
	head := "---\ntitle: t\nsummary: s\norder: 1\nlanguage: en\nscenario:\n  topics:\n    - {name: orders, partitions: 3}\n---\n## Step\n\n"
	for name, tc := range map[string]struct{ body, want string }{
		"unknown check":  {"```check\n- leader_iz: {topic: orders, partition: 0, broker: 1}\n```\n", "en/x.md:13: check block: unknown check \"leader_iz\""},
		"missing param":  {"```check\n- leader_is: {topic: orders, partition: 0}\n```\n", "en/x.md:13: check block: leader_is: parameter broker is required"},
		"bad param type": {"```check\n- isr_size: {topic: orders, partition: zero, n: 2}\n```\n", "en/x.md:13: check block: isr_size: parameter partition must be a whole number"},
		"unknown param":  {"```check\n\n- isr_size: {topic: orders, partition: 0, size: 2}\n```\n", "en/x.md:14: check block: isr_size: unknown parameter \"size\""},
		"unknown query":  {"```predict\nquestion: q\nask: leader_of\n```\n", "en/x.md:14: predict block: unknown question \"leader_of\""},
		"lab syntax":     {"```lab\nrun idle\necho $HOME\n```\n", "en/x.md:14: lab block:"},
		"no solution":    {"```exercise\ngoal: g\nchecks:\n  - leader_is: {topic: orders, partition: 0, broker: 1}\n```\n", "en/x.md:13: exercise block: solution is required"},
		"unclosed":       {"```lab\nrun idle\n", "en/x.md:12: the lab block is not closed"},
		"yaml":           {"```predict\nquestion: [q\n```\n", "en/x.md:1"},
		"unknown field":  {"```exercise\ngoal: g\nhint: x\n```\n", "en/x.md:14: exercise block: unknown field \"hint\""},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("en/x.md", []byte(head+tc.body))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	bad := head + "```lab\nrun idle\n```\n"
	_, err := Parse("en/x.md", []byte(strings.Replace(bad, "partitions: 3", "partitions: 3, rf: 9", 1)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "en/x.md:6: scenario: topic orders: rf 9 is more than the 3 brokers")

	// A bad lesson does not hide the good one.
	cat, errs := Load(fstest.MapFS{
		"en/x.md":    {Data: []byte(head + "```check\n- nope\n```\n")},
		"en/good.md": {Data: []byte(head + "```lab\nrun idle\n```\n")},
	})
	require.Len(t, errs, 1)
	require.Len(t, cat.Lessons("en"), 1)
}

func TestExerciseReasonsSayWhatIsMissing(t *testing.T) {
	l, err := Parse("en/x.md", []byte("---\ntitle: t\nsummary: s\norder: 1\nlanguage: en\nscenario:\n  topics:\n    - {name: orders, partitions: 3}\n  consumers:\n    - {name: c1, group: g1, topic: orders}\n    - {name: c2, group: g1, topic: orders}\n---\n## Step\n\n```exercise\ngoal: three members\nchecks:\n  - group_stable: {group: g1, members: 3}\nsolution: |\n  consumer start c3 --group g1 --topic orders\n  run idle\n```\n"))
	require.NoError(t, err)
	w, err := l.NewWorld()
	require.NoError(t, err)
	r := Evaluate(w, l.Steps[0].Blocks[0].Exercise.Checks)[0]
	assert.False(t, r.Met)
	assert.Equal(t, "group g1 has 2 running members, the goal needs 3", r.Why.In("en"))
	assert.Equal(t, "消费者组 g1 有 2 个运行中的成员，目标需要 3 个", r.Why.In("zh"))
	assert.Empty(t, l.Verify())
}
