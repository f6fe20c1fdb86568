package partitioner

import (
	"math/rand/v2"
	"testing"
)

var sink int32

func benchMurmur2(b *testing.B, n int) {
	key := make([]byte, n)
	for i := range key {
		key[i] = byte('a' + i%26)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		sink = Murmur2(key)
	}
}

func BenchmarkMurmur2_10B(b *testing.B)  { benchMurmur2(b, 10) }
func BenchmarkMurmur2_100B(b *testing.B) { benchMurmur2(b, 100) }

func BenchmarkPartitionKey(b *testing.B) {
	p, _ := New(DefaultConfig(), rand.New(rand.NewPCG(1, 2)))
	topic := Topic{NumPartitions: 12, Available: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}
	key := []byte("user-12345")
	b.ReportAllocs()
	for b.Loop() {
		c, _ := p.Partition(topic, NoPartition, key)
		sink = int32(c.Partition)
	}
}

func BenchmarkPartitionSticky(b *testing.B) {
	p, _ := New(Config{BatchSize: 1000}, rand.New(rand.NewPCG(1, 2)))
	topic := Topic{NumPartitions: 12, Available: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}
	b.ReportAllocs()
	for b.Loop() {
		c, _ := p.Partition(topic, NoPartition, nil)
		p.Appended(c, 100, topic, true) // a switch every 10 records
		sink = int32(c.Partition)
	}
}

func BenchmarkPartitionAdaptive(b *testing.B) {
	p, _ := New(Config{BatchSize: 1, Adaptive: true}, rand.New(rand.NewPCG(1, 2)))
	topic := Topic{NumPartitions: 12, Available: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}
	p.UpdateLoadStats([]int{0, 3, 1, 5, 0, 2, 7, 1, 1, 0, 4, 2}, topic.Available)
	b.ReportAllocs()
	for b.Loop() {
		c, _ := p.Partition(topic, NoPartition, nil)
		p.Appended(c, 1, topic, true) // a weighted pick every record
		sink = int32(c.Partition)
	}
}

func BenchmarkPartitionRoundRobin(b *testing.B) {
	p, _ := New(Config{BatchSize: 1, RoundRobin: true}, rand.New(rand.NewPCG(1, 2)))
	topic := Topic{NumPartitions: 12, Available: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}
	b.ReportAllocs()
	for b.Loop() {
		c, _ := p.Partition(topic, NoPartition, nil)
		sink = int32(c.Partition)
	}
}

func BenchmarkCoordinatorPartition(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sink = int32(CoordinatorPartition("console-consumer-12345", 50))
	}
}
