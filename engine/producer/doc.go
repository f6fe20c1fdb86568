// Package producer models Kafka's Java producer client (KafkaProducer, its
// RecordAccumulator and its Sender) as a node of the simulation that talks to
// brokers over the simulated network.
//
// A record goes through the first steps of the lab's lifecycle inside the
// producer, each recorded in the trace: 1 create record, 2 serialize key and
// value (the lab's records are bytes already, so this step only measures
// them), 3 choose partition — with the arithmetic from engine/partitioner,
// e.g. "murmur2("user-2") = …, & 0x7fffffff = …, % 3 = 2" — and 4 the
// ProduceRequest to the partition leader. The leader's answer is step 9.
//
// It mirrors these Kafka sources (apache/kafka, clients/):
//
//   - KafkaProducer.send, partition and waitOnMetadata: the partition
//     precedence (explicit, partitioner.class, murmur2 of the key unless
//     partitioner.ignore.keys, the built-in uniform sticky partitioner of
//     KIP-794), and waiting up to max.block.ms for a topic's metadata
//     (producer.go, metadata.go);
//   - RecordAccumulator: one queue of batches per partition, a record joins
//     the last batch if it fits batch.size, a batch is ready when full or
//     after linger.ms, retried batches go back to the front of their queue
//     after retry.backoff.ms, and batches older than delivery.timeout.ms
//     expire (producer.go, sender.go);
//   - Sender: drain one ready batch per partition into one ProduceRequest per
//     leader, within max.request.size and max.in.flight.requests.per.connection,
//     complete, retry or fail each batch from the response, and refresh
//     metadata on NOT_LEADER_OR_FOLLOWER and UNKNOWN_TOPIC_OR_PARTITION
//     (sender.go);
//   - NetworkClient's handling of a lost connection (disconnect.go): a
//     broker whose process crashed closes its connections, and the Produce
//     requests in flight on them fail with NETWORK_EXCEPTION (retried, and
//     the metadata refreshed); a connection refused by a process that is
//     down uses no retry, its batches wait; either way the broker is not
//     tried again before reconnect.backoff.ms (50 ms, doubling to 1 s; no
//     jitter). A power loss or a cut link closes nothing: a request there
//     fails after request.timeout.ms;
//   - ProducerConfig: names, defaults and the delivery.timeout.ms ≥ linger.ms +
//     request.timeout.ms check (config.go).
//
// Defaults are Kafka 4.0's: acks=all, batch.size=16384, linger.ms=5 (KIP-1030
// raised it from 0 in 4.0), retries=MaxInt32, retry.backoff.ms=100,
// delivery.timeout.ms=120000, request.timeout.ms=30000,
// max.in.flight.requests.per.connection=5.
//
// Deviations:
//
//   - The producer is not idempotent yet: enable.idempotence is accepted
//     (default true, as in Kafka ≥ 3.0) but no producer id or sequence
//     numbers are sent, so retries can duplicate records and, with more than
//     one request in flight, reorder them. Issue 5 adds idempotence.
//   - Records a single Send call passes are appended before the sender runs,
//     so with linger.ms=0 they still share batches, as records sent in a
//     tight loop do in Java while the sender thread is busy.
//   - retry.backoff.ms is fixed; Kafka 3.7+ grows it exponentially up to
//     retry.backoff.max.ms with jitter (KIP-580).
//   - Records are bytes: serializers, interceptors, compression and
//     buffer.memory are not modelled.
//   - Delivery reports of failed records carry Kafka's error codes; the Java
//     client raises a TimeoutException for an expired batch, which the lab
//     reports as REQUEST_TIMED_OUT with Kafka's "Expiring N record(s)" text.
package producer
