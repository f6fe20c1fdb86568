package sim

import (
	"cmp"
	"slices"
	"strconv"
)

// Drop reasons, as they appear in TraceEntry.Reason.
const (
	ReasonNoNode   = "no such node"
	ReasonNodeDown = "node down"
	ReasonCut      = "link cut"
	ReasonIsolated = "node isolated"
	ReasonDropNext = "dropped on purpose"
	ReasonLoss     = "random loss"
)

// DefaultLatencyMs is the one-way latency of a link nobody configured.
const DefaultLatencyMs = 1

// A Network carries messages between nodes over one link per ordered pair
// of nodes. A link delivers in order, like a TCP connection: a message
// never overtakes an earlier one on the same link. Every change to the
// network is recorded in the trace as a fault entry.
//
// A message is checked twice: when it is sent (the receiver must exist, the
// link must be up, and it must survive drop-next and random loss) and when
// it arrives (the link must still be up and the receiver must be up).
type Network struct {
	s        *Sim
	latency  int64 // ms, for links without their own
	jitter   int64 // ms, uniform extra delay in [0, jitter]
	lossP    uint64
	lossQ    uint64 // random loss ratio lossP/lossQ; lossQ == 0 means none
	links    map[linkKey]*link
	sorted   []*link  // by (from, to), for the state hash
	isolated []NodeID // sorted
}

type linkKey struct{ from, to NodeID }

// A link is the one-way connection from one node to another.
type link struct {
	from, to NodeID
	latency  int64 // ms, or -1 for the network's
	jitter   int64 // ms, or -1 for the network's
	slow     int64 // extra ms
	cut      bool
	dropNext int
	lossP    uint64
	lossQ    uint64 // 0 means the network's ratio
	last     int64  // arrival time of the latest message, for FIFO order
	// open is true once a message was delivered over the link since either
	// end last stopped: the sender holds a connection to the receiver, which
	// a crash of either end closes (disconnect.go).
	open bool
}

func newNetwork(s *Sim, latency int64) *Network {
	return &Network{s: s, latency: latency, links: map[linkKey]*link{}}
}

// link returns the link from → to, creating it with the defaults.
func (n *Network) link(from, to NodeID) *link {
	if l, ok := n.links[linkKey{from, to}]; ok {
		return l
	}
	l := &link{from: from, to: to, latency: -1, jitter: -1}
	n.links[linkKey{from, to}] = l
	i, _ := slices.BinarySearchFunc(n.sorted, l, compareLinks)
	n.sorted = slices.Insert(n.sorted, i, l)
	return l
}

func compareLinks(a, b *link) int {
	if c := cmp.Compare(a.from, b.from); c != 0 {
		return c
	}
	return cmp.Compare(a.to, b.to)
}

// blocked returns why the link cannot carry a message now, or "".
func (n *Network) blocked(l *link) string {
	switch {
	case l.cut:
		return ReasonCut
	case len(n.isolated) > 0 && (n.isIsolated(l.from) || n.isIsolated(l.to)):
		return ReasonIsolated
	}
	return ""
}

func (n *Network) isIsolated(id NodeID) bool {
	_, ok := slices.BinarySearch(n.isolated, id)
	return ok
}

// admit decides at send time whether m enters the network, and when it
// arrives. It returns the drop reason, or "" and the arrival time.
func (n *Network) admit(l *link, now int64) (reason string, arrive int64) {
	if r := n.blocked(l); r != "" {
		return r, 0
	}
	if l.dropNext > 0 {
		l.dropNext--
		return ReasonDropNext, 0
	}
	p, q := n.lossP, n.lossQ
	if l.lossQ > 0 {
		p, q = l.lossP, l.lossQ
	}
	if p > 0 && n.s.streams.get(StreamNetwork).Uint64N(q) < p {
		return ReasonLoss, 0
	}
	delay := l.latency
	if delay < 0 {
		delay = n.latency
	}
	delay += l.slow
	jitter := l.jitter
	if jitter < 0 {
		jitter = n.jitter
	}
	if jitter > 0 {
		delay += n.s.streams.get(StreamNetwork).Int64N(jitter + 1)
	}
	arrive = max(now+delay, l.last)
	l.last = arrive
	return "", arrive
}

// SetLatency sets the one-way latency of every link without its own.
func (n *Network) SetLatency(ms int64) {
	mustNotBeNegative("latency", ms)
	n.latency = ms
	n.fault("", "", "latency "+ms2s(ms))
}

// SetJitter sets the extra random delay, uniform in [0, ms], of every link
// without its own. Jitter is drawn from the network stream; links stay FIFO.
func (n *Network) SetJitter(ms int64) {
	mustNotBeNegative("jitter", ms)
	n.jitter = ms
	n.fault("", "", "jitter "+ms2s(ms))
}

// SetLinkLatency sets the one-way latency of the link from → to.
func (n *Network) SetLinkLatency(from, to NodeID, ms int64) {
	mustNotBeNegative("latency", ms)
	n.link(from, to).latency = ms
	n.fault(from, to, "latency "+ms2s(ms)+" on "+arrow(from, to))
}

// SetLinkJitter sets the jitter of the link from → to.
func (n *Network) SetLinkJitter(from, to NodeID, ms int64) {
	mustNotBeNegative("jitter", ms)
	n.link(from, to).jitter = ms
	n.fault(from, to, "jitter "+ms2s(ms)+" on "+arrow(from, to))
}

// Slow adds ms of delay to every message on the link from → to; 0 restores
// its normal speed.
func (n *Network) Slow(from, to NodeID, ms int64) {
	mustNotBeNegative("delay", ms)
	n.link(from, to).slow = ms
	n.fault(from, to, "slow "+arrow(from, to)+" by "+ms2s(ms))
}

// Cut cuts the link from → to: messages sent on it, or arriving on it while
// it is cut, are dropped. The reverse link is unaffected.
func (n *Network) Cut(from, to NodeID) {
	n.link(from, to).cut = true
	n.fault(from, to, "cut "+arrow(from, to))
}

// CutBoth cuts the links between a and b in both directions.
func (n *Network) CutBoth(a, b NodeID) {
	n.Cut(a, b)
	n.Cut(b, a)
}

// Heal restores the link from → to after Cut.
func (n *Network) Heal(from, to NodeID) {
	n.link(from, to).cut = false
	n.fault(from, to, "heal "+arrow(from, to))
}

// HealBoth restores the links between a and b in both directions.
func (n *Network) HealBoth(a, b NodeID) {
	n.Heal(a, b)
	n.Heal(b, a)
}

// Isolate cuts id off from every other node, both ways, until Rejoin.
func (n *Network) Isolate(id NodeID) {
	if i, ok := slices.BinarySearch(n.isolated, id); !ok {
		n.isolated = slices.Insert(n.isolated, i, id)
	}
	n.fault(id, "", "isolate "+string(id))
}

// Rejoin ends Isolate for id.
func (n *Network) Rejoin(id NodeID) {
	if i, ok := slices.BinarySearch(n.isolated, id); ok {
		n.isolated = slices.Delete(n.isolated, i, i+1)
	}
	n.fault(id, "", "rejoin "+string(id))
}

// Split cuts every link between a node of a and a node of b, both ways.
// Nodes in neither side keep their links to both, which makes a bridge.
func (n *Network) Split(a, b []NodeID) {
	for _, x := range a {
		for _, y := range b {
			n.link(x, y).cut = true
			n.link(y, x).cut = true
		}
	}
	n.fault("", "", "split "+list(a)+" | "+list(b))
}

// DropNext drops the next count messages sent on the link from → to.
func (n *Network) DropNext(from, to NodeID, count int) {
	if count < 0 {
		panic("sim: negative drop count")
	}
	n.link(from, to).dropNext = count
	n.fault(from, to, "drop next "+strconv.Itoa(count)+" on "+arrow(from, to))
}

// SetLoss drops each message on every link without its own ratio with
// probability p/q, drawn from the network stream. SetLoss(0, 1) turns loss
// off; no draws are made while it is off.
func (n *Network) SetLoss(p, q uint64) {
	mustBeRatio(p, q)
	n.lossP, n.lossQ = p, q
	n.fault("", "", "loss "+ratio(p, q))
}

// SetLinkLoss drops each message on the link from → to with probability
// p/q, instead of the network's ratio.
func (n *Network) SetLinkLoss(from, to NodeID, p, q uint64) {
	mustBeRatio(p, q)
	l := n.link(from, to)
	l.lossP, l.lossQ = p, q
	n.fault(from, to, "loss "+ratio(p, q)+" on "+arrow(from, to))
}

// HealAll ends every fault: cuts, isolation, splits, slow links, drop-next
// and random loss. Latency and jitter stay as configured.
func (n *Network) HealAll() {
	for _, l := range n.sorted {
		l.cut, l.slow, l.dropNext, l.lossP, l.lossQ = false, 0, 0, 0, 0
	}
	n.isolated = n.isolated[:0]
	n.lossP, n.lossQ = 0, 0
	n.fault("", "", "heal all")
}

// fault records a network change in the trace.
func (n *Network) fault(from, to NodeID, label string) {
	n.s.record(TraceEntry{Kind: KindFault, From: from, To: to, Label: label})
}

// closeConnections forgets the connections to and from node id (it stopped).
func (n *Network) closeConnections(id NodeID) {
	for _, l := range n.sorted {
		if l.from == id || l.to == id {
			l.open = false
		}
	}
}

// baseDelay is the link's latency without jitter: a disconnect notice draws
// no randomness.
func (n *Network) baseDelay(l *link) int64 {
	d := l.latency
	if d < 0 {
		d = n.latency
	}
	return d + l.slow
}

// appendState writes the network's settings and per-link state.
func (n *Network) appendState(w *StateWriter) {
	w.String("network")
	w.Int(n.latency)
	w.Int(n.jitter)
	w.Uint(n.lossP)
	w.Uint(n.lossQ)
	w.Uint(uint64(len(n.sorted)))
	for _, l := range n.sorted {
		w.String(string(l.from))
		w.String(string(l.to))
		w.Int(l.latency)
		w.Int(l.jitter)
		w.Int(l.slow)
		w.Bool(l.cut)
		w.Int(int64(l.dropNext))
		w.Uint(l.lossP)
		w.Uint(l.lossQ)
		w.Int(l.last)
		// open is not written: it follows from which messages were delivered,
		// which the nodes' own states reflect, and leaving it out keeps the
		// hashes of runs without a crash what they were.
	}
	w.Uint(uint64(len(n.isolated)))
	for _, id := range n.isolated {
		w.String(string(id))
	}
}

func mustNotBeNegative(what string, ms int64) {
	if ms < 0 {
		panic("sim: negative " + what + ": " + strconv.FormatInt(ms, 10))
	}
}

func mustBeRatio(p, q uint64) {
	if q == 0 || p > q {
		panic("sim: bad probability " + ratio(p, q) + ": want 0 <= p <= q, q > 0")
	}
}

func ms2s(ms int64) string         { return strconv.FormatInt(ms, 10) + " ms" }
func arrow(from, to NodeID) string { return string(from) + " → " + string(to) }
func ratio(p, q uint64) string {
	return strconv.FormatUint(p, 10) + "/" + strconv.FormatUint(q, 10)
}

func list(ids []NodeID) string {
	s := "["
	for i, id := range ids {
		if i > 0 {
			s += " "
		}
		s += string(id)
	}
	return s + "]"
}
