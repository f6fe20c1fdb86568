package partitioner

import (
	"strconv"
	"strings"
)

// A Reason says which rule of KafkaProducer.partition chose a partition.
type Reason string

// The rules, in the order the Java producer tries them.
const (
	ReasonExplicit   Reason = "explicit"    // the record named its partition
	ReasonRoundRobin Reason = "round-robin" // partitioner.class=RoundRobinPartitioner
	ReasonKey        Reason = "key"         // murmur2 of the serialized key
	ReasonSticky     Reason = "sticky"      // the built-in uniform sticky partitioner (KIP-794)
)

// A Choice is one partition decision together with the numbers behind it, so
// the lab's trace can show the arithmetic step by step, for example
// murmur2("user-2") = -324981792, & 0x7fffffff = 1822501856, % 3 = 2.
type Choice struct {
	Partition     int    // the chosen partition
	Reason        Reason // the rule that chose it
	NumPartitions int    // all partitions of the topic, available or not

	// For ReasonKey.
	Key      []byte // the serialized key; aliases the caller's slice
	Hash     int32  // Murmur2(Key)
	Positive int32  // ToPositive(Hash), or ToPositive(Counter) for ReasonRoundRobin

	// For ReasonRoundRobin.
	Counter int32 // the topic's counter before this record
	Among   int   // the pick was made among this many partitions (available ones, or all)

	// For ReasonSticky.
	Produced int  // bytes produced to the sticky partition before this record
	Picked   bool // the sticky partition was picked for this record; Pick says how
	Pick     Pick // the pick, when Picked
}

// A Pick records how the uniform sticky partitioner picked a new partition
// (BuiltInPartitioner.nextPartition).
type Pick struct {
	From      int   // the previous sticky partition, or -1 for the first pick
	Partition int   // the new sticky partition
	Random    int32 // Utils.toPositive(random.nextInt())
	Among     int   // the number of candidates: available partitions, or all when none is
	Weighted  bool  // adaptive partitioning chose by queue sizes
	Total     int   // when Weighted: the cumulative frequency table's last value; Random % Total was looked up
}

// String renders the pick as one line for the trace.
func (p Pick) String() string {
	s := "pick partition " + strconv.Itoa(p.Partition)
	if p.Weighted {
		return s + ": random " + strconv.Itoa(int(p.Random)) + " % " + strconv.Itoa(p.Total) + " = " +
			strconv.Itoa(int(p.Random)%max(p.Total, 1)) + " in the queue-size weighted table of " +
			strconv.Itoa(p.Among) + " partitions"
	}
	return s + ": random " + strconv.Itoa(int(p.Random)) + " % " + strconv.Itoa(p.Among) + " = index " +
		strconv.Itoa(int(p.Random)%max(p.Among, 1))
}

// String renders the decision as one line for the trace.
func (c Choice) String() string {
	var b strings.Builder
	n := strconv.Itoa(c.NumPartitions)
	switch c.Reason {
	case ReasonExplicit:
		b.WriteString("explicit partition " + strconv.Itoa(c.Partition) + " of " + n)
	case ReasonKey:
		b.WriteString("murmur2(" + strconv.Quote(string(c.Key)) + ") = " + strconv.Itoa(int(c.Hash)))
		b.WriteString(", & 0x7fffffff = " + strconv.Itoa(int(c.Positive)))
		b.WriteString(", % " + n + " = " + strconv.Itoa(c.Partition))
	case ReasonRoundRobin:
		b.WriteString("round-robin counter " + strconv.Itoa(int(c.Counter)))
		b.WriteString(", & 0x7fffffff = " + strconv.Itoa(int(c.Positive)))
		b.WriteString(", % " + strconv.Itoa(c.Among) + " = index " + strconv.Itoa(int(c.Positive)%max(c.Among, 1)))
		b.WriteString(" → partition " + strconv.Itoa(c.Partition))
	case ReasonSticky:
		b.WriteString("no key: sticky partition " + strconv.Itoa(c.Partition) +
			" (" + strconv.Itoa(c.Produced) + " bytes produced to it so far)")
		if c.Picked {
			b.WriteString("; " + c.Pick.String())
		}
	default:
		b.WriteString("partition " + strconv.Itoa(c.Partition))
	}
	return b.String()
}
