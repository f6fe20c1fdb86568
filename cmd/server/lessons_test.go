package main

import (
	"bytes"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kafkalab/kafkalab/assets"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLessonStepPages(t *testing.T) {
	h, _ := newTestSite(t, builtDist(t), nil)
	whole := get(h, "/lessons/01-meet-kafka").Body.String()
	assert.Contains(t, whole, `data-testid="lesson-step"`)
	assert.Contains(t, whole, `href="/lessons/01-meet-kafka/1"`)

	rec := get(h, "/lessons/01-meet-kafka/4")
	require.Equal(t, http.StatusOK, rec.Code)
	body := rec.Body.String()
	assert.Contains(t, body, `data-block="exercise"`)
	assert.Contains(t, body, `data-check="record_on_partition"`)
	assert.Contains(t, body, `data-testid="hint"`)
	assert.Contains(t, body, `data-testid="prev-step"`)
	assert.Contains(t, body, `href="/lessons/01-meet-kafka/3"`)
	assert.NotContains(t, body, `data-testid="next-step"`, "the last step has no next step")

	step3 := get(h, "/lessons/01-meet-kafka/3?lang=zh").Body.String()
	assert.Contains(t, step3, `data-block="predict"`)
	assert.Contains(t, step3, `data-ask="partition_for_key"`)
	assert.Contains(t, step3, `href="/lessons/01-meet-kafka/4?lang=zh"`, "next step keeps the language")
	assert.Contains(t, step3, `<code class="language-lab">`, "lab commands are shown as code")

	for _, bad := range []string{"/lessons/01-meet-kafka/0", "/lessons/01-meet-kafka/99", "/lessons/01-meet-kafka/x", "/lessons/01-meet-kafka/01"} {
		assert.Equal(t, http.StatusNotFound, get(h, bad).Code, bad)
	}
}

func TestLessonsFromDiskAreReloaded(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "en"), 0o755))
	file := filepath.Join(dir, "en", "01-a.md")
	write := func(title string) {
		require.NoError(t, os.WriteFile(file, []byte("---\ntitle: "+title+"\nsummary: s\norder: 1\nlanguage: en\n---\n# A\n"), 0o644))
	}
	write("First draft")
	fsys, err := diskLessons(dir)
	require.NoError(t, err)
	var logs bytes.Buffer
	s, err := newSite(slog.New(slog.NewTextHandler(&logs, nil)), sources{static: assets.Static(), dist: builtDist(t), lessons: fsys, lessonsLive: true})
	require.NoError(t, err)
	h := s.handler()
	assert.Contains(t, get(h, "/").Body.String(), "First draft")

	write("Second draft, longer")
	s.lessons.checked = time.Time{} // as if a second had passed
	assert.Contains(t, get(h, "/").Body.String(), "Second draft, longer")
	assert.Contains(t, logs.String(), "reloading")

	_, err = diskLessons(filepath.Join(dir, "nope"))
	assert.Error(t, err)
}
