package producer

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/protocol"
)

// Config holds the producer configs the lab models, with Kafka's names and
// defaults (ProducerConfig.java, Kafka 4.0).
type Config struct {
	ClientID          string // client.id
	Acks              int16  // acks: -1 (all, the default since 3.0), 0 or 1
	BatchSize         int    // batch.size: bytes per partition batch
	LingerMs          int64  // linger.ms: 5 since Kafka 4.0 (KIP-1030); 0 before
	Retries           int32  // retries: Integer.MAX_VALUE; delivery.timeout.ms bounds them
	RetryBackoffMs    int64  // retry.backoff.ms
	DeliveryTimeoutMs int64  // delivery.timeout.ms: the end of a record's retries
	RequestTimeoutMs  int64  // request.timeout.ms: how long a request may stay unanswered
	MaxInFlight       int    // max.in.flight.requests.per.connection
	MaxRequestSize    int    // max.request.size
	MaxBlockMs        int64  // max.block.ms: how long a send waits for the topic's metadata
	// EnableIdempotence is accepted (default true, as in Kafka ≥ 3.0) but the
	// lab's producer is not idempotent yet: no producer id, no sequence numbers.
	EnableIdempotence bool
	Partitioner       partitioner.Config
	// TraceRecords records steps 1–3 (create, serialize, choose partition) for
	// every record. Benchmarks turn it off; the messages are traced anyway.
	TraceRecords bool
}

// DefaultConfig returns Kafka 4.0's producer defaults.
func DefaultConfig() Config {
	return Config{
		ClientID:          "console-producer",
		Acks:              protocol.AcksAll,
		BatchSize:         16384,
		LingerMs:          5,
		Retries:           math.MaxInt32,
		RetryBackoffMs:    100,
		DeliveryTimeoutMs: 120000,
		RequestTimeoutMs:  30000,
		MaxInFlight:       5,
		MaxRequestSize:    1048576,
		MaxBlockMs:        60000,
		EnableIdempotence: true,
		Partitioner:       partitioner.DefaultConfig(),
		TraceRecords:      true,
	}
}

// roundRobinClass is the partitioner.class value of Kafka's RoundRobinPartitioner.
const roundRobinClass = "org.apache.kafka.clients.producer.RoundRobinPartitioner"

// Names lists the configs ParseConfig accepts, sorted.
func Names() []string {
	return []string{"acks", "batch.size", "bootstrap.servers", "buffer.memory", "client.dns.lookup", "client.id",
		"compression.type", "connections.max.idle.ms", "delivery.timeout.ms", "enable.idempotence",
		"interceptor.classes", "key.serializer", "linger.ms", "max.block.ms", "max.in.flight.requests.per.connection",
		"max.request.size", "metadata.max.age.ms", "metadata.max.idle.ms", "partitioner.adaptive.partitioning.enable",
		"partitioner.availability.timeout.ms", "partitioner.class", "partitioner.ignore.keys", "receive.buffer.bytes",
		"reconnect.backoff.max.ms", "reconnect.backoff.ms", "request.timeout.ms", "retries", "retry.backoff.max.ms",
		"retry.backoff.ms", "security.protocol", "send.buffer.bytes", "value.serializer"}
}

// ParseConfig applies producer properties by Kafka name over the defaults.
// Unknown names and bad values are INVALID_CONFIG, with messages in the
// style of Kafka's ConfigDef.
func ParseConfig(props map[string]string) (Config, error) {
	c := DefaultConfig()
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if err := c.Set(k, props[k]); err != nil {
			return c, err
		}
	}
	if c.EnableIdempotence && c.Acks != protocol.AcksAll && props["enable.idempotence"] == "true" {
		return c, kerr.Wrap(kerr.InvalidConfig, "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.")
	}
	if c.DeliveryTimeoutMs < c.LingerMs+c.RequestTimeoutMs {
		return c, kerr.Wrap(kerr.InvalidConfig, "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms")
	}
	return c, nil
}

// Set sets the config called name from its string form.
func (c *Config) Set(name, value string) error {
	v := strings.TrimSpace(value)
	num := func(lo int64) (int64, error) {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, kerr.Wrap(kerr.InvalidConfig, "Invalid value %s for configuration %s: Not a number of type LONG", value, name)
		}
		if n < lo {
			return 0, kerr.Wrap(kerr.InvalidConfig, "Invalid value %s for configuration %s: Value must be at least %d", value, name, lo)
		}
		return n, nil
	}
	boolean := func() (bool, error) {
		switch strings.ToLower(v) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return false, kerr.Wrap(kerr.InvalidConfig, "Invalid value %s for configuration %s: Expected value to be either true or false", value, name)
	}
	var err error
	var n int64
	switch name {
	case "acks":
		switch strings.ToLower(v) {
		case "all", "-1":
			c.Acks = protocol.AcksAll
		case "0":
			c.Acks = protocol.AcksNone
		case "1":
			c.Acks = protocol.AcksLeader
		default:
			return kerr.Wrap(kerr.InvalidConfig, "Invalid value %s for configuration acks: String must be one of: all, -1, 0, 1", value)
		}
	case "batch.size":
		n, err = num(0)
		c.BatchSize = int(n)
	case "linger.ms":
		n, err = num(0)
		c.LingerMs = n
	case "retries":
		n, err = num(0)
		c.Retries = int32(min(n, math.MaxInt32))
	case "retry.backoff.ms":
		n, err = num(0)
		c.RetryBackoffMs = n
	case "delivery.timeout.ms":
		n, err = num(0)
		c.DeliveryTimeoutMs = n
	case "request.timeout.ms":
		n, err = num(0)
		c.RequestTimeoutMs = n
	case "max.in.flight.requests.per.connection":
		n, err = num(1)
		c.MaxInFlight = int(n)
	case "max.request.size":
		n, err = num(0)
		c.MaxRequestSize = int(n)
	case "max.block.ms":
		n, err = num(0)
		c.MaxBlockMs = n
	case "client.id":
		c.ClientID = v
	case "enable.idempotence":
		c.EnableIdempotence, err = boolean()
	case "partitioner.ignore.keys":
		c.Partitioner.IgnoreKeys, err = boolean()
	case "partitioner.adaptive.partitioning.enable":
		c.Partitioner.Adaptive, err = boolean()
	case "partitioner.class":
		switch v {
		case roundRobinClass, "RoundRobinPartitioner":
			c.Partitioner.RoundRobin = true
		case "", "null":
			c.Partitioner.RoundRobin = false
		default:
			return kerr.Wrap(kerr.InvalidConfig, "Invalid value %s for configuration partitioner.class: the lab knows only %s", value, roundRobinClass)
		}
	case "compression.type":
		if v != "none" {
			return kerr.Wrap(kerr.InvalidConfig, "Invalid value %s for configuration compression.type: the lab's producer does not compress", value)
		}
	case "key.serializer", "value.serializer", "buffer.memory", "metadata.max.age.ms", "metadata.max.idle.ms",
		"send.buffer.bytes", "receive.buffer.bytes", "reconnect.backoff.ms", "reconnect.backoff.max.ms",
		"retry.backoff.max.ms", "connections.max.idle.ms", "interceptor.classes", "partitioner.availability.timeout.ms",
		"bootstrap.servers", "client.dns.lookup", "security.protocol":
		// Accepted and ignored: the lab's records are bytes already, memory and
		// sockets are not modelled, and metadata is refreshed on errors only.
	default:
		return kerr.Wrap(kerr.InvalidConfig, "Unknown producer config name: %s", name)
	}
	if err != nil {
		return err
	}
	c.Partitioner.BatchSize = c.BatchSize
	return nil
}
