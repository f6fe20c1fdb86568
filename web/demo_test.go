package web

// DemoCluster is a fixture for the diagram tests: the source articles' topic
// order_events over a few brokers, each partition's leader on a different broker
// and its followers on the next ones round the ring. Placement here is a plain
// ring, not Kafka's; the live lab draws the engine's real placement.
func DemoCluster(brokers, partitions, replicationFactor int) ClusterSpec {
	spec := ClusterSpec{Controller: "Controller (KRaft quorum) · owns metadata: topics, leaders, ISR"}
	for b := 1; b <= brokers; b++ {
		spec.Brokers = append(spec.Brokers, b)
	}
	rf := min(replicationFactor, brokers)
	for p := 0; p < partitions; p++ {
		ps := PartitionSpec{Topic: "order_events", Partition: p}
		for j := 0; j < rf; j++ {
			ps.Replicas = append(ps.Replicas, (p+j)%brokers+1)
		}
		ps.Leader = ps.Replicas[0]
		spec.Partitions = append(spec.Partitions, ps)
	}
	return spec
}
