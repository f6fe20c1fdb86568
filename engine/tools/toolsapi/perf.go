package toolsapi

// A PerfProducer runs kafka-producer-perf-test.sh's producer in simulated
// time. The tool asks for it with a type assertion.
type PerfProducer interface {
	// ProducePerf starts a fresh producer with spec.Properties, sends
	// record i (value spec.Values[i], no key) at spec.SendAt[i] ms after
	// the start, closes the producer after the last send (close flushes)
	// and runs until every record has its delivery report.
	ProducePerf(spec PerfProduceSpec) (PerfProduceResult, error)
}

// PerfProduceSpec is one kafka-producer-perf-test.sh run.
type PerfProduceSpec struct {
	Topic      string
	Values     [][]byte
	SendAt     []int64 // non-decreasing, ms after the start
	Properties map[string]string
	// Listener, if set, hears the run as it goes.
	Listener PerfListener
}

// A PerfListener hears a ProducePerf run as the tool's callbacks do:
// Started when the producer starts, then Settled for each record as its
// delivery report arrives, in the order the producer completes them (by
// time, and within one event in send order), so the tool prints its
// 5-second lines while the run goes on.
type PerfListener interface {
	Started(startMs int64)
	Settled(index int, ack PerfAck)
}

// PerfProduceResult is the outcome of a ProducePerf run, in simulated ms.
type PerfProduceResult struct {
	StartMs int64     // when the first record was sent
	EndMs   int64     // when close() returned: every record settled
	Acks    []PerfAck // one per record, in send order
}

// PerfAck is one record's send and completion time and its error.
type PerfAck struct {
	SentMs, AckMs int64
	Err           error
}

// A PerfConsumer runs kafka-consumer-perf-test.sh's consumer in simulated
// time. The tool asks for it with a type assertion.
type PerfConsumer interface {
	// ConsumePerf starts a group member that subscribes to spec.Topic and
	// polls until it has spec.Messages records or no record came for
	// spec.TimeoutMs, then closes it.
	ConsumePerf(spec PerfConsumeSpec) (PerfConsumeResult, error)
}

// PerfConsumeSpec is one kafka-consumer-perf-test.sh run.
type PerfConsumeSpec struct {
	Topic      string
	Group      string
	Messages   int64
	TimeoutMs  int64
	FromLatest bool              // auto.offset.reset=latest (--from-latest)
	Properties map[string]string // consumer configs
}

// PerfConsumeResult is the outcome of a ConsumePerf run, in simulated ms.
type PerfConsumeResult struct {
	StartMs  int64 // when the consumer subscribed
	JoinedMs int64 // when it first had its partitions assigned, or -1
	EndMs    int64 // when the poll loop ended
	TimedOut bool  // no record came for TimeoutMs before Messages were read
	Records  []PerfRecord
}

// PerfRecord is one consumed record: when its poll returned, and its key
// and value sizes summed.
type PerfRecord struct {
	AtMs  int64
	Bytes int
}

// A Breather lets its host pause during a tool's long work outside the
// simulation (kafka-producer-perf-test.sh filling 100,000 payloads), as it
// may between simulation steps. Breathe changes nothing. The tool asks for
// it with a type assertion.
type Breather interface {
	Breathe()
}
