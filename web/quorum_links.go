package web

import "strings"

// The network links of a controller quorum in the live picture. Every two
// controllers are joined (Raft's fetches and votes run between them):
// neighbours across the gap between their cards, the others by an arc
// under the cards. A broker talks to one controller at a time, the one it
// believes active (engine/broker/controller_route.go), so each broker
// draws its link to that controller; a link to another controller is drawn
// too while it is cut, slowed or selected, so a fault the learner made
// stays in sight after the broker turned away from it.

// quorumLinks adds the quorum's links through add.
func quorumLinks(vm ClusterVM, spec ClusterSpec, add func(a, b, path string, mx, my int)) {
	q := vm.Quorum
	for i := range q {
		for j := i + 1; j < len(q); j++ {
			path, mx, my := controllerPath(q[i], q[j], j-i)
			add(q[i].Node, q[j].Node, path, mx, my)
		}
	}
	boxBottom := vm.Controller.Y + vm.Controller.H
	for i, b := range vm.Brokers {
		node := "broker-" + itoa(b.ID)
		route := ""
		if i < len(spec.Routes) {
			route = spec.Routes[i]
		}
		for k, c := range q {
			_, impaired := spec.NetLinks[[2]string{node, c.Node}]
			if _, back := spec.NetLinks[[2]string{c.Node, node}]; back {
				impaired = true
			}
			if c.Node != route && !impaired && spec.Selected != LinkID(node, c.Node) {
				continue
			}
			// Each controller's line leaves the panel at its own x, and
			// lands on the card's bottom edge spread by broker, so lines
			// that meet a card stay apart.
			x0, y0 := b.X+32+12*k, b.Y
			x1, y1 := c.X+c.W*(i+1)/(len(vm.Brokers)+1), c.Y+c.H
			my := (boxBottom + y0) / 2
			mx := x0 + (x1-x0)*(y0-my)/(y0-y1)
			add(node, c.Node, "M"+itoa(x0)+" "+itoa(y0)+" L"+itoa(x1)+" "+itoa(y1), mx+10, my+4)
		}
	}
}

// controllerPath is the link between controller cards a and b, d cards
// apart: a line across the gap between neighbours, an arc under the cards
// between the others, deeper the further apart they are. The mark sits in
// the band under the cards.
func controllerPath(a, b QuorumCardVM, d int) (path string, mx, my int) {
	bottom := a.Y + a.H
	if d == 1 {
		y := a.Y + a.H/2
		x1, x2 := a.X+a.W, b.X
		return "M" + itoa(x1) + " " + itoa(y) + " H" + itoa(x2), (x1 + x2) / 2, bottom + 14
	}
	x1, x2 := a.X+a.W*3/4, b.X+b.W/4
	depth := min(12+6*(d-2), quorumLinkBand-14)
	c := bottom + depth*4/3 // a cubic with both controls at c reaches ¾ of the way
	path = "M" + itoa(x1) + " " + itoa(bottom) + " C" + itoa(x1) + " " + itoa(c) + " " + itoa(x2) + " " + itoa(c) + " " + itoa(x2) + " " + itoa(bottom)
	return path, (x1 + x2) / 2, bottom + depth + 12
}

// isController reports whether node is a controller: the single
// controller or a quorum's controller-N.
func isController(node string) bool { return strings.HasPrefix(node, "controller") }
