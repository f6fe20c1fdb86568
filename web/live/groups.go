package live

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/assignor"
	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/slicesort"
	"github.com/kafkalab/kafkalab/web"
)

// members returns the lab's group members for the diagram and the consumer
// panel, each with a colour by its position.
func members(c *cluster.Cluster) ([]web.ConsumerSpec, []web.ConsumerRowVM) {
	var specs []web.ConsumerSpec
	var rows []web.ConsumerRowVM
	for i, info := range c.Consumers() {
		cs := web.ConsumerSpec{Name: info.Name, Group: info.Group, Colour: i}
		cons, _ := c.Consumer(info.Name)
		up := c.Sim().IsUp(cons.ID())
		switch {
		case !up:
			cs.State = "crashed"
		case !info.Running:
			cs.State = "stopped"
		case info.Generation <= 0 || !cons.Stable():
			cs.State = "joining"
		case len(info.Assignment) == 0:
			cs.State = "idle"
		default:
			cs.State = "consuming"
		}
		if info.Running && up {
			for _, tp := range cons.Assignment() {
				cs.Owns = append(cs.Owns, web.PartRef{Topic: tp.Topic, Partition: int(tp.Partition)})
			}
		}
		specs = append(specs, cs)
		rows = append(rows, web.ConsumerRowVM{Name: info.Name, Group: info.Group, State: cs.State, Running: info.Running && up, Colour: i})
	}
	return specs, rows
}

// groups builds the Groups tab from the coordinators' views: what
// DescribeGroups and OffsetFetch would answer, read without a request.
func groups(c *cluster.Cluster, spec web.ClusterSpec, colours map[string]int) web.GroupsVM {
	hw := map[string]int64{}
	for _, p := range spec.Partitions {
		if rs, ok := p.StatsOf(p.Leader); ok && rs.Known {
			hw[fmt.Sprintf("%s/%d", p.Topic, p.Partition)] = rs.HW
		}
	}
	var vm web.GroupsVM
	for _, g := range c.GroupViews() {
		gv := web.GroupVM{ID: g.ID, State: g.State.String(), Generation: int(g.Generation), Protocol: g.Protocol,
			Coordinator: int(c.GroupCoordinator(g.ID)), Leader: g.Leader}
		for i, st := range web.GroupStates {
			gv.States = append(gv.States, web.GroupStateVM{Name: st.Name, Note: st.Note, X: 6 + i*188, Lit: st.Name == gv.State})
		}
		owner := map[assignor.TopicPartition][2]string{}
		for _, m := range g.Members {
			mv := web.MemberVM{MemberID: m.ID, ClientID: m.ClientID, InstanceID: m.InstanceID, Leader: m.ID == g.Leader, Colour: colours[m.ClientID]}
			if a, err := assignor.DecodeAssignment(m.Assignment); err == nil && len(m.Assignment) > 0 {
				var parts []string
				for _, tp := range a.Partitions {
					parts = append(parts, fmt.Sprintf("%s-%d", tp.Topic, tp.Partition))
					owner[tp] = [2]string{m.ID, m.ClientID}
				}
				mv.Assignment = strings.Join(parts, ", ")
			}
			gv.Members = append(gv.Members, mv)
		}
		var tps []assignor.TopicPartition
		for tp := range g.Offsets {
			tps = append(tps, tp)
		}
		for tp := range owner {
			if _, ok := g.Offsets[tp]; !ok {
				tps = append(tps, tp)
			}
		}
		slicesort.Func(tps, func(a, b assignor.TopicPartition) int {
			if c := strings.Compare(a.Topic, b.Topic); c != 0 {
				return c
			}
			return int(a.Partition - b.Partition)
		})
		for _, tp := range tps {
			row := web.GroupOffsetVM{Topic: tp.Topic, Partition: int(tp.Partition), Committed: "-", LogEnd: "-", Lag: "-", Owner: "-", Client: "-"}
			end, hasEnd := hw[fmt.Sprintf("%s/%d", tp.Topic, tp.Partition)]
			if hasEnd {
				row.LogEnd = strconv.FormatInt(end, 10)
			}
			if o, ok := g.Offsets[tp]; ok {
				row.Committed = strconv.FormatInt(o.Offset, 10)
				if hasEnd {
					row.Lag = strconv.FormatInt(max(end-o.Offset, 0), 10)
				}
			}
			if o, ok := owner[tp]; ok {
				row.Owner, row.Client = o[0], o[1]
			}
			gv.Rows = append(gv.Rows, row)
		}
		vm.Groups = append(vm.Groups, gv)
	}
	return vm
}

// brokerCard is the broker menu of broker id.
func brokerCard(spec web.ClusterSpec, id int) web.BrokerCardVM {
	b := web.BrokerCardVM{ID: id, Up: !spec.Down[id], Paused: spec.Paused[id], State: "up"}
	switch {
	case spec.Down[id]:
		b.State = "down"
	case spec.Paused[id]:
		b.State = "paused"
	case spec.Fenced[id]:
		b.State = "fenced"
	}
	leaders, replicas := 0, 0
	for _, p := range spec.Partitions {
		if slices.Contains(p.Replicas, id) {
			replicas++
		}
		if p.Leader == id {
			leaders++
		}
	}
	b.Summary = []web.Msg{web.M("Hosts %d replicas and leads %d partitions.", replicas, leaders)}
	switch b.State {
	case "down":
		b.Summary = append(b.Summary, web.M("Its process is not running; the controller fences it after broker.session.timeout.ms and elects new leaders from the ISR."))
	case "paused":
		b.Summary = append(b.Summary, web.M("Frozen: it holds its messages and timers and wakes with a stale view (a zombie)."))
	case "fenced":
		b.Summary = append(b.Summary, web.M("Fenced by the controller: it leads nothing until it registers again."))
	}
	return b
}
