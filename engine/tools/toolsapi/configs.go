package toolsapi

// A ConfigCluster is a cluster whose configs kafka-configs.sh can describe
// and change: engine/cluster implements it.
type ConfigCluster interface {
	// DescribeConfigs describes a resource's configs with synonyms, sorted
	// by name: entityType is "topics" or "brokers", name a topic, a broker
	// id, or "" for the cluster-wide broker defaults.
	DescribeConfigs(entityType, name string) ([]ConfigEntry, error)
	// AlterConfigs sets and deletes configs of a resource with
	// IncrementalAlterConfigs, deletions first as kafka-configs.sh orders
	// them, and waits until every running broker has applied them.
	AlterConfigs(entityType, name string, ops []ConfigOp) error
}

// ConfigOp is one IncrementalAlterConfigs operation.
type ConfigOp struct {
	Name   string
	Value  string
	Delete bool
}

// ConfigEntry is one config as DescribeConfigs answers it.
type ConfigEntry struct {
	Name     string
	Value    string // "null" when the config has no value
	Source   string // DYNAMIC_TOPIC_CONFIG, DYNAMIC_BROKER_CONFIG, DYNAMIC_DEFAULT_BROKER_CONFIG, STATIC_BROKER_CONFIG or DEFAULT_CONFIG
	ReadOnly bool
	Synonyms []ConfigSynonym
}

// ConfigSynonym is one level a config's value can come from.
type ConfigSynonym struct {
	Name, Value, Source string
}
