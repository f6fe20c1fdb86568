package web

import "strconv"

// Consumer groups in the live lab: the members drawn on the right of the
// cluster picture, the Groups tab and the consumer panel.

// A ConsumerSpec is one group member before layout.
type ConsumerSpec struct {
	Name   string // node and client.id, e.g. c1
	Group  string
	State  string // "joining", "consuming", "idle", "stopped", "crashed"
	Owns   []PartRef
	Colour int // 0–5, a class of lab.css
}

// A PartRef names a partition.
type PartRef struct {
	Topic     string
	Partition int
}

// A ConsumerVM is a member's box with its lines to the leaders of the
// partitions it owns (consumers fetch from leaders).
type ConsumerVM struct {
	BoxVM
	Name, Group, State string
	Owns               string // "P0, P2" or ""
	Colour             int
	Links              []LinkVM
}

// A LinkVM is a line from a consumer to a partition's leader replica.
type LinkVM struct {
	X1, Y1, X2, Y2 int
	Part           string
}

// Idle reports whether the member runs but owns nothing: more members than
// partitions, or waiting for a rebalance.
func (c ConsumerVM) Idle() bool { return c.State == "idle" }

// ColourClass is the member's colour class.
func (c ConsumerVM) ColourClass() string { return "c-" + strconv.Itoa(c.Colour%6) }

// StateLine is the second line of the member's box.
func (c ConsumerVM) StateLine() string {
	switch c.State {
	case "consuming":
		return "owns " + c.Owns
	case "idle":
		return "idle: owns no partition"
	case "joining":
		return "joining the group…"
	case "stopped":
		return "stopped (left the group)"
	case "crashed":
		return "crashed (no LeaveGroup)"
	}
	return c.State
}

// A GroupsVM is the Groups tab: every consumer group as its coordinator
// holds it.
type GroupsVM struct {
	Groups []GroupVM
}

// A GroupVM is one group, as kafka-consumer-groups.sh --describe shows it
// plus its place in the classic state machine.
type GroupVM struct {
	ID          string
	State       string
	Generation  int
	Protocol    string // the assignor of this generation
	Coordinator int    // broker id, -1 unknown
	Leader      string // member id of the group leader
	States      []GroupStateVM
	Members     []MemberVM
	Rows        []GroupOffsetVM
}

// A GroupStateVM is one box of the state diagram.
type GroupStateVM struct {
	Name string
	Lit  bool
	X    int
	Note string
}

// A MemberVM is one member of a group.
type MemberVM struct {
	MemberID, ClientID, InstanceID string
	Assignment                     string
	Leader                         bool
	Colour                         int
}

// A GroupOffsetVM is one partition's row: committed offset, log end offset
// (the high watermark, what a consumer may read up to) and lag.
type GroupOffsetVM struct {
	Topic     string
	Partition int
	Committed string // "-" when nothing is committed
	LogEnd    string
	Lag       string
	Owner     string // member id, "-" when unassigned
	Client    string
}

// GroupStates is the classic group's state machine, left to right.
var GroupStates = []struct{ Name, Note string }{
	{"Empty", "no members"},
	{"PreparingRebalance", "JoinGroup: waiting for members"},
	{"CompletingRebalance", "SyncGroup: waiting for the leader's plan"},
	{"Stable", "members heartbeat and fetch"},
}

// A ConsumerRowVM is a member in the consumer panel's list, with its
// actions.
type ConsumerRowVM struct {
	Name, Group, State string
	Running            bool
	Colour             int
}

// ColourClass is the member's colour class.
func (c ConsumerRowVM) ColourClass() string { return "c-" + strconv.Itoa(c.Colour%6) }

// A BrokerCardVM is the broker menu's content.
type BrokerCardVM struct {
	ID      int
	State   string // up, down, paused, fenced
	Summary []Msg  // leaders and replicas it hosts, then what its state means
	Up      bool
	Paused  bool
}

// Path is the line and its end dot as one SVG path (one attribute to render).
func (l LinkVM) Path() string {
	return "M" + strconv.Itoa(l.X1) + " " + strconv.Itoa(l.Y1) + " L" + strconv.Itoa(l.X2) + " " + strconv.Itoa(l.Y2)
}
