package log

import (
	"math"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// Kafka's defaults for the topic-level log configs (LogConfig.java,
// ServerLogConfigs.java).
const (
	DefaultSegmentBytes       = 1 << 30                 // segment.bytes: 1 GiB
	DefaultSegmentMs          = 7 * 24 * 60 * 60 * 1000 // segment.ms: 7 days
	DefaultSegmentJitterMs    = 0                       // segment.jitter.ms
	DefaultSegmentIndexBytes  = 10 << 20                // segment.index.bytes: 10 MiB
	DefaultIndexIntervalBytes = 4096                    // index.interval.bytes
	DefaultRetentionMs        = 7 * 24 * 60 * 60 * 1000 // retention.ms: 7 days
	DefaultRetentionBytes     = -1                      // retention.bytes: unlimited
	DefaultMaxMessageBytes    = 1048588                 // max.message.bytes: 1 MiB + 12
	// DefaultMessageTimestampType is message.timestamp.type's default.
	DefaultMessageTimestampType = TimestampCreateTime
	// DefaultMessageTimestampBeforeMaxMs is message.timestamp.before.max.ms'
	// default: no limit on how old a record's timestamp may be.
	DefaultMessageTimestampBeforeMaxMs = math.MaxInt64
	// DefaultMessageTimestampAfterMaxMs is message.timestamp.after.max.ms'
	// default since Kafka 4.0 (KIP-1030; Long.MAX_VALUE before): a record's
	// timestamp may be at most an hour ahead of the broker's clock.
	DefaultMessageTimestampAfterMaxMs = 3600000
)

// The values of message.timestamp.type (TimestampType.java).
const (
	TimestampCreateTime    = "CreateTime"    // the producer's timestamps are kept
	TimestampLogAppendTime = "LogAppendTime" // the leader stamps each batch with its clock
)

// A Config holds the topic-level configs that shape a partition's log, with
// Kafka's names in the field comments.
type Config struct {
	SegmentBytes       int32 // segment.bytes: roll when the active segment would exceed this size
	SegmentMs          int64 // segment.ms: roll when a segment's first batch is older than this
	SegmentJitterMs    int64 // segment.jitter.ms: maximum jitter subtracted from segment.ms
	SegmentIndexBytes  int32 // segment.index.bytes: capacity of each index file; a full index rolls
	IndexIntervalBytes int32 // index.interval.bytes: bytes appended between offset-index entries
	RetentionMs        int64 // retention.ms: delete segments older than this; -1 keeps them forever
	RetentionBytes     int64 // retention.bytes: delete old segments while the log is larger; -1 is unlimited
	MaxMessageBytes    int32 // max.message.bytes: the largest record batch a producer may append
	// CleanupPolicy is cleanup.policy: "delete", "compact" or
	// "compact,delete"; "" means delete. retention.ms and retention.bytes
	// apply only when it includes delete. The lab does not compact.
	CleanupPolicy string
	// MessageTimestampType is message.timestamp.type: TimestampCreateTime or
	// TimestampLogAppendTime. It decides how Append sets batch timestamps.
	MessageTimestampType string
	// MessageTimestampBeforeMaxMs is message.timestamp.before.max.ms: how far
	// before the broker's time a CreateTime record's timestamp may be (Kafka 3.6+, KIP-937).
	MessageTimestampBeforeMaxMs int64
	// MessageTimestampAfterMaxMs is message.timestamp.after.max.ms: how far
	// after the broker's time a CreateTime record's timestamp may be (Kafka 3.6+, KIP-937).
	MessageTimestampAfterMaxMs int64
}

// DefaultConfig returns Kafka's defaults.
func DefaultConfig() Config {
	return Config{
		SegmentBytes:       DefaultSegmentBytes,
		SegmentMs:          DefaultSegmentMs,
		SegmentJitterMs:    DefaultSegmentJitterMs,
		SegmentIndexBytes:  DefaultSegmentIndexBytes,
		IndexIntervalBytes: DefaultIndexIntervalBytes,
		RetentionMs:        DefaultRetentionMs,
		RetentionBytes:     DefaultRetentionBytes,
		MaxMessageBytes:    DefaultMaxMessageBytes,

		MessageTimestampType:        DefaultMessageTimestampType,
		MessageTimestampBeforeMaxMs: DefaultMessageTimestampBeforeMaxMs,
		MessageTimestampAfterMaxMs:  DefaultMessageTimestampAfterMaxMs,
	}
}

// minSegmentBytes is the smallest segment.bytes Kafka 3.x accepts
// (LegacyRecord.RECORD_OVERHEAD_V0). Kafka 4.0 raised it to 1 MiB; the lab keeps
// the old floor so learners can watch segments roll after a few records.
const minSegmentBytes = 14

// Validate checks each config against the bounds Kafka's ConfigDef enforces and
// returns an INVALID_CONFIG error naming the first offender.
func (c Config) Validate() error {
	switch {
	case c.SegmentBytes < minSegmentBytes:
		return invalid("segment.bytes", strconv.Itoa(int(c.SegmentBytes)), "must be at least 14")
	case c.SegmentMs < 1:
		return invalid("segment.ms", strconv.FormatInt(c.SegmentMs, 10), "must be at least 1")
	case c.SegmentJitterMs < 0:
		return invalid("segment.jitter.ms", strconv.FormatInt(c.SegmentJitterMs, 10), "must be at least 0")
	case c.SegmentIndexBytes < 4:
		return invalid("segment.index.bytes", strconv.Itoa(int(c.SegmentIndexBytes)), "must be at least 4")
	case c.IndexIntervalBytes < 0:
		return invalid("index.interval.bytes", strconv.Itoa(int(c.IndexIntervalBytes)), "must be at least 0")
	case c.RetentionMs < -1:
		return invalid("retention.ms", strconv.FormatInt(c.RetentionMs, 10), "must be at least -1")
	case c.MaxMessageBytes < 0:
		return invalid("max.message.bytes", strconv.Itoa(int(c.MaxMessageBytes)), "must be at least 0")
	case c.MessageTimestampType != TimestampCreateTime && c.MessageTimestampType != TimestampLogAppendTime:
		return invalid("message.timestamp.type", c.MessageTimestampType, "String must be one of: CreateTime, LogAppendTime")
	case c.MessageTimestampBeforeMaxMs < 0:
		return invalid("message.timestamp.before.max.ms", strconv.FormatInt(c.MessageTimestampBeforeMaxMs, 10), "must be at least 0")
	case c.MessageTimestampAfterMaxMs < 0:
		return invalid("message.timestamp.after.max.ms", strconv.FormatInt(c.MessageTimestampAfterMaxMs, 10), "must be at least 0")
	}
	return nil
}

func invalid(name, value, why string) error {
	return kerr.Wrap(kerr.InvalidConfig, "log: invalid value %s for configuration %s: %s", value, name, why)
}

// ConfigNames lists the config names Set understands, in Kafka's documentation order.
var ConfigNames = []string{
	"segment.bytes", "segment.ms", "segment.jitter.ms", "segment.index.bytes",
	"index.interval.bytes", "retention.ms", "retention.bytes", "max.message.bytes",
	"message.timestamp.type", "message.timestamp.before.max.ms", "message.timestamp.after.max.ms",
}

// Set parses value and stores it in the config called name, as
// kafka-configs.sh --alter --add-config name=value would. It does not validate
// the result; call Validate after the last Set.
func (c *Config) Set(name, value string) error {
	if name == "message.timestamp.type" {
		// A STRING config: any value parses; Validate checks it.
		c.MessageTimestampType = value
		return nil
	}
	bits := 64
	switch name {
	case "segment.bytes", "segment.index.bytes", "index.interval.bytes", "max.message.bytes":
		bits = 32
	}
	v, err := strconv.ParseInt(value, 10, bits)
	if err != nil {
		if bits == 32 {
			return invalid(name, value, "not a number of type int")
		}
		return invalid(name, value, "not a number of type long")
	}
	switch name {
	case "segment.bytes":
		c.SegmentBytes = int32(v)
	case "segment.ms":
		c.SegmentMs = v
	case "segment.jitter.ms":
		c.SegmentJitterMs = v
	case "segment.index.bytes":
		c.SegmentIndexBytes = int32(v)
	case "index.interval.bytes":
		c.IndexIntervalBytes = int32(v)
	case "retention.ms":
		c.RetentionMs = v
	case "retention.bytes":
		c.RetentionBytes = v
	case "max.message.bytes":
		c.MaxMessageBytes = int32(v)
	case "message.timestamp.before.max.ms":
		c.MessageTimestampBeforeMaxMs = v
	case "message.timestamp.after.max.ms":
		c.MessageTimestampAfterMaxMs = v
	default:
		return kerr.Wrap(kerr.InvalidConfig, "log: unknown configuration %q", name)
	}
	return nil
}

// Get returns the value of the config called name as Kafka prints it.
func (c Config) Get(name string) (string, bool) {
	switch name {
	case "segment.bytes":
		return strconv.Itoa(int(c.SegmentBytes)), true
	case "segment.ms":
		return strconv.FormatInt(c.SegmentMs, 10), true
	case "segment.jitter.ms":
		return strconv.FormatInt(c.SegmentJitterMs, 10), true
	case "segment.index.bytes":
		return strconv.Itoa(int(c.SegmentIndexBytes)), true
	case "index.interval.bytes":
		return strconv.Itoa(int(c.IndexIntervalBytes)), true
	case "retention.ms":
		return strconv.FormatInt(c.RetentionMs, 10), true
	case "retention.bytes":
		return strconv.FormatInt(c.RetentionBytes, 10), true
	case "max.message.bytes":
		return strconv.Itoa(int(c.MaxMessageBytes)), true
	case "message.timestamp.type":
		return c.MessageTimestampType, true
	case "message.timestamp.before.max.ms":
		return strconv.FormatInt(c.MessageTimestampBeforeMaxMs, 10), true
	case "message.timestamp.after.max.ms":
		return strconv.FormatInt(c.MessageTimestampAfterMaxMs, 10), true
	}
	return "", false
}

// deletes reports whether cleanup.policy includes delete, so that
// retention.ms and retention.bytes apply (LogConfig.delete).
func (c Config) deletes() bool {
	if c.CleanupPolicy == "" {
		return true
	}
	for _, p := range strings.Split(c.CleanupPolicy, ",") {
		if strings.TrimSpace(p) == "delete" {
			return true
		}
	}
	return false
}
