package web

import (
	"strconv"
	"strings"
)

// The network links of the live cluster picture: one line per pair of
// brokers (an arc under the panels: replication runs over it) and one per
// broker and the controller (heartbeats and metadata). A link is clickable:
// its card cuts or heals it, one way or both, or slows it.

// A LinkDir is one direction of a link.
type LinkDir struct {
	Cut    bool
	SlowMs int64
}

// linkBandH is the height of the band under the broker panels where the
// broker–broker arcs run.
const linkBandH = 56

// A NetLinkVM is one drawn link between nodes A and B.
type NetLinkVM struct {
	A, B     string // node ids: broker-1, controller
	AB, BA   LinkDir
	Path     string
	MX, MY   int // where its mark sits
	Selected bool
}

// LinkID is the selection id of the link between a and b.
func LinkID(a, b string) string { return "link-" + a + "-" + b }

// ID is the link's selection id and test id.
func (l NetLinkVM) ID() string { return LinkID(l.A, l.B) }

// State is up, cut (both ways), one-way (cut one way) or slow.
func (l NetLinkVM) State() string {
	switch {
	case l.AB.Cut && l.BA.Cut:
		return "cut"
	case l.AB.Cut || l.BA.Cut:
		return "one-way"
	case l.AB.SlowMs > 0 || l.BA.SlowMs > 0:
		return "slow"
	}
	return "up"
}

// Mark is the short text drawn on a link that is not up.
func (l NetLinkVM) Mark() string {
	switch l.State() {
	case "cut":
		return "✂"
	case "one-way":
		if l.AB.Cut {
			return "✂ " + short(l.A) + "→" + short(l.B)
		}
		return "✂ " + short(l.B) + "→" + short(l.A)
	case "slow":
		return "+" + msLabel(max(l.AB.SlowMs, l.BA.SlowMs))
	}
	return ""
}

// short names a node in a mark: b1 for broker-1, c2 for controller-2, ctl
// for the single controller.
func short(n string) string {
	if id, ok := strings.CutPrefix(n, "broker-"); ok {
		return "b" + id
	}
	if id, ok := strings.CutPrefix(n, "controller-"); ok {
		return "c" + id
	}
	return "ctl"
}

func msLabel(ms int64) string {
	if ms >= 1000 && ms%1000 == 0 {
		return strconv.FormatInt(ms/1000, 10) + " s"
	}
	return strconv.FormatInt(ms, 10) + " ms"
}

func layoutNetLinks(vm ClusterVM, spec ClusterSpec) []NetLinkVM {
	var out []NetLinkVM
	add := func(a, b, path string, mx, my int) {
		out = append(out, NetLinkVM{A: a, B: b, AB: spec.NetLinks[[2]string{a, b}], BA: spec.NetLinks[[2]string{b, a}],
			Path: path, MX: mx, MY: my, Selected: spec.Selected == LinkID(a, b)})
	}
	// Broker and controller: a short vertical line in the gap above each
	// panel, left of its centre (the flights leave from the centre). A
	// quorum draws its own (quorum_links.go).
	if len(vm.Quorum) > 0 {
		quorumLinks(vm, spec, add)
	}
	ctrlBottom := vm.Controller.Y + vm.Controller.H
	for _, b := range vm.Brokers {
		if len(vm.Quorum) > 0 {
			break
		}
		x := b.X + 44
		add("broker-"+itoa(b.ID), "controller", "M"+itoa(x)+" "+itoa(ctrlBottom)+" V"+itoa(b.Y), x+8, (ctrlBottom+b.Y)/2+4)
	}
	// Broker pairs: arcs under the panels, deeper for brokers further
	// apart, each leaving its panels at its own x.
	for i, bi := range vm.Brokers {
		for j := i + 1; j < len(vm.Brokers); j++ {
			bj := vm.Brokers[j]
			d := j - i
			x1 := bi.X + bi.W/2 + (d-1)*22 + 12
			x2 := bj.X + bj.W/2 - (d-1)*22 - 12
			y := bi.Y + bi.H
			depth := 18 + 22*(d-1)
			if depth*4/3 > linkBandH-8 {
				depth = (linkBandH - 8) * 3 / 4
			}
			c := y + depth*4/3 // a cubic with both controls at c reaches ¾ of the way
			path := "M" + itoa(x1) + " " + itoa(y) + " C" + itoa(x1) + " " + itoa(c) + " " + itoa(x2) + " " + itoa(c) + " " + itoa(x2) + " " + itoa(y)
			my := y + depth + 15 // below a long arc
			if d == 1 {
				my = y + depth - 5 // inside a short one, clear of the long arcs under it
			}
			add("broker-"+itoa(bi.ID), "broker-"+itoa(bj.ID), path, (x1+x2)/2, my)
		}
	}
	return out
}

// A LinkCardVM is the side card of a selected link.
type LinkCardVM struct {
	A, B   string
	AB, BA LinkDir
	// Controller: the link joins a broker and a controller and carries
	// heartbeats and metadata, not replication.
	Controller bool
	// Raft: the link joins two controllers of a quorum.
	Raft  bool
	State string
}

// LinkCard returns the card of link l.
func LinkCard(l NetLinkVM) LinkCardVM {
	a, b := isController(l.A), isController(l.B)
	return LinkCardVM{A: l.A, B: l.B, AB: l.AB, BA: l.BA, Controller: a != b, Raft: a && b, State: l.State()}
}

// DirText says how one direction is: up, cut, or slowed by how much.
func (d LinkDir) DirText() string {
	switch {
	case d.Cut:
		return "cut"
	case d.SlowMs > 0:
		return "slow +" + msLabel(d.SlowMs)
	}
	return "up"
}

// SlowChoices are the delays the controls offer.
var SlowChoices = []int64{0, 200, 1000}

// SlowLabel names a delay choice.
func SlowLabel(ms int64) string {
	if ms == 0 {
		return "0"
	}
	return msLabel(ms)
}
