package partitioner

import (
	"errors"
	"fmt"
	"math/rand/v2"
)

// NoPartition is the explicit partition of a record that names none (a null
// partition in Java's ProducerRecord).
const NoPartition = -1

// A Config holds the producer configs that shape partitioning, with Kafka's
// names in the field comments.
type Config struct {
	BatchSize  int  // batch.size: bytes to produce to a sticky partition before switching
	IgnoreKeys bool // partitioner.ignore.keys: hash no keys; use the sticky partitioner for every record
	Adaptive   bool // partitioner.adaptive.partitioning.enable: weight sticky picks by queue sizes
	RoundRobin bool // partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner
}

// DefaultConfig returns the Java producer's defaults (ProducerConfig.java).
func DefaultConfig() Config {
	return Config{BatchSize: 16384, Adaptive: true}
}

// A Topic is the producer's view of one topic's metadata.
type Topic struct {
	// NumPartitions counts all partitions of the topic (Cluster.partitionsForTopic).
	NumPartitions int
	// Available lists the partitions that have a leader, each in
	// [0, NumPartitions) (Cluster.availablePartitionsForTopic).
	Available []int
}

// A Partitioner chooses partitions for the records one producer sends to one
// topic, as KafkaProducer.partition does with Kafka's built-in partitioner
// (BuiltInPartitioner.java, one instance per topic) or with
// RoundRobinPartitioner. It is not safe for concurrent use; the engine is
// single-threaded.
type Partitioner struct {
	cfg Config
	rng *rand.Rand

	sticky   int // the current sticky partition, or -1 before the first pick
	produced int // bytes produced to it (StickyPartitionInfo.producedBytes)

	counter int32 // RoundRobinPartitioner's per-topic counter; wraps like Java's int

	// The adaptive load stats (PartitionLoadStats): a cumulative frequency
	// table over the partitions in ids. cft is empty when adaptive
	// partitioning is off or has nothing to weigh.
	cft []int
	ids []int
}

// New returns a Partitioner for one topic. rng supplies every random draw, so
// that a simulation replays the same choices from the same seed; the Java
// client uses ThreadLocalRandom.
func New(cfg Config, rng *rand.Rand) (*Partitioner, error) {
	if cfg.BatchSize < 1 {
		// BuiltInPartitioner's constructor check.
		return nil, fmt.Errorf("partitioner: stickyBatchSize must be >= 1 but got %d", cfg.BatchSize)
	}
	if rng == nil {
		return nil, errors.New("partitioner: nil random source")
	}
	return &Partitioner{cfg: cfg, rng: rng, sticky: -1}, nil
}

// Partition chooses the partition of one record whose explicit partition is
// explicit (NoPartition for none) and whose serialized key is key (nil for a
// null key; an empty non-nil key is hashed like any other). The precedence is
// KafkaProducer.partition's: an explicit partition, then the configured
// partitioner class (RoundRobin), then the key's murmur2 hash unless
// partitioner.ignore.keys, then the built-in uniform sticky partitioner.
//
// The explicit partition is checked as ProducerRecord's constructor and
// KafkaProducer.waitOnMetadata check it.
func (p *Partitioner) Partition(t Topic, explicit int, key []byte) (Choice, error) {
	n := t.NumPartitions
	if n < 1 {
		return Choice{}, errors.New("partitioner: topic has no partitions")
	}
	switch {
	case explicit == NoPartition:
	case explicit < 0:
		return Choice{}, fmt.Errorf("partitioner: Invalid partition: %d. Partition number should always be non-negative or null.", explicit)
	case explicit >= n:
		return Choice{}, fmt.Errorf("partitioner: Invalid partition given with record: %d is not in the range [0...%d).", explicit, n)
	default:
		return Choice{Partition: explicit, Reason: ReasonExplicit, NumPartitions: n}, nil
	}
	if p.cfg.RoundRobin {
		return p.roundRobin(t), nil
	}
	if key != nil && !p.cfg.IgnoreKeys {
		// BuiltInPartitioner.partitionForKey: all partitions, available or not.
		h := Murmur2(key)
		pos := ToPositive(h)
		return Choice{
			Partition: int(pos) % n, Reason: ReasonKey, NumPartitions: n,
			Key: key, Hash: h, Positive: pos,
		}, nil
	}
	c := Choice{Reason: ReasonSticky, NumPartitions: n}
	if p.sticky < 0 {
		// peekCurrentPartitionInfo: the first record picks the first partition.
		c.Pick = p.next(t)
		c.Picked = true
		p.sticky, p.produced = c.Pick.Partition, 0
	}
	c.Partition, c.Produced = p.sticky, p.produced
	return c, nil
}

// Appended tells the partitioner that bytes of the record it chose with c
// were appended to a batch, and reports the new sticky partition if it
// switched (BuiltInPartitioner.updatePartitionInfo). Only sticky choices
// count. enableSwitch says whether the accumulator allows a switch now (Java
// allows it when every batch in the partition's queue is full, so a switch
// waits for a batch boundary); a switch is forced once twice batch.size bytes
// were produced.
func (p *Partitioner) Appended(c Choice, bytes int, t Topic, enableSwitch bool) (Pick, bool) {
	if c.Reason != ReasonSticky || c.Partition != p.sticky {
		return Pick{}, false
	}
	p.produced += bytes
	if p.produced >= p.cfg.BatchSize && enableSwitch || p.produced >= 2*p.cfg.BatchSize {
		pick := p.next(t)
		p.sticky, p.produced = pick.Partition, 0
		return pick, true
	}
	return Pick{}, false
}

// Sticky returns the current sticky partition (-1 before the first unkeyed
// record) and the bytes produced to it since it was picked.
func (p *Partitioner) Sticky() (partition, produced int) { return p.sticky, p.produced }

// next picks a new sticky partition (BuiltInPartitioner.nextPartition). The
// new partition may equal the old one: KIP-794 does not exclude it.
func (p *Partitioner) next(t Topic) Pick {
	pk := Pick{From: p.sticky, Random: p.random()}
	if len(p.cft) > 0 {
		pk.Weighted, pk.Among = true, len(p.cft)
		pk.Total = p.cft[len(p.cft)-1]
		pk.Partition = p.ids[p.weightedIndex(int(pk.Random)%pk.Total)]
		return pk
	}
	if len(t.Available) > 0 {
		pk.Among = len(t.Available)
		pk.Partition = t.Available[int(pk.Random)%pk.Among]
		return pk
	}
	// No partition has a leader: pick among all of them.
	pk.Among = t.NumPartitions
	pk.Partition = int(pk.Random) % pk.Among
	return pk
}

// random mirrors Utils.toPositive(ThreadLocalRandom.current().nextInt()).
func (p *Partitioner) random() int32 { return ToPositive(int32(p.rng.Uint32())) }

// roundRobin mirrors RoundRobinPartitioner.partition: the counter advances
// once per record and indexes the available partitions, or all partitions
// when none is available. Keys are ignored.
func (p *Partitioner) roundRobin(t Topic) Choice {
	c := Choice{Reason: ReasonRoundRobin, NumPartitions: t.NumPartitions, Counter: p.counter}
	p.counter++ // Java's AtomicInteger.getAndIncrement wraps to MinInt32; so does Go's int32
	c.Positive = ToPositive(c.Counter)
	if len(t.Available) > 0 {
		c.Among = len(t.Available)
		c.Partition = t.Available[int(c.Positive)%c.Among]
	} else {
		c.Among = t.NumPartitions
		c.Partition = int(c.Positive) % c.Among
	}
	return c
}
