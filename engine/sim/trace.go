package sim

// Kind says what a trace entry records.
type Kind string

// The kinds of trace entry.
const (
	KindSend    Kind = "send"    // a node sent a message; it is in flight
	KindDeliver Kind = "deliver" // the network delivered a message
	KindDrop    Kind = "drop"    // the network lost a message; Reason says why
	KindTimer   Kind = "timer"   // a node's timer fired
	KindLocal   Kind = "local"   // a node recorded a local step (Env.Record)
	KindInput   Kind = "input"   // an input from a test or the UI ran (Sim.Inject)
	KindFault   Kind = "fault"   // the network or a node's up/down state changed
)

// A TraceEntry is one thing that happened, in the order it happened. The UI
// animates entries; tests compare them.
type TraceEntry struct {
	Seq  uint64 // entry number, from 1, consecutive
	Step uint64 // the step (event) that produced the entry; entries made between steps carry the last step's number
	Time int64  // simulated ms
	Kind Kind
	From NodeID // sender, or the node that acted
	To   NodeID // receiver, if any
	// API is the Kafka request or response name, for messages.
	API string
	// Label is a short human description, e.g. "4. ProduceRequest(order_events, P1)".
	Label string
	// Summary describes the payload.
	Summary string
	// Reason says why a message was dropped.
	Reason string
	// Msg is the message's id, linking its send to its delivery or drop.
	Msg MessageID
	// ArriveAt is when a sent message is due to arrive.
	ArriveAt int64
	// Lifecycle is the step of the 15-step message lifecycle (1–15), or 0.
	Lifecycle int
	// Hash is the state hash after the step, on the step's first entry when
	// Config.HashEveryStep is set; zero otherwise.
	Hash Hash
}

// traceRing keeps the most recent entries, at most limit of them.
type traceRing struct {
	buf   []TraceEntry
	start int // index of the oldest entry once the ring is full
	limit int
}

func (r *traceRing) add(e TraceEntry) {
	if r.limit <= 0 {
		return
	}
	if len(r.buf) < r.limit {
		r.buf = append(r.buf, e)
		return
	}
	r.buf[r.start] = e
	r.start = (r.start + 1) % r.limit
}

func (r *traceRing) len() int { return len(r.buf) }

// at returns the i-th oldest entry kept.
func (r *traceRing) at(i int) TraceEntry {
	return r.buf[(r.start+i)%len(r.buf)]
}

// after returns a copy of the kept entries with Seq greater than seq.
func (r *traceRing) after(seq uint64) []TraceEntry {
	n := r.len()
	if n == 0 {
		return nil
	}
	first := r.at(0).Seq
	skip := 0
	if seq >= first {
		skip = int(min(seq-first+1, uint64(n)))
	}
	out := make([]TraceEntry, 0, n-skip)
	for i := skip; i < n; i++ {
		out = append(out, r.at(i))
	}
	return out
}
