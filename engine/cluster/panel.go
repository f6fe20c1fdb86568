package cluster

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/producer"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// The live lab's panel inputs, one method per kind, shared by the lab's
// panels (engine/lab) and their twins in the terminal (`panel …`,
// engine/tools/lab_panel.go): a recorded scenario replays a panel input as
// a lab command that makes this very call, so it reaches the same state
// hash. Each one queues an input or takes effect now and returns at once;
// nothing runs until the caller steps.

var _ toolsapi.PanelControl = (*Cluster)(nil)

// PanelProduce sends one record from producer-1 with the given acks, as
// the produce panel does. partition is partitioner.NoPartition to let the
// producer choose; a nil key is a null key. With newProducer, producer-1
// starts over with the new acks (the panel does so on its first send and
// whenever acks change).
func (c *Cluster) PanelProduce(topic string, key, value []byte, partition int32, acks int16, newProducer bool) error {
	rec := producer.Record{Key: key, Value: value, Partition: partition}
	props := map[string]string{"acks": strconv.Itoa(int(acks))}
	return c.SubmitProduce(topic, []producer.Record{rec}, props, newProducer)
}

// PanelBroker applies a broker button: stop, start, crash, power-off,
// pause, resume, restart or shutdown (controlled; the process exits when
// FinishShutdowns sees it done, after a step).
func (c *Cluster) PanelBroker(action string, id int32) error {
	switch action {
	case "stop":
		return c.StopBroker(id)
	case "start":
		return c.StartBroker(id)
	case "crash":
		return c.SubmitCrashBroker(id)
	case "power-off":
		return c.SubmitPowerOffBroker(id)
	case "pause":
		return c.SubmitPauseBroker(id)
	case "resume":
		return c.SubmitResumeBroker(id)
	case "restart":
		return c.SubmitRestartBroker(id)
	case "shutdown":
		return c.SubmitShutdownBroker(id)
	}
	return fmt.Errorf("cluster: %q is not a broker button (stop, start, crash, power-off, pause, resume, restart, shutdown)", action)
}

// PanelConsumer applies the consumer panel: start member m (a new one, or
// a stopped one again with m's configuration), or stop (close), crash or
// restart member m.Name.
func (c *Cluster) PanelConsumer(action string, m toolsapi.PanelConsumer) error {
	switch action {
	case "start":
		return c.SubmitStartConsumer(m.Spec())
	case "stop":
		return c.SubmitStopConsumer(m.Name)
	case "crash":
		return c.SubmitCrashConsumer(m.Name)
	case "restart":
		return c.SubmitRestartConsumer(m.Name)
	}
	return fmt.Errorf("cluster: %q is not a consumer action (start, stop, crash, restart)", action)
}

// PanelCreateTopic queues the create-topic form's CreateTopics request.
func (c *Cluster) PanelCreateTopic(req toolsapi.CreateTopic) error {
	req.Configs = slices.Clone(req.Configs)
	return c.SubmitCreateTopic(req)
}

// PanelLink applies a link action of the cluster view: cut, heal or slow
// (by delayMs; 0 restores the speed) the link from → to, and to → from too
// unless oneWay.
func (c *Cluster) PanelLink(action string, from, to sim.NodeID, oneWay bool, delayMs int64) error {
	switch action {
	case "cut":
		return c.CutLink(from, to, oneWay)
	case "heal":
		return c.HealLink(from, to, oneWay)
	case "slow":
		if err := c.SlowLink(from, to, delayMs); err != nil || oneWay {
			return err
		}
		return c.SlowLink(to, from, delayMs)
	}
	return fmt.Errorf("cluster: %q is not a link action (cut, heal, slow)", action)
}

// PanelDrop loses message id in flight, as the cluster view's drop does.
func (c *Cluster) PanelDrop(id uint64) error {
	return c.sim.DropInFlight(sim.MessageID(id))
}
