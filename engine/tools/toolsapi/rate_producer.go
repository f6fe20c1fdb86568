package toolsapi

// A RateProducerCluster runs long-lived producers that send at a steady
// rate on the simulated clock (the producer lab command): engine/cluster
// implements it.
type RateProducerCluster interface {
	// StartRateProducer starts a producer client node called spec.Name.
	StartRateProducer(spec RateProducerSpec) error
	// StopRateProducer stops sending, flushes what is in flight as
	// KafkaProducer.close does, and keeps the producer's counts.
	StopRateProducer(name string) error
	// RateProducers lists the lab's rate producers, sorted by name.
	RateProducers() []RateProducerInfo
}

// RateProducerSpec describes a rate producer.
type RateProducerSpec struct {
	Name      string
	Topic     string
	PerSecond int // records per simulated second, 1 to MaxRatePerSecond
	Keys      int // 0: null keys; n: keys "key-0" … "key-<n-1>" in turn
	Count     int // stop after this many records; 0: until stopped
	// Properties are producer configs by Kafka name (acks, linger.ms …).
	Properties map[string]string
}

// MaxRatePerSecond bounds a rate producer's rate: the lab's clock ticks in
// milliseconds.
const MaxRatePerSecond = 1000

// RateProducerInfo is one rate producer as the lab shows it.
type RateProducerInfo struct {
	Name      string
	Topic     string
	PerSecond int
	Running   bool
	Sent      int64 // records handed to send
	Acked     int64 // records with a successful delivery report
	Failed    int64 // records whose delivery failed
	LastErr   string
}
