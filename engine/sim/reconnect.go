package sim

// Kafka's NetworkClient defaults for reconnecting to a node after its
// connection failed or closed (CommonClientConfigs): the first wait is
// reconnect.backoff.ms, each further failure doubles it up to
// reconnect.backoff.max.ms. Kafka adds 20% jitter; the lab does not, so the
// wait draws no randomness.
const (
	ReconnectBackoffMs    = 50
	ReconnectBackoffMaxMs = 1000
)

// Reconnects is a client node's reconnect backoff per peer
// (ClusterConnectionStates): after a disconnect the client does not talk to
// the peer until the backoff passes; a message from the peer (a working
// connection) resets it. The zero value is ready to use.
type Reconnects struct {
	peers map[NodeID]reconnect
}

type reconnect struct {
	until, waitMs int64
}

// Failed records a failed or closed connection to peer at now and returns
// the wait before the next attempt. A failure notice that comes during the
// backoff (another message of the same attempt) changes nothing.
func (r *Reconnects) Failed(peer NodeID, now int64) int64 {
	if r.peers == nil {
		r.peers = map[NodeID]reconnect{}
	}
	w := int64(ReconnectBackoffMs)
	if prev, ok := r.peers[peer]; ok {
		if prev.until > now {
			return prev.until - now
		}
		w = min(prev.waitMs*2, ReconnectBackoffMaxMs)
	}
	r.peers[peer] = reconnect{until: now + w, waitMs: w}
	return w
}

// Connected resets peer's backoff: it answered.
func (r *Reconnects) Connected(peer NodeID) { delete(r.peers, peer) }

// Until returns when the client may talk to peer again; 0 if it may now.
func (r *Reconnects) Until(peer NodeID, now int64) int64 {
	if c, ok := r.peers[peer]; ok && c.until > now {
		return c.until
	}
	return 0
}

// AppendState writes the backoffs in peer order, for the state hash;
// nothing when there is none, so a run without disconnects hashes as before.
func (r *Reconnects) AppendState(w *StateWriter) {
	if len(r.peers) == 0 {
		return
	}
	w.String("reconnects")
	w.Uint(uint64(len(r.peers)))
	for _, id := range sortedIDs(r.peers) {
		w.String(string(id))
		w.Int(r.peers[id].until)
		w.Int(r.peers[id].waitMs)
	}
}

func sortedIDs(m map[NodeID]reconnect) []NodeID {
	ids := make([]NodeID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	return ids
}
