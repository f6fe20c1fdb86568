package sim

// NodeID names a node of the simulated cluster. It is what the trace shows,
// so it should be readable: "broker-1", "controller", "producer-1".
type NodeID string

// A Node is one process of the simulated cluster: a broker, the controller or
// a client. The kernel calls it for every message delivered to it and every
// timer it set; the node answers only through the Env it is given, which is
// valid for that call only and must not be kept.
//
// A node must be a deterministic function of what it receives: no
// goroutines, clocks, global randomness or map iteration order reaching a
// decision.
type Node interface {
	// ID returns the node's name. It must not change.
	ID() NodeID
	// Receive handles a message the network delivered to the node.
	Receive(env *Env, m Message)
	// Timer handles a timer the node set with Env.After.
	Timer(env *Env, t TimerEvent)
	// AppendState writes a canonical encoding of the node's state for the
	// state hash: the same state must always write the same bytes, so map
	// contents are written in sorted key order.
	AppendState(w *StateWriter)
}

// A StateAppender writes a canonical encoding of itself for the state hash.
// Message bodies and timer data that implement it are hashed while they wait
// in the event queue; others are represented by their message's Summary or
// their timer's Kind only.
type StateAppender interface {
	AppendState(w *StateWriter)
}

// MessageID numbers messages in the order they were sent, from 1.
type MessageID uint64

// A Message is a value sent from one node to another through the simulated
// network. The kernel never looks inside Body.
type Message struct {
	From NodeID // sender; Env.Send fills it in
	To   NodeID // receiver
	// API is the Kafka request or response name: "Produce",
	// "ProduceResponse", "Fetch", "Metadata", "BrokerHeartbeat" …
	API string
	// Body is the request or response as a plain Go value.
	Body any
	// Label is a short human description for the trace, such as
	// "4. ProduceRequest(order_events, P1)".
	Label string
	// Summary is a short description of the payload for the trace.
	Summary string
	// Lifecycle is the step of the 15-step message lifecycle this message
	// shows (1–15), or 0 for none.
	Lifecycle int

	ID       MessageID // assigned by the kernel when sent
	SentAt   int64     // simulated ms when sent; assigned by the kernel
	ArriveAt int64     // simulated ms of delivery; assigned by the kernel
}

// TimerID identifies a timer set with Env.After, from 1.
type TimerID uint64

// A TimerEvent is a timer firing, as passed to Node.Timer.
type TimerEvent struct {
	ID    TimerID
	Kind  string // what the node named the timer, e.g. "heartbeat"
	Data  any    // what the node attached to it
	SetAt int64  // simulated ms when it was set
	At    int64  // simulated ms when it fires
}
