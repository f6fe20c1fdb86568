package sim

import "fmt"

// Connection loss. A node that talked to another over a link holds a
// connection to it, as Kafka's clients and brokers hold TCP connections.
// When a process crashes its machine stays up and the operating system
// closes the process's sockets at once: every peer connected to it learns
// within one link latency that the connection is gone, and a peer that
// connects (sends) while the process is down is refused just as fast, so
// Kafka's NetworkClient fails the requests in flight on that connection at
// once instead of waiting for request.timeout.ms. A power loss, a paused
// process or a cut link gives no such signal: their peers find out only
// when a request times out. Crash is the first, Stop the second.
//
// The notice is an event for the peer (Disconnecter.Disconnected), traced as
// a disconnect entry. It travels the link from the crashed node to the peer
// with that link's latency (no jitter, so it draws no randomness), after any
// message already in flight on that link, and is lost like a message if the
// link is cut or a node isolated.

// KindDisconnect is a trace entry for a connection the peer closed.
const KindDisconnect Kind = "disconnect"

// ReasonRefused is why a message to a crashed process is dropped: its
// machine answers the connection with a reset.
const ReasonRefused = "connection refused (process down)"

// A Disconnecter is a node that wants to know when a peer's process closed
// their connection (a crash) or refused a new one. Nodes that do not
// implement it are not told.
type Disconnecter interface {
	// Disconnected tells the node that its connection to peer is gone.
	// refused is false when peer's process closed an open connection (every
	// request in flight on it failed) and true when a message found no
	// process at peer: to the sender that is a connection that could not
	// be established, and the message was never read.
	Disconnected(env *Env, peer NodeID, refused bool)
}

// Crash stops node id as a process crash: like Stop, and every node that
// holds a connection to it, or sends to it before it starts again, is told
// the connection is closed.
func (s *Sim) Crash(id NodeID) error {
	sl, ok := s.nodes[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownNode, id)
	}
	// n.sorted is ordered by (from, to), so the peers come in the same order
	// in every run; a peer connected both ways is told once.
	var peers []NodeID
	for _, l := range s.net.sorted {
		if !l.open || (l.from != id && l.to != id) {
			continue
		}
		peer := l.to
		if peer == id {
			peer = l.from
		}
		if !containsID(peers, peer) {
			peers = append(peers, peer)
		}
	}
	if err := s.Stop(id); err != nil { // closes the connections
		return err
	}
	sl.refuses = true
	for _, p := range peers {
		s.notifyDisconnect(id, p, false)
	}
	return nil
}

// notifyDisconnect sends peer the notice that from's process closed their
// connection, over the link from → peer.
func (s *Sim) notifyDisconnect(from, peer NodeID, refused bool) {
	dest, ok := s.nodes[peer]
	if !ok {
		return
	}
	if _, ok := dest.node.(Disconnecter); !ok {
		return
	}
	l := s.net.link(from, peer)
	if s.net.blocked(l) != "" {
		return
	}
	at := max(s.now+s.net.baseDelay(l), l.last)
	e := s.q.alloc()
	e.kind, e.node, e.peer, e.link, e.refused = evDisconnect, peer, from, l, refused
	s.schedule(e, at)
}

// disconnect runs a disconnect notice.
func (s *Sim) disconnect(e *event) {
	sl := s.nodes[e.node]
	te := TraceEntry{Kind: KindDisconnect, From: e.peer, To: e.node,
		Label: string(e.node) + ": connection to " + string(e.peer) + " closed (its process is down)"}
	if e.refused {
		te.Label = string(e.node) + ": connection to " + string(e.peer) + " refused (its process is down)"
	}
	// Every step records an entry: a notice that cannot arrive is a drop.
	if r := s.net.blocked(e.link); r != "" || !sl.up {
		if r == "" {
			r = ReasonNodeDown
		}
		te.Kind, te.Reason = KindDrop, r
		s.record(te)
		return
	}
	s.record(te)
	s.env.self = e.node
	sl.node.(Disconnecter).Disconnected(&s.env, e.peer, e.refused)
}

func containsID(ids []NodeID, id NodeID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
