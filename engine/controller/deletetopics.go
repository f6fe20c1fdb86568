package controller

import (
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// handleDeleteTopics answers DeleteTopics
// (ReplicationControlManager.deleteTopics): an unknown name is
// UNKNOWN_TOPIC_OR_PARTITION; a known one is removed with a RemoveTopicRecord,
// and brokers delete their replicas when they replay it. Kafka also refuses
// internal topics unless configured; the lab has none yet.
func (c *Controller) handleDeleteTopics(env *sim.Env, from sim.NodeID, req *protocol.DeleteTopicsRequest) {
	resp := &protocol.DeleteTopicsResponse{CorrelationID: req.CorrelationID}
	var sum []string
	for _, name := range req.Names {
		res := protocol.TopicResult{Name: name}
		if t, ok := c.topics[name]; !ok {
			res.Err = kerr.Wrap(kerr.UnknownTopicOrPartition, "Topic '%s' does not exist.", name)
		} else {
			delete(c.topics, name)
			c.append(env, protocol.MetadataRecord{RemoveTopic: &protocol.RemoveTopicRecord{TopicID: t.ID, Name: name}})
		}
		resp.Results = append(resp.Results, res)
		sum = append(sum, name+": "+protocol.ErrName(res.Err))
	}
	c.respond(env, from, protocol.APIDeleteTopics, resp, "DeleteTopicsResponse", strings.Join(sum, ", "))
}
