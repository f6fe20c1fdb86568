package live

import (
	"strconv"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/web"
)

// netLinks reads the faults of the links the cluster picture draws (every
// pair of brokers, every broker and every controller, every two
// controllers) from the simulated network; links that are up are left out.
func netLinks(c *cluster.Cluster, brokers []int) map[[2]string]web.LinkDir {
	net := c.Sim().Net()
	out := map[[2]string]web.LinkDir{}
	var nodes []string
	for _, n := range c.ControllerNodes() {
		nodes = append(nodes, string(n))
	}
	for _, id := range brokers {
		nodes = append(nodes, "broker-"+strconv.Itoa(id))
	}
	for _, a := range nodes {
		for _, b := range nodes {
			if a == b {
				continue
			}
			if st := net.LinkState(sim.NodeID(a), sim.NodeID(b)); st.Cut || st.SlowMs > 0 {
				out[[2]string{a, b}] = web.LinkDir{Cut: st.Cut, SlowMs: st.SlowMs}
			}
		}
	}
	return out
}

// linkCard is the card of the selected link, or nil.
func linkCard(vm web.ClusterVM, selected string) *web.LinkCardVM {
	for _, l := range vm.Links {
		if l.ID() == selected {
			card := web.LinkCard(l)
			return &card
		}
	}
	return nil
}

// slowToLeader is the delay on the link from a follower's broker to its
// leader's, as the replica card's control sets it (both ways).
func slowToLeader(links map[[2]string]web.LinkDir, d *web.DetailsVM) int64 {
	if d == nil || d.Leader < 0 {
		return 0
	}
	return links[[2]string{"broker-" + strconv.Itoa(d.Broker), "broker-" + strconv.Itoa(d.Leader)}].SlowMs
}

// actionEvent is what the learner's last network action did, when it is
// the newest entry of the trace (an action runs between steps, after the
// step's entries): a link cut, healed or slowed, or a message dropped in
// flight. The status line shows it instead of the step's first entry.
func actionEvent(trace []sim.TraceEntry, step uint64) (string, bool) {
	if len(trace) == 0 {
		return "", false
	}
	e := trace[len(trace)-1]
	switch {
	case e.Step != step:
		return "", false
	case e.Kind == sim.KindDrop && e.Reason == sim.ReasonDropInFlight:
		what := e.Label
		if what == "" {
			what = e.API
		}
		return e.Reason + " (" + string(e.From) + " → " + string(e.To) + "): " + what, true
	case e.Kind == sim.KindFault:
		return e.Label, true
	}
	return "", false
}
