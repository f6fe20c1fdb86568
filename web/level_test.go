package web_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/lessons"
	"github.com/kafkalab/kafkalab/web"
)

// TestLessonLevelsSpeakChinese: the lesson list's level labels follow the
// page's language, for every level a lesson may declare.
func TestLessonLevelsSpeakChinese(t *testing.T) {
	for _, level := range lessons.Levels {
		zh := web.Tr("zh", level)
		assert.NotEqual(t, level, zh, "no Chinese for level %q", level)
		assert.Equal(t, level, web.Tr("en", level))

		vm := web.HomeVM{Lang: "zh", Lessons: []web.LessonVM{{Slug: "x", Title: "t", Level: level, URL: "/lessons/x?lang=zh"}}}
		var b bytes.Buffer
		require.NoError(t, web.Home(vm).Render(context.Background(), &b))
		assert.Contains(t, b.String(), `<span class="level" data-level="`+level+`">`+zh+`</span>`)
		assert.False(t, strings.Contains(b.String(), ">"+level+"<"), "the English label is gone")

		vm.Lang = "en"
		b.Reset()
		require.NoError(t, web.Home(vm).Render(context.Background(), &b))
		assert.Contains(t, b.String(), `>`+level+`</span>`)
	}
}
