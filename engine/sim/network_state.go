package sim

// A LinkState is what the faults of one link are now, for the UI.
type LinkState struct {
	Cut    bool  // cut, or an end is isolated: messages on it are dropped
	SlowMs int64 // extra delay of every message
}

// LinkState returns the state of the link from → to. It never creates the
// link, so reading it does not change the state hash.
func (n *Network) LinkState(from, to NodeID) LinkState {
	var st LinkState
	if l, ok := n.links[linkKey{from, to}]; ok {
		st.Cut, st.SlowMs = l.cut, l.slow
	}
	if len(n.isolated) > 0 && (n.isIsolated(from) || n.isIsolated(to)) {
		st.Cut = true
	}
	return st
}
