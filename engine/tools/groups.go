package tools

import "errors"

// A GroupCluster is a cluster with consumer groups: engine/cluster
// implements it. The tools ask for it with a type assertion, so a Cluster
// without groups still runs every other tool.
type GroupCluster interface {
	// StartConsumer starts (or restarts) a long-running group member.
	StartConsumer(spec ConsumerSpec) error
	// StopConsumer closes a member as KafkaConsumer.close does (commit with
	// auto-commit, LeaveGroup unless static).
	StopConsumer(name string) error
	// CrashConsumer stops a member's process: no commit, no LeaveGroup.
	CrashConsumer(name string) error
	// Consumers lists the lab's group members, sorted by name.
	Consumers() []ConsumerInfo
	// ListGroups lists every group of every coordinator, sorted by id.
	ListGroups() ([]GroupListing, error)
	// DescribeGroup describes one group as kafka-consumer-groups.sh
	// --describe sees it.
	DescribeGroup(id string) (GroupDescription, error)
	// CommitOffsets commits offsets for a group outside group management
	// (generation -1), as --reset-offsets --execute does.
	CommitOffsets(group string, offsets []PartitionOffset) error
	// DeleteGroup deletes an empty group and its offsets.
	DeleteGroup(id string) error
	// GroupFetch reads as a member of spec.Group (kafka-console-consumer.sh
	// --group): it joins, consumes from the committed offsets (or
	// auto.offset.reset), commits, and leaves.
	GroupFetch(spec FetchSpec, group string) ([]ConsumedRecord, error)
}

// ConsumerSpec describes a lab group member (consumer start).
type ConsumerSpec struct {
	Name     string // node and client.id, e.g. "c1"
	Group    string
	Topics   []string
	Assignor string // partition.assignment.strategy, "" for Kafka's default [range, cooperative-sticky]
	StaticID string // group.instance.id
	// Commit is "auto" (enable.auto.commit, default), "after" (commitSync
	// after processing), "before" (commitSync before processing) or "none".
	Commit               string
	AutoCommitIntervalMs int64
	AutoOffsetReset      string
	ProcessMs            int64 // simulated processing time per record
	SessionTimeoutMs     int32
	MaxPollIntervalMs    int64
}

// ConsumerInfo is one lab group member as the lab shows it.
type ConsumerInfo struct {
	Name       string
	Group      string
	Running    bool
	MemberID   string
	Generation int32
	Assignment []string // "topic-partition"
	Processed  int64
	Err        string
}

// GroupListing is one group of ListGroups.
type GroupListing struct {
	ID           string
	ProtocolType string
	State        string
}

// GroupDescription is a group as kafka-consumer-groups.sh --describe sees it.
type GroupDescription struct {
	ID          string
	State       string
	Protocol    string // the assignor, "" unless Stable
	Coordinator BrokerInfo
	Members     []GroupMember
	Offsets     []GroupOffset // committed or assigned partitions, sorted
}

// GroupMember is one member of a described group.
type GroupMember struct {
	MemberID   string
	InstanceID string
	ClientID   string
	Host       string
	Assignment []PartitionOffset // partitions only (Offset unused)
}

// GroupOffset is one partition's row of --describe.
type GroupOffset struct {
	Topic     string
	Partition int32
	Committed int64 // -1 if none
	LogEnd    int64 // the high watermark
	Lag       int64 // -1 if nothing committed
	MemberID  string
	ClientID  string
	Host      string
}

// PartitionOffset is a partition with an offset.
type PartitionOffset struct {
	Topic     string
	Partition int32
	Offset    int64
}

// fetchMaybeGroup reads as kafka-console-consumer.sh does: as a member of
// group when one is given (--group or group.id), else in assign mode.
func fetchMaybeGroup(t *toolEnv, spec FetchSpec, group string, hasGroup bool) ([]ConsumedRecord, error) {
	if !hasGroup {
		return t.cluster.Fetch(spec)
	}
	gc, ok := t.cluster.(GroupCluster)
	if !ok {
		return nil, errNoGroups
	}
	return gc.GroupFetch(spec, group)
}

var errNoGroups = errors.New("lab: this cluster has no consumer groups")
