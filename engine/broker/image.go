package broker

import (
	"fmt"
	"maps"
	"slices"

	"github.com/google/uuid"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/replica"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// An image is the broker's replay of the metadata log (KRaft's
// MetadataImage): the brokers and topics as of the last record replayed.
type image struct {
	brokers map[int32]*brokerInfo
	topics  map[string]*topicInfo
	dyn     dynamicImage // configs.go
}

type brokerInfo struct {
	id     int32
	epoch  int64
	host   string
	port   int32
	fenced bool
}

type topicInfo struct {
	name   string
	id     uuid.UUID
	config metadata.TopicConfig
	parts  []metadata.Partition
	// overrides are the topic's dynamic configs (configs.go); config is
	// the effective config on this broker.
	overrides map[string]string
}

func newImage() image {
	return image{brokers: map[int32]*brokerInfo{}, topics: map[string]*topicInfo{}}
}

func (im *image) topicNames() []string { return slices.Sorted(maps.Keys(im.topics)) }

func (im *image) partition(tp protocol.TopicPartition) (*topicInfo, metadata.Partition, bool) {
	t, ok := im.topics[tp.Topic]
	if !ok || tp.Partition < 0 || int(tp.Partition) >= len(t.parts) {
		return nil, metadata.Partition{}, false
	}
	return t, t.parts[tp.Partition], true
}

// replay applies one metadata record (BrokerMetadataPublisher): brokers and
// topics go into the image; partition records also make this broker a
// leader or follower of the replicas it hosts (ReplicaManager.applyDelta).
func (b *Broker) replay(env *sim.Env, r *protocol.MetadataRecord) {
	im := &b.image
	switch {
	case r.RegisterBroker != nil:
		rb := r.RegisterBroker
		if old, ok := im.brokers[rb.BrokerID]; ok && old.epoch != rb.BrokerEpoch && !b.loading {
			b.leaderRestarted(env, rb.BrokerID)
		}
		im.brokers[rb.BrokerID] = &brokerInfo{id: rb.BrokerID, epoch: rb.BrokerEpoch, host: rb.Host, port: rb.Port, fenced: rb.Fenced}
		if rb.BrokerID == b.cfg.ID && rb.BrokerEpoch == b.epoch && b.fenced {
			// Caught up with its own registration: ask to be unfenced now
			// rather than at the next heartbeat
			// (BrokerLifecycleManager.setReadyToUnfence).
			b.heartbeatSoon = true
		}
	case r.FenceBroker != nil:
		if info, ok := im.brokers[r.FenceBroker.BrokerID]; ok {
			info.fenced = true
		}
	case r.UnfenceBroker != nil:
		if info, ok := im.brokers[r.UnfenceBroker.BrokerID]; ok {
			info.fenced = false
		}
	case r.Topic != nil:
		b.replayTopicRecord(r.Topic)
	case r.Partition != nil:
		b.replayPartition(env, r.Partition.Topic, r.Partition.Partition, r.Partition.Registration)
	case r.PartitionChange != nil:
		b.replayPartition(env, r.PartitionChange.Topic, r.PartitionChange.Partition, r.PartitionChange.Registration)
	case r.RemoveTopic != nil:
		b.removeTopic(env, r.RemoveTopic.Name)
	case r.Config != nil:
		b.replayConfig(env, r.Config)
	}
}

func (b *Broker) replayPartition(env *sim.Env, topic string, p int32, reg metadata.Partition) {
	t, ok := b.image.topics[topic]
	if !ok {
		return
	}
	for int(p) >= len(t.parts) {
		t.parts = append(t.parts, metadata.Partition{Leader: metadata.NoLeader})
	}
	t.parts[p] = reg.Clone()
	if b.loading {
		return // published once caught up
	}
	b.applyPartition(env, t, protocol.TopicPartition{Topic: topic, Partition: p}, reg)
}

// applyPartition makes the broker's replica of tp follow the registration:
// created when the broker is newly assigned, made leader or follower when the
// leader or its epoch changes, its ISR updated otherwise
// (ReplicaManager.applyLocalLeadersDelta and applyLocalFollowersDelta).
func (b *Broker) applyPartition(env *sim.Env, t *topicInfo, tp protocol.TopicPartition, reg metadata.Partition) {
	r := b.replicas[tp]
	if !reg.IsReplica(b.cfg.ID) {
		if r != nil {
			b.removeReplica(env, tp, kerr.NotLeaderOrFollower)
		}
		return
	}
	if r == nil {
		var err error
		if r, err = b.openReplica(env, t, tp); err != nil {
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d cannot open the log of %s", b.cfg.ID, tp), Summary: err.Error()})
			return
		}
	}
	if reg.Leader == b.cfg.ID {
		wasFollowing := !r.IsLeader() && r.Leader != metadata.NoLeader
		oldLeader := r.Leader
		if r.MakeLeader(reg, env.Now()) {
			if reg.Recovering {
				// Partition.makeLeader's state-change log line (KIP-704).
				env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d: the topic partition %s was marked as RECOVERING. Marking the topic partition as RECOVERED.", b.cfg.ID, tp),
					Summary: "elected uncleanly; its first ISR expansion tells the controller"})
			}
			// The new epoch starts at the LEO in the leader-epoch cache at once
			// (Partition.makeLeader → maybeAssignEpochStartOffset), so the
			// leader can answer a follower's LastFetchedEpoch before it
			// appends anything, even with an empty log.
			if err := r.Log.AssignEpochStart(reg.LeaderEpoch, r.LEO()); err != nil {
				env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d cannot record leader epoch %d of %s", b.cfg.ID, reg.LeaderEpoch, tp), Summary: err.Error()})
			}
			if wasFollowing {
				b.stopFetching(tp, oldLeader)
			}
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d becomes the leader of %s (leader epoch %d)", b.cfg.ID, tp, reg.LeaderEpoch),
				Summary: fmt.Sprintf("LEO %d, HW %d, ISR %v", r.LEO(), r.HW, r.ISR)})
		}
		b.maybeIncrementHW(env, r)
		return
	}
	oldLeader, wasLeader := r.Leader, r.IsLeader()
	if r.MakeFollower(reg) {
		if wasLeader {
			b.failProduces(env, tp, kerr.NotLeaderOrFollower)
		} else if oldLeader != metadata.NoLeader {
			b.stopFetching(tp, oldLeader)
		}
		if reg.Leader != metadata.NoLeader {
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d follows broker %d for %s (leader epoch %d)", b.cfg.ID, reg.Leader, tp, reg.LeaderEpoch)})
			b.startFetching(env, tp, reg.Leader)
		}
	} else {
		r.UpdateISR(reg)
	}
}

// openReplica creates the replica of tp on this broker, with its log in the
// storage the broker's StorageFunc gives.
func (b *Broker) openReplica(env *sim.Env, t *topicInfo, tp protocol.TopicPartition) (*replica.Partition, error) {
	_, onDisk := b.disk.storages[tp]
	lg, hw, err := b.loadLog(env, tp, logConfig(t.config))
	if err != nil {
		return nil, fmt.Errorf("broker: open log of %s: %w", tp, err)
	}
	r := &replica.Partition{TP: tp, BrokerID: b.cfg.ID, Log: lg, Config: t.config, Leader: metadata.NoLeader, LeaderEpoch: -1, PartitionEpoch: -1, HW: hw,
		UnsafeTestBugHWIgnoresISR: b.cfg.UnsafeTestBugHWIgnoresISR}
	b.replicas[tp] = r
	b.sorted = nil
	if !onDisk {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d creates the replica %s", b.cfg.ID, tp)})
	}
	return r, nil
}

// logConfig maps a topic's configs onto the log's.
func logConfig(c metadata.TopicConfig) log.Config {
	lc := log.DefaultConfig()
	lc.SegmentBytes = c.SegmentBytes
	lc.SegmentMs = c.SegmentMs
	lc.SegmentJitterMs = c.SegmentJitterMs
	lc.SegmentIndexBytes = c.SegmentIndexBytes
	lc.IndexIntervalBytes = c.IndexIntervalBytes
	lc.RetentionMs = c.RetentionMs
	lc.RetentionBytes = c.RetentionBytes
	lc.MaxMessageBytes = c.MaxMessageBytes
	lc.CleanupPolicy = c.CleanupPolicy
	if c.MessageTimestampType != "" {
		lc.MessageTimestampType = c.MessageTimestampType
	}
	return lc
}

// removeTopic deletes every replica of a deleted topic.
func (b *Broker) removeTopic(env *sim.Env, name string) {
	delete(b.image.topics, name)
	for _, tp := range b.sortedReplicas() {
		if tp.Topic == name {
			b.removeReplica(env, tp, kerr.UnknownTopicOrPartition)
		}
	}
}

// removeReplica stops the replica: waiting produces fail with why, fetching
// stops, and its files are deleted (Kafka renames the directory with a
// -delete suffix and deletes it later).
func (b *Broker) removeReplica(env *sim.Env, tp protocol.TopicPartition, why *kerr.Error) {
	r := b.replicas[tp]
	b.failProduces(env, tp, why)
	if !r.IsLeader() && r.Leader != metadata.NoLeader {
		b.stopFetching(tp, r.Leader)
	}
	delete(b.replicas, tp)
	b.sorted = nil
	b.disk.forget(tp)
	st := r.Log.Storage()
	_ = r.Log.Close()
	if names, err := st.List(); err == nil {
		for _, n := range names {
			_ = st.Remove(n)
		}
	}
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d deletes the replica %s", b.cfg.ID, tp)})
}
