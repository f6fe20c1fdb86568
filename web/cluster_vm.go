package web

import (
	"slices"
	"strconv"
	"strings"
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
	// Live only.
	Down      map[int]bool   // brokers whose node is stopped
	Fenced    map[int]bool   // brokers the controller has fenced
	Producers []string       // client nodes drawn on the left, e.g. producer-1
	Consumers []ConsumerSpec // group members drawn on the right
	Paused    map[int]bool   // brokers whose process is frozen
	Note      string         // a second line in the controller box
	Selected  string         // TestID of the selected replica
	Flights   []FlightSpec   // messages in flight
	Live      bool
	// NetLinks are the network links' faults (netlinks_vm.go), by
	// ordered pair of nodes; a link not in the map is up.
	NetLinks map[[2]string]LinkDir
	// Quorum is the controller quorum, drawn as cards when it has more
	// than one node (quorum_vm.go).
	Quorum []QuorumNodeSpec
	// Routes is, in the order of Brokers, the controller node each broker
	// sends its heartbeats and metadata fetches to: with a quorum, its
	// link to that controller is drawn (quorum_links.go).
	Routes []string
}

// A FlightSpec is a message on its way from one node to another.
type FlightSpec struct {
	From, To string // node ids: producer-1, broker-2, controller
	API      string
	Label    string
	New      bool // sent in the last step: animate it
	Step     int  // lifecycle step 1–15, 0 for none
	Msg      uint64
}

// A PartitionSpec is one partition and where its replicas live.
type PartitionSpec struct {
	Topic     string
	Partition int
	Replicas  []int // broker ids in assignment order
	Leader    int   // broker id of the leader; -1 when there is none
	// Live only: the in-sync replicas (nil: all in sync) and each replica's
	// state, in the order of Replicas (nil: none known). A slice, not a map
	// by broker id: 200 partitions' maps cost a frame's allocations.
	ISR   []int
	Stats []ReplicaStats
}

// StatsOf returns the state of broker id's replica, and whether the
// partition has one there with a state.
func (p PartitionSpec) StatsOf(id int) (ReplicaStats, bool) {
	if i := slices.Index(p.Replicas, id); i >= 0 && i < len(p.Stats) {
		return p.Stats[i], true
	}
	return ReplicaStats{}, false
}

// ReplicaStats is one replica's state as its broker reports it (live lab).
// It holds plain values only, so ReplicaVM and the brokers' view models
// compare with == (the stage cache compares 600 replicas a frame).
type ReplicaStats struct {
	LEO, HW, LogStart int64
	LeaderEpoch       int
	Lag               int64 // behind the leader's LEO, in records; -1 unknown
	Flash             bool  // LEO or HW changed in the last step
	Known             bool  // the broker has this replica
}

// A ClusterVM is the laid-out cluster picture: every box with its position, in
// SVG user units.
type ClusterVM struct {
	Width, Height int
	Controller    BoxVM
	Brokers       []BrokerVM
	Producers     []BoxVM
	Consumers     []ConsumerVM
	Note          string
	Flights       []FlightVM
	Live          bool
	Links         []NetLinkVM // the live lab's clickable network links
	Quorum        []QuorumCardVM
}

// A FlightVM is a message drawn as a dot travelling along a line.
type FlightVM struct {
	X1, Y1, X2, Y2 int // sender and receiver anchors
	DX, DY         int // where the dot rests, relative to the sender
	API, Label     string
	New            bool
	Step           int
	Msg            uint64 // the message's id: clicking the dot drops it
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
	Down     bool // node stopped
	Fenced   bool // fenced by the controller
	Paused   bool // process frozen
	Live     bool
	Selected bool // its menu is open
}

// A ReplicaVM is one replica box inside a broker panel.
type ReplicaVM struct {
	BoxVM
	Topic     string
	Partition int
	Leader    bool
	Role      string // "leader" or "follower", shown under the name
	Note      string // e.g. "fetches from broker 2"
	// Live only.
	OutOfSync bool
	Stats     ReplicaStats
	Selected  bool
	Live      bool
}

// Name is the replica's label in the articles' style: topic-P<partition>.
func (r ReplicaVM) Name() string { return r.Topic + "-P" + strconv.Itoa(r.Partition) }

// TextColour is white on leaders, as in the articles, and dark on followers.
func (r ReplicaVM) TextColour() string {
	if r.Leader {
		return "white"
	}
	return FollowerText
}

// TestID identifies the replica box for browser tests.
func (r ReplicaVM) TestID(broker int) string {
	return "replica-" + r.Topic + "-" + strconv.Itoa(r.Partition) + "-b" + strconv.Itoa(broker) // no fmt: 3 calls per replica per frame
}

// Layout of the picture, in SVG user units.
const (
	margin       = 20
	producerW    = 130
	brokerW      = 236
	brokerGap    = 30
	brokerTitleH = 40
	replicaW     = brokerW - 2*16
	replicaH     = 44
	replicaGap   = 10
	controllerH  = 46
	consumerW    = 150
	consumerH    = 56
	legendH      = 40
)

// LayoutCluster places every broker and replica of spec. Replicas appear in each
// broker panel leaders first, then by topic and partition, so a learner can see
// at a glance that leadership is spread across the brokers.
func LayoutCluster(spec ClusterSpec) ClusterVM {
	n := len(spec.Brokers)
	left := margin
	if len(spec.Producers) > 0 {
		left += producerW + brokerGap + 10
	}
	width := left + margin + n*brokerW + max(n-1, 0)*brokerGap
	if len(spec.Consumers) > 0 {
		width += brokerGap + 20 + consumerW
	}
	vm := ClusterVM{Width: max(width, left+margin+brokerW), Note: spec.Note, Live: spec.Live}
	ctrlH := controllerH
	if spec.Note != "" {
		ctrlH += 18
	}
	if len(spec.Quorum) > 1 {
		ctrlH = quorumBoxH
	}
	ctrlW := vm.Width - left - margin
	if len(spec.Consumers) > 0 {
		ctrlW -= brokerGap + 20 + consumerW
	}
	vm.Controller = BoxVM{X: left, Y: margin, W: ctrlW, H: ctrlH, Caption: spec.Controller}
	if len(spec.Quorum) > 1 {
		vm.Quorum = layoutQuorum(spec.Quorum, vm.Controller)
	}

	top := margin + ctrlH + 30
	tallest := 0
	// One array holds every broker's replicas: one allocation a frame, not
	// a dozen growing slices.
	total := 0
	for _, p := range spec.Partitions {
		total += len(p.Replicas)
	}
	all := make([]ReplicaVM, 0, total)
	vm.Brokers = make([]BrokerVM, 0, n)
	selReplica := strings.HasPrefix(spec.Selected, "replica-")
	notes := fetchNotes{}
	for i, id := range spec.Brokers {
		b := BrokerVM{ID: id, BoxVM: BoxVM{X: left + i*(brokerW+brokerGap), Y: top, W: brokerW, Caption: "Broker " + strconv.Itoa(id)},
			Down: spec.Down[id], Fenced: spec.Fenced[id], Paused: spec.Paused[id], Live: spec.Live,
			Selected: spec.Selected == "broker-"+strconv.Itoa(id)}
		first := len(all)
		all = replicasOn(all, spec, id, notes)
		if len(all) > first {
			b.Replicas = all[first:len(all):len(all)] // capped: an append by a caller copies
		}
		for k := range b.Replicas {
			r := &b.Replicas[k]
			r.Live = spec.Live
			r.Selected = selReplica && r.TestID(id) == spec.Selected
			r.X = b.X + (brokerW-replicaW)/2
			r.Y = top + brokerTitleH + k*(replicaH+replicaGap)
			r.W, r.H = replicaW, replicaH
		}
		b.H = brokerTitleH + len(b.Replicas)*(replicaH+replicaGap) + 6
		tallest = max(tallest, b.H)
		vm.Brokers = append(vm.Brokers, b)
	}
	for i := range vm.Brokers {
		vm.Brokers[i].H = tallest // equal panels read as a row
	}
	vm.Height = top + tallest + 16 + legendH
	if spec.Live {
		vm.Height += linkBandH // the broker–broker links run under the panels
	}
	for i, name := range spec.Producers {
		vm.Producers = append(vm.Producers, BoxVM{X: margin, Y: top + 40 + i*70, W: producerW, H: 52, Caption: name})
	}
	cx := left + n*brokerW + max(n-1, 0)*brokerGap + brokerGap + 20
	for i, cs := range spec.Consumers {
		c := ConsumerVM{BoxVM: BoxVM{X: cx, Y: margin + i*(consumerH+10), W: consumerW, H: consumerH, Caption: cs.Name},
			Name: cs.Name, Group: cs.Group, State: cs.State, Colour: cs.Colour}
		var owns []string
		for _, pr := range cs.Owns {
			owns = append(owns, "P"+strconv.Itoa(pr.Partition))
			if x, y, ok := vm.leaderAnchor(pr); ok {
				c.Links = append(c.Links, LinkVM{X1: c.X, Y1: c.Y + c.H/2, X2: x, Y2: y, Part: pr.Topic + "-" + strconv.Itoa(pr.Partition)})
			}
		}
		c.Owns = strings.Join(owns, ", ")
		vm.Consumers = append(vm.Consumers, c)
		vm.Height = max(vm.Height, c.Y+c.H+16+legendH)
	}
	for _, f := range spec.Flights {
		x1, y1, ok1 := vm.anchor(f.From)
		x2, y2, ok2 := vm.anchor(f.To)
		if !ok1 || !ok2 {
			continue
		}
		vm.Flights = append(vm.Flights, FlightVM{X1: x1, Y1: y1, X2: x2, Y2: y2, DX: (x2 - x1) * 6 / 10, DY: (y2 - y1) * 6 / 10,
			API: f.API, Label: f.Label, New: f.New, Step: f.Step, Msg: f.Msg})
	}
	if spec.Live {
		vm.Links = layoutNetLinks(vm, spec)
	}
	return vm
}

// anchor is where messages to and from a node start and end.
func (vm ClusterVM) anchor(node string) (x, y int, ok bool) {
	switch {
	case node == "controller":
		return vm.Controller.X + vm.Controller.W/2, vm.Controller.Y + vm.Controller.H, true
	case strings.HasPrefix(node, "controller-"):
		for _, q := range vm.Quorum {
			if q.Node == node {
				return q.X + q.W/2, q.Y + q.H, true
			}
		}
		return vm.Controller.X + vm.Controller.W/2, vm.Controller.Y + vm.Controller.H, true
	case strings.HasPrefix(node, "broker-"):
		id, err := strconv.Atoi(strings.TrimPrefix(node, "broker-"))
		if err != nil {
			return 0, 0, false
		}
		for _, b := range vm.Brokers {
			if b.ID == id {
				return b.X + b.W/2, b.Y - 4, true
			}
		}
	default:
		for _, c := range vm.Consumers {
			if c.Name == node {
				return c.X, c.Y + c.H/2, true
			}
		}
		for _, p := range vm.Producers {
			if p.Caption == node {
				return p.X + p.W, p.Y + p.H/2, true
			}
		}
	}
	return 0, 0, false
}

// leaderAnchor is the right edge of partition pr's leader replica.
func (vm ClusterVM) leaderAnchor(pr PartRef) (x, y int, ok bool) {
	for _, b := range vm.Brokers {
		for _, r := range b.Replicas {
			if r.Leader && r.Topic == pr.Topic && r.Partition == pr.Partition {
				return r.X + r.W, r.Y + r.H/2, true
			}
		}
	}
	return 0, 0, false
}

// fetchNotes are the followers' notes, one string per leader for the whole
// layout instead of one concatenation per follower (400 a frame at 12
// brokers × 200 partitions).
type fetchNotes map[int]string

func (n fetchNotes) of(leader int) string {
	s, ok := n[leader]
	if !ok {
		s = "fetches from broker " + strconv.Itoa(leader)
		n[leader] = s
	}
	return s
}

// replicasOn appends the replicas broker id hosts to out, leaders first.
func replicasOn(out []ReplicaVM, spec ClusterSpec, id int, notes fetchNotes) []ReplicaVM {
	for pass := range 2 { // leaders, then followers
		for _, p := range spec.Partitions {
			if (p.Leader == id) != (pass == 0) {
				continue
			}
			i := slices.Index(p.Replicas, id)
			if i < 0 {
				continue
			}
			vm := ReplicaVM{Topic: p.Topic, Partition: p.Partition, Leader: p.Leader == id}
			if i < len(p.Stats) {
				vm.Stats = p.Stats[i]
			}
			if p.ISR != nil && !slices.Contains(p.ISR, id) {
				vm.OutOfSync = true
				vm.Note = "out of sync"
			}
			if vm.Leader {
				vm.Role = "leader"
			} else {
				vm.Role = "follower"
				if p.Leader >= 0 && !vm.OutOfSync {
					vm.Note = notes.of(p.Leader)
				}
			}
			out = append(out, vm)
		}
	}
	return out
}

// LegendY is where the legend row starts.
func (vm ClusterVM) LegendY() int { return vm.Height - legendH + 8 }
