package metadata

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/log"
)

func TestDefaultTopicConfig(t *testing.T) {
	c := DefaultTopicConfig()
	for name, want := range map[string]string{
		"min.insync.replicas":            "1",
		"unclean.leader.election.enable": "false",
		"retention.ms":                   "604800000",
		"retention.bytes":                "-1",
		"segment.bytes":                  "1073741824",
		"segment.ms":                     "604800000",
		"segment.jitter.ms":              "0",
		"cleanup.policy":                 "delete",
		"max.message.bytes":              "1048588",
		"message.timestamp.type":         "CreateTime",
		"index.interval.bytes":           "4096",
		"segment.index.bytes":            "10485760",
	} {
		got, ok := c.Get(name)
		require.True(t, ok, name)
		assert.Equal(t, want, got, name)
	}
	assert.Len(t, TopicConfigNames(), 12)
	assert.IsNonDecreasing(t, TopicConfigNames())
	assert.Empty(t, c.Overrides())
	assert.Equal(t, "", c.Describe())
	_, ok := c.Get("foo")
	assert.False(t, ok)
}

// TestDefaultsMatchLog cross-checks the defaults shared with engine/log.
func TestDefaultsMatchLog(t *testing.T) {
	c, l := DefaultTopicConfig(), log.DefaultConfig()
	assert.Equal(t, l.SegmentBytes, c.SegmentBytes)
	assert.Equal(t, l.SegmentMs, c.SegmentMs)
	assert.Equal(t, l.SegmentJitterMs, c.SegmentJitterMs)
	assert.Equal(t, l.SegmentIndexBytes, c.SegmentIndexBytes)
	assert.Equal(t, l.IndexIntervalBytes, c.IndexIntervalBytes)
	assert.Equal(t, l.RetentionMs, c.RetentionMs)
	assert.Equal(t, l.RetentionBytes, c.RetentionBytes)
	assert.Equal(t, l.MaxMessageBytes, c.MaxMessageBytes)
}

func TestParseTopicConfig(t *testing.T) {
	c, err := ParseTopicConfig([]string{
		"retention.ms=1000", "min.insync.replicas = 2", "cleanup.policy=compact , delete",
		"unclean.leader.election.enable=TRUE", "message.timestamp.type=LogAppendTime",
		"segment.bytes= 1024 ", "retention.ms=2000", // the later one wins
	})
	require.NoError(t, err)
	assert.Equal(t, int64(2000), c.RetentionMs)
	assert.Equal(t, int32(2), c.MinInsyncReplicas)
	assert.Equal(t, "compact,delete", c.CleanupPolicy)
	assert.True(t, c.UncleanLeaderElectionEnable)
	assert.Equal(t, "LogAppendTime", c.MessageTimestampType)
	assert.Equal(t, int32(1024), c.SegmentBytes)
	assert.Equal(t, []string{
		"cleanup.policy=compact,delete", "message.timestamp.type=LogAppendTime",
		"min.insync.replicas=2", "retention.ms=2000", "segment.bytes=1024",
		"unclean.leader.election.enable=true",
	}, c.Overrides())
	assert.Equal(t, "cleanup.policy=compact,delete,message.timestamp.type=LogAppendTime,min.insync.replicas=2,retention.ms=2000,segment.bytes=1024,unclean.leader.election.enable=true", c.Describe())

	// An override equal to the default still shows, as in Kafka.
	c, err = ParseTopicConfig([]string{"retention.ms=604800000"})
	require.NoError(t, err)
	assert.Equal(t, "retention.ms=604800000", c.Describe())
	assert.True(t, c.IsSet("retention.ms"))
	assert.False(t, c.IsSet("segment.ms"))
	assert.NotEqual(t, DefaultTopicConfig(), c)

	require.NoError(t, c.Unset("retention.ms"))
	assert.Equal(t, DefaultTopicConfig(), c)
	assert.Error(t, c.Unset("foo"))

	c, err = ParseTopicConfig(nil)
	require.NoError(t, err)
	assert.Equal(t, DefaultTopicConfig(), c)
}

func TestParseTopicConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"foo=1"}, "INVALID_CONFIG: Unknown topic config name: foo"},
		// Names are checked before values.
		{[]string{"retention.ms=abc", "foo=1"}, "INVALID_CONFIG: Unknown topic config name: foo"},
		{[]string{"retention.ms=abc"}, "INVALID_CONFIG: Invalid value abc for configuration retention.ms: Not a number of type LONG"},
		{[]string{"segment.bytes=3000000000"}, "INVALID_CONFIG: Invalid value 3000000000 for configuration segment.bytes: Not a number of type INT"},
		{[]string{"segment.bytes=10"}, "INVALID_CONFIG: Invalid value 10 for configuration segment.bytes: Value must be at least 14"},
		{[]string{"min.insync.replicas=0"}, "INVALID_CONFIG: Invalid value 0 for configuration min.insync.replicas: Value must be at least 1"},
		{[]string{"min.insync.replicas=-1"}, "INVALID_CONFIG: Invalid value -1 for configuration min.insync.replicas: Value must be at least 1"},
		{[]string{"retention.ms=-2"}, "INVALID_CONFIG: Invalid value -2 for configuration retention.ms: Value must be at least -1"},
		{[]string{"segment.ms=0"}, "INVALID_CONFIG: Invalid value 0 for configuration segment.ms: Value must be at least 1"},
		{[]string{"segment.index.bytes=3"}, "INVALID_CONFIG: Invalid value 3 for configuration segment.index.bytes: Value must be at least 4"},
		{[]string{"max.message.bytes=-1"}, "INVALID_CONFIG: Invalid value -1 for configuration max.message.bytes: Value must be at least 0"},
		{[]string{"unclean.leader.election.enable=yes"}, "INVALID_CONFIG: Invalid value yes for configuration unclean.leader.election.enable: Expected value to be either true or false"},
		{[]string{"cleanup.policy=remove"}, "INVALID_CONFIG: Invalid value remove for configuration cleanup.policy: String must be one of: compact, delete"},
		{[]string{"cleanup.policy=delete,"}, "INVALID_CONFIG: Invalid value  for configuration cleanup.policy: String must be one of: compact, delete"},
		{[]string{"message.timestamp.type=createtime"}, "INVALID_CONFIG: Invalid value createtime for configuration message.timestamp.type: String must be one of: CreateTime, LogAppendTime"},
		{[]string{"retention.ms"}, `metadata: Invalid topic config: all configs to be added must be in the format "key=val".`},
		{[]string{"retention.ms="}, `metadata: Invalid topic config: all configs to be added must be in the format "key=val".`},
		{[]string{"a=b=c"}, `metadata: Invalid topic config: all configs to be added must be in the format "key=val".`},
		{[]string{"=5"}, "INVALID_CONFIG: Unknown topic config name: "},
	} {
		_, err := ParseTopicConfig(tc.args)
		require.Error(t, err, "%q", tc.args)
		assert.Equal(t, tc.want, err.Error(), "%q", tc.args)
	}
	_, err := ParseTopicConfig([]string{"min.insync.replicas=0"})
	assert.ErrorIs(t, err, kerr.InvalidConfig)
}

func TestSetLeavesConfigOnError(t *testing.T) {
	c := DefaultTopicConfig()
	assert.Error(t, c.Set("retention.ms", "x"))
	assert.Error(t, c.Set("nope", "1"))
	assert.Equal(t, DefaultTopicConfig(), c)
	require.NoError(t, c.Set("cleanup.policy", ""))
	assert.Equal(t, "cleanup.policy=", c.Describe())
	require.NoError(t, c.Set("retention.bytes", "-5")) // no validator in Kafka
	assert.Equal(t, int64(-5), c.RetentionBytes)
	require.NoError(t, c.Set("segment.ms", "+10")) // Java's parseLong accepts a plus sign
	assert.Equal(t, int64(10), c.SegmentMs)
}
