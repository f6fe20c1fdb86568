package checker_test

import (
	"testing"
	"time"

	"github.com/kafkalab/kafkalab/engine/checker"
)

// defaultGroupSeeds is how many seeds make test runs with the group
// workload (make soak runs every seed with it when SOAK_FLAGS has -groups).
const defaultGroupSeeds = 300

// TestGroupSeeds runs the checker with the consumer-group workload and its
// faults (groups.go) over defaultGroupSeeds seeds, or one with -seed N.
// It is strict: every failure fails, liveness too.
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
	failures := 0
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
		if err := res.Err(); err != nil {
			failures++
			t.Errorf("%v\n config: %s; %s\n faults: %v", err, res.Config, checker.DrawGroupConfig(seed), res.Faults)
			if failures >= 5 {
				t.FailNow()
			}
		}
	}
	el := time.Since(start)
	t.Logf("%d seeds with groups in %v; totals %+v", len(seeds), el.Round(time.Millisecond), tot)
}
