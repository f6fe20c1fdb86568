package partitioner

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newP(t *testing.T, cfg Config, seed uint64) *Partitioner {
	t.Helper()
	p, err := New(cfg, rand.New(rand.NewPCG(seed, 0)))
	require.NoError(t, err)
	return p
}

func all(n int) Topic {
	t := Topic{NumPartitions: n}
	for i := range n {
		t.Available = append(t.Available, i)
	}
	return t
}

func TestNewRejectsBadConfig(t *testing.T) {
	_, err := New(Config{BatchSize: 0}, rand.New(rand.NewPCG(1, 2)))
	assert.EqualError(t, err, "partitioner: stickyBatchSize must be >= 1 but got 0")
	_, err = New(DefaultConfig(), nil)
	assert.Error(t, err)
}

func TestPrecedence(t *testing.T) {
	topic := Topic{NumPartitions: 3, Available: []int{0, 2}} // partition 1 has no leader
	key := []byte("21")                                      // hashes to partition 0 of 3

	for _, tc := range []struct {
		name     string
		cfg      Config
		explicit int
		key      []byte
		reason   Reason
	}{
		{"explicit beats key", DefaultConfig(), 1, key, ReasonExplicit},
		{"explicit beats round-robin", Config{BatchSize: 1, RoundRobin: true}, 2, key, ReasonExplicit},
		{"round-robin beats key", Config{BatchSize: 1, RoundRobin: true}, NoPartition, key, ReasonRoundRobin},
		{"key", DefaultConfig(), NoPartition, key, ReasonKey},
		{"empty key is still a key", DefaultConfig(), NoPartition, []byte{}, ReasonKey},
		{"null key is sticky", DefaultConfig(), NoPartition, nil, ReasonSticky},
		{"ignore.keys", Config{BatchSize: 16384, IgnoreKeys: true}, NoPartition, key, ReasonSticky},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := newP(t, tc.cfg, 1).Partition(topic, tc.explicit, tc.key)
			require.NoError(t, err)
			assert.Equal(t, tc.reason, c.Reason)
			assert.Equal(t, 3, c.NumPartitions)
			if tc.explicit != NoPartition {
				assert.Equal(t, tc.explicit, c.Partition)
			}
		})
	}
}

func TestExplicitPartitionErrors(t *testing.T) {
	p := newP(t, DefaultConfig(), 1)
	_, err := p.Partition(all(3), 3, nil)
	assert.EqualError(t, err, "partitioner: Invalid partition given with record: 3 is not in the range [0...3).")
	_, err = p.Partition(all(3), -2, nil)
	assert.EqualError(t, err, "partitioner: Invalid partition: -2. Partition number should always be non-negative or null.")
	_, err = p.Partition(Topic{}, NoPartition, nil)
	assert.EqualError(t, err, "partitioner: topic has no partitions")
}

// TestKeyIgnoresAvailability: a keyed record goes to its hash partition even
// when that partition has no leader (BuiltInPartitioner.partitionForKey over
// all partitions), so the send waits or fails rather than breaking key order.
func TestKeyIgnoresAvailability(t *testing.T) {
	p := newP(t, DefaultConfig(), 1)
	c, err := p.Partition(Topic{NumPartitions: 3, Available: []int{1, 2}}, NoPartition, []byte("21"))
	require.NoError(t, err)
	assert.Equal(t, Choice{
		Partition: 0, Reason: ReasonKey, NumPartitions: 3,
		Key: []byte("21"), Hash: -973932308, Positive: 1173551340,
	}, c)
	assert.Equal(t, `murmur2("21") = -973932308, & 0x7fffffff = 1173551340, % 3 = 0`, c.String())
}

func TestRoundRobin(t *testing.T) {
	p := newP(t, Config{BatchSize: 1, RoundRobin: true}, 1)
	topic := Topic{NumPartitions: 4, Available: []int{0, 2, 3}}
	var got []int
	for range 7 {
		c, err := p.Partition(topic, NoPartition, []byte("key is ignored"))
		require.NoError(t, err)
		got = append(got, c.Partition)
	}
	assert.Equal(t, []int{0, 2, 3, 0, 2, 3, 0}, got)

	// No partition available: round-robin over all of them.
	c, err := p.Partition(Topic{NumPartitions: 4}, NoPartition, nil)
	require.NoError(t, err)
	assert.Equal(t, 7%4, c.Partition)
	assert.Equal(t, 4, c.Among)
	assert.Equal(t, "round-robin counter 7, & 0x7fffffff = 7, % 4 = index 3 → partition 3", c.String())
}

// TestRoundRobinWraps: Java's counter is an int that wraps to MIN_VALUE, and
// toPositive maps MIN_VALUE to 0, so the sequence jumps at the wrap.
func TestRoundRobinWraps(t *testing.T) {
	p := newP(t, Config{BatchSize: 1, RoundRobin: true}, 1)
	p.counter = 2147483647
	topic := all(3)
	c1, _ := p.Partition(topic, NoPartition, nil)
	c2, _ := p.Partition(topic, NoPartition, nil)
	c3, _ := p.Partition(topic, NoPartition, nil)
	assert.Equal(t, 2147483647%3, c1.Partition)
	assert.Equal(t, int32(-2147483648), c2.Counter)
	assert.Equal(t, 0, c2.Partition) // toPositive(MIN_VALUE) = 0
	assert.Equal(t, int(ToPositive(-2147483647))%3, c3.Partition)
}

// TestStickySwitchesAfterBatchSize walks KIP-794: every unkeyed record goes
// to the sticky partition until batch.size bytes were produced to it.
func TestStickySwitchesAfterBatchSize(t *testing.T) {
	p := newP(t, Config{BatchSize: 100}, 7)
	topic := all(5)

	first, err := p.Partition(topic, NoPartition, nil)
	require.NoError(t, err)
	require.True(t, first.Picked)
	assert.Equal(t, -1, first.Pick.From)
	assert.Equal(t, 5, first.Pick.Among)
	assert.Equal(t, int(first.Pick.Random)%5, first.Partition)

	sticky := first.Partition
	c := first
	for i := range 3 { // 3 × 30 bytes = 90 < 100: no switch
		_, switched := p.Appended(c, 30, topic, true)
		require.False(t, switched, "record %d", i)
		c, err = p.Partition(topic, NoPartition, nil)
		require.NoError(t, err)
		assert.Equal(t, sticky, c.Partition)
		assert.False(t, c.Picked)
		assert.Equal(t, 30*(i+1), c.Produced)
	}
	pick, switched := p.Appended(c, 10, topic, true) // 100 ≥ batch.size: switch
	require.True(t, switched)
	assert.Equal(t, sticky, pick.From)
	next, _ := p.Partition(topic, NoPartition, nil)
	assert.Equal(t, pick.Partition, next.Partition)
	assert.Equal(t, 0, next.Produced)
}

// TestStickySwitchWaitsForBatchBoundary: with the switch disabled (the batch
// is not full yet) the partition stays until 2 × batch.size bytes.
func TestStickySwitchWaitsForBatchBoundary(t *testing.T) {
	p := newP(t, Config{BatchSize: 100}, 7)
	topic := all(3)
	c, _ := p.Partition(topic, NoPartition, nil)
	_, switched := p.Appended(c, 150, topic, false)
	assert.False(t, switched)
	_, switched = p.Appended(c, 49, topic, false)
	assert.False(t, switched)
	_, switched = p.Appended(c, 1, topic, false) // 200 = 2 × batch.size
	assert.True(t, switched)
}

func TestAppendedIgnoresOtherChoices(t *testing.T) {
	p := newP(t, Config{BatchSize: 1}, 7)
	topic := all(3)
	c, _ := p.Partition(topic, NoPartition, []byte("k"))
	_, switched := p.Appended(c, 1000, topic, true)
	assert.False(t, switched)
	part, produced := p.Sticky()
	assert.Equal(t, -1, part)
	assert.Equal(t, 0, produced)
}

func TestStickyPicksOnlyAvailable(t *testing.T) {
	p := newP(t, Config{BatchSize: 1}, 3)
	topic := Topic{NumPartitions: 6, Available: []int{1, 4}}
	c, _ := p.Partition(topic, NoPartition, nil)
	for range 200 {
		assert.Contains(t, []int{1, 4}, c.Partition)
		p.Appended(c, 1, topic, true)
		c, _ = p.Partition(topic, NoPartition, nil)
	}
	// None available: any partition.
	seen := map[int]bool{}
	none := Topic{NumPartitions: 6}
	for range 300 {
		p.Appended(c, 1, none, true)
		c, _ = p.Partition(none, NoPartition, nil)
		seen[c.Partition] = true
	}
	assert.Len(t, seen, 6)
}

// TestStickyIsUniform: over many switches each available partition is picked
// about equally often.
func TestStickyIsUniform(t *testing.T) {
	p := newP(t, Config{BatchSize: 1}, 11)
	topic := all(4)
	counts := make([]int, 4)
	c, _ := p.Partition(topic, NoPartition, nil)
	for range 40000 {
		p.Appended(c, 1, topic, true)
		c, _ = p.Partition(topic, NoPartition, nil)
		counts[c.Partition]++
	}
	for i, n := range counts {
		assert.InDelta(t, 10000, n, 500, "partition %d", i)
	}
}

func TestDeterministicFromSeed(t *testing.T) {
	run := func(seed uint64) []int {
		p := newP(t, Config{BatchSize: 10}, seed)
		topic := all(7)
		var out []int
		for range 100 {
			c, _ := p.Partition(topic, NoPartition, nil)
			out = append(out, c.Partition)
			p.Appended(c, 4, topic, true)
		}
		return out
	}
	assert.Equal(t, run(42), run(42))
	assert.NotEqual(t, run(42), run(43))
}

func TestStickyChoiceString(t *testing.T) {
	p := newP(t, Config{BatchSize: 10}, 1)
	c, _ := p.Partition(all(3), NoPartition, nil)
	assert.Contains(t, c.String(), "no key: sticky partition")
	assert.Contains(t, c.String(), "pick partition")
	e, _ := p.Partition(all(3), 2, nil)
	assert.Equal(t, "explicit partition 2 of 3", e.String())
}
