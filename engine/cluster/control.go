package cluster

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// The lab commands' optional interfaces (engine/tools/faults.go).
var (
	_ toolsapi.TraceSource   = (*Cluster)(nil)
	_ toolsapi.BrokerControl = (*Cluster)(nil)
	_ toolsapi.LinkControl   = (*Cluster)(nil)
	_ toolsapi.LeaderControl = (*Cluster)(nil)
)

// TraceAfter implements toolsapi.TraceSource.
func (c *Cluster) TraceAfter(seq uint64) []sim.TraceEntry { return c.sim.TraceAfter(seq) }

func (c *Cluster) brokerByID(id int32) (*broker.Broker, error) {
	if id < 1 || int(id) > len(c.brokers) {
		return nil, fmt.Errorf("cluster: no broker %d (brokers are 1 to %d)", id, len(c.brokers))
	}
	return c.brokers[id-1], nil
}

// StopBroker implements toolsapi.BrokerControl: the broker's process is
// killed (CrashBroker): its timers end, messages to it are dropped, its logs
// stay on disk and everything it held in memory is gone — the metadata
// image, its leaderships, ISRs and high watermarks. The controller fences it
// after broker.session.timeout.ms without a heartbeat, which removes it from
// every ISR and moves the leadership of its partitions. StartBroker boots a
// new process that recovers its logs and acts on nothing until it has
// replayed the metadata log to the controller's end, as a Kafka broker
// waits for its MetadataLoader to catch up before the first publish: it
// never serves as a leader from the metadata it had when it stopped.
func (c *Cluster) StopBroker(id int32) error { return c.crash(id, false) }

// StartBroker implements toolsapi.BrokerControl: the node comes back up and the
// broker registers again (see broker.Broker.Start).
func (c *Cluster) StartBroker(id int32) error {
	b, err := c.brokerByID(id)
	if err != nil {
		return err
	}
	if c.sim.IsUp(b.ID()) {
		return fmt.Errorf("cluster: broker %d is already up", id)
	}
	if err := c.sim.Start(b.ID()); err != nil {
		return err
	}
	return c.sim.Do(b.ID(), fmt.Sprintf("start broker %d", id), b.Start)
}

// SlowLink implements toolsapi.LinkControl.
func (c *Cluster) SlowLink(from, to sim.NodeID, ms int64) error {
	c.sim.Net().Slow(from, to, ms)
	return nil
}

// HealAll implements toolsapi.LinkControl.
func (c *Cluster) HealAll() error {
	c.sim.Net().HealAll()
	return nil
}

// MoveLeader implements toolsapi.LeaderControl with ForceLeader.
func (c *Cluster) MoveLeader(topic string, partition int32, brokerID int32) error {
	return c.ForceLeader(topic, partition, brokerID)
}
