package partitioner

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadStatsTable uses the worked example in BuiltInPartitioner's
// updatePartitionLoadStats comment: queues 0 3 1 → weights 4 1 3 → table 4 5 8.
func TestLoadStatsTable(t *testing.T) {
	p := newP(t, DefaultConfig(), 1)
	p.UpdateLoadStats([]int{0, 3, 1}, []int{10, 11, 12})
	cft, ids := p.LoadStats()
	assert.Equal(t, []int{4, 5, 8}, cft)
	assert.Equal(t, []int{10, 11, 12}, ids)
	// Draws 0–3 → first, 4 → second, 5–7 → third.
	want := []int{0, 0, 0, 0, 1, 2, 2, 2}
	for w, idx := range want {
		assert.Equal(t, idx, p.weightedIndex(w), "draw %d", w)
	}
}

func TestLoadStatsOff(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cfg    Config
		queues []int
	}{
		{"all equal", DefaultConfig(), []int{2, 2, 2}},
		{"one partition", DefaultConfig(), []int{5}},
		{"none", DefaultConfig(), nil},
		{"disabled", Config{BatchSize: 1}, []int{0, 9}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newP(t, tc.cfg, 1)
			p.UpdateLoadStats(tc.queues, []int{0, 1, 2}[:len(tc.queues)])
			cft, _ := p.LoadStats()
			assert.Empty(t, cft)
		})
	}
}

// TestAdaptivePrefersShortQueues: with queues 0 and 9 the weights are 10 and
// 1, so the idle partition gets about 10/11 of the picks.
func TestAdaptivePrefersShortQueues(t *testing.T) {
	p := newP(t, Config{BatchSize: 1, Adaptive: true}, 5)
	topic := all(2)
	p.UpdateLoadStats([]int{0, 9}, []int{0, 1})
	counts := make([]int, 2)
	c, err := p.Partition(topic, NoPartition, nil)
	require.NoError(t, err)
	require.True(t, c.Pick.Weighted)
	assert.Equal(t, 11, c.Pick.Total)
	var pick Pick
	for range 11000 {
		pick, _ = p.Appended(c, 1, topic, true)
		c, _ = p.Partition(topic, NoPartition, nil)
		counts[c.Partition]++
	}
	assert.InDelta(t, 10000, counts[0], 400)
	assert.InDelta(t, 1000, counts[1], 400)
	assert.Contains(t, pick.String(), "in the queue-size weighted table of 2 partitions")
}

// TestLoadStatsReuse: updating with fewer partitions reuses the buffers and
// clears stale entries.
func TestLoadStatsReuse(t *testing.T) {
	p := newP(t, DefaultConfig(), 1)
	p.UpdateLoadStats([]int{1, 2, 3, 4}, []int{0, 1, 2, 3})
	p.UpdateLoadStats([]int{5, 1}, []int{7, 8})
	cft, ids := p.LoadStats()
	assert.Equal(t, []int{1, 6}, cft)
	assert.Equal(t, []int{7, 8}, ids)
	p.UpdateLoadStats([]int{3, 3}, []int{7, 8})
	cft, _ = p.LoadStats()
	assert.Empty(t, cft)
}
