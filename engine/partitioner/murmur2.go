package partitioner

// Murmur2 returns the 32-bit murmur2 hash of data exactly as the Java client's
// Utils.murmur2 computes it: seed 0x9747b28c, little-endian 4-byte words, the
// tail bytes mixed in with a fall-through switch, and int32 wrap-around
// (clients/src/main/java/org/apache/kafka/common/utils/Utils.java, murmur2).
// Go's uint32 arithmetic wraps the same way Java's int does; only the final
// conversion reinterprets the bits as signed.
func Murmur2(data []byte) int32 {
	const (
		seed uint32 = 0x9747b28c
		m    uint32 = 0x5bd1e995
		r           = 24
	)
	length := len(data)
	h := seed ^ uint32(length)

	// Java reads each word as (b0 & 0xff) + (b1 << 8) + (b2 << 16) + (b3 << 24).
	n4 := length &^ 3
	for i := 0; i < n4; i += 4 {
		k := uint32(data[i]) | uint32(data[i+1])<<8 | uint32(data[i+2])<<16 | uint32(data[i+3])<<24
		k *= m
		k ^= k >> r // Java's >>> is a logical shift, like >> on uint32
		k *= m
		h *= m
		h ^= k
	}

	// The Java switch falls through from case 3 to case 1; h *= m runs once
	// whenever there is any tail at all.
	switch length & 3 {
	case 3:
		h ^= uint32(data[n4+2]) << 16
		fallthrough
	case 2:
		h ^= uint32(data[n4+1]) << 8
		fallthrough
	case 1:
		h ^= uint32(data[n4])
		h *= m
	}

	h ^= h >> 13
	h *= m
	h ^= h >> 15
	return int32(h)
}

// ToPositive clears the sign bit of x, as Utils.toPositive does. It is not an
// absolute value: ToPositive(-1) is 2147483647, and ToPositive(MinInt32) is 0.
// Kafka uses it so that every hash maps to a non-negative number without the
// Math.abs(Integer.MIN_VALUE) trap.
func ToPositive(x int32) int32 { return x & 0x7fffffff }

// ForKey returns the partition the Java producer chooses for a non-null key:
// toPositive(murmur2(key)) % numPartitions over all partitions of the topic,
// available or not (BuiltInPartitioner.partitionForKey). Keyed records must
// keep their partition while a leader is down, or per-key order would break.
// It panics if numPartitions < 1.
func ForKey(key []byte, numPartitions int) int {
	return int(ToPositive(Murmur2(key))) % numPartitions
}
