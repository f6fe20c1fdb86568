package cluster

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// consumerConfig holds the consumer configs the lab's assign-mode console
// consumer honours (ConsumerConfig.java defaults).
type consumerConfig struct {
	fetchMaxWaitMs         int32 // fetch.max.wait.ms
	fetchMinBytes          int32 // fetch.min.bytes
	fetchMaxBytes          int32 // fetch.max.bytes
	maxPartitionFetchBytes int32 // max.partition.fetch.bytes
}

func parseConsumerConfig(props map[string]string) (consumerConfig, error) {
	cfg := consumerConfig{fetchMaxWaitMs: 500, fetchMinBytes: 1, fetchMaxBytes: 52428800, maxPartitionFetchBytes: 1048576}
	for _, k := range slices.Sorted(maps.Keys(props)) {
		v := props[k]
		n, err := strconv.ParseInt(v, 10, 32)
		numeric := func(dst *int32) error {
			if err != nil || n < 0 {
				return kerr.Wrap(kerr.InvalidConfig, "Invalid value %s for configuration %s", v, k)
			}
			*dst = int32(n)
			return nil
		}
		var e error
		switch k {
		case "fetch.max.wait.ms":
			e = numeric(&cfg.fetchMaxWaitMs)
		case "fetch.min.bytes":
			e = numeric(&cfg.fetchMinBytes)
		case "fetch.max.bytes":
			e = numeric(&cfg.fetchMaxBytes)
		case "max.partition.fetch.bytes":
			e = numeric(&cfg.maxPartitionFetchBytes)
		default:
			// Kafka's other consumer configs are accepted and do not change
			// what assign mode does in the lab (no group, no transactions).
			if !toolsapi.IsConsumerConfig(k) {
				e = kerr.Wrap(kerr.InvalidConfig, "Unknown consumer config name: %s", k)
			}
		}
		if e != nil {
			return cfg, e
		}
	}
	return cfg, nil
}

type position struct {
	tp     protocol.TopicPartition
	leader int32
	offset int64
	// resolved: offset is a real offset; until then it is Earliest or
	// Latest, to be looked up once the partition has a leader.
	resolved bool
}

// Fetch implements toolsapi.Cluster: consumer-1 reads the partitions in assign
// mode as the Java consumer does without a group — Metadata for the leaders,
// ListOffsets to resolve Earliest and Latest, then Fetch requests with
// ReplicaID -1 to each leader, which answer records up to the high watermark
// only. A NOT_LEADER_OR_FOLLOWER or UNKNOWN_TOPIC_OR_PARTITION answer
// refreshes the metadata. A partition without a leader is retried after
// each refresh while the others are read. It stops at MaxMessages records or
// after TimeoutMs of simulated time.
func (c *Cluster) Fetch(spec toolsapi.FetchSpec) ([]toolsapi.ConsumedRecord, error) {
	cfg, err := parseConsumerConfig(spec.Properties)
	if err != nil {
		return nil, err
	}
	deadline := c.sim.Now() + spec.TimeoutMs
	positions, err := c.positions(spec)
	if err != nil {
		return nil, err
	}
	var out []toolsapi.ConsumedRecord
	for c.sim.Now() < deadline && (spec.MaxMessages == 0 || len(out) < spec.MaxMessages) {
		stale, err := c.resolvePositions(positions)
		if err != nil {
			return out, err
		}
		leaders := leadersOf(positions)
		if len(positions) == 0 {
			break
		}
		if len(leaders) == 0 {
			// No partition has a leader: wait retry.backoff.ms and ask again.
			if err := c.sim.RunFor(100, c.cfg.MaxSteps); err != nil {
				return out, err
			}
			stale = true
		}
		for _, leader := range leaders {
			req := &protocol.FetchRequest{ReplicaID: protocol.ConsumerReplicaID, MaxWaitMs: min(cfg.fetchMaxWaitMs, int32(max(0, deadline-c.sim.Now()))),
				MinBytes: cfg.fetchMinBytes, MaxBytes: cfg.fetchMaxBytes}
			var idx []int
			for i, p := range positions {
				if p.resolved && p.leader == leader {
					req.Partitions = append(req.Partitions, protocol.FetchPartition{TopicPartition: p.tp, CurrentLeaderEpoch: -1,
						FetchOffset: p.offset, LastFetchedEpoch: -1, LogStartOffset: -1, PartitionMaxBytes: cfg.maxPartitionFetchBytes})
					idx = append(idx, i)
				}
			}
			resp, err := c.call(ConsumerNode, broker.NodeID(leader), protocol.APIFetch, fmt.Sprintf("Fetch(%s)", fetchLabel(req)), func(corr int32) any {
				req.CorrelationID = corr
				return req
			})
			if err != nil {
				stale = true
				continue
			}
			for j, pr := range resp.(*protocol.FetchResponse).Partitions {
				pos := &positions[idx[j]]
				if pr.Err != nil {
					if errors.Is(pr.Err, kerr.NotLeaderOrFollower) || errors.Is(pr.Err, kerr.UnknownTopicOrPartition) || errors.Is(pr.Err, kerr.FencedLeaderEpoch) {
						stale = true
						continue
					}
					return out, pr.Err
				}
				recs, next, err := decodeRecords(pr.Records, pos.tp, pos.offset)
				if err != nil {
					return out, err
				}
				for _, r := range recs {
					if spec.MaxMessages > 0 && len(out) == spec.MaxMessages {
						break
					}
					out = append(out, r)
					pos.offset = r.Offset + 1
				}
				if len(recs) == 0 {
					pos.offset = max(pos.offset, next)
				}
			}
			if spec.MaxMessages > 0 && len(out) >= spec.MaxMessages {
				break
			}
		}
		if stale {
			if err := c.refreshLeaders(positions); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// positions resolves the partitions to read and their starting offsets.
func (c *Cluster) positions(spec toolsapi.FetchSpec) ([]position, error) {
	md, err := c.metadata(ConsumerNode, []string{spec.Topic})
	if err != nil {
		return nil, err
	}
	t := md.Topics[0]
	if t.Err != nil {
		return nil, t.Err
	}
	parts := spec.Partitions
	if len(parts) == 0 {
		for _, p := range t.Partitions {
			parts = append(parts, p.Partition)
		}
	}
	var out []position
	for _, p := range parts {
		if p < 0 || int(p) >= len(t.Partitions) {
			return nil, kerr.Wrap(kerr.UnknownTopicOrPartition, "partition %d of %s does not exist", p, spec.Topic)
		}
		pos := position{tp: protocol.TopicPartition{Topic: spec.Topic, Partition: p}, leader: t.Partitions[p].Leader, offset: spec.Offset, resolved: spec.Offset >= 0}
		out = append(out, pos)
	}
	if _, err := c.resolvePositions(out); err != nil {
		return nil, err
	}
	return out, nil
}

// resolvePositions looks up the Earliest or Latest offset of each partition
// not resolved yet. A partition without a leader, or whose leader cannot
// answer now, stays unresolved and is tried again after a metadata refresh,
// as the Java consumer keeps resetting a partition's offset while it reads
// the others; stale reports that a refresh is needed.
func (c *Cluster) resolvePositions(positions []position) (stale bool, err error) {
	for i := range positions {
		pos := &positions[i]
		if pos.resolved {
			continue
		}
		if pos.leader < 0 {
			stale = true
			continue
		}
		off, err := c.listOffset(pos.tp, pos.leader, pos.offset)
		if err != nil {
			var ke *kerr.Error
			if errors.As(err, &ke) && ke.Retriable {
				stale = true
				continue
			}
			return stale, err
		}
		pos.offset, pos.resolved = off, true
	}
	return stale, nil
}

func (c *Cluster) refreshLeaders(positions []position) error {
	if len(positions) == 0 {
		return nil
	}
	md, err := c.metadata(ConsumerNode, []string{positions[0].tp.Topic})
	if err != nil {
		return err
	}
	t := md.Topics[0]
	if t.Err != nil {
		return t.Err
	}
	for i := range positions {
		if p := positions[i].tp.Partition; int(p) < len(t.Partitions) {
			positions[i].leader = t.Partitions[p].Leader
		}
	}
	return nil
}

func leadersOf(positions []position) []int32 {
	var ids []int32
	for _, p := range positions {
		if p.resolved && p.leader >= 0 && !slices.Contains(ids, p.leader) {
			ids = append(ids, p.leader)
		}
	}
	slices.Sort(ids)
	return ids
}

func fetchLabel(req *protocol.FetchRequest) string {
	s := ""
	for i, fp := range req.Partitions {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s@%d", fp.TopicPartition, fp.FetchOffset)
	}
	return s
}

// decodeRecords decodes fetched batches and returns the records at or after
// from (a fetch returns whole batches, so the first may start earlier), and
// the offset after the last batch.
func decodeRecords(b []byte, tp protocol.TopicPartition, from int64) ([]toolsapi.ConsumedRecord, int64, error) {
	var out []toolsapi.ConsumedRecord
	next := from
	for len(b) > 0 {
		batch, n, err := record.Decode(b)
		if err != nil {
			return out, next, fmt.Errorf("cluster: decode fetched batch of %s: %w", tp, err)
		}
		b = b[n:]
		typ := "CreateTime"
		if batch.Attributes.LogAppendTime() {
			typ = "LogAppendTime"
		}
		for i := range batch.Records {
			r := &batch.Records[i]
			off := batch.Offset(r)
			if off < from {
				continue
			}
			cr := toolsapi.ConsumedRecord{Topic: tp.Topic, Partition: tp.Partition, Offset: off, Timestamp: batch.Timestamp(r), TimestampType: typ, Key: r.Key, Value: r.Value}
			for _, h := range r.Headers {
				cr.Headers = append(cr.Headers, toolsapi.Header{Key: h.Key, Value: h.Value})
			}
			out = append(out, cr)
		}
		next = batch.LastOffset() + 1
	}
	return out, next, nil
}

// ListOffsets implements toolsapi.Cluster.
func (c *Cluster) ListOffsets(topic string, partition int32, timestamp int64) (int64, error) {
	md, err := c.metadata(ConsumerNode, []string{topic})
	if err != nil {
		return -1, err
	}
	t := md.Topics[0]
	if t.Err != nil {
		return -1, t.Err
	}
	if partition < 0 || int(partition) >= len(t.Partitions) {
		return -1, kerr.Wrap(kerr.UnknownTopicOrPartition, "partition %d of %s does not exist", partition, topic)
	}
	return c.listOffset(protocol.TopicPartition{Topic: topic, Partition: partition}, t.Partitions[partition].Leader, timestamp)
}

func (c *Cluster) listOffset(tp protocol.TopicPartition, leader int32, ts int64) (int64, error) {
	if leader < 0 {
		return -1, kerr.Wrap(kerr.LeaderNotAvailable, "%s has no leader", tp)
	}
	resp, err := c.call(ConsumerNode, broker.NodeID(leader), protocol.APIListOffsets, fmt.Sprintf("ListOffsets(%s, %d)", tp, ts), func(corr int32) any {
		return &protocol.ListOffsetsRequest{CorrelationID: corr, ReplicaID: protocol.ConsumerReplicaID, Partitions: []protocol.ListOffsetsPartition{{TopicPartition: tp, Timestamp: ts}}}
	})
	if err != nil {
		return -1, err
	}
	p := resp.(*protocol.ListOffsetsResponse).Partitions[0]
	return p.Offset, p.Err
}
