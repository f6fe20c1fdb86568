package metadata

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// Config sources, as DescribeConfigs reports them (ConfigEntry.ConfigSource).
const (
	SourceDynamicTopic         = "DYNAMIC_TOPIC_CONFIG"
	SourceDynamicBroker        = "DYNAMIC_BROKER_CONFIG"
	SourceDynamicDefaultBroker = "DYNAMIC_DEFAULT_BROKER_CONFIG"
	SourceStaticBroker         = "STATIC_BROKER_CONFIG"
	SourceDefault              = "DEFAULT_CONFIG"
)

// A brokerConfigDef is one broker config the lab models: its Kafka default
// ("" for a null default), the topic config it is the default of (for the
// log configs that ServerTopicConfigSynonyms lists), and whether Kafka lets
// kafka-configs.sh change it at runtime (DynamicBrokerConfig).
type brokerConfigDef struct {
	name    string
	def     string
	topic   string // the topic config it defaults, "" for none
	dynamic bool
}

// brokerConfigDefs are the broker configs the lab models, sorted by name.
// The dynamic ones are DynamicLogConfig's cluster-wide log configs, each the
// primary synonym of a topic config; log.retention.hours and log.roll.hours
// are read-only in Kafka (only their .ms synonyms are dynamic).
var brokerConfigDefs = []brokerConfigDef{
	{name: "auto.leader.rebalance.enable", def: "true"},
	{name: "broker.heartbeat.interval.ms", def: "2000"},
	{name: "broker.session.timeout.ms", def: "9000"},
	{name: "default.replication.factor", def: "1"},
	{name: "leader.imbalance.check.interval.seconds", def: "300"},
	{name: "leader.imbalance.per.broker.percentage", def: "10"},
	{name: "log.cleanup.policy", def: "delete", topic: "cleanup.policy", dynamic: true},
	{name: "log.index.interval.bytes", def: "4096", topic: "index.interval.bytes", dynamic: true},
	{name: "log.index.size.max.bytes", def: "10485760", topic: "segment.index.bytes", dynamic: true},
	{name: "log.message.timestamp.type", def: "CreateTime", topic: "message.timestamp.type", dynamic: true},
	{name: "log.retention.bytes", def: "-1", topic: "retention.bytes", dynamic: true},
	{name: "log.retention.check.interval.ms", def: "300000"},
	{name: "log.retention.hours", def: "168"},
	{name: "log.retention.minutes"},
	{name: "log.retention.ms", topic: "retention.ms", dynamic: true},
	{name: "log.roll.hours", def: "168"},
	{name: "log.roll.jitter.hours", def: "0"},
	{name: "log.roll.jitter.ms", topic: "segment.jitter.ms", dynamic: true},
	{name: "log.roll.ms", topic: "segment.ms", dynamic: true},
	{name: "log.segment.bytes", def: "1073741824", topic: "segment.bytes", dynamic: true},
	{name: "message.max.bytes", def: "1048588", topic: "max.message.bytes", dynamic: true},
	{name: "min.insync.replicas", def: "1", topic: "min.insync.replicas", dynamic: true},
	{name: "num.partitions", def: "1"},
	{name: "replica.fetch.wait.max.ms", def: "500"},
	{name: "replica.lag.time.max.ms", def: "30000"},
	{name: "unclean.leader.election.enable", def: "false", topic: "unclean.leader.election.enable", dynamic: true},
}

// brokerSynonymGroups are DynamicBrokerConfig.brokerConfigSynonyms: the
// broker configs that set the same thing, most specific first.
var brokerSynonymGroups = [][]string{
	{"log.retention.ms", "log.retention.minutes", "log.retention.hours"},
	{"log.roll.ms", "log.roll.hours"},
	{"log.roll.jitter.ms", "log.roll.jitter.hours"},
}

func lookupBrokerConfig(name string) (brokerConfigDef, bool) {
	i := slices.IndexFunc(brokerConfigDefs, func(d brokerConfigDef) bool { return d.name == name })
	if i < 0 {
		return brokerConfigDef{}, false
	}
	return brokerConfigDefs[i], true
}

// BrokerConfigNames returns the broker configs the lab models, sorted.
func BrokerConfigNames() []string {
	out := make([]string, len(brokerConfigDefs))
	for i, d := range brokerConfigDefs {
		out[i] = d.name
	}
	return out
}

// brokerSynonyms returns the broker config names that set name, name's
// group order, or just name.
func brokerSynonyms(name string) []string {
	for _, g := range brokerSynonymGroups {
		if slices.Contains(g, name) {
			return g
		}
	}
	return []string{name}
}

// topicBrokerSynonyms returns the broker configs a topic config falls back
// to (ServerTopicConfigSynonyms), most specific first.
func topicBrokerSynonyms(topic string) []string {
	for _, d := range brokerConfigDefs {
		if d.topic == topic {
			return brokerSynonyms(d.name)
		}
	}
	return nil
}

// A Synonym is one source of a config's value: the config name at that
// level, its value and the level (DYNAMIC_TOPIC_CONFIG …).
type Synonym struct {
	Name, Value, Source string
}

// A ConfigEntry is one config as DescribeConfigs describes it.
type ConfigEntry struct {
	Name     string
	Value    string // "null" for a config without a value, as Kafka prints it
	Source   string
	ReadOnly bool
	Synonyms []Synonym
}

// ConfigLayers are the broker-level sources a topic's config falls back to,
// as one broker sees them: Kafka's defaults, the broker's static
// server.properties (Static, keyed by broker config name), the cluster-wide
// dynamic defaults (kafka-configs.sh --entity-type brokers --entity-default)
// and this broker's own dynamic configs (--entity-name N).
type ConfigLayers struct {
	Static         map[string]string
	ClusterDynamic map[string]string
	BrokerDynamic  map[string]string
}

// StaticFromTopicDefaults expresses topic defaults given as a TopicConfig
// (the lab's cluster settings) as the static broker configs that set them.
func StaticFromTopicDefaults(defaults TopicConfig) map[string]string {
	out := map[string]string{}
	for _, d := range brokerConfigDefs {
		if d.topic != "" && defaults.IsSet(d.topic) {
			out[d.name], _ = defaults.Get(d.topic)
		}
	}
	return out
}

// brokerSynonymsOf lists where a broker config's value comes from, most
// specific first: this broker's dynamic config (when perBroker), the
// cluster-wide dynamic default, server.properties, Kafka's default
// (ConfigHelper.configSynonyms).
func (l ConfigLayers) brokerSynonymsOf(name string, perBroker bool) []Synonym {
	group := brokerSynonyms(name)
	var out []Synonym
	add := func(m map[string]string, src string) {
		for _, s := range group {
			if v, ok := m[s]; ok {
				out = append(out, Synonym{s, v, src})
			}
		}
	}
	if perBroker {
		add(l.BrokerDynamic, SourceDynamicBroker)
	}
	add(l.ClusterDynamic, SourceDynamicDefaultBroker)
	add(l.Static, SourceStaticBroker)
	defaults := map[string]string{}
	for _, s := range group {
		if d, ok := lookupBrokerConfig(s); ok && d.def != "" {
			defaults[s] = d.def
		}
	}
	add(defaults, SourceDefault)
	// ConfigHelper.configSynonyms drops the synonyms before the first one
	// named name: describing log.retention.hours does not list
	// log.retention.ms, and a topic's retention.ms does not list the
	// default of log.retention.hours.
	for len(out) > 0 && out[0].Name != name {
		out = out[1:]
	}
	return out
}

// TopicConfig returns the topic's effective config over these layers with
// the topic's own overrides (name → value) on top. Configs that come from
// any level but Kafka's defaults are marked set, as kafka-topics.sh
// --describe lists every config that is not DEFAULT_CONFIG. An override that
// is not a valid topic config is an INVALID_CONFIG error.
func (l ConfigLayers) TopicConfig(overrides map[string]string) (TopicConfig, error) {
	cfg := DefaultTopicConfig()
	for _, name := range TopicConfigNames() {
		value, set := "", false
		if v, ok := overrides[name]; ok {
			value, set = v, true
		} else if syn := l.brokerSynonymsOf(primary(name), true); len(syn) > 0 && syn[0].Source != SourceDefault {
			value, set = brokerValueAsTopic(syn[0]), true
		}
		if !set {
			continue
		}
		if err := cfg.Set(name, value); err != nil {
			return TopicConfig{}, err
		}
	}
	return cfg, nil
}

// primary returns the broker config a topic config falls back to first, or
// "" when it has none.
func primary(topic string) string {
	if s := topicBrokerSynonyms(topic); len(s) > 0 {
		return s[0]
	}
	return ""
}

// brokerValueAsTopic converts a broker synonym's value to the topic
// config's unit: log.retention.minutes and .hours are minutes and hours.
func brokerValueAsTopic(s Synonym) string {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s.Name, ".hours"):
		mult = 3_600_000
	case strings.HasSuffix(s.Name, ".minutes"):
		mult = 60_000
	default:
		return s.Value
	}
	n, err := strconv.ParseInt(s.Value, 10, 64)
	if err != nil || n < 0 {
		return s.Value
	}
	return strconv.FormatInt(n*mult, 10)
}

// DescribeTopic describes every modelled config of a topic, sorted by name,
// as a broker answers DescribeConfigs with synonyms
// (ConfigHelper.createTopicConfigEntry): the topic's override first, then
// the broker-level synonyms that would apply without it.
func (l ConfigLayers) DescribeTopic(cfg TopicConfig, overrides map[string]string) []ConfigEntry {
	var out []ConfigEntry
	for _, name := range TopicConfigNames() {
		value, _ := cfg.Get(name)
		var syn []Synonym
		if v, ok := overrides[name]; ok {
			syn = append(syn, Synonym{name, v, SourceDynamicTopic})
		}
		if p := primary(name); p != "" {
			syn = append(syn, l.brokerSynonymsOf(p, true)...)
		}
		src := SourceDefault
		if len(syn) > 0 {
			src = syn[0].Source
		}
		out = append(out, ConfigEntry{Name: name, Value: value, Source: src, Synonyms: syn})
	}
	return out
}

// DescribeBroker describes every modelled broker config of one broker
// (perBroker) or of the cluster-wide default resource, sorted by name
// (ConfigHelper.createBrokerConfigEntry).
func (l ConfigLayers) DescribeBroker(perBroker bool) []ConfigEntry {
	var out []ConfigEntry
	for _, d := range brokerConfigDefs {
		syn := l.brokerSynonymsOf(d.name, perBroker)
		e := ConfigEntry{Name: d.name, Value: "null", Source: SourceDefault, ReadOnly: !d.dynamic, Synonyms: syn}
		if len(syn) > 0 {
			e.Value, e.Source = syn[0].Value, syn[0].Source
		}
		out = append(out, e)
	}
	return out
}

// TopicOverrides derives a topic's dynamic overrides from its effective
// config: the configs set to a value the cluster-level layers (static and
// cluster-wide dynamic, not one broker's own) would not give it.
func (l ConfigLayers) TopicOverrides(cfg TopicConfig) map[string]string {
	base, err := ConfigLayers{Static: l.Static, ClusterDynamic: l.ClusterDynamic}.TopicConfig(nil)
	out := map[string]string{}
	for _, name := range TopicConfigNames() {
		if !cfg.IsSet(name) {
			continue
		}
		v, _ := cfg.Get(name)
		if b, _ := base.Get(name); err != nil || !base.IsSet(name) || b != v {
			out[name] = v
		}
	}
	return out
}

// ValidateTopicOverrides checks a topic's overrides after an alter, as the
// controller's LogConfig.validate does: unknown names first, then each value
// in name order. Errors are INVALID_CONFIG with Kafka's messages.
func ValidateTopicOverrides(overrides map[string]string) error {
	names := slices.Sorted(maps.Keys(overrides))
	for _, n := range names {
		if lookupConfig(n) < 0 {
			return unknownConfig(n)
		}
	}
	cfg := DefaultTopicConfig()
	for _, n := range names {
		if err := cfg.Set(n, overrides[n]); err != nil {
			return err
		}
	}
	return nil
}

// ValidateBrokerConfigs checks a dynamic broker config change as
// DynamicBrokerConfig.validateConfigs does: configs Kafka cannot change at
// runtime first ("Cannot update these configs dynamically: Set(…)"), then
// each value's type and range, worded for the broker config. Errors are
// INVALID_REQUEST, which the broker answers for them (KAFKA-13609). Names
// the lab does not model are refused with a message saying so.
func ValidateBrokerConfigs(changes map[string]string) error {
	names := slices.Sorted(maps.Keys(changes))
	var unknown, static []string
	for _, n := range names {
		d, ok := lookupBrokerConfig(n)
		switch {
		case !ok:
			unknown = append(unknown, n)
		case !d.dynamic:
			static = append(static, n)
		}
	}
	if len(static) > 0 {
		return kerr.Wrap(kerr.InvalidRequest, "Cannot update these configs dynamically: Set(%s)", strings.Join(static, ", "))
	}
	if len(unknown) > 0 {
		return kerr.Wrap(kerr.InvalidRequest, "lab: the lab does not model the broker config(s) %s; it models %s", strings.Join(unknown, ", "), strings.Join(DynamicBrokerConfigNames(), ", "))
	}
	for _, n := range names {
		d, _ := lookupBrokerConfig(n)
		cfg := DefaultTopicConfig()
		if err := cfg.Set(d.topic, changes[n]); err != nil {
			msg := strings.Replace(kafkaReason(err), "configuration "+d.topic+":", "configuration "+n+":", 1)
			return kerr.Wrap(kerr.InvalidRequest, "%s", msg)
		}
	}
	return nil
}

// DynamicBrokerConfigNames returns the broker configs kafka-configs.sh may
// change in the lab, sorted.
func DynamicBrokerConfigNames() []string {
	var out []string
	for _, d := range brokerConfigDefs {
		if d.dynamic {
			out = append(out, d.name)
		}
	}
	return out
}

// kafkaReason is the message of a kerr.Wrap error without its "NAME: "
// prefix.
func kafkaReason(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, ": "); i >= 0 && strings.HasPrefix(msg, "INVALID_CONFIG") {
		return msg[i+2:]
	}
	return msg
}
