package tools

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseArgparse(t *testing.T) {
	parse := func(args ...string) (argparseResult, string) {
		r, err := parseArgparse(producerPerfArgs, args)
		if err != nil {
			return nil, err.Error()
		}
		return r, ""
	}
	base := []string{"--topic", "t", "--num-records", "10", "--throughput", "-1"}
	r, msg := parse(append(base, "--record-size", "5", "--producer-props", "a=1", "b=2", "--print-metrics")...)
	require.Empty(t, msg)
	require.Equal(t, []string{"a=1", "b=2"}, r["--producer-props"])
	require.Equal(t, "-1", r.value("--throughput"), "a negative number is a value")
	require.True(t, r.has("--print-metrics"))

	r, msg = parse("--top=t", "--num-rec", "3", "--throughput", "1.5", "--payload-monotonic")
	require.Empty(t, msg, "unique prefixes and --name=value")
	require.Equal(t, "t", r.value("--topic"))

	for want, args := range map[string][]string{
		"argument --topic is required": {"--num-records", "1", "--throughput", "1", "--record-size", "1"},
		"one of the arguments --record-size --payload-file --payload-monotonic is required":      base,
		"argument --payload-monotonic: not allowed with argument --record-size":                  append(base, "--record-size", "1", "--payload-monotonic"),
		"argument --throughput: could not convert 'fast' to Double (For input string: \"fast\")": {"--throughput", "fast"},
		"argument --record-size: could not convert '1e3' to Integer (For input string: \"1e3\")": {"--record-size", "1e3"},
		"argument --topic: expected one argument":                                                {"--topic"},
		"argument --producer-props: expected at least one argument":                              {"--producer-props", "--topic", "t"},
		"argument --print-metrics: ignored explicit argument 'yes'":                              {"--print-metrics=yes"},
		"unrecognized arguments: '--nope extra'":                                                 append(base, "--record-size", "1", "--nope", "extra"),
	} {
		_, msg := parse(args...)
		require.Equal(t, want, msg, "%q", args)
	}
}

func TestPerfSchedule(t *testing.T) {
	spec, msg := perfSchedule(5, 3, 2, false, func() {})
	require.Empty(t, msg)
	require.Equal(t, []int64{0, 500, 1000, 1500, 2000}, spec.SendAt, "an even pace of 2 records per second")
	require.Equal(t, "YQH", string(spec.Values[0]), "SplittableRandom(0)'s letters, as Kafka's tool draws them")
	spec, _ = perfSchedule(3, 0, -1, true, func() {})
	require.Equal(t, []int64{0, 0, 0}, spec.SendAt, "no throttling: all at once")
	require.Equal(t, "2", string(spec.Values[2]))
	breaths := 0
	_, _ = perfSchedule(5000, 10, -1, false, func() { breaths++ })
	require.Equal(t, 4, breaths, "filling 5,000 payloads lets the host breathe every 1,024")
	for _, c := range []struct {
		n, size int64
		tput    float64
	}{{MaxPerfRecords + 1, 1, -1}, {1000, 1 << 20, -1}, {10, 1, 0}, {100_000, 1, 1}} {
		_, msg := perfSchedule(c.n, c.size, c.tput, false, func() {})
		require.NotEmpty(t, msg, "%+v", c)
	}
}
