package web

// The live lab's view models. They hold plain values only: web/live builds
// them from the engine's state, so the components here never import engine
// packages and render the same on the server and in the wasm.

// A LiveVM is everything the live lab shows at one position of the run.
type LiveVM struct {
	Status   StatusVM
	Cluster  ClusterVM
	Details  *DetailsVM // the selected replica, or nil
	Sequence SequenceVM
	Tab      string     // "cluster", "storage" or "groups"
	Storage  *StorageVM // the storage tab, when shown
	Groups   *GroupsVM  // the groups tab, when shown
	// Consumers are the group members in the consumer panel's list.
	Consumers []ConsumerRowVM
	// Broker is the broker menu, when a broker is selected.
	Broker *BrokerCardVM
	// Link is the link card, when a network link is selected.
	Link *LinkCardVM
	// ActionError is the last cluster action's mistake (a message no
	// longer in flight …), shown above the details.
	ActionError string
	// Metrics is the metrics strip under the stage.
	Metrics MetricsVM
	// Prediction is the produce panel's hint when the lab is drawn whole
	// (the first paint); nil leaves it empty for the wasm to fill.
	Prediction *PredictionVM
	// DrawnBy marks who drew the lab: "server" for the first paint the
	// page arrives with, "" (shown as "wasm") once the wasm has drawn it.
	DrawnBy string
}

// A StatusVM is the toolbar's read-out.
type StatusVM struct {
	Seed      uint64
	Pos, Head uint64
	NowMs     int64
	Hash      string // 16 hex digits
	Playing   bool
	Speed     int    // 0–12, logarithmic
	Rate      string // events played per second at Speed: "10", "1.8"
	Event     string // what the last step did
	// Controllers is the size of the controller quorum (the toolbar's
	// choice, quorum.templ); 0 is 1.
	Controllers int
}

// A DetailsVM is the card for one replica.
type DetailsVM struct {
	Name        string // order_events-P1
	Broker      int
	Role        string
	Leader      int
	LEO, HW     int64
	LogStart    int64
	LeaderEpoch int
	ISR         string // "1, 2, 3"
	Lag         Msg    // "0 records" or "—"
	InSync      bool
	BrokerUp    bool
	BrokerCard  BrokerCardVM
	SlowMs      int64 // the delay on the link to the leader
}

// LifecycleNames are the 15 steps of a message's life, in the vocabulary of
// the classic Kafka sequence diagram (DESIGN.md).
var LifecycleNames = [16]string{"",
	"create record", "serialize key/value", "choose partition",
	"ProduceRequest to the partition leader", "leader appends to its log",
	"leader → follower replication", "follower appends", "follower acknowledges",
	"produce acknowledged", "consumer joins group", "coordinator assigns partitions",
	"FetchRequest from committed offset", "records returned", "deserialize and process",
	"commit offset",
}

// Phases of the lifecycle: produce (1–4), replicate and acknowledge (5–9),
// consume (10–15).
var LifecyclePhases = []struct {
	Title    string
	From, To int
}{{"Produce", 1, 4}, {"Store and replicate", 5, 9}, {"Consume", 10, 15}}

// A PredictionVM is the produce panel's hint.
type PredictionVM struct {
	Partition int // -1 when the producer chooses
	Reason    string
	Error     string // Kafka's error name and message for invalid input
	Sent      string // confirmation of the last send
}
