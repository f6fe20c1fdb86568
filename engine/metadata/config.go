package metadata

import (
	"errors"
	"math/bits"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// A TopicConfig holds the topic-level configs the lab models, with Kafka's
// names and defaults (LogConfig.java, ServerLogConfigs.java,
// ReplicationConfigs.java). It also remembers which configs were set
// explicitly, because kafka-topics.sh --describe lists exactly those: a topic
// override shows even when it equals the default. TopicConfig values are
// comparable with ==.
type TopicConfig struct {
	CleanupPolicy               string // cleanup.policy: "delete", "compact" or both, comma-separated
	IndexIntervalBytes          int32  // index.interval.bytes: bytes between offset-index entries
	MaxMessageBytes             int32  // max.message.bytes: the largest record batch the topic accepts
	MessageTimestampType        string // message.timestamp.type: "CreateTime" or "LogAppendTime"
	MinInsyncReplicas           int32  // min.insync.replicas: ISR size acks=all needs
	RetentionBytes              int64  // retention.bytes: per-partition size limit; -1 is unlimited
	RetentionMs                 int64  // retention.ms: age limit; -1 keeps data forever
	SegmentBytes                int32  // segment.bytes: roll the active segment at this size
	SegmentIndexBytes           int32  // segment.index.bytes: capacity of each index file
	SegmentJitterMs             int64  // segment.jitter.ms: random jitter subtracted from segment.ms
	SegmentMs                   int64  // segment.ms: roll a segment this old
	UncleanLeaderElectionEnable bool   // unclean.leader.election.enable: elect out-of-sync replicas, losing data

	set uint32 // bit i set: configDefs[i] was set explicitly
}

// DefaultTopicConfig returns Kafka's defaults, with nothing set explicitly.
func DefaultTopicConfig() TopicConfig {
	return TopicConfig{
		CleanupPolicy:        "delete",
		IndexIntervalBytes:   4096,
		MaxMessageBytes:      1048588, // 1 MiB + LOG_OVERHEAD
		MessageTimestampType: "CreateTime",
		MinInsyncReplicas:    1,
		RetentionBytes:       -1,
		RetentionMs:          604800000, // 7 days
		SegmentBytes:         1073741824,
		SegmentIndexBytes:    10485760,
		SegmentJitterMs:      0,
		SegmentMs:            604800000,
	}
}

// configType is ConfigDef.Type, whose name appears in Kafka's messages.
type configType string

const (
	typeBoolean configType = "BOOLEAN"
	typeInt     configType = "INT"
	typeLong    configType = "LONG"
	typeString  configType = "STRING"
	typeList    configType = "LIST"
)

// A configDef is one ConfigDef entry: type, validator and accessors.
type configDef struct {
	name      string
	typ       configType
	min       int64    // Range.atLeast for INT and LONG configs unless unbounded
	unbounded bool     // a number with no validator (retention.bytes)
	oneOf     []string // ValidString / ValidList
	get       func(*TopicConfig) string
	set       func(*TopicConfig, int64, string) // int/long/bool (0/1) in the first, strings in the second
}

func (d configDef) hasMin() bool { return (d.typ == typeInt || d.typ == typeLong) && !d.unbounded }

// minSegmentBytes is segment.bytes' floor in Kafka 3.x
// (LegacyRecord.RECORD_OVERHEAD_V0). Kafka 4.0 raised it to 1 MiB; the lab keeps
// the old floor, as engine/log does, so learners can watch segments roll.
const minSegmentBytes = 14

// configDefs lists the modelled configs sorted by name; the bit of a config in
// TopicConfig.set is its index here.
var configDefs = [...]configDef{
	{name: "cleanup.policy", typ: typeList, oneOf: []string{"compact", "delete"},
		get: func(c *TopicConfig) string { return c.CleanupPolicy },
		set: func(c *TopicConfig, _ int64, s string) { c.CleanupPolicy = s }},
	{name: "index.interval.bytes", typ: typeInt, min: 0,
		get: func(c *TopicConfig) string { return strconv.Itoa(int(c.IndexIntervalBytes)) },
		set: func(c *TopicConfig, v int64, _ string) { c.IndexIntervalBytes = int32(v) }},
	{name: "max.message.bytes", typ: typeInt, min: 0,
		get: func(c *TopicConfig) string { return strconv.Itoa(int(c.MaxMessageBytes)) },
		set: func(c *TopicConfig, v int64, _ string) { c.MaxMessageBytes = int32(v) }},
	{name: "message.timestamp.type", typ: typeString, oneOf: []string{"CreateTime", "LogAppendTime"},
		get: func(c *TopicConfig) string { return c.MessageTimestampType },
		set: func(c *TopicConfig, _ int64, s string) { c.MessageTimestampType = s }},
	{name: "min.insync.replicas", typ: typeInt, min: 1,
		get: func(c *TopicConfig) string { return strconv.Itoa(int(c.MinInsyncReplicas)) },
		set: func(c *TopicConfig, v int64, _ string) { c.MinInsyncReplicas = int32(v) }},
	{name: "retention.bytes", typ: typeLong, unbounded: true,
		get: func(c *TopicConfig) string { return strconv.FormatInt(c.RetentionBytes, 10) },
		set: func(c *TopicConfig, v int64, _ string) { c.RetentionBytes = v }},
	{name: "retention.ms", typ: typeLong, min: -1,
		get: func(c *TopicConfig) string { return strconv.FormatInt(c.RetentionMs, 10) },
		set: func(c *TopicConfig, v int64, _ string) { c.RetentionMs = v }},
	{name: "segment.bytes", typ: typeInt, min: minSegmentBytes,
		get: func(c *TopicConfig) string { return strconv.Itoa(int(c.SegmentBytes)) },
		set: func(c *TopicConfig, v int64, _ string) { c.SegmentBytes = int32(v) }},
	{name: "segment.index.bytes", typ: typeInt, min: 4,
		get: func(c *TopicConfig) string { return strconv.Itoa(int(c.SegmentIndexBytes)) },
		set: func(c *TopicConfig, v int64, _ string) { c.SegmentIndexBytes = int32(v) }},
	{name: "segment.jitter.ms", typ: typeLong, min: 0,
		get: func(c *TopicConfig) string { return strconv.FormatInt(c.SegmentJitterMs, 10) },
		set: func(c *TopicConfig, v int64, _ string) { c.SegmentJitterMs = v }},
	{name: "segment.ms", typ: typeLong, min: 1,
		get: func(c *TopicConfig) string { return strconv.FormatInt(c.SegmentMs, 10) },
		set: func(c *TopicConfig, v int64, _ string) { c.SegmentMs = v }},
	{name: "unclean.leader.election.enable", typ: typeBoolean,
		get: func(c *TopicConfig) string { return strconv.FormatBool(c.UncleanLeaderElectionEnable) },
		set: func(c *TopicConfig, v int64, _ string) { c.UncleanLeaderElectionEnable = v != 0 }},
}

// TopicConfigNames returns the names of the modelled topic configs, sorted.
func TopicConfigNames() []string {
	names := make([]string, len(configDefs))
	for i, d := range configDefs {
		names[i] = d.name
	}
	return names
}

func lookupConfig(name string) int {
	for i, d := range configDefs {
		if d.name == name {
			return i
		}
	}
	return -1
}

// unknownConfig is LogConfig.validateNames' error.
func unknownConfig(name string) error {
	return kerr.Wrap(kerr.InvalidConfig, "Unknown topic config name: %s", name)
}

// invalidValue is ConfigException(name, value, message)'s wording.
func invalidValue(name, value, why string) error {
	return kerr.Wrap(kerr.InvalidConfig, "Invalid value %s for configuration %s: %s", value, name, why)
}

// Set parses value as ConfigDef.parseType does for the config called name,
// validates it as the config's validator does, stores it and marks the config
// as set explicitly. Errors are INVALID_CONFIG with Kafka's messages, for
// example "Unknown topic config name: foo" or "Invalid value 0 for
// configuration min.insync.replicas: Value must be at least 1". On error c is
// unchanged.
func (c *TopicConfig) Set(name, value string) error {
	i := lookupConfig(name)
	if i < 0 {
		return unknownConfig(name)
	}
	d := configDefs[i]
	trimmed := javaTrim(value)
	var n int64
	switch d.typ {
	case typeBoolean:
		// Java's equalsIgnoreCase, which like strings.EqualFold also folds
		// non-ASCII letters such as 'ſ' to 's'.
		switch {
		case strings.EqualFold(trimmed, "true"):
			n = 1
		case strings.EqualFold(trimmed, "false"):
		default:
			return invalidValue(name, value, "Expected value to be either true or false")
		}
	case typeInt, typeLong:
		size := 64
		if d.typ == typeInt {
			size = 32
		}
		v, err := strconv.ParseInt(trimmed, 10, size)
		if err != nil {
			return invalidValue(name, value, "Not a number of type "+string(d.typ))
		}
		if d.hasMin() && v < d.min {
			return invalidValue(name, strconv.FormatInt(v, 10), "Value must be at least "+strconv.FormatInt(d.min, 10))
		}
		n = v
	case typeString:
		if !contains(d.oneOf, trimmed) {
			return invalidValue(name, trimmed, "String must be one of: "+strings.Join(d.oneOf, ", "))
		}
	case typeList:
		// ConfigDef splits on \s*,\s* keeping empty items, and ValidList checks
		// each item; an empty value is an empty list, which Kafka 3.x accepts.
		if trimmed != "" {
			items := splitAround(trimmed, ',')
			for _, it := range items {
				if !contains(d.oneOf, it) {
					return invalidValue(name, it, "String must be one of: "+strings.Join(d.oneOf, ", "))
				}
			}
			trimmed = strings.Join(items, ",")
		}
	}
	d.set(c, n, trimmed)
	c.set |= 1 << i
	return nil
}

// Unset returns the config called name to its default and clears its
// explicit mark, as kafka-configs.sh --delete-config does.
func (c *TopicConfig) Unset(name string) error {
	i := lookupConfig(name)
	if i < 0 {
		return unknownConfig(name)
	}
	// Copy the default through the accessors so every type is handled alike.
	def := DefaultTopicConfig()
	v := configDefs[i].get(&def)
	n, _ := strconv.ParseInt(v, 10, 64)
	if configDefs[i].typ == typeBoolean && v == "true" {
		n = 1
	}
	configDefs[i].set(c, n, v)
	c.set &^= 1 << i
	return nil
}

// Get returns the value of the config called name as Kafka prints it.
func (c TopicConfig) Get(name string) (string, bool) {
	i := lookupConfig(name)
	if i < 0 {
		return "", false
	}
	return configDefs[i].get(&c), true
}

// IsSet reports whether the config called name was set explicitly.
func (c TopicConfig) IsSet(name string) bool {
	i := lookupConfig(name)
	return i >= 0 && c.set&(1<<i) != 0
}

// Overrides returns the explicitly set configs as "name=value", sorted by
// name: the entries of kafka-topics.sh --describe's Configs column.
func (c TopicConfig) Overrides() []string {
	out := make([]string, 0, bits.OnesCount32(c.set))
	for i, d := range configDefs {
		if c.set&(1<<i) != 0 {
			out = append(out, d.name+"="+d.get(&c))
		}
	}
	return out
}

// Describe returns the Configs column of kafka-topics.sh --describe: the
// overrides joined by commas, or "" when there are none.
func (c TopicConfig) Describe() string { return strings.Join(c.Overrides(), ",") }

// ParseTopicConfig builds a TopicConfig from kafka-topics.sh --config
// arguments of the form "name=value". Like TopicCommand it splits each
// argument on '=' with the whitespace around it, and needs exactly a name and
// a value. Like LogConfig.validate it rejects unknown names before it looks
// at any value; values are then checked in argument order, and a later
// argument for the same name wins.
func ParseTopicConfig(args []string) (TopicConfig, error) {
	c := DefaultTopicConfig()
	pairs := make([][2]string, 0, len(args))
	for _, a := range args {
		kv := splitAround(a, '=')
		// Java's String.split drops trailing empty strings, so "k=" has one part.
		for len(kv) > 0 && kv[len(kv)-1] == "" {
			kv = kv[:len(kv)-1]
		}
		if len(kv) != 2 {
			// TopicCommand's require(), a client-side error with no Kafka code.
			return TopicConfig{}, errors.New(`metadata: Invalid topic config: all configs to be added must be in the format "key=val".`)
		}
		pairs = append(pairs, [2]string{kv[0], kv[1]})
	}
	for _, kv := range pairs {
		if lookupConfig(kv[0]) < 0 {
			return TopicConfig{}, unknownConfig(kv[0])
		}
	}
	for _, kv := range pairs {
		if err := c.Set(kv[0], kv[1]); err != nil {
			return TopicConfig{}, err
		}
	}
	return c, nil
}

// splitAround splits s on sep together with the Java whitespace (\s) around
// it, keeping empty items: Java's s.split("\\s*" + sep + "\\s*", -1).
func splitAround(s string, sep byte) []string {
	parts := strings.Split(s, string(sep))
	for i, p := range parts {
		if i > 0 {
			p = strings.TrimLeft(p, javaSpace)
		}
		if i < len(parts)-1 {
			p = strings.TrimRight(p, javaSpace)
		}
		parts[i] = p
	}
	return parts
}

// javaSpace is the regular-expression class \s in Java.
const javaSpace = " \t\n\x0b\f\r"

// javaTrim mirrors String.trim, which strips every character up to U+0020.
func javaTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
