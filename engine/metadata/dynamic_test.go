package metadata

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/stretchr/testify/require"
)

// A topic's effective config takes, for each config, its override, else
// this broker's dynamic config, else the cluster-wide dynamic default,
// else the static one, else Kafka's default.
func TestConfigLayersPrecedence(t *testing.T) {
	l := ConfigLayers{
		Static:         map[string]string{"log.segment.bytes": "1024", "min.insync.replicas": "2"},
		ClusterDynamic: map[string]string{"log.retention.ms": "5000", "min.insync.replicas": "3"},
		BrokerDynamic:  map[string]string{"log.retention.ms": "7000"},
	}
	cfg, err := l.TopicConfig(map[string]string{"min.insync.replicas": "1"})
	require.NoError(t, err)
	require.Equal(t, int32(1024), cfg.SegmentBytes)
	require.Equal(t, int64(7000), cfg.RetentionMs)
	require.Equal(t, int32(1), cfg.MinInsyncReplicas)
	require.Equal(t, "min.insync.replicas=1,retention.ms=7000,segment.bytes=1024", cfg.Describe(), "every non-default config is listed")

	entries := l.DescribeTopic(cfg, map[string]string{"min.insync.replicas": "1"})
	byName := map[string]ConfigEntry{}
	for _, e := range entries {
		byName[e.Name] = e
	}
	require.Equal(t, []Synonym{
		{"min.insync.replicas", "1", SourceDynamicTopic},
		{"min.insync.replicas", "3", SourceDynamicDefaultBroker},
		{"min.insync.replicas", "2", SourceStaticBroker},
		{"min.insync.replicas", "1", SourceDefault},
	}, byName["min.insync.replicas"].Synonyms)
	require.Equal(t, SourceDynamicBroker, byName["retention.ms"].Source)
	// retention.ms's chain is log.retention.ms first: log.retention.hours'
	// default stays after it, and alone it is dropped.
	require.Equal(t, []Synonym{{"log.retention.ms", "7000", SourceDynamicBroker}, {"log.retention.ms", "5000", SourceDynamicDefaultBroker}, {"log.retention.hours", "168", SourceDefault}},
		byName["retention.ms"].Synonyms)
	require.Empty(t, ConfigLayers{}.DescribeTopic(DefaultTopicConfig(), nil)[6].Synonyms, "retention.ms without a value set")
}

// Overrides are what the cluster-level layers do not explain.
func TestTopicOverrides(t *testing.T) {
	l := ConfigLayers{Static: map[string]string{"log.segment.bytes": "1024"}}
	cfg, err := l.TopicConfig(map[string]string{"retention.ms": "10"})
	require.NoError(t, err)
	require.Equal(t, map[string]string{"retention.ms": "10"}, l.TopicOverrides(cfg))
}

func TestValidateBrokerConfigs(t *testing.T) {
	require.NoError(t, ValidateBrokerConfigs(map[string]string{"log.retention.ms": "-1", "log.cleanup.policy": "compact"}))
	err := ValidateBrokerConfigs(map[string]string{"num.partitions": "2", "log.retention.hours": "1", "log.retention.ms": "x"})
	require.ErrorIs(t, err, kerr.InvalidRequest)
	require.EqualError(t, err, "INVALID_REQUEST: Cannot update these configs dynamically: Set(log.retention.hours, num.partitions)")
	err = ValidateBrokerConfigs(map[string]string{"min.insync.replicas": "0"})
	require.EqualError(t, err, "INVALID_REQUEST: Invalid value 0 for configuration min.insync.replicas: Value must be at least 1")
	err = ValidateBrokerConfigs(map[string]string{"log.segment.bytes": "ten"})
	require.EqualError(t, err, "INVALID_REQUEST: Invalid value ten for configuration log.segment.bytes: Not a number of type INT")
	require.ErrorIs(t, ValidateTopicOverrides(map[string]string{"a": "1", "retention.ms": "x"}), kerr.InvalidConfig)
}
