package partitioner

import "sort"

// UpdateLoadStats gives the partitioner the producer's queue sizes (batches
// waiting per partition) for the partitions that have a leader, so that with
// partitioner.adaptive.partitioning.enable the next sticky pick favours short
// queues (BuiltInPartitioner.updatePartitionLoadStats, KIP-794). queueSizes[i]
// belongs to partition partitionIDs[i]; both slices are copied.
//
// Adaptive picking is off when it is disabled in the config, when fewer than
// two partitions are listed, or when all queues have the same size; the pick
// is then uniform over the available partitions. Otherwise each partition's
// weight is maxQueue+1−queue, and the weights are folded into a running sum
// (the cumulative frequency table) that a random number is looked up in. For
// queues 0 3 1 the weights are 4 1 3 and the table 4 5 8, so draws 0–3 pick
// the first partition, 4 the second and 5–7 the third.
//
// The lab does not model partitioner.availability.timeout.ms (default 0),
// which would drop slow partitions from the table.
func (p *Partitioner) UpdateLoadStats(queueSizes, partitionIDs []int) {
	p.cft, p.ids = p.cft[:0], p.ids[:0]
	n := min(len(queueSizes), len(partitionIDs))
	if !p.cfg.Adaptive || n < 2 {
		return
	}
	maxPlus1, allEqual := queueSizes[0], true
	for _, q := range queueSizes[1:n] {
		if q != queueSizes[0] {
			allEqual = false
		}
		maxPlus1 = max(maxPlus1, q)
	}
	if allEqual {
		return
	}
	maxPlus1++
	sum := 0
	for i := range n {
		sum += maxPlus1 - queueSizes[i]
		p.cft = append(p.cft, sum)
		p.ids = append(p.ids, partitionIDs[i])
	}
}

// weightedIndex returns the index of the first table value strictly greater
// than w. Java finds it with Arrays.binarySearch and abs(result+1).
func (p *Partitioner) weightedIndex(w int) int {
	return sort.Search(len(p.cft), func(i int) bool { return p.cft[i] > w })
}

// LoadStats returns the cumulative frequency table and its partitions as the
// next weighted pick would use them, for display; both are nil or empty when
// adaptive picking is off. The slices are the partitioner's own; do not
// modify them.
func (p *Partitioner) LoadStats() (cft, partitionIDs []int) { return p.cft, p.ids }
