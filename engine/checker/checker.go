// Package checker is the lab's seeded fault-schedule checker, in the manner of
// TigerBeetle's VOPR and FoundationDB's simulator: one seed draws a cluster
// configuration, a workload and a fault schedule; phase 1 runs the workload
// with faults on and checks the safety invariants of RELIABILITY.md B4a after
// every step; phase 2 heals everything, runs until the cluster is quiet and
// checks liveness (B4c); then a Jepsen-style history checker (B4b) compares
// what the clients were told with what the drained log holds. Every anomaly is
// gated by the run's configuration (B3): what Kafka documents as possible for
// that configuration is counted and reported as an expected loss, anything
// else is a failure that prints the seed and the step.
//
// The fault menu (faults.go, faults_more.go, groups.go) includes power
// loss. Kafka does not fsync each message (log.flush.interval.messages and
// log.flush.interval.ms are unset), so a committed record survives a power
// loss only while some ISR member keeps it: when every member of a
// partition's ISR lost its unflushed tail, the last replica standing can
// lead again without committed records (KIP-966, which the eligible leader
// replicas fix; the lab has none), and acks=all does not save them either.
// gating.go watches the controller's ISR at every controller step and, once
// that condition met a partition, counts that partition's G1, G2, G4 and G6
// anomalies as expected; any loss without it is a failure. SafeMenu, which
// make test runs, leaves out only the faults that drop messages
// (KnownLivenessGap); -full adds them.
//
// A run is a pure function of its seed and Options: the checker is
// single-threaded, reads no clock and draws every choice from PCG streams
// derived from the seed (one per purpose: config, workload, faults), so a
// failure replays exactly with go test ./engine/checker -run TestSeeds -seed N.
package checker

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/kafkalab/kafkalab/engine/cluster"
)

// Streams of the checker's PRNG, each a PCG seeded from the run's seed and
// the stream's constant, so a new draw in one never shifts another.
const (
	streamConfig   = 0xC0F1
	streamWorkload = 0x3017
	streamFaults   = 0xFA17
)

// Options bound a run. Zero values take the defaults.
type Options struct {
	// Steps is the number of simulation steps of phase 1 (faults on).
	Steps int
	// LivenessMs bounds phase 2 in simulated time: how long the cluster may
	// take to converge after the heal. Kafka's own recovery from a lost
	// message takes up to replica.socket.timeout.ms or
	// controller.socket.timeout.ms (30 s each) plus a backoff, so the bound
	// is time, not steps: the checker's readers alone poll every partition
	// of every broker every ~25 ms, which is 60,000 steps in 30 s of
	// simulated time with 3 brokers and 2 readers (seeds 998, 1572 -full).
	LivenessMs int64
	// LivenessSteps guards phase 2 against a spin (events without simulated
	// time passing): the steps allowed after the heal.
	LivenessSteps int
	// FullCheckEvery runs the full byte-for-byte replica comparison every
	// this many steps (it also runs at the end of each phase).
	FullCheckEvery int
	// Config, if set, replaces the drawn configuration (targeted tests).
	Config *Config
	// Faults, if non-nil, replaces the fault menu (targeted tests); an empty
	// non-nil menu runs without faults.
	Faults []Fault
	// NoBounce turns off the phase-2 restart of every broker after a fault
	// that dropped messages (the KnownLivenessGap workaround).
	NoBounce bool
	// Schedule, if set, is a fixed fault schedule instead of drawn faults:
	// each entry applies fault Name at phase-1 step Step.
	Schedule []Scheduled
	// InjectBug turns on cluster.Config.UnsafeTestBugHWIgnoresISR: the
	// checker's self-test (TestCheckerCatchesInjectedBug) only.
	InjectBug bool
	// Groups adds the consumer-group workload and its faults (groups.go).
	Groups bool
}

// Scheduled is one entry of a fixed fault schedule.
type Scheduled struct {
	Step int
	// Name is a fault of the menu (Menu), applied with the faults stream.
	Name string
	// Target, if not zero, is the broker the fault aims at instead of a drawn one.
	Target int32
	// Hold is how many steps the fault lasts before it is undone (0: the fault's own draw).
	Hold int
}

// Defaults of Options.
const (
	DefaultSteps          = 1500
	DefaultLivenessMs     = 120_000
	DefaultLivenessSteps  = 1_000_000
	DefaultFullCheckEvery = 500
)

// Config is what a run draws for the cluster and the workload.
type Config struct {
	Brokers    int
	Partitions int
	RF         int
	MinISR     int
	Acks       string // "0", "1" or "all"
	Unclean    bool   // unclean.leader.election.enable
	LagMs      int64  // replica.lag.time.max.ms
	SessionMs  int64  // broker.session.timeout.ms
	LatencyMs  int64
	Producers  int
	Readers    int
	InFlight   int // max.in.flight.requests.per.connection
	LingerMs   int
	// Records is how many records the workload sends in all.
	Records int
	// Controllers is the size of the controller quorum: 1 or 3.
	Controllers int
}

func (c Config) String() string {
	return fmt.Sprintf("brokers=%d partitions=%d rf=%d min.insync.replicas=%d acks=%s unclean=%v replica.lag.time.max.ms=%d session=%d latency=%d producers=%d readers=%d in-flight=%d linger=%d records=%d controllers=%d",
		c.Brokers, c.Partitions, c.RF, c.MinISR, c.Acks, c.Unclean, c.LagMs, c.SessionMs, c.LatencyMs, c.Producers, c.Readers, c.InFlight, c.LingerMs, c.Records, c.Controllers)
}

// DrawConfig draws a run's configuration from the seed (the config stream).
func DrawConfig(seed uint64) Config {
	r := rand.New(rand.NewPCG(seed, streamConfig))
	c := Config{Brokers: 3 + r.IntN(3)}
	c.RF = 1 + r.IntN(min(5, c.Brokers))
	c.MinISR = 1 + r.IntN(c.RF)
	c.Partitions = 1 + r.IntN(3)
	c.Acks = []string{"0", "1", "all", "all"}[r.IntN(4)]
	c.Unclean = r.IntN(4) == 0
	c.LagMs = int64(200 + r.IntN(600))
	c.SessionMs = int64(4500 + r.IntN(3000)) // above broker.heartbeat.interval.ms (2000), which the cluster does not expose
	c.LatencyMs = int64(1 + r.IntN(3))
	c.Producers = 1 + r.IntN(3)
	c.Readers = 1 + r.IntN(2)
	c.InFlight = 1 + r.IntN(5)
	c.LingerMs = r.IntN(5)
	c.Records = 20 + r.IntN(60)
	c.Controllers = []int{1, 3}[r.IntN(2)] // drawn last: the other draws stay what they were
	return c
}

// G2Holds reports whether RELIABILITY.md G2 (no acknowledged write is lost)
// holds for the configuration, and if not, why.
func (c Config) G2Holds() (bool, string) {
	var why []string
	if c.Acks != "all" {
		why = append(why, "acks="+c.Acks)
	}
	if min(c.MinISR, c.RF) < 2 {
		why = append(why, fmt.Sprintf("min.insync.replicas=%d (rf=%d)", c.MinISR, c.RF))
	}
	if c.Unclean {
		why = append(why, "unclean.leader.election.enable=true")
	}
	return len(why) == 0, strings.Join(why, ", ")
}

// G1Holds reports whether G1 (a committed record is never lost or changed)
// and G4 (one value per offset below the high watermark) hold for the
// configuration: unclean election off. A power loss of every ISR member of a
// partition breaks them for that partition too (run.g1, gating.go).
func (c Config) G1Holds() (bool, string) {
	if c.Unclean {
		return false, "unclean.leader.election.enable=true"
	}
	return true, ""
}

// Failure is a broken invariant: the step of phase 1 or 2 where it was
// found, the invariant's name and the details.
type Failure struct {
	Seed      uint64
	Step      uint64
	Invariant string
	Details   string
}

func (f *Failure) Error() string {
	return fmt.Sprintf("checker: seed=%d step=%d: %s: %s; reproduce with: go test ./engine/checker -run TestSeeds -seed %d",
		f.Seed, f.Step, f.Invariant, f.Details, f.Seed)
}

// Stats count what a run did and the anomalies it allowed.
type Stats struct {
	Steps        uint64 // simulation steps, both phases
	Phase1Steps  uint64
	SimMs        int64
	Faults       int
	Sent         int // records sent
	Acked        int // ok delivery reports
	Failed       int // failed delivery reports
	Reads        int // records read by the assign-mode readers
	Committed    int // ledger entries (committed batches)
	Lost         int // acked records absent from the drained log
	Unseen       int // acked records no reader read
	Duplicates   int // records at more than one offset (retries; allowed without idempotence)
	Reordered    int // per-producer, per-partition order inversions (allowed without idempotence)
	Inconsistent int // reads or acks whose offset holds another value in the end
	Truncated    int // committed batches replaced (unclean election)
	PowerLossISR int // partitions whose every ISR member lost its unflushed tail (KIP-966)
	// Group workload (groups.go).
	Processed     int // records processed by group members, duplicates included
	GroupDups     int // records processed more than once (at-least-once redelivery)
	GroupCommits  int // committed offsets observed advancing
	GroupLost     int // committed-past records nobody processed (allowed only when committing before processing)
	Rebalances    int // generations observed
	ConsumerFault int // consumer and coordinator faults applied
}

// Result is the outcome of one run.
type Result struct {
	Seed    uint64
	Config  Config
	Stats   Stats
	Faults  []string // the faults applied, "step: description"
	Failure *Failure // nil when every check passed
	// Expected lists the anomalies the configuration allows that happened,
	// as "expected loss: G2 does not hold because acks=1: …".
	Expected []string
}

// Err returns the failure as an error, or nil.
func (r Result) Err() error {
	if r.Failure == nil {
		return nil
	}
	return r.Failure
}

// Run runs one seed.
func Run(seed uint64, opts Options) Result {
	if opts.Steps == 0 {
		opts.Steps = DefaultSteps
	}
	if opts.LivenessMs == 0 {
		opts.LivenessMs = DefaultLivenessMs
	}
	if opts.LivenessSteps == 0 {
		opts.LivenessSteps = DefaultLivenessSteps
	}
	if opts.FullCheckEvery == 0 {
		opts.FullCheckEvery = DefaultFullCheckEvery
	}
	cfg := DrawConfig(seed)
	if opts.Config != nil {
		cfg = *opts.Config
	}
	r := &run{seed: seed, opts: opts, cfg: cfg, res: Result{Seed: seed, Config: cfg}}
	r.work = rand.New(rand.NewPCG(seed, streamWorkload))
	r.frng = rand.New(rand.NewPCG(seed, streamFaults))
	r.menu = Menu()
	if opts.Faults != nil {
		r.menu = opts.Faults
	}
	if opts.Groups {
		// The group's power-loss fault joins only a menu with power loss.
		power := slices.ContainsFunc(r.menu, func(f Fault) bool { return f.PowerLoss })
		menu := slices.Clone(r.menu)
		for _, f := range groupFaults() {
			if !f.PowerLoss || power {
				menu = append(menu, f)
			}
		}
		r.menu = menu
	}
	if cfg.Controllers > 1 {
		// A quorum's faults join the menu only in runs that have one, so
		// single-controller runs draw exactly what they always drew.
		r.menu = append(slices.Clone(r.menu), controllerFaults()...)
	}
	r.execute()
	r.res.Stats.Steps = r.step
	if r.c != nil {
		r.res.Stats.SimMs = r.c.Now()
	}
	return r.res
}

// run is the state of one run.
type run struct {
	seed uint64
	opts Options
	cfg  Config
	res  Result
	c    *cluster.Cluster
	work *rand.Rand
	frng *rand.Rand
	menu []Fault

	step uint64 // steps taken by the checker's loop (both phases)
	// stepping is true inside stepOnce's Step; the other steps (those of
	// ShutdownBroker, ForceLeader, ElectPreferredLeaders, which run the
	// simulation themselves) are checked from the trace (onTrace).
	stepping bool
	topic    string
	failed   bool

	producers []*prodState
	readers   []*reader
	safety    *safety
	undos     []pendingUndo
	stopped   map[int32]bool
	dropped   bool // a fault lost messages between servers
	// tailLost[p][b-1]: broker b lost an unflushed tail of partition p in a
	// power loss; kip966[p]: every ISR member of p had (gating.go).
	tailLost [][]bool
	kip966   []bool
	// restarted[b-1]: broker b's node started again since its last power
	// loss (gating.go noteStart).
	restarted []bool
	groups    *groupState
	// expectedN counts Result.Expected entries per guarantee.
	expectedN map[string]int
}

// KnownLivenessGap describes the engine gap phase 2 works around: a broker
// sends its follower Fetch, its metadata fetch, BrokerRegistration and
// AlterPartition with no request timeout, so one lost message stalls it
// until it restarts (Kafka's NetworkClient times requests out after
// request.timeout.ms / replica.socket.timeout.ms and notices a closed
// connection at once). With Options.NoBounce the checker reports it.
const KnownLivenessGap = "brokers do not time out their inter-broker requests: a lost follower Fetch, metadata fetch, BrokerRegistration or AlterPartition stalls the broker until it restarts"

type pendingUndo struct {
	at   uint64
	desc string
	fn   func()
}

// fail records the first failure; later ones are ignored.
func (r *run) fail(invariant, format string, args ...any) {
	if r.failed {
		return
	}
	r.failed = true
	r.res.Failure = &Failure{Seed: r.seed, Step: r.step, Invariant: invariant, Details: fmt.Sprintf(format, args...)}
}

// expect records an anomaly the configuration allows.
func (r *run) expect(guarantee, why, format string, args ...any) {
	// At most maxExpected per guarantee, so a flood of one (G1 after an
	// unclean election) does not hide another (G2).
	const maxExpected = 20
	if r.expectedN == nil {
		r.expectedN = map[string]int{}
	}
	if r.expectedN[guarantee] < maxExpected {
		r.expectedN[guarantee]++
		r.res.Expected = append(r.res.Expected, fmt.Sprintf("expected loss: %s does not hold because %s: %s", guarantee, why, fmt.Sprintf(format, args...)))
	}
}
