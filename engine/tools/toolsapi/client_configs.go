package toolsapi

import (
	"slices"
	"strings"
)

// consumerConfigs are the configs Kafka 4.1's ConsumerConfig defines, sorted,
// besides the sasl.* and ssl.* security configs.
var consumerConfigs = []string{
	"allow.auto.create.topics", "auto.commit.interval.ms", "auto.offset.reset", "bootstrap.servers",
	"check.crcs", "client.dns.lookup", "client.id", "client.rack", "config.providers", "connections.max.idle.ms",
	"default.api.timeout.ms", "enable.auto.commit", "enable.metrics.push", "exclude.internal.topics",
	"fetch.max.bytes", "fetch.max.wait.ms", "fetch.min.bytes", "group.id", "group.instance.id",
	"group.protocol", "group.remote.assignor", "heartbeat.interval.ms", "interceptor.classes",
	"isolation.level", "key.deserializer", "max.partition.fetch.bytes", "max.poll.interval.ms",
	"max.poll.records", "metadata.max.age.ms", "metadata.recovery.rebootstrap.trigger.ms",
	"metadata.recovery.strategy", "metric.reporters", "metrics.num.samples", "metrics.recording.level",
	"metrics.sample.window.ms", "partition.assignment.strategy", "receive.buffer.bytes",
	"reconnect.backoff.max.ms", "reconnect.backoff.ms", "request.timeout.ms", "retry.backoff.max.ms",
	"retry.backoff.ms", "security.protocol", "security.providers", "send.buffer.bytes",
	"session.timeout.ms", "share.acknowledgement.mode", "socket.connection.setup.timeout.max.ms",
	"socket.connection.setup.timeout.ms", "value.deserializer",
}

// producerConfigs are the configs Kafka 4.1's ProducerConfig defines, sorted,
// besides the sasl.* and ssl.* security configs.
var producerConfigs = []string{
	"acks", "batch.size", "bootstrap.servers", "buffer.memory", "client.dns.lookup", "client.id",
	"compression.gzip.level", "compression.lz4.level", "compression.type", "compression.zstd.level",
	"config.providers", "connections.max.idle.ms", "delivery.timeout.ms", "enable.idempotence",
	"enable.metrics.push", "interceptor.classes", "key.serializer", "linger.ms", "max.block.ms",
	"max.in.flight.requests.per.connection", "max.request.size", "metadata.max.age.ms",
	"metadata.max.idle.ms", "metadata.recovery.rebootstrap.trigger.ms", "metadata.recovery.strategy",
	"metric.reporters", "metrics.num.samples", "metrics.recording.level", "metrics.sample.window.ms",
	"partitioner.adaptive.partitioning.enable", "partitioner.availability.timeout.ms",
	"partitioner.class", "partitioner.ignore.keys", "receive.buffer.bytes", "reconnect.backoff.max.ms",
	"reconnect.backoff.ms", "request.timeout.ms", "retries", "retry.backoff.max.ms", "retry.backoff.ms",
	"security.protocol", "security.providers", "send.buffer.bytes", "socket.connection.setup.timeout.max.ms",
	"socket.connection.setup.timeout.ms", "transaction.timeout.ms", "transaction.two.phase.commit.enable",
	"transactional.id", "value.serializer",
}

// IsConsumerConfig reports whether Kafka's consumer knows a config by this
// name. A name it does not know is logged as unused and ignored
// (AbstractConfig.logUnused), not an error.
func IsConsumerConfig(name string) bool {
	_, ok := slices.BinarySearch(consumerConfigs, name)
	return ok || isSecurityConfig(name)
}

// IsProducerConfig is IsConsumerConfig for the producer.
func IsProducerConfig(name string) bool {
	_, ok := slices.BinarySearch(producerConfigs, name)
	return ok || isSecurityConfig(name)
}

func isSecurityConfig(name string) bool {
	return strings.HasPrefix(name, "sasl.") || strings.HasPrefix(name, "ssl.")
}
