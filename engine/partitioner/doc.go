// Package partitioner models how the Java producer chooses a partition for a
// record, and how a group id maps to its coordinator's partition of
// __consumer_offsets. It is step 3 of the lab's message lifecycle ("choose
// partition"); every decision comes back as a Choice that carries the numbers
// behind it, so the trace can show the arithmetic.
//
// It mirrors these Kafka sources (apache/kafka, clients/ and group-coordinator/):
//
//   - Utils.murmur2, Utils.toPositive and Utils.abs (murmur2.go,
//     coordinator.go), checked against Kafka's UtilsTest vectors and the
//     independent vectors of librdkafka's rdmurmur2.c;
//   - KafkaProducer.partition: explicit partition, then the partitioner
//     class, then the key, then the built-in partitioner (partitioner.go);
//   - BuiltInPartitioner.java: partitionForKey over all partitions, the
//     uniform sticky partitioner of KIP-794 that switches after batch.size
//     bytes (forced at twice that), and adaptive partitioning weighted by
//     queue sizes (partitioner.go, adaptive.go);
//   - RoundRobinPartitioner.java: a per-topic counter over the available
//     partitions that ignores keys (partitioner.go);
//   - String.hashCode and GroupCoordinatorService.partitionFor:
//     abs(groupId.hashCode()) % offsets.topic.num.partitions (coordinator.go).
//
// The package follows the engine's one rule: it is deterministic. Every random
// draw comes from the *rand.Rand the caller passes to New (the Java client
// uses ThreadLocalRandom); availability and queue sizes come from the caller.
//
// Not modelled:
//
//   - custom partitioner classes other than RoundRobinPartitioner, and the
//     deprecated DefaultPartitioner and UniformStickyPartitioner (KIP-480);
//   - partitioner.availability.timeout.ms (default 0), which drops slow
//     brokers' partitions from the adaptive table;
//   - RoundRobinPartitioner's onNewBatch skew (KAFKA-9965): the counter
//     advances exactly once per record here.
package partitioner
