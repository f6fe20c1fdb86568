// Package toolsapi holds the contract between Kafka's command-line tools
// (engine/tools) and a cluster that runs them (engine/cluster): the Cluster
// interface, its optional extensions and the request and answer types.
//
// It is a leaf package so that engine/cluster, and the lab's WebAssembly that
// links it, need not link the tools themselves (their parsers, formatters and
// regexp). engine/tools re-exports every name here as a type alias, so
// tools.CreateTopic and toolsapi.CreateTopic are the same type.
package toolsapi

import (
	"github.com/google/uuid"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// A Cluster is a running lab cluster as Kafka's command-line tools see it.
// engine/cluster implements it. Every call that Kafka's tools make over the
// network (CreateTopics, Metadata, Produce, Fetch, ListOffsets …) goes through
// the simulation as real requests from a client node, so the calls advance
// simulated time and appear in the trace; each call runs the simulation until
// its answer arrives (or its timeout passes) and returns.
//
// Errors are Kafka's: values from engine/kerr wrapped with the specific reason,
// so a tool can print what Kafka's tool prints.
type Cluster interface {
	// Brokers lists every broker, ascending by id.
	Brokers() []BrokerInfo

	// CreateTopic creates a topic through the controller.
	CreateTopic(req CreateTopic) (CreatedTopic, error)
	// DeleteTopic deletes a topic through the controller.
	DeleteTopic(name string) error
	// CreatePartitions grows a topic to total partitions (kafka-topics.sh
	// --alter --partitions); assignment is optional, one replica list per new
	// partition.
	CreatePartitions(topic string, total int32, assignment [][]int32) error
	// ListTopics returns every topic name, internal ones included, sorted.
	ListTopics() ([]string, error)
	// DescribeTopics describes the named topics (all topics when names is
	// empty), sorted by name. An unknown name is UNKNOWN_TOPIC_OR_PARTITION.
	DescribeTopics(names []string) ([]TopicDescription, error)

	// Produce sends records with a producer client configured by spec and
	// returns one delivery report per record, in order.
	Produce(spec ProduceSpec) ([]DeliveryReport, error)
	// Fetch reads records as a consumer in assign mode (no group): from the
	// given partitions and starting offset, up to the high watermark, until
	// MaxMessages records arrived or TimeoutMs of simulated time passed.
	Fetch(spec FetchSpec) ([]ConsumedRecord, error)
	// ListOffsets answers ListOffsets for one partition: Earliest, Latest (the
	// high watermark) or the first offset with a timestamp ≥ the given one.
	ListOffsets(topic string, partition int32, timestamp int64) (int64, error)

	// Step processes n events of the simulation and returns their trace.
	Step(n int) ([]sim.TraceEntry, error)
	// RunFor advances simulated time by ms and returns the trace.
	RunFor(ms int64) ([]sim.TraceEntry, error)
	// RunUntilIdle runs until nothing but periodic timers (heartbeats, fetch
	// polls) remains, within a bound, and returns the trace.
	RunUntilIdle() ([]sim.TraceEntry, error)
	// Now is the simulated time in milliseconds.
	Now() int64
}

// ListOffsets timestamps with special meaning, as in Kafka's ListOffsets API.
const (
	Latest   int64 = -1
	Earliest int64 = -2
)

// BrokerInfo describes one broker.
type BrokerInfo struct {
	ID   int32
	Host string // "broker-1"
	Port int32  // 9092
	Up   bool
}

// CreateTopic is kafka-topics.sh --create.
type CreateTopic struct {
	Name              string
	Partitions        int32    // -1: the broker default (num.partitions = 1)
	ReplicationFactor int16    // -1: the broker default (default.replication.factor = 1)
	Configs           []string // "k=v" as given to --config
	Assignment        [][]int32
}

// CreatedTopic is the answer to CreateTopic.
type CreatedTopic struct {
	Name    string
	ID      uuid.UUID
	Warning string // e.g. Kafka's warning about '.' and '_' in names
}

// TopicDescription is one topic as kafka-topics.sh --describe prints it.
type TopicDescription struct {
	Name       string
	ID         uuid.UUID
	Internal   bool
	Configs    string // explicitly set configs, "k=v,k=v" sorted by name
	Partitions []PartitionDescription
}

// PartitionDescription is one partition line of --describe.
type PartitionDescription struct {
	Partition int32
	Leader    int32 // -1 when there is none
	Replicas  []int32
	ISR       []int32
	// Eligible leader replicas (KIP-966); the lab does not model ELR, so
	// these stay empty and the tool prints them as Kafka does when unused.
	ELR, LastKnownELR []int32
}

// ProduceSpec configures one kafka-console-producer.sh run.
type ProduceSpec struct {
	Topic   string
	Records []ProducerRecord
	// Properties are producer configs by Kafka name (acks, batch.size,
	// linger.ms, partitioner.class, enable.idempotence …), as given with
	// --producer-property; unknown names are an INVALID_CONFIG error.
	Properties map[string]string
	// Sync sends like --sync, send(record).get(): the record's batch waits
	// linger.ms as usual. Otherwise the records are flushed when they run
	// out, as the tool's producer.close() at the end of its input does.
	Sync bool
}

// ProducerRecord is one record to send.
type ProducerRecord struct {
	Key, Value []byte // nil is null
	Partition  int32  // -1: let the partitioner choose
	Headers    []Header
}

// Header is a record header.
type Header struct {
	Key   string
	Value []byte
}

// DeliveryReport is the outcome of one record.
type DeliveryReport struct {
	Topic     string
	Partition int32
	Offset    int64 // -1 on error
	Timestamp int64
	Err       error
}

// FetchSpec configures one kafka-console-consumer.sh run in assign mode.
type FetchSpec struct {
	Topic       string
	Partitions  []int32 // empty: every partition of the topic
	Offset      int64   // Earliest, Latest, or an absolute offset
	MaxMessages int     // 0: no limit
	TimeoutMs   int64   // simulated time to wait for more records
	// Properties are consumer configs by Kafka name (--consumer-property).
	Properties map[string]string
}

// ConsumedRecord is one record as a consumer received it.
type ConsumedRecord struct {
	Topic         string
	Partition     int32
	Offset        int64
	Timestamp     int64
	TimestampType string // "CreateTime" or "LogAppendTime"
	Key, Value    []byte
	Headers       []Header
}

// The interfaces below are optional extensions of Cluster. The Cluster
// contract has what Kafka's tools need; the lab's own commands need a little
// more (the whole trace, faults), and a cluster that offers it implements
// these. A lab command whose interface the cluster lacks says so and fails.

// A TraceSource gives the whole trace, including what the tools' requests
// did. sim.Sim has this method; a cluster can forward it. Without it, the
// trace command shows only what step and run returned.
type TraceSource interface {
	// TraceAfter returns the kept trace entries with Seq greater than seq.
	TraceAfter(seq uint64) []sim.TraceEntry
}

// A BrokerControl stops and restarts brokers (stop broker-2, start broker-2).
type BrokerControl interface {
	// StopBroker stops the broker's process, as a crash: its timers end and
	// messages to it are dropped; its log stays.
	StopBroker(id int32) error
	// StartBroker starts a stopped broker again.
	StartBroker(id int32) error
}

// A LinkControl slows and heals network links between nodes (slow, heal).
type LinkControl interface {
	// SlowLink adds ms of delay to every message from → to; 0 restores it.
	SlowLink(from, to sim.NodeID, ms int64) error
	// HealAll ends every network fault.
	HealAll() error
}

// A LeaderControl moves a partition's leadership (move-leader).
type LeaderControl interface {
	// MoveLeader makes broker the leader of the partition, as the controller
	// would after a preferred election; the broker must be in the ISR.
	MoveLeader(topic string, partition int32, broker int32) error
}

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

// An AppProducer is a cluster with a long-lived application producer, which
// the app-produce lab command drives.
type AppProducer interface {
	// AppProduce sends records with a producer that keeps its metadata
	// between calls, as an application's KafkaProducer does (unlike
	// kafka-console-producer.sh, a new producer per run), and returns their
	// delivery reports.
	AppProduce(topic string, records []ProducerRecord) ([]DeliveryReport, error)
}
