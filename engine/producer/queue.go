package producer

import (
	"slices"

	"github.com/kafkalab/kafkalab/engine/protocol"
)

// A queue holds one partition's batches in the accumulator, oldest first
// (the Deque of RecordAccumulator.batches): batches[head:]. A queue that
// empties stays, so that the sender's sorted list of queues changes only
// when a partition is produced to for the first time.
type queue struct {
	tp      protocol.TopicPartition
	batches []*batch
	head    int
}

func (q *queue) len() int { return len(q.batches) - q.head }

func (q *queue) first() *batch { return q.batches[q.head] }

// popFirst removes the first batch.
func (q *queue) popFirst() {
	q.batches[q.head] = nil
	if q.head++; q.head == len(q.batches) {
		q.batches, q.head = q.batches[:0], 0
	}
}

// pushFront puts b before every other batch (a retry).
func (q *queue) pushFront(b *batch) {
	if q.head > 0 {
		q.head--
		q.batches[q.head] = b
		return
	}
	q.batches = slices.Insert(q.batches, 0, b)
}

// remove removes b if it is queued and reports whether it was.
func (q *queue) remove(b *batch) bool {
	i := slices.Index(q.batches[q.head:], b)
	if i < 0 {
		return false
	}
	q.batches = slices.Delete(q.batches, q.head+i, q.head+i+1)
	if q.head == len(q.batches) {
		q.batches, q.head = q.batches[:0], 0
	}
	return true
}

// queue returns tp's queue, creating it in its place in p.order.
func (p *Producer) queue(tp protocol.TopicPartition) *queue {
	if q := p.queues[tp]; q != nil {
		return q
	}
	q := &queue{tp: tp}
	p.queues[tp] = q
	i, _ := slices.BinarySearchFunc(p.order, tp, func(q *queue, tp protocol.TopicPartition) int { return q.tp.Compare(tp) })
	p.order = slices.Insert(p.order, i, q)
	return q
}

// enqueue appends b to tp's queue.
func (p *Producer) enqueue(tp protocol.TopicPartition, b *batch) {
	q := p.queue(tp)
	q.batches = append(q.batches, b)
}

// A nodeSend is a ProduceRequest sendReady is building for one leader.
type nodeSend struct {
	node    int32
	size    int
	batches []*batch
}
