package tools

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The Runner keeps a tool's standard error apart, in the order written,
// for a terminal that styles it; the shell's own errors are stderr too, the
// lab's commands write stdout.
func TestRunnerMarksStderr(t *testing.T) {
	var out Output
	r := NewRunner(newFakeCluster(3), &out)
	r.ContinueOnError = true
	_, err := r.RunScript("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1\n" +
		"kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --timeout-ms 10\n" +
		"frobnicate\necho hi\n")
	require.NoError(t, err)
	var errs []string
	for _, s := range out.Stderr() {
		errs = append(errs, out.String()[s.Start:s.End])
	}
	require.Len(t, errs, 2)
	require.Contains(t, errs[0], "TimeoutException\nProcessed a total of 0 messages\n", "the consumer's log lines and summary, in one span")
	require.Equal(t, "kafkalab: frobnicate: command not found (type help for the lab's commands)\n", errs[1])
	require.NotContains(t, strings.Join(errs, ""), "Created topic t.")
	require.NotContains(t, strings.Join(errs, ""), "hi\n")
}

// WriteTo replays the spans to another StderrWriter in order, and writes
// everything to a plain writer.
func TestOutputWriteTo(t *testing.T) {
	var o Output
	o.Write([]byte("a"))
	o.WriteStderr([]byte("b"))
	o.WriteStderr([]byte("c"))
	o.Write([]byte("d"))
	o.WriteStderr([]byte("e"))
	require.Equal(t, []Span{{1, 3}, {4, 5}}, o.Stderr())
	var copy Output
	o.WriteTo(&copy)
	require.Equal(t, o.String(), copy.String())
	require.Equal(t, o.Stderr(), copy.Stderr())
	var plain strings.Builder
	o.WriteTo(&plain)
	require.Equal(t, "abcde", plain.String())
}
