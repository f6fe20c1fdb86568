package controller

import (
	"fmt"
	"maps"
	"strings"

	"github.com/google/uuid"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// dynamicConfigs are the configs kafka-configs.sh changed
// (ConfigurationControlManager's configData): topic overrides by topic, and
// dynamic broker configs by broker id, "" being the cluster-wide default.
// A topic's overrides are derived from its TopicRecord config until its
// first change.
type dynamicConfigs struct {
	topics  map[string]topicOverrides
	brokers map[string]map[string]string
}

// topicOverrides are one topic's overrides; the id tells a re-created topic
// of the same name apart, whose overrides start again from its TopicRecord.
type topicOverrides struct {
	id      uuid.UUID
	configs map[string]string
}

// layers are the cluster-level sources of topic configs: the static
// defaults and the cluster-wide dynamic defaults. One broker's own dynamic
// configs apply on that broker only.
func (c *Controller) layers() metadata.ConfigLayers {
	return metadata.ConfigLayers{Static: metadata.StaticFromTopicDefaults(c.cfg.TopicDefaults), ClusterDynamic: c.dyn.brokers[""]}
}

// topicDefaults is what a new topic's config starts from: the static
// defaults under the cluster-wide dynamic ones.
func (c *Controller) topicDefaults() metadata.TopicConfig {
	cfg, err := c.layers().TopicConfig(nil)
	if err != nil {
		return c.cfg.TopicDefaults // the dynamic defaults were validated; cannot happen
	}
	return cfg
}

// topicOverrides returns a copy of the topic's dynamic overrides.
func (c *Controller) topicOverrides(t *metadata.Topic) map[string]string {
	if o, ok := c.dyn.topics[t.Name]; ok && o.id == t.ID {
		return maps.Clone(o.configs)
	}
	return c.layers().TopicOverrides(t.Config)
}

// handleIncrementalAlterConfigs answers IncrementalAlterConfigs
// (ConfigurationControlManager.incrementalAlterConfigs): each resource's
// operations are applied to its current configs, the result is validated
// with the rules of topic creation (topics: INVALID_CONFIG) or of
// DynamicBrokerConfig (brokers: INVALID_REQUEST), and each change becomes a
// ConfigRecord. A change that can let a leaderless partition elect an
// out-of-sync replica (unclean.leader.election.enable=true) runs unclean
// elections at once, as Kafka's controller does.
func (c *Controller) handleIncrementalAlterConfigs(env *sim.Env, from sim.NodeID, req *protocol.IncrementalAlterConfigsRequest) {
	resp := &protocol.IncrementalAlterConfigsResponse{CorrelationID: req.CorrelationID}
	var sum []string
	for _, r := range req.Resources {
		err := c.alterConfigs(env, r, req.ValidateOnly)
		resp.Results = append(resp.Results, protocol.AlterConfigsResult{Resource: r.Resource, Err: err})
		sum = append(sum, resourceName(r.Resource)+": "+protocol.ErrName(err))
	}
	c.respond(env, from, protocol.APIIncrementalAlterConfigs, resp, "IncrementalAlterConfigsResponse", strings.Join(sum, ", "))
}

func (c *Controller) alterConfigs(env *sim.Env, r protocol.AlterConfigsResource, validateOnly bool) error {
	if c.dyn.topics == nil {
		c.dyn = dynamicConfigs{topics: map[string]topicOverrides{}, brokers: map[string]map[string]string{}}
	}
	var (
		before, next map[string]string
		t            *metadata.Topic
	)
	switch r.Resource.Type {
	case protocol.ResourceTopic:
		var ok bool
		if t, ok = c.topics[r.Resource.Name]; !ok {
			return kerr.Wrap(kerr.UnknownTopicOrPartition, "The topic '%s' does not exist.", r.Resource.Name)
		}
		before = c.topicOverrides(t)
		next = applyOps(maps.Clone(before), r.Ops)
		if err := metadata.ValidateTopicOverrides(next); err != nil {
			return err
		}
	case protocol.ResourceBroker:
		before = c.dyn.brokers[r.Resource.Name]
		next = applyOps(maps.Clone(before), r.Ops)
		set := map[string]string{}
		for _, op := range r.Ops {
			if op.Op == protocol.OpSet {
				set[op.Name] = op.Value
			}
		}
		if err := metadata.ValidateBrokerConfigs(set); err != nil {
			return err
		}
	default:
		return kerr.Wrap(kerr.InvalidRequest, "Unsupported resource type %d", r.Resource.Type)
	}
	if validateOnly {
		return nil
	}
	// A ConfigRecord for each change only: setting a config to its current
	// value, or deleting one that is not set, writes nothing, as in
	// ConfigurationControlManager.
	var recs []protocol.MetadataRecord
	state := maps.Clone(before)
	for _, op := range r.Ops {
		cur, set := state[op.Name]
		rec := &protocol.ConfigRecord{Resource: r.Resource, Name: op.Name, Value: op.Value, Remove: op.Op == protocol.OpDelete}
		switch {
		case rec.Remove && !set, !rec.Remove && set && cur == op.Value:
			continue
		case rec.Remove:
			rec.Value = ""
		}
		state = applyOps(state, []protocol.AlterConfigOp{op})
		recs = append(recs, protocol.MetadataRecord{Config: rec})
	}
	if len(recs) == 0 {
		return nil
	}
	// Pin every topic's overrides before the layers under them change.
	for _, name := range c.topicNames() {
		tt := c.topics[name]
		c.dyn.topics[name] = topicOverrides{id: tt.ID, configs: c.topicOverrides(tt)}
	}
	if t != nil {
		c.dyn.topics[t.Name] = topicOverrides{id: t.ID, configs: next}
	} else {
		c.dyn.brokers[r.Resource.Name] = next
	}
	c.refreshTopicConfigs()
	env.Record(sim.TraceEntry{Label: "controller alters the configs of " + resourceName(r.Resource), Summary: opsSummary(r.Ops)})
	c.append(env, recs...)
	// ReplicationControlManager elects unclean leaders for leaderless
	// partitions once unclean.leader.election.enable allows it.
	c.electAll(env, func(p metadata.Partition) bool { return !p.HasLeader() })
	return nil
}

// refreshTopicConfigs recomputes every topic's effective config over the
// current layers, so the controller's own decisions (unclean elections)
// see dynamic changes.
func (c *Controller) refreshTopicConfigs() {
	l := c.layers()
	for _, name := range c.topicNames() {
		t := c.topics[name]
		if o, ok := c.dyn.topics[name]; ok && o.id == t.ID {
			if cfg, err := l.TopicConfig(o.configs); err == nil {
				t.Config = cfg
			}
		}
	}
}

// applyOps applies set and delete operations to configs in order.
func applyOps(configs map[string]string, ops []protocol.AlterConfigOp) map[string]string {
	if configs == nil {
		configs = map[string]string{}
	}
	for _, op := range ops {
		if op.Op == protocol.OpDelete {
			delete(configs, op.Name)
		} else {
			configs[op.Name] = op.Value
		}
	}
	return configs
}

func resourceName(r protocol.ConfigResource) string {
	switch {
	case r.Type == protocol.ResourceTopic:
		return "topic " + r.Name
	case r.Name == "":
		return "the default broker"
	}
	return "broker " + r.Name
}

func opsSummary(ops []protocol.AlterConfigOp) string {
	var parts []string
	for _, op := range ops {
		if op.Op == protocol.OpDelete {
			parts = append(parts, "delete "+op.Name)
		} else {
			parts = append(parts, op.Name+"="+op.Value)
		}
	}
	return strings.Join(parts, ", ")
}

func configSummary(r *protocol.ConfigRecord) string {
	if r.Remove {
		return fmt.Sprintf("%s: delete %s", resourceName(r.Resource), r.Name)
	}
	return fmt.Sprintf("%s: %s=%s", resourceName(r.Resource), r.Name, r.Value)
}

// applyConfig replays one committed ConfigRecord
// (ConfigurationControlManager.replay), so that a controller that becomes
// active rebuilds the dynamic configs the old one changed: the same steps
// alterConfigs takes when it writes the record.
func (c *Controller) applyConfig(r *protocol.ConfigRecord) {
	if c.dyn.topics == nil {
		c.dyn = dynamicConfigs{topics: map[string]topicOverrides{}, brokers: map[string]map[string]string{}}
	}
	op := protocol.AlterConfigOp{Name: r.Name, Value: r.Value, Op: protocol.OpSet}
	if r.Remove {
		op.Op = protocol.OpDelete
	}
	var t *metadata.Topic
	if r.Resource.Type == protocol.ResourceTopic {
		var ok bool
		if t, ok = c.topics[r.Resource.Name]; !ok {
			return
		}
	}
	for _, name := range c.topicNames() {
		tt := c.topics[name]
		c.dyn.topics[name] = topicOverrides{id: tt.ID, configs: c.topicOverrides(tt)}
	}
	if t != nil {
		o := c.dyn.topics[t.Name]
		o.configs = applyOps(o.configs, []protocol.AlterConfigOp{op})
		c.dyn.topics[t.Name] = o
	} else {
		c.dyn.brokers[r.Resource.Name] = applyOps(maps.Clone(c.dyn.brokers[r.Resource.Name]), []protocol.AlterConfigOp{op})
	}
	c.refreshTopicConfigs()
}
