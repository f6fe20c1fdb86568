package cluster

import (
	"fmt"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

var _ toolsapi.ConfigCluster = (*Cluster)(nil)

// staticBrokerConfigs are the cluster-level settings of cfg that differ
// from Kafka's defaults, by Kafka name, as each broker's server.properties
// would hold them for kafka-configs.sh --describe --all.
func staticBrokerConfigs(cfg Config) map[string]string {
	out := map[string]string{}
	if cfg.NumPartitions > 0 && cfg.NumPartitions != controller.DefaultNumPartitions {
		out["num.partitions"] = strconv.Itoa(int(cfg.NumPartitions))
	}
	if cfg.DefaultReplicationFactor > 0 && cfg.DefaultReplicationFactor != controller.DefaultReplicationFactor {
		out["default.replication.factor"] = strconv.Itoa(int(cfg.DefaultReplicationFactor))
	}
	if cfg.SessionTimeoutMs > 0 && cfg.SessionTimeoutMs != controller.DefaultSessionTimeoutMs {
		out["broker.session.timeout.ms"] = strconv.FormatInt(cfg.SessionTimeoutMs, 10)
	}
	if cfg.DisableAutoLeaderRebalance {
		out["auto.leader.rebalance.enable"] = "false"
	}
	if ms := cfg.LeaderImbalanceCheckIntervalMs; ms > 0 && ms != controller.DefaultLeaderImbalanceCheckIntervalMs {
		// leader.imbalance.check.interval.seconds; the lab may check more
		// often than once a second.
		out["leader.imbalance.check.interval.seconds"] = strconv.FormatInt(max(ms/1000, 1), 10)
	}
	return out
}

// configResource maps kafka-configs.sh's entity type and name to a
// ConfigResource.
func configResource(entityType, name string) (protocol.ConfigResource, error) {
	switch entityType {
	case "topics":
		return protocol.ConfigResource{Type: protocol.ResourceTopic, Name: name}, nil
	case "brokers":
		return protocol.ConfigResource{Type: protocol.ResourceBroker, Name: name}, nil
	}
	return protocol.ConfigResource{}, kerr.Wrap(kerr.InvalidRequest, "lab: entity type %s is not modelled", entityType)
}

// DescribeConfigs implements toolsapi.ConfigCluster: admin-1 sends
// DescribeConfigs with synonyms to a broker, the named broker itself for a
// broker resource, as Kafka's admin client routes it.
func (c *Cluster) DescribeConfigs(entityType, name string) ([]toolsapi.ConfigEntry, error) {
	res, err := configResource(entityType, name)
	if err != nil {
		return nil, err
	}
	to, err := c.bootstrap()
	if err != nil {
		return nil, err
	}
	if res.Type == protocol.ResourceBroker && name != "" {
		// The admin client sends it to that broker, and waits for a node
		// that is not in the cluster (or not up) until it times out.
		id, err := strconv.ParseInt(name, 10, 32)
		if err != nil || id < 1 || int(id) > len(c.brokers) || !c.sim.IsUp(broker.NodeID(int32(id))) {
			return nil, kerr.Wrap(kerr.RequestTimedOut, "Timed out waiting for a node assignment. Call: describeConfigs")
		}
		to = broker.NodeID(int32(id))
	}
	resp, err := c.call(AdminNode, to, protocol.APIDescribeConfigs, fmt.Sprintf("DescribeConfigs(%s %q)", entityType, name), func(corr int32) any {
		return &protocol.DescribeResourceConfigsRequest{CorrelationID: corr, Resources: []protocol.ConfigResource{res}}
	})
	if err != nil {
		return nil, err
	}
	r := resp.(*protocol.DescribeResourceConfigsResponse).Results[0]
	if r.Err != nil {
		return nil, r.Err
	}
	out := make([]toolsapi.ConfigEntry, 0, len(r.Entries))
	for _, e := range r.Entries {
		te := toolsapi.ConfigEntry{Name: e.Name, Value: e.Value, Source: e.Source, ReadOnly: e.ReadOnly}
		for _, s := range e.Synonyms {
			te.Synonyms = append(te.Synonyms, toolsapi.ConfigSynonym{Name: s.Name, Value: s.Value, Source: s.Source})
		}
		out = append(out, te)
	}
	return out, nil
}

// AlterConfigs implements toolsapi.ConfigCluster: admin-1 sends
// IncrementalAlterConfigs to the active controller, then the call waits until every
// broker that is up has replayed the ConfigRecords, so the change is in
// effect when it returns.
func (c *Cluster) AlterConfigs(entityType, name string, ops []toolsapi.ConfigOp) error {
	res, err := configResource(entityType, name)
	if err != nil {
		return err
	}
	var pops []protocol.AlterConfigOp
	for _, op := range ops {
		p := protocol.AlterConfigOp{Name: op.Name, Value: op.Value, Op: protocol.OpSet}
		if op.Delete {
			p.Op = protocol.OpDelete
		}
		pops = append(pops, p)
	}
	resp, err := c.callController(protocol.APIIncrementalAlterConfigs, fmt.Sprintf("IncrementalAlterConfigs(%s %q)", entityType, name), func(corr int32) any {
		return &protocol.IncrementalAlterConfigsRequest{CorrelationID: corr, Resources: []protocol.AlterConfigsResource{{Resource: res, Ops: pops}}}
	})
	if err != nil {
		return err
	}
	if err := resp.(*protocol.IncrementalAlterConfigsResponse).Results[0].Err; err != nil {
		return err
	}
	return c.waitForMetadata()
}
