package tools

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseOffsetSpec(t *testing.T) {
	for in, want := range map[string]int64{
		"latest": -1, "earliest": -2, "max-timestamp": -3, "earliest-local": -4, "latest-tiered": -5,
		"-1": -1, "-2": -2, "-3": -3, "-4": -4, "-5": -5, "+42": 42, "1700000000000": 1700000000000, "-6": -6,
	} {
		got, err := parseOffsetSpec(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "soon", "LATEST", "1.5", "0x10", "1_000", "--1", "+-1", "9223372036854775808", " 1"} {
		_, err := parseOffsetSpec(in)
		var te *terseError
		require.True(t, errors.As(err, &te), "%q: %v", in, err)
		require.Contains(t, te.msg, "Malformed time argument "+in+". Please use -1 or latest")
	}
}

func TestJavaSplit(t *testing.T) {
	require.Equal(t, []string{""}, javaSplit("", ","))
	require.Empty(t, javaSplit(",,", ","))
	require.Equal(t, []string{"a", "", "b"}, javaSplit("a,,b,,", ","))
	require.Equal(t, []string{"", "a"}, javaSplit(",a", ","))
}

func TestParseRuleSpec(t *testing.T) {
	allowed := func(spec string, p int32) bool {
		r, err := parseRuleSpec(spec)
		require.NoError(t, err, spec)
		return r.topic.Matches("orders") && r.partitionAllowed(p)
	}
	for _, c := range []struct {
		spec string
		p    int32
		want bool
	}{
		{"orders", 7, true}, {"orders:", 7, true}, {"orders:-", 7, true}, {"", 3, true}, {":2", 2, true}, {":2", 3, false},
		{"orders:1", 1, true}, {"orders:1", 2, false}, {"orders:1-3", 1, true}, {"orders:1-3", 3, false},
		{"orders:2-", 2, true}, {"orders:2-", 1, false}, {"orders:-2", 1, true}, {"orders:-2", 2, false},
		{"ord.*", 0, true}, {"ord", 0, false},
	} {
		require.Equal(t, c.want, allowed(c.spec, c.p), "%s partition %d", c.spec, c.p)
	}
	for spec, msg := range map[string]string{
		"a:x":           "org.apache.kafka.tools.TerseException: Invalid rule specification: a:x",
		"a:1:2":         "org.apache.kafka.tools.TerseException: Invalid rule specification: a:1:2",
		"a:1-2-3":       "org.apache.kafka.tools.TerseException: Invalid rule specification: a:1-2-3",
		"a:-1-":         "org.apache.kafka.tools.TerseException: Invalid rule specification: a:-1-",
		"a:99999999999": `For input string: "99999999999"`,
		"a(:1":          "a( is an invalid regex.",
		"a(:x":          "org.apache.kafka.tools.TerseException: Invalid rule specification: a(:x",
	} {
		_, err := parseRuleSpec(spec)
		var jt *javaThrowable
		require.True(t, errors.As(err, &jt), "%q: %v", spec, err)
		require.Equal(t, msg, jt.msg, spec)
	}
}

func TestGetOffsetsFilter(t *testing.T) {
	f, err := parseTopicPartitions("orders:0,logs:1-")
	require.NoError(t, err)
	require.True(t, f.partitionAllowed("orders", 0))
	require.False(t, f.partitionAllowed("orders", 1))
	require.True(t, f.partitionAllowed("logs", 5))
	require.False(t, f.topicAllowed("other"))
	f, err = parseTopicPartitions(",")
	require.NoError(t, err)
	require.False(t, f.topicAllowed("orders"), "\",\" splits into no rules, which allow nothing")
}
