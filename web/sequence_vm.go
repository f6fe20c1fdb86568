package web

// The sequence view: the 15-step lifecycle of the record the learner sent
// last, drawn as a sequence diagram. Five lanes, one per role (producer,
// partition leader, follower, group coordinator, consumer), named after the
// nodes the trace shows in those roles; each step is a row with an arrow
// between two lanes (or a box on one lane for a local step), grouped in the
// three phases. web/live fills the view model from the trace; the layout
// here is plain arithmetic, tested without a browser.

// The lanes of the sequence diagram, left to right.
const (
	LaneProducer = iota
	LaneLeader
	LaneFollower
	LaneCoordinator
	LaneConsumer
	NumLanes
)

// LaneRoles are the lanes' role names (translated by the page).
var LaneRoles = [NumLanes]string{"producer", "partition leader", "follower", "group coordinator", "consumer"}

// StepLanes says where each lifecycle step happens: from one lane to
// another, or on one lane when both are the same. It is the classic
// diagram's reading of each step.
var StepLanes = [16][2]int{{},
	{LaneProducer, LaneProducer},    // 1 create record
	{LaneProducer, LaneProducer},    // 2 serialize
	{LaneProducer, LaneProducer},    // 3 choose partition
	{LaneProducer, LaneLeader},      // 4 ProduceRequest
	{LaneLeader, LaneLeader},        // 5 leader appends
	{LaneLeader, LaneFollower},      // 6 fetch response carrying the records
	{LaneFollower, LaneFollower},    // 7 follower appends
	{LaneFollower, LaneLeader},      // 8 the next fetch acknowledges
	{LaneLeader, LaneProducer},      // 9 produce response
	{LaneConsumer, LaneCoordinator}, // 10 JoinGroup
	{LaneCoordinator, LaneConsumer}, // 11 SyncGroup response: the assignment
	{LaneConsumer, LaneLeader},      // 12 FetchRequest
	{LaneLeader, LaneConsumer},      // 13 records returned
	{LaneConsumer, LaneConsumer},    // 14 deserialize and process
	{LaneConsumer, LaneCoordinator}, // 15 OffsetCommit
}

// Geometry of the diagram's strips, in px, drawn at 1:1. lab.css draws the
// lifelines at the same x (.seq-diagram's background): keep them in step.
const (
	SeqLaneGap   = 108 // between lane centres
	SeqWidth     = SeqLaneGap * NumLanes
	SeqRowH      = 34 // one step
	SeqHeadH     = 58 // the lane titles
	seqArrowY    = SeqRowH / 2
	seqBadgeR    = 9
	seqArrowHead = 7
)

// LaneX is the x of lane i's centre.
func LaneX(i int) int { return SeqLaneGap/2 + i*SeqLaneGap }

// A SequenceVM is the lifecycle of the record the learner sent last.
type SequenceVM struct {
	Record string // e.g. key "user-2" → order_events
	Empty  bool
	Lanes  [NumLanes]LaneVM
	Phases []PhaseVM
	// Current is the step that happened last, 0 for none.
	Current int
}

// A LaneVM is one lane's title: the node in that role, from the trace.
type LaneVM struct {
	Role   string // LaneRoles[i], translated when drawn
	Node   string // e.g. broker-3, or "" while the trace has not shown it
	Detail string // e.g. order_events-2 or group orders
}

// A PhaseVM is one phase of the lifecycle.
type PhaseVM struct {
	Title string
	Steps []SeqStepVM
}

// A SeqStepVM is one lifecycle step: done (with its label from the trace),
// current (the latest) or still to come.
type SeqStepVM struct {
	N       int
	Name    string // the vocabulary's name for the step
	Label   string // what the engine said, when done
	From    string // the trace entry's nodes, when done
	To      string
	Done    bool
	Current bool
	// Dropped says why the step's message was lost (a cut link, dropped
	// in flight …), or "".
	Dropped string
}

// Arrow returns the step's arrow: from x1 to x2 at y within its strip;
// self is true for a step on one lane.
func (s SeqStepVM) Arrow() (x1, x2 int, self bool) {
	l := StepLanes[s.N]
	return LaneX(l[0]), LaneX(l[1]), l[0] == l[1]
}

// A seqArrowVM is the drawn shape of one step: the shaft, the head's
// points and the badge's centre.
type seqArrowVM struct {
	Path   string // the shaft (a line, or a loop for a local step)
	Head   string // polygon points
	BadgeX int
	BadgeY int
}

func (s SeqStepVM) shape() seqArrowVM {
	x1, x2, self := s.Arrow()
	y := seqArrowY
	if self {
		// A loop out of the lane and back, like a message to itself in
		// UML: to the right, or to the left on the last lane so it stays
		// inside the diagram.
		d := 1
		if StepLanes[s.N][0] == NumLanes-1 {
			d = -1
		}
		edge, r := x1+d*5, x1+d*26
		top, bot := y-8, y+8
		return seqArrowVM{
			Path:   "M" + itoa(edge) + " " + itoa(top) + " H" + itoa(r) + " V" + itoa(bot) + " H" + itoa(edge+d*seqArrowHead),
			Head:   pts(edge, bot, edge+d*seqArrowHead, bot-4, edge+d*seqArrowHead, bot+4),
			BadgeX: r + d*(seqBadgeR+4), BadgeY: y,
		}
	}
	dir := 1
	if x2 < x1 {
		dir = -1
	}
	tip := x2 - dir*5
	return seqArrowVM{
		Path:   "M" + itoa(x1+dir*5) + " " + itoa(y) + " H" + itoa(tip-dir*seqArrowHead),
		Head:   pts(tip, y, tip-dir*seqArrowHead, y-4, tip-dir*seqArrowHead, y+4),
		BadgeX: x1 + dir*(seqBadgeR+14), BadgeY: y,
	}
}

func pts(xy ...int) string {
	b := make([]byte, 0, 32)
	for i, v := range xy {
		if i > 0 {
			if i%2 == 1 {
				b = append(b, ',')
			} else {
				b = append(b, ' ')
			}
		}
		b = append(b, itoa(v)...)
	}
	return string(b)
}

// Key identifies what the view draws: two views with the same key render
// the same HTML, so the page skips repainting an unchanged diagram.
func (s SequenceVM) Key() string {
	b := make([]byte, 0, 512)
	b = append(b, s.Record...)
	for _, l := range s.Lanes {
		b = append(b, 0)
		b = append(b, l.Node...)
		b = append(b, 0)
		b = append(b, l.Detail...)
	}
	b = append(b, 0)
	b = append(b, itoa(s.Current)...)
	for _, ph := range s.Phases {
		for _, st := range ph.Steps {
			if st.Done {
				b = append(b, 1)
				b = append(b, itoa(st.N)...)
				b = append(b, 0)
				b = append(b, st.Label...)
				b = append(b, 0)
				b = append(b, st.Dropped...)
			}
		}
	}
	return string(b)
}
