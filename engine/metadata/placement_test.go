package metadata

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// TestAssignReplicasOfficialVector reproduces AdminRackAwareTest
// .testReplicaAssignment (core/src/test/scala/unit/kafka/admin).
func TestAssignReplicasOfficialVector(t *testing.T) {
	got, err := AssignReplicas([]int32{0, 1, 2, 3, 4}, 10, 3, Layout{0, 0})
	require.NoError(t, err)
	assert.Equal(t, [][]int32{
		{0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 0}, {4, 0, 1},
		{0, 2, 3}, {1, 3, 4}, {2, 4, 0}, {3, 0, 1}, {4, 1, 2},
	}, got)

	// The lab numbers brokers from 1 and passes them in any order: the
	// brokers are sorted, so the shape is the same, shifted by one.
	got, err = AssignReplicas([]int32{3, 5, 1, 4, 2}, 10, 3, Layout{0, 0})
	require.NoError(t, err)
	assert.Equal(t, [][]int32{
		{1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {4, 5, 1}, {5, 1, 2},
		{1, 3, 4}, {2, 4, 5}, {3, 5, 1}, {4, 1, 2}, {5, 2, 3},
	}, got)
}

// TestThreeByThree is the articles' diagram: 3 brokers, 3 partitions,
// replication factor 3 — every broker leads exactly one partition and holds a
// replica of each.
func TestThreeByThree(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 0))
		got, err := AssignReplicas([]int32{1, 2, 3}, 3, 3, RandomLayout(3, rng))
		require.NoError(t, err, "seed %d", seed)
		leaders := []int32{got[0][0], got[1][0], got[2][0]}
		slices.Sort(leaders)
		assert.Equal(t, []int32{1, 2, 3}, leaders, "seed %d: %v", seed, got)
		for _, r := range got {
			s := slices.Sorted(slices.Values(r))
			assert.Equal(t, []int32{1, 2, 3}, s, "seed %d", seed)
		}
	}
	got, _ := AssignReplicas([]int32{1, 2, 3}, 3, 3, Layout{0, 0})
	assert.Equal(t, [][]int32{{1, 2, 3}, {2, 3, 1}, {3, 1, 2}}, got)
}

// TestAssignReplicasProperties checks, over many seeds and shapes, that each
// partition has rf distinct brokers from the list and that leaders spread
// evenly: with a partition count that is a multiple of the broker count every
// broker leads the same number, otherwise counts differ by at most one; and
// replicas overall differ by at most one per broker in the first case too.
func TestAssignReplicasProperties(t *testing.T) {
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 1))
		n := 1 + rng.IntN(12)
		brokers := make([]int32, n)
		for i := range brokers {
			brokers[i] = int32(i + 1 + rng.IntN(3)*100) // not always 0..n-1
		}
		slices.Sort(brokers)
		brokers = slices.Compact(brokers)
		n = len(brokers)
		rf := 1 + rng.IntN(n)
		partitions := 1 + rng.IntN(60)
		if seed%2 == 0 {
			partitions = n * (1 + rng.IntN(5))
		}
		l := RandomLayout(n, rng)
		got, err := AssignReplicas(brokers, partitions, rf, l)
		require.NoError(t, err, "seed %d", seed)
		require.Len(t, got, partitions, "seed %d", seed)

		leaders := map[int32]int{}
		replicas := map[int32]int{}
		for p, r := range got {
			require.Len(t, r, rf, "seed %d partition %d", seed, p)
			s := slices.Sorted(slices.Values(r))
			require.Equal(t, len(s), len(slices.Compact(s)), "seed %d partition %d: duplicate broker in %v", seed, p, r)
			for _, b := range r {
				require.Contains(t, brokers, b, "seed %d", seed)
				replicas[b]++
			}
			leaders[r[0]]++
		}
		lo, hi := spread(brokers, leaders)
		assert.LessOrEqual(t, hi-lo, 1, "seed %d: leaders %v (n=%d p=%d rf=%d %+v)", seed, leaders, n, partitions, rf, l)
		if partitions%n == 0 {
			assert.Equal(t, lo, hi, "seed %d: leaders %v", seed, leaders)
			lo, hi = spread(brokers, replicas)
			assert.Equal(t, lo, hi, "seed %d: replicas %v", seed, replicas)
		}
	}
}

func spread(brokers []int32, counts map[int32]int) (lo, hi int) {
	lo, hi = counts[brokers[0]], counts[brokers[0]]
	for _, b := range brokers {
		lo, hi = min(lo, counts[b]), max(hi, counts[b])
	}
	return lo, hi
}

func TestAssignReplicasErrors(t *testing.T) {
	brokers := []int32{1, 2, 3}
	for _, tc := range []struct {
		partitions, rf int
		want           string
		code           *kerr.Error
	}{
		{0, 1, "INVALID_PARTITIONS: Number of partitions must be larger than 0.", kerr.InvalidPartitions},
		{-3, 1, "INVALID_PARTITIONS: Number of partitions must be larger than 0.", kerr.InvalidPartitions},
		{1001, 1, "INVALID_PARTITIONS: Number of partitions 1001 is more than the lab's limit of 1000 per topic.", kerr.InvalidPartitions},
		{3, 0, "INVALID_REPLICATION_FACTOR: Replication factor must be larger than 0.", kerr.InvalidReplicationFactor},
		{3, 4, "INVALID_REPLICATION_FACTOR: Replication factor: 4 larger than available brokers: 3.", kerr.InvalidReplicationFactor},
	} {
		_, err := AssignReplicas(brokers, tc.partitions, tc.rf, Layout{})
		require.Error(t, err)
		assert.Equal(t, tc.want, err.Error())
		assert.ErrorIs(t, err, tc.code)
	}
	_, err := AssignReplicas(nil, 1, 1, Layout{})
	assert.EqualError(t, err, "INVALID_REPLICATION_FACTOR: Replication factor: 1 larger than available brokers: 0.")
	_, err = AssignReplicas([]int32{1, 1}, 1, 1, Layout{})
	assert.EqualError(t, err, "metadata: broker 1 is listed twice")
	_, err = AssignReplicas(brokers, 1, 1, Layout{-1, 0})
	assert.Error(t, err)
}

// TestAssignNewPartitionsContinues: while the topic has at most one partition
// per broker, growing it gives what creating all partitions at once with
// Layout{s, s} would have. Beyond that it does not, because Kafka restarts the
// shift at the start index instead of counting the shifts already made.
func TestAssignNewPartitionsContinues(t *testing.T) {
	brokers := []int32{1, 2, 3, 4, 5}
	for start := range 5 {
		all, err := AssignReplicas(brokers, 12, 3, Layout{start, start})
		require.NoError(t, err)
		for k := 1; k <= len(brokers); k++ {
			added, err := AssignNewPartitions(brokers, all[:k], 12)
			require.NoError(t, err)
			assert.Equal(t, all[k:], added, "start %d, %d existing", start, k)
		}
	}
	// The official vector's topic grown from 10 to 13 partitions: start 0,
	// shift 0+1 at partition 10, so partition 10 is [0,2,3] where creating 13
	// at once would give [0,3,4] (derived from AdminZkClient's code).
	existing, _ := AssignReplicas([]int32{0, 1, 2, 3, 4}, 10, 3, Layout{0, 0})
	added, err := AssignNewPartitions([]int32{0, 1, 2, 3, 4}, existing, 13)
	require.NoError(t, err)
	assert.Equal(t, [][]int32{{0, 2, 3}, {1, 3, 4}, {2, 4, 0}}, added)
}

// TestAssignNewPartitionsAfterBrokerChange: partition 0's leader is gone, so
// the start index is the first broker with a larger id (indexWhere(_.id >= …)),
// or 0 when there is none.
func TestAssignNewPartitionsAfterBrokerChange(t *testing.T) {
	existing := [][]int32{{3, 1}, {1, 2}}
	added, err := AssignNewPartitions([]int32{1, 2, 4, 5}, existing, 3)
	require.NoError(t, err)
	// start = index of 4 = 2, shift 2: first (2+2)%4 = 0 → broker 1; follower 1+(2%3)=3 → broker 5.
	assert.Equal(t, [][]int32{{1, 5}}, added)

	added, err = AssignNewPartitions([]int32{1, 2}, [][]int32{{9, 1}}, 2)
	require.NoError(t, err)
	assert.Equal(t, [][]int32{{2, 1}}, added) // start 0, partition 1
}

func TestAssignNewPartitionsErrors(t *testing.T) {
	existing := [][]int32{{1, 2}, {2, 3}, {3, 1}}
	for _, tc := range []struct {
		brokers []int32
		total   int
		want    string
	}{
		{[]int32{1, 2, 3}, 3, "INVALID_PARTITIONS: Topic already has 3 partition(s)."},
		{[]int32{1, 2, 3}, 2, "INVALID_PARTITIONS: The topic currently has 3 partition(s); 2 would not be an increase."},
		{[]int32{1}, 4, "INVALID_REPLICATION_FACTOR: Replication factor: 2 larger than available brokers: 1."},
		{[]int32{1, 2, 3}, 1001, "INVALID_PARTITIONS: Number of partitions 1001 is more than the lab's limit of 1000 per topic."},
	} {
		_, err := AssignNewPartitions(tc.brokers, existing, tc.total)
		require.Error(t, err)
		assert.Equal(t, tc.want, err.Error())
	}
}

func TestValidateReplicaAssignment(t *testing.T) {
	brokers := []int32{1, 2, 3}
	for _, tc := range []struct {
		assignment [][]int32
		want       string
	}{
		{[][]int32{{1, 2}, {2, 3}, {3, 1}}, ""},
		{[][]int32{{3}}, ""},
		{nil, "INVALID_PARTITIONS: Number of partitions must be larger than 0."},
		{[][]int32{{1, 2}, {}}, "INVALID_REPLICA_ASSIGNMENT: The manual partition assignment includes an empty replica list."},
		{[][]int32{{1, 7}}, "INVALID_REPLICA_ASSIGNMENT: The manual partition assignment includes broker 7, but no such broker is registered."},
		{[][]int32{{2, 1, 2}}, "INVALID_REPLICA_ASSIGNMENT: The manual partition assignment includes the broker 2 more than once."},
		// Brokers are checked in id order: the duplicate 2 comes before the unknown 7.
		{[][]int32{{7, 2, 2}}, "INVALID_REPLICA_ASSIGNMENT: The manual partition assignment includes the broker 2 more than once."},
		{[][]int32{{1, 2, 3}, {1, 2}}, "INVALID_REPLICA_ASSIGNMENT: The manual partition assignment includes a partition with 2 replica(s), but this is not consistent with previous partitions, which have 3 replica(s)."},
	} {
		err := ValidateReplicaAssignment(tc.assignment, brokers, nil)
		if tc.want == "" {
			assert.NoError(t, err, "%v", tc.assignment)
			continue
		}
		require.Error(t, err, "%v", tc.assignment)
		assert.Equal(t, tc.want, err.Error())
	}
	err := ValidateReplicaAssignment([][]int32{{1, 2}, {3}}, brokers, nil)
	assert.ErrorIs(t, err, kerr.InvalidReplicaAssignment)

	down := func(b int32) bool { return b == 1 }
	err = ValidateReplicaAssignment([][]int32{{1, 2}, {2, 3}}, brokers, down)
	assert.EqualError(t, err, "INVALID_REPLICA_ASSIGNMENT: All brokers specified in the manual partition assignment for partition 1 are fenced or in controlled shutdown.")
}

func TestValidateNewPartitionAssignment(t *testing.T) {
	existing := [][]int32{{1, 2}, {2, 3}}
	brokers := []int32{1, 2, 3}
	assert.NoError(t, ValidateNewPartitionAssignment(existing, [][]int32{{3, 1}}, 3, brokers, nil))
	assert.EqualError(t, ValidateNewPartitionAssignment(existing, [][]int32{{3, 1}}, 4, brokers, nil),
		"INVALID_REPLICA_ASSIGNMENT: Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified.")
	assert.EqualError(t, ValidateNewPartitionAssignment(existing, [][]int32{{3}}, 3, brokers, nil),
		"INVALID_REPLICA_ASSIGNMENT: The manual partition assignment includes a partition with 1 replica(s), but this is not consistent with previous partitions, which have 2 replica(s).")
	assert.EqualError(t, ValidateNewPartitionAssignment(existing, nil, 2, brokers, nil),
		"INVALID_PARTITIONS: Topic already has 2 partition(s).")
	assert.EqualError(t, ValidateNewPartitionAssignment(existing, [][]int32{{3, 1}}, 3, brokers, func(b int32) bool { return b == 2 }),
		"INVALID_REPLICA_ASSIGNMENT: All brokers specified in the manual partition assignment for partition 2 are fenced or in controlled shutdown.")
}

func TestParseReplicaAssignment(t *testing.T) {
	got, err := ParseReplicaAssignment("1:2,2:3, 3 : 1")
	require.NoError(t, err)
	assert.Equal(t, [][]int32{{1, 2}, {2, 3}, {3, 1}}, got)
	_, err = ParseReplicaAssignment("1:1")
	assert.EqualError(t, err, "metadata: Partition replica lists may not contain duplicate entries: 1")
	_, err = ParseReplicaAssignment("1:x")
	assert.Error(t, err)
	_, err = ParseReplicaAssignment("")
	assert.Error(t, err)
}

func ExampleAssignReplicas() {
	got, _ := AssignReplicas([]int32{1, 2, 3}, 6, 2, Layout{StartIndex: 0, Shift: 0})
	for p, r := range got {
		fmt.Printf("partition %d: leader %d, replicas %v\n", p, r[0], r)
	}
	// Output:
	// partition 0: leader 1, replicas [1 2]
	// partition 1: leader 2, replicas [2 3]
	// partition 2: leader 3, replicas [3 1]
	// partition 3: leader 1, replicas [1 3]
	// partition 4: leader 2, replicas [2 1]
	// partition 5: leader 3, replicas [3 2]
}
