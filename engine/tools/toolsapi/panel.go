package toolsapi

import "github.com/kafkalab/kafkalab/engine/sim"

// A PanelControl applies the live lab's panel inputs (engine/cluster,
// panel.go). The lab's panels call the same methods, so the tools' `panel …` is
// the exact twin of a panel input: "record a scenario" writes each panel input
// as one, and the recorded lesson replays to the same state hash. Like the
// panels, these commands only queue an input (or take effect now) and
// return at once; the learner steps through the consequences.
type PanelControl interface {
	PanelProduce(topic string, key, value []byte, partition int32, acks int16, newProducer bool) error
	PanelBroker(action string, id int32) error
	PanelConsumer(action string, m PanelConsumer) error
	PanelCreateTopic(req CreateTopic) error
	PanelLink(action string, from, to sim.NodeID, oneWay bool, delayMs int64) error
	PanelDrop(id uint64) error
}

// A PanelConsumer is the member the lab's consumer panel starts: one
// subscribed topic, read from the earliest offset when the group has no
// committed offset.
type PanelConsumer struct {
	Name     string // node and client.id
	Group    string
	Topic    string
	Assignor string // range, roundrobin, sticky, cooperative-sticky; "" for Kafka's default
	StaticID string // group.instance.id, "" for a dynamic member
	Commit   string // auto, after, before or none
}

// Spec is the member's ConsumerSpec.
func (m PanelConsumer) Spec() ConsumerSpec {
	return ConsumerSpec{Name: m.Name, Group: m.Group, Topics: []string{m.Topic}, Assignor: m.Assignor,
		StaticID: m.StaticID, Commit: m.Commit, AutoOffsetReset: "earliest"}
}
