package checker_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kafkalab/kafkalab/engine/checker"
)

// injectedBugSeeds bounds how many seeds TestCheckerCatchesInjectedBug may
// take to catch the bug.
const injectedBugSeeds = 50

// TestCheckerCatchesInjectedBug turns on cluster.Config's
// UnsafeTestBugHWIgnoresISR (the leader's HW goes to its own LEO without
// waiting for the ISR) and asserts that the checker reports a violation
// within injectedBugSeeds seeds and well within the make test budget.
func TestCheckerCatchesInjectedBug(t *testing.T) {
	start := time.Now()
	for i := range uint64(injectedBugSeeds) {
		seed := *baseFlag + i
		res := checker.Run(seed, checker.Options{InjectBug: true, Faults: checker.SafeMenu()})
		if res.Failure != nil {
			el := time.Since(start)
			t.Logf("caught at seed %d (%d seeds, %v): %v", seed, i+1, el.Round(time.Millisecond), res.Failure)
			if el > 30*time.Second {
				t.Errorf("caught, but after %v", el)
			}
			if res.Failure.Invariant == "setup" || res.Failure.Invariant == "liveness" {
				t.Errorf("caught by %q, not a safety invariant", res.Failure.Invariant)
			}
			// The same seed without the bug passes its safety checks.
			if clean := checker.Run(seed, checker.Options{Faults: checker.SafeMenu()}); clean.Failure != nil && clean.Failure.Invariant != "liveness" {
				t.Logf("note: seed %d fails without the bug too: %v", seed, clean.Failure)
			}
			return
		}
	}
	t.Fatalf("the injected bug went unnoticed for %d seeds (%v)", injectedBugSeeds, time.Since(start))
}

// runSchedule runs one targeted configuration with a fixed fault schedule.
func runSchedule(t *testing.T, seed uint64, cfg checker.Config, sched []checker.Scheduled) checker.Result {
	t.Helper()
	res := checker.Run(seed, checker.Options{Config: &cfg, Schedule: sched, Faults: checker.Menu()})
	t.Logf("%s\n faults: %v\n stats: %+v\n expected: %v\n failure: %v", cfg, res.Faults, res.Stats, res.Expected, res.Failure)
	return res
}

func hasExpected(res checker.Result, guarantee, reason string) bool {
	for _, e := range res.Expected {
		if strings.Contains(e, guarantee+" does not hold because") && strings.Contains(e, reason) {
			return true
		}
	}
	return false
}
