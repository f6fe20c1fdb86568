package metadata

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// MaxPartitions is the most partitions the lab allows in one topic, so that
// placement, elections and drawing stay quick in the browser. Kafka itself has
// no per-topic limit.
const MaxPartitions = 1000

// A Layout fixes AdminUtils' two random choices for rack-unaware placement:
// the position in the broker list of partition 0's first replica, and the
// shift between a partition's first and second replicas.
type Layout struct {
	StartIndex int // startIndex: index into the sorted broker list
	Shift      int // nextReplicaShift; it grows by one after every len(brokers) partitions
}

// RandomLayout draws a Layout for numBrokers brokers from rng, in the order
// AdminUtils draws its two RAND.nextInt(brokers) calls. It panics if
// numBrokers < 1.
func RandomLayout(numBrokers int, rng *rand.Rand) Layout {
	start := rng.IntN(numBrokers)
	return Layout{StartIndex: start, Shift: rng.IntN(numBrokers)}
}

// AssignReplicas places partitions partitions of replicationFactor replicas
// each on brokers, rack-unaware, as AdminUtils.assignReplicasToBrokers does:
// the brokers are sorted by id (AdminZkClient.getBrokerMetadatas), each
// partition's first replica goes round-robin from l.StartIndex, and the other
// replicas follow at an increasing shift, so that the replicas led by one
// broker spread over the others. The result is indexed by partition; the
// first replica of each is its preferred leader.
//
// With 5 brokers 0–4, 10 partitions, replication factor 3 and Layout{0, 0}
// it gives Kafka's test vector (AdminRackAwareTest.testReplicaAssignment):
// 0:[0,1,2] 1:[1,2,3] 2:[2,3,4] 3:[3,4,0] 4:[4,0,1] 5:[0,2,3] 6:[1,3,4]
// 7:[2,4,0] 8:[3,0,1] 9:[4,1,2].
func AssignReplicas(brokers []int32, partitions, replicationFactor int, l Layout) ([][]int32, error) {
	sorted, err := checkPlacement(brokers, partitions, replicationFactor)
	if err != nil {
		return nil, err
	}
	if l.StartIndex < 0 || l.Shift < 0 {
		return nil, fmt.Errorf("metadata: negative layout %+v", l)
	}
	return assignRackUnaware(sorted, partitions, replicationFactor, l, 0), nil
}

// checkPlacement applies assignReplicasToBrokers' argument checks, in Kafka's
// order and with its messages, plus the lab's limit, and returns the brokers
// sorted by id.
func checkPlacement(brokers []int32, partitions, replicationFactor int) ([]int32, error) {
	switch {
	case partitions <= 0:
		return nil, kerr.Wrap(kerr.InvalidPartitions, "Number of partitions must be larger than 0.")
	case partitions > MaxPartitions:
		return nil, kerr.Wrap(kerr.InvalidPartitions, "Number of partitions %d is more than the lab's limit of %d per topic.", partitions, MaxPartitions)
	case replicationFactor <= 0:
		return nil, kerr.Wrap(kerr.InvalidReplicationFactor, "Replication factor must be larger than 0.")
	case replicationFactor > len(brokers):
		return nil, kerr.Wrap(kerr.InvalidReplicationFactor, "Replication factor: %d larger than available brokers: %d.", replicationFactor, len(brokers))
	}
	sorted := slices.Clone(brokers)
	slices.Sort(sorted)
	if i := duplicateAt(sorted); i >= 0 {
		return nil, fmt.Errorf("metadata: broker %d is listed twice", sorted[i])
	}
	return sorted, nil
}

// assignRackUnaware mirrors AdminUtils.assignReplicasToBrokersRackUnaware.
// Partition ids start at startPartition, which matters because the shift
// grows at every multiple of the broker count.
func assignRackUnaware(brokers []int32, partitions, rf int, l Layout, startPartition int) [][]int32 {
	n := len(brokers)
	shift := l.Shift
	out := make([][]int32, partitions)
	replicas := make([]int32, partitions*rf) // one backing array for all partitions
	for i := range partitions {
		p := startPartition + i
		if p > 0 && p%n == 0 {
			shift++
		}
		first := (p + l.StartIndex) % n
		r := replicas[i*rf : (i+1)*rf : (i+1)*rf]
		r[0] = brokers[first]
		for j := 1; j < rf; j++ {
			r[j] = brokers[replicaIndex(first, shift, j-1, n)]
		}
		out[i] = r
	}
	return out
}

// replicaIndex mirrors AdminUtils.replicaIndex: the j-th follower sits
// 1 + (shift+j) % (n-1) places after the first replica, never on it.
func replicaIndex(first, shift, j, n int) int {
	s := 1 + (shift+j)%(n-1)
	return (first + s) % n
}

// AssignNewPartitions places the partitions that grow a topic from
// len(existing) to total partitions, as AdminZkClient.createNewPartitionsAssignment
// does: the replication factor is partition 0's, partition ids continue from
// len(existing), and both the start index and the shift are the position in
// the sorted broker list of the first broker whose id is at least partition
// 0's first replica. The result holds only the new partitions; element i is
// partition len(existing)+i.
//
// Because the shift restarts at the start index rather than counting the
// shifts already made, a topic grown past one partition per broker gets
// followers that differ from what creating all partitions at once would give.
func AssignNewPartitions(brokers []int32, existing [][]int32, total int) ([][]int32, error) {
	if err := checkIncrease(len(existing), total); err != nil {
		return nil, err
	}
	rf := len(existing[0])
	sorted, err := checkPlacement(brokers, total-len(existing), rf)
	if err != nil {
		return nil, err
	}
	if total > MaxPartitions {
		return nil, kerr.Wrap(kerr.InvalidPartitions, "Number of partitions %d is more than the lab's limit of %d per topic.", total, MaxPartitions)
	}
	start := max(0, slices.IndexFunc(sorted, func(b int32) bool { return b >= existing[0][0] }))
	return assignRackUnaware(sorted, total-len(existing), rf, Layout{start, start}, len(existing)), nil
}

// checkIncrease applies the KRaft controller's createPartitions checks
// (ReplicationControlManager.createPartitions).
func checkIncrease(current, total int) error {
	switch {
	case current == 0:
		return fmt.Errorf("metadata: the topic has no partitions to add to")
	case total == current:
		return kerr.Wrap(kerr.InvalidPartitions, "Topic already has %d partition(s).", current)
	case total < current:
		return kerr.Wrap(kerr.InvalidPartitions, "The topic currently has %d partition(s); %d would not be an increase.", current, total)
	}
	return nil
}

// ValidateReplicaAssignment checks a manual assignment for a new topic
// (kafka-topics.sh --replica-assignment) against the registered brokers, as
// ReplicationControlManager.validateManualPartitionAssignment does for each
// partition in turn: no empty list, only registered brokers, no broker twice,
// and every partition with as many replicas as the first. active, if not nil,
// tells which brokers are unfenced and not shutting down; a partition with
// none of them is rejected as Kafka rejects it. Errors are
// INVALID_REPLICA_ASSIGNMENT with Kafka's messages.
func ValidateReplicaAssignment(assignment [][]int32, brokers []int32, active func(int32) bool) error {
	if len(assignment) == 0 {
		return kerr.Wrap(kerr.InvalidPartitions, "Number of partitions must be larger than 0.")
	}
	if len(assignment) > MaxPartitions {
		return kerr.Wrap(kerr.InvalidPartitions, "Number of partitions %d is more than the lab's limit of %d per topic.", len(assignment), MaxPartitions)
	}
	rf := -1
	for p, replicas := range assignment {
		if err := validateManual(replicas, brokers, rf); err != nil {
			return err
		}
		rf = len(replicas)
		if active != nil && !slices.ContainsFunc(replicas, active) {
			return kerr.Wrap(kerr.InvalidReplicaAssignment, "All brokers specified in the manual partition assignment for partition %d are fenced or in controlled shutdown.", p)
		}
	}
	return nil
}

// ValidateNewPartitionAssignment checks a manual assignment for partitions
// added to a topic whose current assignment is existing, as
// ReplicationControlManager.createPartitions does: the count must grow, one
// replica list per new partition, each as long as partition 0's.
func ValidateNewPartitionAssignment(existing, assignment [][]int32, total int, brokers []int32, active func(int32) bool) error {
	if err := checkIncrease(len(existing), total); err != nil {
		return err
	}
	if total > MaxPartitions {
		return kerr.Wrap(kerr.InvalidPartitions, "Number of partitions %d is more than the lab's limit of %d per topic.", total, MaxPartitions)
	}
	if add := total - len(existing); len(assignment) != add {
		return kerr.Wrap(kerr.InvalidReplicaAssignment, "Attempted to add %d additional partition(s), but only %d assignment(s) were specified.", add, len(assignment))
	}
	for i, replicas := range assignment {
		if err := validateManual(replicas, brokers, len(existing[0])); err != nil {
			return err
		}
		if active != nil && !slices.ContainsFunc(replicas, active) {
			return kerr.Wrap(kerr.InvalidReplicaAssignment, "All brokers specified in the manual partition assignment for partition %d are fenced or in controlled shutdown.", len(existing)+i)
		}
	}
	return nil
}

// validateManual mirrors validateManualPartitionAssignment; rf < 0 means no
// previous partition to compare with. Brokers are checked in id order, so the
// first error is Kafka's.
func validateManual(replicas, brokers []int32, rf int) error {
	if len(replicas) == 0 {
		return kerr.Wrap(kerr.InvalidReplicaAssignment, "The manual partition assignment includes an empty replica list.")
	}
	sorted := slices.Clone(replicas)
	slices.Sort(sorted)
	for i, b := range sorted {
		if !slices.Contains(brokers, b) {
			return kerr.Wrap(kerr.InvalidReplicaAssignment, "The manual partition assignment includes broker %d, but no such broker is registered.", b)
		}
		if i > 0 && sorted[i-1] == b {
			return kerr.Wrap(kerr.InvalidReplicaAssignment, "The manual partition assignment includes the broker %d more than once.", b)
		}
	}
	if rf >= 0 && len(replicas) != rf {
		return kerr.Wrap(kerr.InvalidReplicaAssignment, "The manual partition assignment includes a partition with %d replica(s), but this is not consistent with previous partitions, which have %d replica(s).", len(replicas), rf)
	}
	return nil
}

// ParseReplicaAssignment parses kafka-topics.sh's --replica-assignment
// argument: partitions separated by ',', each a ':'-separated broker list, for
// example "1:2,2:3,3:1". Like TopicCommand.parseReplicaAssignment it rejects a
// broker listed twice in one partition; the other checks are
// ValidateReplicaAssignment's.
func ParseReplicaAssignment(s string) ([][]int32, error) {
	var out [][]int32
	for _, part := range strings.Split(s, ",") {
		var replicas []int32
		for _, f := range strings.Split(part, ":") {
			b, err := strconv.ParseInt(strings.TrimSpace(f), 10, 32)
			if err != nil {
				return nil, fmt.Errorf("metadata: invalid broker id %q in replica assignment %q", f, s)
			}
			replicas = append(replicas, int32(b))
		}
		sorted := slices.Clone(replicas)
		slices.Sort(sorted)
		if i := duplicateAt(sorted); i >= 0 {
			// TopicCommand's AdminCommandFailedException: a client-side error.
			return nil, fmt.Errorf("metadata: Partition replica lists may not contain duplicate entries: %d", sorted[i])
		}
		out = append(out, replicas)
	}
	return out, nil
}

// duplicateAt returns the index of the first element of sorted equal to its
// predecessor, or -1.
func duplicateAt(sorted []int32) int {
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			return i
		}
	}
	return -1
}
