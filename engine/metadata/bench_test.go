package metadata

import "testing"

var sinkAssignment [][]int32

func BenchmarkAssignReplicas300x12(b *testing.B) {
	brokers := []int32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	b.ReportAllocs()
	for b.Loop() {
		sinkAssignment, _ = AssignReplicas(brokers, 300, 3, Layout{StartIndex: 5, Shift: 7})
	}
}

var sinkLeader int32

func BenchmarkElectClean(b *testing.B) {
	p := Partition{Replicas: []int32{1, 2, 3}, ISR: []int32{1, 2, 3}, Leader: 1}
	alive := func(id int32) bool { return id != 1 }
	b.ReportAllocs()
	for b.Loop() {
		leader, _, _ := ElectClean(p, alive)
		sinkLeader = leader
	}
}

func BenchmarkElectAndChange(b *testing.B) {
	p := Partition{Replicas: []int32{1, 2, 3}, ISR: []int32{1, 2, 3}, Leader: 1}
	alive := func(id int32) bool { return id != 1 }
	b.ReportAllocs()
	for b.Loop() {
		leader, isr, _ := ElectClean(p, alive)
		next, _ := p.Change(leader, isr)
		sinkLeader = next.LeaderEpoch
	}
}

func BenchmarkAlterPartition(b *testing.B) {
	p := Partition{Replicas: []int32{1, 2, 3}, ISR: []int32{1, 2}, Leader: 1, LeaderEpoch: 3, PartitionEpoch: 7}
	req := AlterPartition{BrokerID: 1, LeaderEpoch: 3, PartitionEpoch: 7, NewISR: []int32{1, 2, 3}}
	b.ReportAllocs()
	for b.Loop() {
		next, _ := p.Apply(req, nil)
		sinkLeader = next.PartitionEpoch
	}
}

func BenchmarkParseTopicConfig(b *testing.B) {
	args := []string{"retention.ms=1000", "min.insync.replicas=2", "cleanup.policy=compact,delete"}
	b.ReportAllocs()
	for b.Loop() {
		c, _ := ParseTopicConfig(args)
		sinkLeader = c.MinInsyncReplicas
	}
}

func BenchmarkValidateTopicName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if ValidateTopicName("orders.v2_payments-eu") != nil {
			b.Fatal("invalid")
		}
	}
}
