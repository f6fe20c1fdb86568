package tools

import (
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
	"github.com/stretchr/testify/require"
)

func TestSimpleDateFormat(t *testing.T) {
	const ms = 1_700_000_000_123 // 2023-11-14 22:13:20.123 UTC
	for pattern, want := range map[string]string{
		"yyyy-MM-dd HH:mm:ss:SSS": "2023-11-14 22:13:20:123",
		"yy/M/d H:m:s.S":          "23/11/14 22:13:20.123",
		"'at' HH''mm":             "at 22'13",
	} {
		got, err := simpleDateFormat(ms, pattern)
		require.NoError(t, err, pattern)
		require.Equal(t, want, got, pattern)
	}
	for _, bad := range []string{"EEE", "MMM", "'open"} {
		_, err := simpleDateFormat(ms, bad)
		require.Error(t, err, bad)
	}
}

// The rows of ConsumerPerformance's loop: a progress row when a record
// comes a reporting interval after the last row, the join time only in the
// first row (the tool replaces its counter after it), and the final row's
// rates over the whole run and over the fetch time.
func TestPrintConsumerPerf(t *testing.T) {
	res := toolsapi.PerfConsumeResult{StartMs: 0, JoinedMs: 3000, EndMs: 5000}
	for i := range 4 {
		res.Records = append(res.Records, toolsapi.PerfRecord{AtMs: 3000 + int64(i)*1000, Bytes: 1 << 19})
	}
	var b strings.Builder
	printConsumerPerf(&b, res, 4, 10_000, 1000, true, "HH:mm:ss")
	require.Equal(t, `00:00:03, 0, 0.5000, 0.1667, 1, 0.3333, 3000, 0, 0.0000, 0.0000
00:00:04, 0, 1.0000, 0.5000, 2, 1.0000, 0, 1000, 0.5000, 1.0000
00:00:05, 0, 1.5000, 0.5000, 3, 1.0000, 0, 1000, 0.5000, 1.0000
00:00:06, 0, 2.0000, 0.5000, 4, 1.0000, 0, 1000, 0.5000, 1.0000
`, b.String())
	b.Reset()
	printConsumerPerf(&b, res, 5, 10_000, 1000, false, "HH:mm:ss")
	require.Equal(t, `WARNING: Exiting before consuming the expected number of messages: timeout (10000 ms) exceeded. You can use the --timeout option to increase the timeout.
00:00:00, 00:00:05, 2.0000, 0.4000, 4, 0.8000, 3000, 2000, 1.0000, 2.0000
`, b.String())
}
