package controller

import (
	"fmt"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// handleCreateTopics answers CreateTopics
// (ReplicationControlManager.createTopics), checking each topic in Kafka's
// order: the name (TOPIC_ALREADY_EXISTS, INVALID_TOPIC_EXCEPTION, collisions),
// the configs (INVALID_CONFIG), then either the manual assignment
// (INVALID_REQUEST when combined with a count, INVALID_REPLICA_ASSIGNMENT) or
// the partition count and replication factor, -1 meaning num.partitions and
// default.replication.factor (INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR).
// Replicas are placed over the unfenced brokers with AdminUtils' layout,
// whose start index and shift are drawn from the controller's seeded
// placement stream. A created topic is a TopicRecord followed by one
// PartitionRecord per partition.
//
// A replication factor above the registered brokers is refused with
// StripedReplicaPlacer's message, as Kafka 4.1 words it. Deviation: Kafka
// places with StripedReplicaPlacer, which may put replicas on fenced
// brokers; the lab places over the unfenced ones with AdminUtils and, when
// they are too few, reports AdminUtils' message ("Replication factor: 3
// larger than available brokers: 2.").
func (c *Controller) handleCreateTopics(env *sim.Env, from sim.NodeID, req *protocol.CreateTopicsRequest) {
	resp := &protocol.CreateTopicsResponse{CorrelationID: req.CorrelationID}
	var names []string
	for _, ct := range req.Topics {
		res := c.createTopic(env, ct, req.ValidateOnly)
		resp.Topics = append(resp.Topics, res)
		names = append(names, ct.Name+": "+protocol.ErrName(res.Err))
	}
	c.respond(env, from, protocol.APICreateTopics, resp, "CreateTopicsResponse", strings.Join(names, ", "))
}

func (c *Controller) createTopic(env *sim.Env, ct protocol.CreatableTopic, validateOnly bool) protocol.CreatableTopicResult {
	res := protocol.CreatableTopicResult{Name: ct.Name, NumPartitions: -1, ReplicationFactor: -1}
	fail := func(err error) protocol.CreatableTopicResult { res.Err = err; return res }
	if _, err := metadata.CheckNewTopicName(ct.Name, c.topicNames()); err != nil {
		return fail(err)
	}
	cfg, err := c.topicConfig(ct.Configs)
	if err != nil {
		return fail(err)
	}
	assignment := ct.Assignment
	if len(assignment) > 0 {
		if ct.NumPartitions != -1 || ct.ReplicationFactor != -1 {
			return fail(kerr.Wrap(kerr.InvalidRequest, "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time."))
		}
		if err := metadata.ValidateReplicaAssignment(assignment, c.registeredBrokers(), c.alive); err != nil {
			return fail(err)
		}
	} else {
		parts, rf := int(ct.NumPartitions), int(ct.ReplicationFactor)
		if parts == -1 {
			parts = int(c.cfg.NumPartitions)
		}
		if rf == -1 {
			rf = int(c.cfg.DefaultReplicationFactor)
		}
		if parts == 0 || parts < -1 {
			return fail(kerr.Wrap(kerr.InvalidPartitions, "Number of partitions was set to an invalid non-positive value."))
		}
		if rf == 0 || rf < -1 {
			return fail(kerr.Wrap(kerr.InvalidReplicationFactor, "Replication factor must be larger than 0, or -1 to use the default value."))
		}
		brokers := c.usableBrokers()
		if len(brokers) == 0 {
			return fail(kerr.Wrap(kerr.InvalidReplicationFactor, "Unable to replicate the partition %d time(s): All brokers are currently fenced.", rf))
		}
		if registered := len(c.registeredBrokers()); rf > registered {
			return fail(kerr.Wrap(kerr.InvalidReplicationFactor, "Unable to replicate the partition %d time(s): The target replication factor of %d cannot be reached because only %d broker(s) are registered.", rf, rf, registered))
		}
		layout := metadata.RandomLayout(len(brokers), env.Rand(placementStream))
		assignment, err = metadata.AssignReplicas(brokers, parts, rf, layout)
		if err != nil {
			return fail(err)
		}
	}
	t, err := metadata.NewTopic(ct.Name, env.NewUUID(), assignment, cfg, c.alive)
	if err != nil {
		return fail(err)
	}
	res.ID, res.NumPartitions, res.ReplicationFactor = t.ID, int32(len(t.Partitions)), int16(t.ReplicationFactor())
	if validateOnly {
		return res
	}
	c.topics[t.Name] = &t
	recs := []protocol.MetadataRecord{{Topic: &protocol.TopicRecord{Name: t.Name, ID: t.ID, Config: t.Config}}}
	for i, p := range t.Partitions {
		recs = append(recs, protocol.MetadataRecord{Partition: &protocol.PartitionRecord{
			TopicID: t.ID, Topic: t.Name, Partition: int32(i), Registration: p.Clone(),
		}})
	}
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("controller creates %s: %d partition(s) × RF %d", t.Name, len(t.Partitions), t.ReplicationFactor()), Summary: placementSummary(t)})
	c.append(env, recs...)
	return res
}

// topicConfig parses --config overrides over the broker-level defaults, so a
// topic without overrides inherits e.g. the cluster's min.insync.replicas.
func (c *Controller) topicConfig(args []string) (metadata.TopicConfig, error) {
	parsed, err := metadata.ParseTopicConfig(args)
	if err != nil {
		return parsed, err
	}
	cfg := c.topicDefaults()
	for _, name := range metadata.TopicConfigNames() {
		if !parsed.IsSet(name) {
			continue
		}
		v, _ := parsed.Get(name)
		if err := cfg.Set(name, v); err != nil {
			return parsed, err
		}
	}
	return cfg, nil
}

func placementSummary(t metadata.Topic) string {
	var b strings.Builder
	for i, p := range t.Partitions {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "P%d %v leader %d", i, p.Replicas, p.Leader)
	}
	return b.String()
}
