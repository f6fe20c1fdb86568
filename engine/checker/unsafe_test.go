package checker_test

import (
	"strconv"
	"testing"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/checker"
)

// The deliberately unsafe configurations of RELIABILITY.md B3 under
// constructed schedules: each loses what Kafka documents, and the checker
// classifies the loss as expected with the right reason; the safe
// configuration (acks=all, min.insync.replicas=2, RF 3, unclean off) under
// the same schedule loses nothing.

// leader0 is partition 0's leader as the brokers see it (highest epoch).
func leader0(e *checker.FaultEnv) int32 {
	best, epoch := int32(-1), int32(-1)
	for id := int32(1); id <= int32(e.Config().Brokers); id++ {
		if !e.Cluster().Sim().IsUp(broker.NodeID(id)) {
			continue
		}
		rs, ok := e.Cluster().Replica(id, e.Topic(), 0)
		if ok && rs.Role == broker.RoleLeader && rs.LeaderEpoch > epoch {
			best, epoch = id, rs.LeaderEpoch
		}
	}
	return best
}

// targetedFaults: cut-fetches cuts every follower → leader link one way (the
// followers' fetches are lost; the leader still hears the producer and
// answers), or only follower target's; crash-leader kills the leader's
// process; crash-others kills every broker but target.
func targetedFaults() []checker.Fault {
	return []checker.Fault{
		{Name: "cut-fetches", Drops: true, Weight: 1, Apply: func(e *checker.FaultEnv, target int32) (string, func(), bool) {
			l := leader0(e)
			if l < 0 {
				return "", nil, false
			}
			var cut []int32
			for id := int32(1); id <= int32(e.Config().Brokers); id++ {
				if id != l && (target == 0 || id == target) {
					_ = e.Cluster().CutLink(broker.NodeID(id), broker.NodeID(l), true)
					cut = append(cut, id)
				}
			}
			return "cut the fetches of " + ints(cut) + " to leader " + strconv.Itoa(int(l)), func() {
				for _, id := range cut {
					_ = e.Cluster().HealLink(broker.NodeID(id), broker.NodeID(l), true)
				}
			}, true
		}},
		{Name: "crash-leader", Weight: 1, Apply: func(e *checker.FaultEnv, _ int32) (string, func(), bool) {
			l := leader0(e)
			if l < 0 {
				return "", nil, false
			}
			_ = e.Cluster().CrashBroker(l)
			return "crash leader " + strconv.Itoa(int(l)), func() {
				if !e.Cluster().Sim().IsUp(broker.NodeID(l)) {
					_ = e.Cluster().StartBroker(l)
				}
			}, true
		}},
		{Name: "crash-others", Weight: 1, Apply: func(e *checker.FaultEnv, target int32) (string, func(), bool) {
			var down []int32
			for id := int32(1); id <= int32(e.Config().Brokers); id++ {
				if id != target && e.Cluster().Sim().IsUp(broker.NodeID(id)) {
					_ = e.Cluster().CrashBroker(id)
					down = append(down, id)
				}
			}
			return "crash " + ints(down), func() {
				for _, id := range down {
					if !e.Cluster().Sim().IsUp(broker.NodeID(id)) {
						_ = e.Cluster().StartBroker(id)
					}
				}
			}, true
		}},
	}
}

func ints(ids []int32) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += strconv.Itoa(int(id))
	}
	return s
}

func baseConfig() checker.Config {
	return checker.Config{Brokers: 3, Partitions: 1, RF: 3, MinISR: 2, Acks: "all", LagMs: 10_000, SessionMs: 4500,
		LatencyMs: 1, Producers: 1, Readers: 1, InFlight: 1, Records: 200}
}

func runTargeted(t *testing.T, cfg checker.Config, sched []checker.Scheduled) checker.Result {
	t.Helper()
	res := checker.Run(7, checker.Options{Config: &cfg, Schedule: sched, Faults: targetedFaults(), Steps: 4000})
	t.Logf("%s\n faults: %v\n stats: %+v\n expected: %v\n failure: %v", cfg, res.Faults, res.Stats, res.Expected, res.Failure)
	return res
}

// acks=1: the leader acknowledges records its followers never fetched, then
// dies; a follower (still in the ISR: replica.lag.time.max.ms is long) is
// elected and the acknowledged records are gone.
var acks1Schedule = []checker.Scheduled{{Step: 1000, Name: "cut-fetches", Hold: 3000}, {Step: 1200, Name: "crash-leader", Hold: 2700}}

func TestUnsafeAcks1LosesAcknowledgedWrites(t *testing.T) {
	cfg := baseConfig()
	cfg.Acks = "1"
	res := runTargeted(t, cfg, acks1Schedule)
	if res.Failure != nil {
		t.Fatalf("the checker failed the run: %v", res.Failure)
	}
	if res.Stats.Lost == 0 && res.Stats.Inconsistent == 0 {
		t.Fatalf("acks=1 lost nothing")
	}
	if !hasExpected(res, "G2", "acks=1") {
		t.Fatalf("no expected G2 loss because acks=1: %v", res.Expected)
	}
}

// Unclean election with a stale replica: follower 3 stops fetching and
// leaves the ISR; records are committed by the other two; both die and
// the stale replica is elected: committed records are lost (G1).
var uncleanSchedule = []checker.Scheduled{{Step: 600, Name: "cut-fetches", Target: 3, Hold: 3400}, {Step: 1400, Name: "crash-others", Target: 3, Hold: 2500}}

func TestUnsafeUncleanElectionLosesCommittedWrites(t *testing.T) {
	cfg := baseConfig()
	cfg.Unclean = true
	cfg.LagMs = 300
	res := runTargeted(t, cfg, uncleanSchedule)
	if res.Failure != nil {
		t.Fatalf("the checker failed the run: %v", res.Failure)
	}
	if !hasExpected(res, "G1", "unclean.leader.election.enable=true") {
		t.Fatalf("no expected G1 loss because of unclean election: %v", res.Expected)
	}
}

// Jepsen 2013: acks=all with min.insync.replicas=1; the followers stop
// fetching, the ISR shrinks to the leader, which acknowledges alone; the
// leader dies and a follower outside the ISR is elected (unclean): the
// acknowledged records are lost. The safe configuration under the same
// schedule answers NOT_ENOUGH_REPLICAS instead and loses nothing.
var jepsenSchedule = []checker.Scheduled{{Step: 600, Name: "cut-fetches", Hold: 3400}, {Step: 1400, Name: "crash-leader", Hold: 2500}}

func TestUnsafeJepsen2013MinISR1(t *testing.T) {
	cfg := baseConfig()
	cfg.MinISR = 1
	cfg.Unclean = true
	cfg.LagMs = 300
	res := runTargeted(t, cfg, jepsenSchedule)
	if res.Failure != nil {
		t.Fatalf("the checker failed the run: %v", res.Failure)
	}
	if res.Stats.Lost == 0 && res.Stats.Inconsistent == 0 {
		t.Fatalf("acks=all with min.insync.replicas=1 lost nothing")
	}
	if !hasExpected(res, "G2", "min.insync.replicas=1") {
		t.Fatalf("no expected G2 loss because min.insync.replicas=1: %v", res.Expected)
	}
}

func TestSafeConfigurationLosesNothing(t *testing.T) {
	for name, sched := range map[string][]checker.Scheduled{"acks1": acks1Schedule, "unclean": uncleanSchedule, "jepsen": jepsenSchedule} {
		t.Run(name, func(t *testing.T) {
			cfg := baseConfig() // acks=all, min.insync.replicas=2, RF 3, unclean off
			cfg.LagMs = 300
			res := runTargeted(t, cfg, sched)
			if res.Failure != nil {
				t.Fatalf("the safe configuration failed: %v", res.Failure)
			}
			if res.Stats.Lost != 0 || res.Stats.Inconsistent != 0 || len(res.Expected) != 0 {
				t.Fatalf("the safe configuration lost: lost %d, inconsistent %d, expected %v", res.Stats.Lost, res.Stats.Inconsistent, res.Expected)
			}
			if res.Stats.Acked == 0 {
				t.Fatalf("nothing was acknowledged")
			}
		})
	}
}
