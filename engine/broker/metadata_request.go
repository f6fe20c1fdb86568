package broker

import (
	"fmt"
	"maps"
	"slices"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// handleMetadata serves Metadata from the broker's own metadata image
// (KafkaApis.handleTopicMetadataRequest, KRaftMetadataCache): the unfenced
// brokers, and for each topic its partitions' leaders, epochs, replicas and
// ISRs. An unknown topic is UNKNOWN_TOPIC_OR_PARTITION; Kafka would create it
// when auto.create.topics.enable is on, which the lab does not model. The
// answer is only as fresh as the broker's replay of the metadata log: a
// client can be told a leader that has just moved, and learns of the move
// from NOT_LEADER_OR_FOLLOWER.
func (b *Broker) handleMetadata(env *sim.Env, from sim.NodeID, req *protocol.MetadataRequest) {
	im := &b.image
	resp := &protocol.MetadataResponse{CorrelationID: req.CorrelationID, ControllerID: -1}
	for _, id := range slices.Sorted(maps.Keys(im.brokers)) {
		if info := im.brokers[id]; !info.fenced {
			resp.Brokers = append(resp.Brokers, protocol.BrokerEndpoint{NodeID: id, Host: info.host, Port: info.port})
			if resp.ControllerID < 0 {
				// KRaft brokers report a random alive broker as the
				// controller, since clients cannot reach controllers.
				resp.ControllerID = id
			}
		}
	}
	names := req.Topics
	if names == nil {
		names = im.topicNames()
	}
	for _, name := range names {
		t, ok := im.topics[name]
		if !ok {
			resp.Topics = append(resp.Topics, protocol.TopicMetadata{Name: name, Err: kerr.Wrap(kerr.UnknownTopicOrPartition, "Topic '%s' does not exist.", name)})
			continue
		}
		tm := protocol.TopicMetadata{Name: name, ID: t.id, Internal: metadata.IsInternalTopic(name)}
		for i, p := range t.parts {
			pm := protocol.PartitionMetadata{Partition: int32(i), Leader: p.Leader, LeaderEpoch: p.LeaderEpoch,
				Replicas: slices.Clone(p.Replicas), ISR: slices.Clone(p.ISR)}
			for _, id := range p.Replicas {
				if !b.eligible(id) {
					pm.OfflineReplicas = append(pm.OfflineReplicas, id)
				}
			}
			tm.Partitions = append(tm.Partitions, pm)
		}
		resp.Topics = append(resp.Topics, tm)
	}
	env.Send(sim.Message{To: from, API: protocol.Response(protocol.APIMetadata), Body: resp,
		Label: fmt.Sprintf("MetadataResponse: %d broker(s), %d topic(s)", len(resp.Brokers), len(resp.Topics))})
}

// handleDescribeConfigs answers DescribeConfigs for topics from the image.
func (b *Broker) handleDescribeConfigs(env *sim.Env, from sim.NodeID, req *protocol.DescribeConfigsRequest) {
	resp := &protocol.DescribeConfigsResponse{CorrelationID: req.CorrelationID}
	for _, name := range req.Topics {
		res := protocol.TopicConfigResult{Name: name}
		if t, ok := b.image.topics[name]; ok {
			res.Config = t.config
		} else {
			res.Err = kerr.Wrap(kerr.UnknownTopicOrPartition, "Topic '%s' does not exist.", name)
		}
		resp.Results = append(resp.Results, res)
	}
	env.Send(sim.Message{To: from, API: protocol.Response(protocol.APIDescribeConfigs), Body: resp, Label: "DescribeConfigsResponse"})
}
