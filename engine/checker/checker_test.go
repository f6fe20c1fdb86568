package checker_test

import (
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/kafkalab/kafkalab/engine/checker"
)

var (
	seedFlag  = flag.Uint64("seed", 0, "replay exactly one seed")
	seedsFlag = flag.Int("seeds", 0, "how many seeds TestSeeds runs (0: the default)")
	baseFlag  = flag.Uint64("base", 1, "the first seed TestSeeds runs")
	fullMenu  = flag.Bool("full", false, "use the full fault menu, with the faults that drop messages (KnownLivenessGap)")
	verbose   = flag.Bool("checker.v", false, "print every run's config, faults and stats")
)

// defaultSeeds is the number of seeds make test runs.
const defaultSeeds = 2000

// TestSeeds runs the checker over many seeds (RELIABILITY.md B4), or one with
// -seed N. A failure prints the seed, the step and how to replay it.
func TestSeeds(t *testing.T) {
	seeds := []uint64{}
	if *seedFlag != 0 {
		seeds = append(seeds, *seedFlag)
	} else {
		n := defaultSeeds
		if *seedsFlag > 0 {
			n = *seedsFlag
		}
		if testing.Short() {
			n /= 10
		}
		for i := range n {
			seeds = append(seeds, *baseFlag+uint64(i))
		}
	}
	start := time.Now()
	var steps uint64
	var tot checker.Stats
	failures := 0
	for _, seed := range seeds {
		opts := checker.Options{NoBounce: true} // brokers time their requests out: no phase-2 bounce
		if !*fullMenu {
			opts.Faults = checker.SafeMenu()
		}
		res := checker.Run(seed, opts)
		steps += res.Stats.Steps
		add(&tot, res.Stats)
		if *verbose || len(seeds) == 1 {
			t.Logf("seed %d: %s\n faults: %v\n stats: %+v\n expected: %v", seed, res.Config, res.Faults, res.Stats, res.Expected)
		}
		if err := res.Err(); err != nil {
			failures++
			t.Errorf("%v\n config: %s\n faults: %v", err, res.Config, res.Faults)
			if failures >= 5 {
				break
			}
		}
	}
	el := time.Since(start)
	t.Logf("%d seeds in %v: %.0f runs/s, %.0f steps/s; totals %+v", len(seeds), el.Round(time.Millisecond),
		float64(len(seeds))/el.Seconds(), float64(steps)/el.Seconds(), tot)
}

func add(t *checker.Stats, s checker.Stats) {
	t.Steps += s.Steps
	t.Faults += s.Faults
	t.Sent += s.Sent
	t.Acked += s.Acked
	t.Failed += s.Failed
	t.Reads += s.Reads
	t.Committed += s.Committed
	t.Lost += s.Lost
	t.Unseen += s.Unseen
	t.Duplicates += s.Duplicates
	t.Reordered += s.Reordered
	t.Inconsistent += s.Inconsistent
	t.Truncated += s.Truncated
}

var (
	soakFlag   = flag.Bool("soak", false, "run TestSoak: seeds from -base, -seeds of them (0: until stopped), printing progress")
	groupsFlag = flag.Bool("groups", false, "TestSoak: add the consumer-group workload and its faults to every seed")
)

// TestSoak is make soak: it runs seeds from -base until -seeds are done (0:
// until stopped), printing runs/s and steps/s every 1000 seeds, and every
// failure with its seed.
func TestSoak(t *testing.T) {
	if !*soakFlag {
		t.Skip("make soak runs it (-soak)")
	}
	start := time.Now()
	var steps uint64
	failures := 0
	for i := uint64(0); *seedsFlag == 0 || i < uint64(*seedsFlag); i++ {
		seed := *baseFlag + i
		opts := checker.Options{Groups: *groupsFlag}
		if !*fullMenu {
			opts.Faults = checker.SafeMenu()
		}
		res := checker.Run(seed, opts)
		steps += res.Stats.Steps
		if err := res.Err(); err != nil {
			failures++
			fmt.Printf("FAIL %v\n", err)
		}
		if (i+1)%1000 == 0 {
			el := time.Since(start).Seconds()
			fmt.Printf("soak: %d seeds (%d–%d) in %.0fs, %d failures: %.0f runs/s, %.0f steps/s\n", i+1, *baseFlag, seed, el, failures, float64(i+1)/el, float64(steps)/el)
		}
	}
	if failures > 0 {
		t.Errorf("%d failures", failures)
	}
}

// pinnedSeeds are seeds that once failed, replayed by TestPinnedSeeds with
// the options that showed the failure.
var pinnedSeeds = []struct {
	seed   uint64
	full   bool // the full menu (with the faults that drop messages)
	bounce bool // TestSoak's phase-2 bounce of every broker
	why    string
}{
	{3089, false, false, "a stopped broker kept its memory: restarted, it led from its stale image (ISR [5] at partition epoch 4 while the controller had [5 2]) and committed offset 70 alone (G1)"},
	{8187, false, true, "as 3089"},
	{14342, false, true, "as 3089"},
	{1284, false, true, "the old process's metadata fetch answer replayed by the new one walked the leader epoch back and erased leader-epoch cache entries: an endless diverging-epoch loop"},
	{1068, true, false, "KIP-966 gating refreshed inside a blocking ShutdownBroker: the ISR shrank to a replica that had lost its log in a power loss"},
	{1652, true, false, "as 1068"},
	{998, true, false, "liveness bounded in steps: a lost follower Fetch needs replica.socket.timeout.ms (30 s) of simulated time"},
	{1572, true, false, "as 998"},
	{4363, false, false, "the active controller answered a voter's parked fetch after each record, so the voters held the FenceBrokerRecord of broker 1 but not the PartitionChangeRecord that moved checked-0 away from it; the controller crashed, the committed log had broker 1 fenced yet leader at epoch 0, and broker 1, back from a power loss with an empty log, led again (G1). An event's records now reach the voters together"},
	{1275, true, false, "KIP-966 gating from the controller's ISR and at every step of a blocking call: inside a controlled shutdown the ISR shrank to a powered-off, not yet fenced broker, which came back with an empty log and led again; the member that kept the records truncated to it and rejoined before the checker looked (OFFSET_OUT_OF_RANGE taken for a G1 failure)"},
}

// TestPinnedSeeds replays the seeds of pinnedSeeds.
func TestPinnedSeeds(t *testing.T) {
	for _, p := range pinnedSeeds {
		opts := checker.Options{NoBounce: !p.bounce}
		if !p.full {
			opts.Faults = checker.SafeMenu()
		}
		if err := checker.Run(p.seed, opts).Err(); err != nil {
			t.Errorf("seed %d (%s): %v", p.seed, p.why, err)
		}
	}
}
