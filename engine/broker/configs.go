package broker

import (
	"fmt"
	"maps"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// dynamicImage is the broker's replay of ConfigRecords: dynamic broker
// configs by broker id ("" is the cluster-wide default). A topic's own
// overrides live in its topicInfo.
type dynamicImage struct {
	brokers map[string]map[string]string
}

// layers are the sources this broker's topics fall back to: its static
// configs, the cluster-wide dynamic defaults and its own dynamic configs.
func (b *Broker) layers() metadata.ConfigLayers {
	static := metadata.StaticFromTopicDefaults(b.cfg.TopicDefaults)
	maps.Copy(static, b.staticConfigs())
	return metadata.ConfigLayers{Static: static,
		ClusterDynamic: b.image.dyn.brokers[""],
		BrokerDynamic:  b.image.dyn.brokers[strconv.Itoa(int(b.cfg.ID))]}
}

// staticConfigs are the broker's settings that differ from Kafka's
// defaults, as server.properties would set them.
func (b *Broker) staticConfigs() map[string]string {
	out := maps.Clone(b.cfg.StaticConfigs)
	if out == nil {
		out = map[string]string{}
	}
	set := func(name string, v, def int64) {
		if v != def {
			out[name] = strconv.FormatInt(v, 10)
		}
	}
	set("broker.heartbeat.interval.ms", b.cfg.HeartbeatIntervalMs, DefaultHeartbeatIntervalMs)
	set("replica.lag.time.max.ms", b.cfg.ReplicaLagTimeMaxMs, DefaultReplicaLagTimeMaxMs)
	set("replica.fetch.wait.max.ms", int64(b.cfg.ReplicaFetchWaitMaxMs), DefaultReplicaFetchWaitMaxMs)
	set("log.retention.check.interval.ms", b.cfg.RetentionCheckIntervalMs, DefaultRetentionCheckIntervalMs)
	return out
}

// replayTopicRecord adds a created topic to the image. Its config in the
// record is the controller's (static and cluster-wide layers with the
// creation overrides); the overrides are told apart from the layers, and
// this broker's own dynamic configs go under them.
func (b *Broker) replayTopicRecord(r *protocol.TopicRecord) {
	l := b.layers()
	t := &topicInfo{name: r.Name, id: r.ID, config: r.Config}
	t.overrides = metadata.ConfigLayers{Static: l.Static, ClusterDynamic: l.ClusterDynamic}.TopicOverrides(r.Config)
	if cfg, err := l.TopicConfig(t.overrides); err == nil {
		t.config = cfg
	}
	b.image.topics[r.Name] = t
}

// replayConfig applies a ConfigRecord (DynamicConfigPublisher): a topic's
// new config takes effect on its replicas here at once, a broker config on
// every topic without an override of it, when it is this broker's or the
// cluster-wide default.
func (b *Broker) replayConfig(env *sim.Env, r *protocol.ConfigRecord) {
	switch r.Resource.Type {
	case protocol.ResourceTopic:
		t, ok := b.image.topics[r.Resource.Name]
		if !ok {
			return
		}
		if t.overrides == nil {
			t.overrides = map[string]string{}
		}
		if r.Remove {
			delete(t.overrides, r.Name)
		} else {
			t.overrides[r.Name] = r.Value
		}
		b.refreshTopicConfig(env, t)
	case protocol.ResourceBroker:
		if b.image.dyn.brokers == nil {
			b.image.dyn.brokers = map[string]map[string]string{}
		}
		m := b.image.dyn.brokers[r.Resource.Name]
		if m == nil {
			m = map[string]string{}
			b.image.dyn.brokers[r.Resource.Name] = m
		}
		if r.Remove {
			delete(m, r.Name)
		} else {
			m[r.Name] = r.Value
		}
		if r.Resource.Name == "" || r.Resource.Name == strconv.Itoa(int(b.cfg.ID)) {
			for _, name := range b.image.topicNames() {
				b.refreshTopicConfig(env, b.image.topics[name])
			}
		}
	}
}

// refreshTopicConfig recomputes a topic's effective config and hands it to
// its replicas on this broker: the log's retention, roll and cleanup
// settings apply at its next retention check or append, min.insync.replicas
// at the next acks=all produce.
func (b *Broker) refreshTopicConfig(env *sim.Env, t *topicInfo) {
	cfg, err := b.layers().TopicConfig(t.overrides)
	if err != nil {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d cannot apply the configs of %s", b.cfg.ID, t.name), Summary: err.Error()})
		return
	}
	if cfg == t.config {
		return
	}
	t.config = cfg
	if b.loading {
		return // the replicas open with it once caught up
	}
	for _, tp := range b.sortedReplicas() {
		if tp.Topic != t.name {
			continue
		}
		r := b.replicas[tp]
		r.Config = cfg
		if err := r.Log.SetConfig(logConfig(cfg)); err != nil {
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d cannot apply the configs of %s", b.cfg.ID, tp), Summary: err.Error()})
			continue
		}
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d applies the new configs of %s", b.cfg.ID, tp), Summary: cfg.Describe()})
	}
}

// handleDescribeResourceConfigs answers DescribeConfigs with synonyms
// (ConfigHelper.describeConfigs): a topic's configs from the image, and this
// broker's own configs or the cluster-wide default broker configs. A broker
// resource naming another broker is INVALID_REQUEST, as Kafka answers it:
// each broker describes itself.
func (b *Broker) handleDescribeResourceConfigs(env *sim.Env, from sim.NodeID, req *protocol.DescribeResourceConfigsRequest) {
	resp := &protocol.DescribeResourceConfigsResponse{CorrelationID: req.CorrelationID}
	l := b.layers()
	for _, res := range req.Resources {
		out := protocol.ResourceConfigsResult{Resource: res}
		switch res.Type {
		case protocol.ResourceTopic:
			if t, ok := b.image.topics[res.Name]; ok {
				out.Entries = l.DescribeTopic(t.config, t.overrides)
			} else {
				out.Err = kerr.Wrap(kerr.UnknownTopicOrPartition, "The topic '%s' does not exist.", res.Name)
			}
		case protocol.ResourceBroker:
			switch res.Name {
			case "":
				// The default resource holds only the dynamic defaults set
				// (ConfigHelper describes currentDynamicDefaultConfigs), so
				// --all lists no more than --describe does.
				for _, e := range l.DescribeBroker(false) {
					if e.Source == metadata.SourceDynamicDefaultBroker {
						out.Entries = append(out.Entries, e)
					}
				}
			case strconv.Itoa(int(b.cfg.ID)):
				out.Entries = l.DescribeBroker(true)
			default:
				out.Err = kerr.Wrap(kerr.InvalidRequest, "Unexpected broker id, expected %d or empty string, but received %s", b.cfg.ID, res.Name)
			}
		default:
			out.Err = kerr.Wrap(kerr.InvalidRequest, "Unsupported resource type %d", res.Type)
		}
		resp.Results = append(resp.Results, out)
	}
	env.Send(sim.Message{To: from, API: protocol.Response(protocol.APIDescribeConfigs), Body: resp, Label: "DescribeConfigsResponse"})
}
