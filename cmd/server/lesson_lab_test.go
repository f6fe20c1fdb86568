package main

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/lessons"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A step page of a lesson with a scenario carries the live lab: the mount
// with the lesson, step, seed and brokers, the prelude's scripts in order,
// the blocks' buttons and the checks as URL queries for the wasm.
func TestLessonStepHasTheLab(t *testing.T) {
	h, _ := newTestSite(t, builtDist(t), nil)
	body := get(h, "/lessons/07-consumer-groups/2").Body.String()
	assert.Contains(t, body, `data-testid="lesson-with-lab"`)
	assert.Contains(t, body, `id="lab"`)
	assert.Contains(t, body, `data-lesson="07-consumer-groups" data-step="2" data-seed="7" data-brokers="3"`)
	assert.Contains(t, body, `data-topic="orders"`)
	assert.Contains(t, body, `data-args="group=billing&amp;members=3&amp;one_each=true"`)
	assert.Contains(t, body, `data-testid="exercise-check"`)
	assert.Contains(t, body, `/assets/lesson.`)

	cat, errs := lessons.Load(lessons.Files())
	require.Empty(t, errs)
	l, _ := cat.Lesson("en", "07-consumer-groups")
	pre := regexp.MustCompile(`(?s)<div id="lesson-prelude" hidden>(.*?)</div>`).FindStringSubmatch(body)
	require.NotNil(t, pre)
	var got []string
	for _, m := range regexp.MustCompile(`(?s)<pre>(.*?)</pre>`).FindAllStringSubmatch(pre[1], -1) {
		got = append(got, html.UnescapeString(m[1]))
	}
	assert.Equal(t, l.Prelude(1), got)

	step3 := get(h, "/lessons/07-consumer-groups/3?lang=zh").Body.String()
	assert.Contains(t, step3, `data-testid="predict-choice"`)
	assert.Contains(t, step3, `data-args="group=billing"`)
	assert.Contains(t, step3, `data-page-lang="zh"`)
	assert.Contains(t, step3, "分享此实验", "the buttons speak the lesson's language")

	// The whole lesson has no lab; it links to the sandbox.
	whole := get(h, "/lessons/07-consumer-groups").Body.String()
	assert.NotContains(t, whole, `id="lab"`)
	assert.Contains(t, whole, `data-testid="lesson-open-lab"`)
	assert.False(t, strings.Contains(whole, `data-testid="lesson-run"`))
}

func TestIndexHasProgressTools(t *testing.T) {
	h, _ := newTestSite(t, builtDist(t), nil)
	body := get(h, "/").Body.String()
	for _, want := range []string{`data-testid="progress-export"`, `data-testid="progress-import"`, `data-testid="progress-reset"`,
		`data-lesson-slug="07-consumer-groups" data-steps="4"`, `href="/lab"`, `/assets/lesson.`} {
		assert.Contains(t, body, want)
	}
}
