package web

import (
	"fmt"
	"strconv"
)

// The colours of the source articles' replica diagrams, kept as the lab's
// palette so a learner recognises the picture they read about.
const (
	LeaderFill     = "#2E86C1" // leader replica: solid blue, white text
	LeaderStroke   = "#1B4F72"
	FollowerFill   = "#AEB6BF" // follower replica: grey, dashed outline
	FollowerStroke = "#5D6D7E"
	FollowerText   = "#1C2833" // dark: white on this grey is too faint to read
	BrokerFill     = "#E8F8F5"
	BrokerStroke   = "#17A589"
)

// A ClusterSpec describes what the cluster picture shows, before layout.
type ClusterSpec struct {
	Brokers    []int           // broker ids, in display order
	Partitions []PartitionSpec // every partition of every topic shown
	Controller string          // caption for the controller box
}

// A PartitionSpec is one partition and where its replicas live.
type PartitionSpec struct {
	Topic     string
	Partition int
	Replicas  []int // broker ids in assignment order
	Leader    int   // broker id of the leader; -1 when there is none
}

// A ClusterVM is the laid-out cluster picture: every box with its position, in
// SVG user units.
type ClusterVM struct {
	Width, Height int
	Controller    BoxVM
	Brokers       []BrokerVM
}

// A BoxVM is a captioned rectangle.
type BoxVM struct {
	X, Y, W, H int
	Caption    string
}

// A BrokerVM is one broker panel and the replicas it hosts.
type BrokerVM struct {
	BoxVM
	ID       int
	Replicas []ReplicaVM
}

// A ReplicaVM is one replica box inside a broker panel.
type ReplicaVM struct {
	BoxVM
	Topic     string
	Partition int
	Leader    bool
	Role      string // "leader" or "follower", shown under the name
	Note      string // e.g. "fetches from broker 2"
}

// Name is the replica's label in the articles' style: topic-P<partition>.
func (r ReplicaVM) Name() string { return fmt.Sprintf("%s-P%d", r.Topic, r.Partition) }

// TextColour is white on leaders, as in the articles, and dark on followers.
func (r ReplicaVM) TextColour() string {
	if r.Leader {
		return "white"
	}
	return FollowerText
}

// TestID identifies the replica box for browser tests.
func (r ReplicaVM) TestID(broker int) string {
	return fmt.Sprintf("replica-%s-%d-b%d", r.Topic, r.Partition, broker)
}

// Layout of the picture, in SVG user units.
const (
	margin       = 20
	brokerW      = 236
	brokerGap    = 30
	brokerTitleH = 40
	replicaW     = brokerW - 2*16
	replicaH     = 44
	replicaGap   = 10
	controllerH  = 46
	legendH      = 40
)

// LayoutCluster places every broker and replica of spec. Replicas appear in each
// broker panel leaders first, then by topic and partition, so a learner can see
// at a glance that leadership is spread across the brokers.
func LayoutCluster(spec ClusterSpec) ClusterVM {
	n := len(spec.Brokers)
	width := 2*margin + n*brokerW + max(n-1, 0)*brokerGap
	vm := ClusterVM{Width: max(width, 2*margin+brokerW)}
	vm.Controller = BoxVM{X: margin, Y: margin, W: vm.Width - 2*margin, H: controllerH, Caption: spec.Controller}

	top := margin + controllerH + 30
	tallest := 0
	for i, id := range spec.Brokers {
		b := BrokerVM{ID: id, BoxVM: BoxVM{X: margin + i*(brokerW+brokerGap), Y: top, W: brokerW, Caption: "Broker " + strconv.Itoa(id)}}
		for _, r := range replicasOn(spec, id) {
			r.X = b.X + (brokerW-replicaW)/2
			r.Y = top + brokerTitleH + len(b.Replicas)*(replicaH+replicaGap)
			r.W, r.H = replicaW, replicaH
			b.Replicas = append(b.Replicas, r)
		}
		b.H = brokerTitleH + len(b.Replicas)*(replicaH+replicaGap) + 6
		tallest = max(tallest, b.H)
		vm.Brokers = append(vm.Brokers, b)
	}
	for i := range vm.Brokers {
		vm.Brokers[i].H = tallest // equal panels read as a row
	}
	vm.Height = top + tallest + 16 + legendH
	return vm
}

// replicasOn lists the replicas broker id hosts, leaders first.
func replicasOn(spec ClusterSpec, id int) []ReplicaVM {
	var leaders, followers []ReplicaVM
	for _, p := range spec.Partitions {
		for _, r := range p.Replicas {
			if r != id {
				continue
			}
			vm := ReplicaVM{Topic: p.Topic, Partition: p.Partition, Leader: p.Leader == id}
			if vm.Leader {
				vm.Role = "leader"
				leaders = append(leaders, vm)
			} else {
				vm.Role = "follower"
				if p.Leader >= 0 {
					vm.Note = "fetches from broker " + strconv.Itoa(p.Leader)
				}
				followers = append(followers, vm)
			}
		}
	}
	return append(leaders, followers...)
}

// LegendY is where the legend row starts.
func (vm ClusterVM) LegendY() int { return vm.Height - legendH + 8 }
