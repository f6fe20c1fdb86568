package tools

import (
	"unicode/utf16"

	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// Kafka's tools print some sets in the iteration order of a java.util.HashMap
// or HashSet, which follows the keys' hash codes; the lab reproduces that
// order so its output matches line for line.

// javaStringHash is String.hashCode: s[0]·31^(n−1) + … + s[n−1] over UTF-16
// code units, in 32-bit arithmetic.
func javaStringHash(s string) int32 {
	var h int32
	for _, u := range utf16.Encode([]rune(s)) {
		h = 31*h + int32(u)
	}
	return h
}

// javaTopicPartitionHash is TopicPartition.hashCode.
func javaTopicPartitionHash(tp TopicPartition) int32 {
	const prime = 31
	h := prime + tp.Partition
	return prime*h + javaStringHash(tp.Topic)
}

// javaHashOrder returns keys, given in insertion order, in the order a
// java.util.HashMap or HashSet created empty and filled in that order
// iterates them: by bucket (the spread hash h ^ h>>>16 masked by the table
// size, which starts at 16 and doubles past a load of 0.75), then, within a
// bucket, in insertion order (resizing keeps it). Buckets that Java would
// turn into trees (8 or more keys in a table of 64 or more) are not
// modelled; the lab's clusters are far too small to build one.
func javaHashOrder[K any](keys []K, hash func(K) int32) []K {
	n := 16
	for len(keys) > n*3/4 {
		n *= 2
	}
	type slot struct {
		bucket uint32
		i      int
	}
	slots := make([]slot, len(keys))
	for i, k := range keys {
		h := uint32(hash(k))
		slots[i] = slot{bucket: (h ^ h>>16) & uint32(n-1), i: i}
	}
	slicesort.StableFunc(slots, func(a, b slot) int { return int(a.bucket) - int(b.bucket) })
	out := make([]K, len(keys))
	for j, s := range slots {
		out[j] = keys[s.i]
	}
	return out
}
