package partitioner

import "unicode/utf8"

// JavaHashCode returns Java's String.hashCode of s: h = 31*h + c over the
// string's UTF-16 code units, with int32 wrap-around. A character outside the
// Basic Multilingual Plane counts as its two surrogates, as it does in Java.
// s is read as UTF-8; an invalid byte counts as U+FFFD, which is what Java
// gets when it decodes such bytes from the wire.
func JavaHashCode(s string) int32 {
	var h int32
	for _, c := range s {
		if c >= 0x10000 && c <= utf8.MaxRune {
			c -= 0x10000
			h = 31*h + int32(0xd800+(c>>10))
			h = 31*h + int32(0xdc00+(c&0x3ff))
			continue
		}
		h = 31*h + int32(c)
	}
	return h
}

// Abs returns the absolute value of n, except that Abs(math.MinInt32) is 0, as
// Kafka's Utils.abs defines it: Math.abs(Integer.MIN_VALUE) is negative, so a
// plain abs would yield a negative partition for one hash in 2^32.
func Abs(n int32) int32 {
	switch {
	case n == -1<<31:
		return 0
	case n < 0:
		return -n
	}
	return n
}

// CoordinatorPartition returns the partition of __consumer_offsets whose
// leader coordinates groupID: Utils.abs(groupId.hashCode()) %
// offsets.topic.num.partitions (GroupCoordinatorService.partitionFor; formerly
// GroupMetadataManager.partitionFor). Kafka's default for numPartitions is 50.
// It panics if numPartitions < 1.
func CoordinatorPartition(groupID string, numPartitions int) int {
	return int(Abs(JavaHashCode(groupID))) % numPartitions
}
