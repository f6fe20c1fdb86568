package sim

// eventKind says what an event does when it is processed.
type eventKind uint8

const (
	evDeliver    eventKind = iota + 1 // deliver msg to msg.To
	evTimer                           // fire timer for node
	evInput                           // run fn as an input for node
	evDisconnect                      // tell node its connection to peer closed
)

// An event is one entry of the queue. Events are recycled through the
// queue's free list so that steady-state stepping does not allocate.
type event struct {
	at    int64  // simulated ms when the event happens
	seq   uint64 // global insertion number; breaks ties in at
	index int    // position in the heap, or -1 when not queued
	kind  eventKind
	node  NodeID     // timer owner or input target
	msg   Message    // evDeliver
	timer TimerEvent // evTimer
	label string     // evInput
	fn    func(*Env) // evInput
	link  *link      // evDeliver: the link it travels, found at send
	dest  *slot      // evDeliver: the receiver, found at send
	peer  NodeID     // evDisconnect: the node whose process closed the connection
	// refused is true for an evDisconnect that answers a message sent to a
	// crashed process (a refused connection).
	refused bool
}

// before reports whether e is processed before o: by time, then by
// insertion order, so ties break the same way in every run.
func (e *event) before(o *event) bool {
	if e.at != o.at {
		return e.at < o.at
	}
	return e.seq < o.seq
}

// item is a heap entry: the event's sort key kept inline, so sifting
// compares without following pointers.
type item struct {
	at  int64
	seq uint64
	e   *event
}

func (a item) before(b item) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.seq < b.seq
}

// queue is a binary min-heap of events ordered by (at, seq), with a free
// list of spent events. Push, pop and remove are O(log n).
type queue struct {
	heap []item
	free []*event
}

func (q *queue) len() int { return len(q.heap) }

// alloc returns a cleared event, reusing a spent one when it can.
func (q *queue) alloc() *event {
	if n := len(q.free); n > 0 {
		e := q.free[n-1]
		q.free = q.free[:n-1]
		return e
	}
	return &event{index: -1}
}

// release clears e (so it holds no references) and keeps it for reuse.
func (q *queue) release(e *event) {
	*e = event{index: -1}
	q.free = append(q.free, e)
}

func (q *queue) push(e *event) {
	e.index = len(q.heap)
	q.heap = append(q.heap, item{e.at, e.seq, e})
	q.up(e.index)
}

// peek returns the next event without removing it, or nil.
func (q *queue) peek() *event {
	if len(q.heap) == 0 {
		return nil
	}
	return q.heap[0].e
}

// pop removes and returns the next event, or nil.
func (q *queue) pop() *event {
	if len(q.heap) == 0 {
		return nil
	}
	e := q.heap[0].e
	q.remove(e)
	return e
}

// remove takes e out of the heap wherever it is.
func (q *queue) remove(e *event) {
	i, last := e.index, len(q.heap)-1
	if i != last {
		q.swap(i, last)
	}
	q.heap[last] = item{}
	q.heap = q.heap[:last]
	e.index = -1
	if i != last {
		if !q.down(i) {
			q.up(i)
		}
	}
}

func (q *queue) swap(i, j int) {
	q.heap[i], q.heap[j] = q.heap[j], q.heap[i]
	q.heap[i].e.index = i
	q.heap[j].e.index = j
}

func (q *queue) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !q.heap[i].before(q.heap[p]) {
			return
		}
		q.swap(i, p)
		i = p
	}
}

// down sifts element i down and reports whether it moved.
func (q *queue) down(i int) bool {
	start, n := i, len(q.heap)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && q.heap[r].before(q.heap[l]) {
			m = r
		}
		if !q.heap[m].before(q.heap[i]) {
			break
		}
		q.swap(i, m)
		i = m
	}
	return i > start
}
