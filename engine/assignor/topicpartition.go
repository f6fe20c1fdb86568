package assignor

import (
	"slices"
	"strconv"
	"unicode/utf16"

	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// A TopicPartition names one partition of one topic (Kafka's TopicPartition).
type TopicPartition struct {
	Topic     string
	Partition int32
}

// String formats tp as Kafka's TopicPartition.toString does: "t0-1".
func (tp TopicPartition) String() string {
	return tp.Topic + "-" + strconv.Itoa(int(tp.Partition))
}

// compareTP orders partitions by topic, then partition, as Kafka's
// assignors list "all partitions sorted" (topics sorted with String.compareTo).
func compareTP(a, b TopicPartition) int {
	if c := javaCompare(a.Topic, b.Topic); c != 0 {
		return c
	}
	return int(a.Partition) - int(b.Partition)
}

// comparePartitionFirst orders partitions by partition number, then topic:
// the order in which AbstractStickyAssignor.constrainedAssign keeps a
// member's owned partitions ("sorted(comparing(partition).thenComparing(topic))").
func comparePartitionFirst(a, b TopicPartition) int {
	if a.Partition != b.Partition {
		return int(a.Partition) - int(b.Partition)
	}
	return javaCompare(a.Topic, b.Topic)
}

// SortPartitions sorts tps by topic, then partition.
func SortPartitions(tps []TopicPartition) { slicesort.Func(tps, compareTP) }

// javaCompare compares two strings as Java's String.compareTo does: by
// UTF-16 code units. It differs from Go's byte order only for characters
// above U+FFFF against characters in U+E000–U+FFFF, but the assignors' member
// order must be Kafka's exactly.
func javaCompare(a, b string) int {
	if isASCII(a) && isASCII(b) {
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	return slices.Compare(ua, ub)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// sortedTopics returns the names in topics in Java's String order.
func sortedTopics[V any](topics map[string]V) []string {
	names := make([]string, 0, len(topics))
	for t := range topics {
		names = append(names, t)
	}
	slicesort.Func(names, javaCompare)
	return names
}
