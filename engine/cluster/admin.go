package cluster

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/slicesort"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// CreateTopic implements toolsapi.Cluster: admin-1 sends CreateTopics to the
// controller, then the call waits until every broker that is up has replayed
// the new records, so the topic is usable when it returns (kafka-topics.sh
// returns as soon as the controller answers).
func (c *Cluster) CreateTopic(req toolsapi.CreateTopic) (toolsapi.CreatedTopic, error) {
	out := toolsapi.CreatedTopic{Name: req.Name}
	if metadata.HasCollisionChars(req.Name) {
		out.Warning = metadata.CollisionWarning
	}
	ct := protocol.CreatableTopic{Name: req.Name, NumPartitions: req.Partitions, ReplicationFactor: req.ReplicationFactor,
		Assignment: req.Assignment, Configs: req.Configs}
	if len(req.Assignment) > 0 && req.Partitions == 0 && req.ReplicationFactor == 0 {
		ct.NumPartitions, ct.ReplicationFactor = -1, -1
	}
	resp, err := c.callController(protocol.APICreateTopics, fmt.Sprintf("CreateTopics(%s)", req.Name), func(corr int32) any {
		return &protocol.CreateTopicsRequest{CorrelationID: corr, Topics: []protocol.CreatableTopic{ct}, TimeoutMs: requestTimeoutMs}
	})
	if err != nil {
		return out, err
	}
	res := resp.(*protocol.CreateTopicsResponse).Topics[0]
	if res.Err != nil {
		return out, res.Err
	}
	out.ID = res.ID
	return out, c.waitForMetadata()
}

// DeleteTopic implements toolsapi.Cluster.
func (c *Cluster) DeleteTopic(name string) error {
	resp, err := c.callController(protocol.APIDeleteTopics, fmt.Sprintf("DeleteTopics(%s)", name), func(corr int32) any {
		return &protocol.DeleteTopicsRequest{CorrelationID: corr, Names: []string{name}}
	})
	if err != nil {
		return err
	}
	if err := resp.(*protocol.DeleteTopicsResponse).Results[0].Err; err != nil {
		return err
	}
	return c.waitForMetadata()
}

// CreatePartitions implements toolsapi.Cluster.
func (c *Cluster) CreatePartitions(topic string, total int32, assignment [][]int32) error {
	resp, err := c.callController(protocol.APICreatePartitions, fmt.Sprintf("CreatePartitions(%s, %d)", topic, total), func(corr int32) any {
		return &protocol.CreatePartitionsRequest{CorrelationID: corr, Topics: []protocol.CreatePartitionsTopic{{Name: topic, Count: total, Assignment: assignment}}}
	})
	if err != nil {
		return err
	}
	if err := resp.(*protocol.CreatePartitionsResponse).Results[0].Err; err != nil {
		return err
	}
	return c.waitForMetadata()
}

// ListTopics implements toolsapi.Cluster, from a broker's Metadata.
func (c *Cluster) ListTopics() ([]string, error) {
	md, err := c.metadata(AdminNode, nil)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, t := range md.Topics {
		names = append(names, t.Name)
	}
	slices.Sort(names)
	return names, nil
}

// DescribeTopics implements toolsapi.Cluster: partitions from a broker's
// Metadata, configs from DescribeConfigs, as kafka-topics.sh --describe
// gathers them.
func (c *Cluster) DescribeTopics(names []string) ([]toolsapi.TopicDescription, error) {
	var req []string
	if len(names) > 0 {
		req = slices.Clone(names)
	}
	md, err := c.metadata(AdminNode, req)
	if err != nil {
		return nil, err
	}
	var out []toolsapi.TopicDescription
	var cfgNames []string
	for _, t := range md.Topics {
		if t.Err != nil {
			return nil, t.Err
		}
		d := toolsapi.TopicDescription{Name: t.Name, ID: t.ID, Internal: t.Internal}
		for _, p := range t.Partitions {
			d.Partitions = append(d.Partitions, toolsapi.PartitionDescription{Partition: p.Partition, Leader: p.Leader,
				Replicas: slices.Clone(p.Replicas), ISR: slices.Clone(p.ISR)})
		}
		out = append(out, d)
		cfgNames = append(cfgNames, t.Name)
	}
	if len(cfgNames) > 0 {
		to, err := c.bootstrap()
		if err != nil {
			return nil, err
		}
		resp, err := c.call(AdminNode, to, protocol.APIDescribeConfigs, "DescribeConfigs("+strings.Join(cfgNames, ",")+")", func(corr int32) any {
			return &protocol.DescribeConfigsRequest{CorrelationID: corr, Topics: cfgNames}
		})
		if err != nil {
			return nil, err
		}
		for i, r := range resp.(*protocol.DescribeConfigsResponse).Results {
			if r.Err == nil {
				out[i].Configs = r.Config.Describe()
			}
		}
	}
	slicesort.Func(out, func(a, b toolsapi.TopicDescription) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// ForceLeader moves the leadership of topic's partition to broker, which
// must be an alive ISR member, through a controller-side election input (see
// controller.ForceLeader), and waits until the brokers know. Tests and
// lessons use it to make a client's metadata stale.
func (c *Cluster) ForceLeader(topic string, partition, brokerID int32) error {
	var ferr error
	ran := false
	tp := protocol.TopicPartition{Topic: topic, Partition: partition}
	ctl := c.shown()
	err := c.sim.Do(ctl.ID(), fmt.Sprintf("move the leadership of %s to broker %d", tp, brokerID), func(env *sim.Env) {
		ferr, ran = ctl.ForceLeader(env, tp, brokerID), true
	})
	if err != nil {
		return err
	}
	if err := c.runUntil(func() bool { return ran }, 1000); err != nil {
		return err
	}
	if ferr != nil {
		return kerr.Wrap(kerr.InvalidRequest, "%v", ferr)
	}
	return c.waitForMetadata()
}

// ElectPreferredLeaders runs kafka-leader-election.sh --election-type
// preferred for the given partitions of topic (all when none are given).
func (c *Cluster) ElectPreferredLeaders(topic string, partitions ...int32) ([]protocol.ElectionResult, error) {
	if len(partitions) == 0 {
		md, err := c.metadata(AdminNode, []string{topic})
		if err != nil {
			return nil, err
		}
		if md.Topics[0].Err != nil {
			return nil, md.Topics[0].Err
		}
		for _, p := range md.Topics[0].Partitions {
			partitions = append(partitions, p.Partition)
		}
	}
	var tps []protocol.TopicPartition
	for _, p := range partitions {
		tps = append(tps, protocol.TopicPartition{Topic: topic, Partition: p})
	}
	resp, err := c.callController(protocol.APIElectLeaders, "ElectLeaders(preferred, "+topic+")", func(corr int32) any {
		return &protocol.ElectLeadersRequest{CorrelationID: corr, Partitions: tps}
	})
	if err != nil {
		return nil, err
	}
	return resp.(*protocol.ElectLeadersResponse).Results, c.waitForMetadata()
}
