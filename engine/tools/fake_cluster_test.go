package tools

import (
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// fakeCluster is an in-memory Cluster for testing the tools before (and
// besides) the real one: it keeps topics with Kafka's placement, name and
// config rules (engine/metadata), sends keyed records to murmur2's partition
// and unkeyed ones round-robin, and fetches them back. Every call advances
// the clock by 1 ms and queues a trace entry that Step and the Run calls
// hand out, so the lab commands have something to show. It implements the
// optional BrokerControl, LeaderControl and TraceSource.
type fakeCluster struct {
	brokers []BrokerInfo
	topics  map[string]*fakeTopic
	now     int64
	seq     uint64
	ids     uint64
	pending []sim.TraceEntry // entries queued, not yet stepped
	trace   []sim.TraceEntry // entries stepped
	rr      int
}

type fakeTopic struct {
	id      uuid.UUID
	configs metadata.TopicConfig
	parts   []*fakePartition
}

type fakePartition struct {
	replicas, isr []int32
	leader        int32
	records       []ConsumedRecord
}

func newFakeCluster(n int) *fakeCluster {
	c := &fakeCluster{topics: map[string]*fakeTopic{}}
	for id := int32(1); id <= int32(n); id++ {
		c.brokers = append(c.brokers, BrokerInfo{ID: id, Host: fmt.Sprintf("broker-%d", id), Port: BasePort + id - 1, Up: true})
	}
	return c
}

// event queues a trace entry for the next Step, advancing the clock.
func (c *fakeCluster) event(kind sim.Kind, from, to, api, label string, lifecycle int) {
	c.now++
	c.pending = append(c.pending, sim.TraceEntry{Time: c.now, Kind: kind, From: sim.NodeID(from), To: sim.NodeID(to), API: api, Label: label, Lifecycle: lifecycle})
}

func (c *fakeCluster) Brokers() []BrokerInfo { return slices.Clone(c.brokers) }

func (c *fakeCluster) live() []int32 {
	var ids []int32
	for _, b := range c.brokers {
		if b.Up {
			ids = append(ids, b.ID)
		}
	}
	return ids
}

func (c *fakeCluster) names() []string {
	var out []string
	for n := range c.topics {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

func (c *fakeCluster) CreateTopic(req CreateTopic) (CreatedTopic, error) {
	c.event(sim.KindSend, "admin-1", "controller", "CreateTopics", "CreateTopics("+req.Name+")", 0)
	warning, err := metadata.CheckNewTopicName(req.Name, c.names())
	if err != nil {
		return CreatedTopic{}, err
	}
	cfg, err := metadata.ParseTopicConfig(req.Configs)
	if err != nil {
		return CreatedTopic{}, err
	}
	assignment := req.Assignment
	if assignment == nil {
		p, rf := int(req.Partitions), int(req.ReplicationFactor)
		if p < 0 {
			p = 1
		}
		if rf < 0 {
			rf = 1
		}
		if rf > len(c.live()) {
			return CreatedTopic{}, kerr.Wrap(kerr.InvalidReplicationFactor, "Unable to replicate the partition %d time(s): The target replication factor of %d cannot be reached because only %d broker(s) are registered.", rf, rf, len(c.live()))
		}
		if assignment, err = metadata.AssignReplicas(c.live(), p, rf, metadata.Layout{}); err != nil {
			return CreatedTopic{}, err
		}
	}
	c.ids++
	t := &fakeTopic{id: uuid.UUID{0: 0x4a, 8: 0x80, 15: byte(c.ids)}, configs: cfg}
	for _, replicas := range assignment {
		t.parts = append(t.parts, &fakePartition{replicas: replicas, isr: slices.Clone(replicas), leader: replicas[0]})
	}
	c.topics[req.Name] = t
	return CreatedTopic{Name: req.Name, ID: t.id, Warning: warning}, nil
}

func (c *fakeCluster) DeleteTopic(name string) error {
	if _, ok := c.topics[name]; !ok {
		return kerr.Wrap(kerr.UnknownTopicOrPartition, "This server does not host this topic-partition.")
	}
	delete(c.topics, name)
	return nil
}

func (c *fakeCluster) CreatePartitions(topic string, total int32, assignment [][]int32) error {
	t, ok := c.topics[topic]
	if !ok {
		return kerr.Wrap(kerr.UnknownTopicOrPartition, "This server does not host this topic-partition.")
	}
	if int(total) <= len(t.parts) {
		return kerr.Wrap(kerr.InvalidPartitions, "Topic currently has %d partitions, which is higher than the requested %d.", len(t.parts), total)
	}
	var existing [][]int32
	for _, p := range t.parts {
		existing = append(existing, p.replicas)
	}
	if assignment == nil {
		var err error
		if assignment, err = metadata.AssignNewPartitions(c.live(), existing, int(total)); err != nil {
			return err
		}
	}
	for _, replicas := range assignment {
		t.parts = append(t.parts, &fakePartition{replicas: replicas, isr: slices.Clone(replicas), leader: replicas[0]})
	}
	return nil
}

func (c *fakeCluster) ListTopics() ([]string, error) { return c.names(), nil }

func (c *fakeCluster) DescribeTopics(names []string) ([]TopicDescription, error) {
	if len(names) == 0 {
		names = c.names()
	}
	var out []TopicDescription
	for _, n := range names {
		t, ok := c.topics[n]
		if !ok {
			return nil, kerr.Wrap(kerr.UnknownTopicOrPartition, "This server does not host this topic-partition.")
		}
		d := TopicDescription{Name: n, ID: t.id, Configs: t.configs.Describe()}
		for i, p := range t.parts {
			d.Partitions = append(d.Partitions, PartitionDescription{Partition: int32(i), Leader: p.leader, Replicas: p.replicas, ISR: p.isr})
		}
		out = append(out, d)
	}
	return out, nil
}

func (c *fakeCluster) Produce(spec ProduceSpec) ([]DeliveryReport, error) {
	for k := range spec.Properties {
		if !slices.Contains(knownProducerConfigs, k) {
			return nil, kerr.Wrap(kerr.InvalidConfig, "Unknown producer config: %s", k)
		}
	}
	t, ok := c.topics[spec.Topic]
	var out []DeliveryReport
	for _, r := range spec.Records {
		if !ok {
			out = append(out, DeliveryReport{Topic: spec.Topic, Partition: -1, Offset: -1, Err: kerr.UnknownTopicOrPartition})
			continue
		}
		p := r.Partition
		if p < 0 {
			if r.Key != nil {
				p = int32(partitioner.ForKey(r.Key, len(t.parts)))
			} else {
				p = int32(c.rr % len(t.parts))
				c.rr++
			}
		}
		part := t.parts[p]
		c.event(sim.KindSend, "producer-1", fmt.Sprintf("broker-%d", part.leader), "Produce", fmt.Sprintf("4. ProduceRequest(%s, P%d)", spec.Topic, p), 4)
		minISR := 1
		if v, ok := t.configs.Get("min.insync.replicas"); ok {
			fmt.Sscan(v, &minISR)
		}
		acks := spec.Properties["acks"]
		if (acks == "all" || acks == "-1") && len(part.isr) < minISR {
			out = append(out, DeliveryReport{Topic: spec.Topic, Partition: p, Offset: -1, Err: kerr.NotEnoughReplicas})
			continue
		}
		off := int64(len(part.records))
		part.records = append(part.records, ConsumedRecord{Topic: spec.Topic, Partition: p, Offset: off, Timestamp: c.now, TimestampType: "CreateTime", Key: r.Key, Value: r.Value, Headers: r.Headers})
		c.event(sim.KindLocal, fmt.Sprintf("broker-%d", part.leader), "", "", fmt.Sprintf("5. leader appends at offset %d", off), 5)
		out = append(out, DeliveryReport{Topic: spec.Topic, Partition: p, Offset: off, Timestamp: c.now})
	}
	return out, nil
}

// knownProducerConfigs are the producer configs the fake accepts.
var knownProducerConfigs = []string{"acks", "linger.ms", "batch.size", "request.timeout.ms", "retries", "retry.backoff.ms",
	"send.buffer.bytes", "buffer.memory", "metadata.max.age.ms", "max.block.ms", "compression.type", "client.id",
	"partitioner.class", "partitioner.ignore.keys", "enable.idempotence", "delivery.timeout.ms"}

func (c *fakeCluster) Fetch(spec FetchSpec) ([]ConsumedRecord, error) {
	t, ok := c.topics[spec.Topic]
	if !ok {
		return nil, kerr.UnknownTopicOrPartition
	}
	parts := spec.Partitions
	if len(parts) == 0 {
		for i := range t.parts {
			parts = append(parts, int32(i))
		}
	}
	var out []ConsumedRecord
	for _, p := range parts {
		if int(p) >= len(t.parts) || p < 0 {
			return nil, kerr.UnknownTopicOrPartition
		}
		recs := t.parts[p].records
		start := spec.Offset
		switch start {
		case Earliest:
			start = 0
		case Latest:
			start = int64(len(recs))
		}
		if start > int64(len(recs)) {
			return nil, kerr.OffsetOutOfRange
		}
		for _, r := range recs[start:] {
			if spec.MaxMessages > 0 && len(out) == spec.MaxMessages {
				break
			}
			out = append(out, r)
		}
	}
	if spec.MaxMessages == 0 || len(out) < spec.MaxMessages {
		c.now += spec.TimeoutMs
	}
	return out, nil
}

func (c *fakeCluster) ListOffsets(topic string, partition int32, timestamp int64) (int64, error) {
	t, ok := c.topics[topic]
	if !ok || int(partition) >= len(t.parts) {
		return -1, kerr.UnknownTopicOrPartition
	}
	if timestamp == Earliest {
		return 0, nil
	}
	return int64(len(t.parts[partition].records)), nil
}

func (c *fakeCluster) Step(n int) ([]sim.TraceEntry, error) {
	var out []sim.TraceEntry
	for ; n > 0 && len(c.pending) > 0; n-- {
		e := c.pending[0]
		c.pending = c.pending[1:]
		c.seq++
		e.Seq, e.Step = c.seq, c.seq
		c.trace = append(c.trace, e)
		out = append(out, e)
	}
	return out, nil
}

func (c *fakeCluster) RunFor(ms int64) ([]sim.TraceEntry, error) {
	out, err := c.Step(len(c.pending))
	c.now += ms
	return out, err
}

func (c *fakeCluster) RunUntilIdle() ([]sim.TraceEntry, error) { return c.Step(len(c.pending)) }

func (c *fakeCluster) Now() int64 { return c.now }

func (c *fakeCluster) TraceAfter(seq uint64) []sim.TraceEntry {
	var out []sim.TraceEntry
	for _, e := range c.trace {
		if e.Seq > seq {
			out = append(out, e)
		}
	}
	return out
}

func (c *fakeCluster) setUp(id int32, up bool) error {
	for i := range c.brokers {
		if c.brokers[i].ID == id {
			c.brokers[i].Up = up
			c.event(sim.KindFault, string(c.brokers[i].Host), "", "", map[bool]string{true: "start", false: "stop"}[up], 0)
			for _, t := range c.topics {
				for _, p := range t.parts {
					if !up {
						p.isr = slices.DeleteFunc(slices.Clone(p.isr), func(b int32) bool { return b == id })
						if p.leader == id {
							p.leader = -1
							if len(p.isr) > 0 {
								p.leader = p.isr[0]
							}
						}
					}
				}
			}
			return nil
		}
	}
	return fmt.Errorf("no broker-%d", id)
}

func (c *fakeCluster) StopBroker(id int32) error  { return c.setUp(id, false) }
func (c *fakeCluster) StartBroker(id int32) error { return c.setUp(id, true) }

func (c *fakeCluster) MoveLeader(topic string, partition, broker int32) error {
	t, ok := c.topics[topic]
	if !ok || int(partition) >= len(t.parts) {
		return kerr.UnknownTopicOrPartition
	}
	p := t.parts[partition]
	if !slices.Contains(p.isr, broker) {
		return fmt.Errorf("broker-%d is not in the ISR [%s]", broker, strings.Trim(fmt.Sprint(p.isr), "[]"))
	}
	p.leader = broker
	return nil
}
