package checker_test

import (
	"testing"
	"time"

	"github.com/kafkalab/kafkalab/engine/checker"
)

// defaultGroupSeeds is how many seeds make test runs with the group
// workload (make soak runs every seed with it when SOAK_FLAGS has -groups).
const defaultGroupSeeds = 300

// groupKnownFailures are seeds of the default range the group workload
// fails today (see the report); replay one with -run TestGroupSeeds -seed N.
var groupKnownFailures = map[uint64]string{
	164: "generation 2 of chk-group assigns checked-1 to chk-consumer-1 at one coordinator and to chk-consumer-2 at the next (broker 4) after a coordinator failover: a generation number reused with another assignment; engine (group coordinator load) or an uncommitted generation, not yet explained",
}

// TestGroupSeeds runs the checker with the consumer-group workload and its
// faults (groups.go) over defaultGroupSeeds seeds, or one with -seed N.
func TestGroupSeeds(t *testing.T) {
	var seeds []uint64
	if *seedFlag != 0 {
		seeds = append(seeds, *seedFlag)
	} else {
		n := defaultGroupSeeds
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
	var tot checker.Stats
	failures, known := 0, 0
	for _, seed := range seeds {
		opts := checker.Options{Groups: true}
		if !*fullMenu {
			opts.Faults = checker.SafeMenu()
		}
		res := checker.Run(seed, opts)
		add(&tot, res.Stats)
		tot.Processed += res.Stats.Processed
		tot.GroupDups += res.Stats.GroupDups
		tot.GroupCommits += res.Stats.GroupCommits
		tot.Rebalances += res.Stats.Rebalances
		tot.ConsumerFault += res.Stats.ConsumerFault
		if *verbose || len(seeds) == 1 {
			t.Logf("seed %d: %s; %s\n faults: %v\n stats: %+v\n expected: %v", seed, res.Config, checker.DrawGroupConfig(seed), res.Faults, res.Stats, res.Expected)
		}
		err := res.Err()
		switch {
		case err == nil:
		case *seedFlag == 0 && !*strict && (groupKnownFailures[seed] != "" || knownFailures[seed] != "" || res.Failure.Invariant == "liveness"):
			known++
			t.Logf("known: %v", err)
		default:
			failures++
			t.Errorf("%v\n config: %s; %s\n faults: %v", err, res.Config, checker.DrawGroupConfig(seed), res.Faults)
			if failures >= 5 {
				t.FailNow()
			}
		}
	}
	el := time.Since(start)
	t.Logf("%d seeds with groups in %v (%d known failures tolerated); totals %+v", len(seeds), el.Round(time.Millisecond), known, tot)
}
