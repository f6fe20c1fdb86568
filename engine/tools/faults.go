package tools

import "github.com/kafkalab/kafkalab/engine/sim"

// The interfaces below are optional extensions of Cluster. The Cluster
// contract has what Kafka's tools need; the lab's own commands need a little
// more (the whole trace, faults), and a cluster that offers it implements
// these. A lab command whose interface the cluster lacks says so and fails.

// A TraceSource gives the whole trace, including what the tools' requests
// did. sim.Sim has this method; a cluster can forward it. Without it, the
// trace command shows only what step and run returned.
type TraceSource interface {
	// TraceAfter returns the kept trace entries with Seq greater than seq.
	TraceAfter(seq uint64) []sim.TraceEntry
}

// A BrokerControl stops and restarts brokers (stop broker-2, start broker-2).
type BrokerControl interface {
	// StopBroker stops the broker's process, as a crash: its timers end and
	// messages to it are dropped; its log stays.
	StopBroker(id int32) error
	// StartBroker starts a stopped broker again.
	StartBroker(id int32) error
}

// A LinkControl slows and heals network links between nodes (slow, heal).
type LinkControl interface {
	// SlowLink adds ms of delay to every message from → to; 0 restores it.
	SlowLink(from, to sim.NodeID, ms int64) error
	// HealAll ends every network fault.
	HealAll() error
}

// A LeaderControl moves a partition's leadership (move-leader).
type LeaderControl interface {
	// MoveLeader makes broker the leader of the partition, as the controller
	// would after a preferred election; the broker must be in the ISR.
	MoveLeader(topic string, partition int32, broker int32) error
}
