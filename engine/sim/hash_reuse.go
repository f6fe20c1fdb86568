package sim

// NodeStates keeps each node's state encoding from one state hash to the
// next, so that a caller who knows which nodes did not change since (the
// live lab's frame: the nodes no trace entry named) hashes without
// encoding them again. Its zero value is ready. It belongs to one Sim.
type NodeStates struct {
	s   *Sim
	enc map[NodeID][]byte
}

// StateHashReusing returns StateHash, encoding again only the nodes for
// which same reports false or whose encoding nc does not hold yet; the
// others' encodings are the ones the last call with nc wrote. Reusing a
// node that changed gives a wrong hash: same must be sure.
func (s *Sim) StateHashReusing(nc *NodeStates, same func(NodeID) bool) Hash {
	if nc.s != s || nc.enc == nil {
		nc.s, nc.enc = s, map[NodeID][]byte{}
	}
	return s.stateHash(nc, same)
}

// append writes sl's node's state, from nc when same says it is unchanged.
func (nc *NodeStates) append(w *StateWriter, sl *slot, same func(NodeID) bool) {
	if b, ok := nc.enc[sl.id]; ok && same(sl.id) {
		w.buf = append(w.buf, b...)
		return
	}
	start := len(w.buf)
	sl.node.AppendState(w)
	nc.enc[sl.id] = append(nc.enc[sl.id][:0], w.buf[start:]...)
}
