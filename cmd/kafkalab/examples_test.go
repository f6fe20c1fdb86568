package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExamplesRun keeps the scripts in examples/ (which the README points
// newcomers at) runnable: every command must succeed.
func TestExamplesRun(t *testing.T) {
	scripts, err := filepath.Glob("../../examples/*.sh")
	require.NoError(t, err)
	require.NotEmpty(t, scripts)
	for _, script := range scripts {
		t.Run(filepath.Base(script), func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run([]string{"-e", script}, &bytes.Buffer{}, &out, &errOut)
			assert.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
			assert.Contains(t, out.String(), "$ kafka-topics.sh")
		})
	}
}
