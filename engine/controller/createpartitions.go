package controller

import (
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// handleCreatePartitions answers CreatePartitions
// (ReplicationControlManager.createPartitions): the topic must exist
// (UNKNOWN_TOPIC_OR_PARTITION) and the count must grow (INVALID_PARTITIONS);
// a manual assignment is checked like a new topic's, otherwise the new
// partitions are placed as AdminZkClient places added partitions. Each new
// partition is a PartitionRecord. Existing partitions never move, so keyed
// records hash to different partitions afterwards — as in Kafka.
func (c *Controller) handleCreatePartitions(env *sim.Env, from sim.NodeID, req *protocol.CreatePartitionsRequest) {
	resp := &protocol.CreatePartitionsResponse{CorrelationID: req.CorrelationID}
	var sum []string
	for _, ct := range req.Topics {
		res := protocol.TopicResult{Name: ct.Name, Err: c.createPartitions(env, ct)}
		resp.Results = append(resp.Results, res)
		sum = append(sum, ct.Name+": "+protocol.ErrName(res.Err))
	}
	c.respond(env, from, protocol.APICreatePartitions, resp, "CreatePartitionsResponse", strings.Join(sum, ", "))
}

func (c *Controller) createPartitions(env *sim.Env, ct protocol.CreatePartitionsTopic) error {
	t, ok := c.topics[ct.Name]
	if !ok {
		return kerr.Wrap(kerr.UnknownTopicOrPartition, "Topic '%s' does not exist.", ct.Name)
	}
	cur := int32(len(t.Partitions))
	switch {
	case ct.Count < cur:
		return kerr.Wrap(kerr.InvalidPartitions, "The topic %s currently has %d partition(s); %d would not be an increase.", ct.Name, cur, ct.Count)
	case ct.Count == cur:
		return kerr.Wrap(kerr.InvalidPartitions, "Topic already has %d partition(s).", cur)
	}
	existing := make([][]int32, len(t.Partitions))
	for i, p := range t.Partitions {
		existing[i] = p.Replicas
	}
	var added [][]int32
	if len(ct.Assignment) > 0 {
		if err := metadata.ValidateNewPartitionAssignment(existing, ct.Assignment, int(ct.Count), c.registeredBrokers(), c.alive); err != nil {
			return err
		}
		added = ct.Assignment
	} else {
		var err error
		if added, err = metadata.AssignNewPartitions(c.usableBrokers(), existing, int(ct.Count)); err != nil {
			return err
		}
	}
	// Build every new partition before adding any: one that cannot be
	// created fails the request without leaving the others in the image
	// with no record.
	parts := make([]metadata.Partition, 0, len(added))
	for _, replicas := range added {
		p, err := metadata.NewPartition(replicas, c.alive)
		if err != nil {
			return err
		}
		parts = append(parts, p)
	}
	var recs []protocol.MetadataRecord
	for i, p := range parts {
		t.Partitions = append(t.Partitions, p)
		recs = append(recs, protocol.MetadataRecord{Partition: &protocol.PartitionRecord{TopicID: t.ID, Topic: t.Name, Partition: cur + int32(i), Registration: p.Clone()}})
	}
	c.append(env, recs...)
	return nil
}
