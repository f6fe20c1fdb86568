package checker

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/stretchr/testify/require"
)

// TestKIP966InsideBlockingCall: the ISR shrinks to a leader that lost its
// unflushed tail in a power loss, the leader comes back with an empty log
// and is elected again, and the members that kept the records truncate to it
// and rejoin the ISR, all inside one blocking call (as ShutdownBroker runs the
// simulation itself). Kafka loses the committed records here (KIP-966 "last
// replica standing", no ELR), so the checker must expect the readers'
// OFFSET_OUT_OF_RANGE, not fail G1: the gating has to follow the
// controller's ISR at every step the call takes (seeds 1275 -full and 2463
// -full with groups, where no broker had the partition loaded while the
// controller's ISR was the powered-off broker alone).
func TestKIP966InsideBlockingCall(t *testing.T) {
	cfg := Config{Brokers: 4, Partitions: 1, RF: 3, MinISR: 1, Acks: "1", LagMs: 30_000, SessionMs: 4500,
		LatencyMs: 1, Producers: 1, Readers: 1, InFlight: 1, Records: 20}
	markedWhileDown := false
	lastStanding := Fault{Name: "last-replica-standing", Weight: 1, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
		c := e.Cluster()
		reg, ok := c.ControllerPartition(e.Topic(), 0)
		if !ok || reg.Leader < 1 || len(reg.ISR) != 3 {
			return "", nil, false
		}
		var followers []int32
		for _, id := range reg.ISR {
			if id != reg.Leader {
				followers = append(followers, id)
				_ = c.StopBroker(id)
			}
		}
		// Within a heartbeat interval (2 s) the leader heartbeats after the
		// followers' last heartbeats, so the
		// controller fences the followers first and shrinks the ISR to the
		// powered-off leader, which it fences only later.
		_, _ = c.RunFor(2100)
		if _, _, ok := e.powerOff(reg.Leader); !ok {
			return "", nil, false
		}
		_, _ = c.RunFor(12_000)
		// Every member is down: only the controller knows the ISR is [leader].
		markedWhileDown = e.r.kip966[0]
		for _, id := range append([]int32{reg.Leader}, followers...) {
			if !c.Sim().IsUp(broker.NodeID(id)) {
				_ = c.StartBroker(id)
			}
			delete(e.r.stopped, id)
		}
		_, _ = c.RunFor(5000)
		return "the ISR shrinks to a powered-off leader, which comes back empty and leads again", nil, true
	}}
	res := Run(1, Options{Config: &cfg, Faults: []Fault{lastStanding}, NoBounce: true,
		Schedule: []Scheduled{{Step: 400, Name: "last-replica-standing"}}})
	if err := res.Err(); err != nil {
		t.Fatalf("%v\n faults: %v", err, res.Faults)
	}
	if !markedWhileDown {
		t.Fatalf("the controller's ISR shrank to the powered-off leader and the checker did not note it (KIP-966)")
	}
	if res.Stats.PowerLossISR != 1 {
		t.Fatalf("PowerLossISR = %d, want 1; faults %v", res.Stats.PowerLossISR, res.Faults)
	}
	if !containsSub(res.Expected, "OFFSET_OUT_OF_RANGE") {
		t.Fatalf("no reader was sent back by the lost records; expected: %v", res.Expected)
	}
}

func containsSub(ss []string, sub string) bool {
	for _, s := range ss {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestKIP966CaughtUpReplicaKeepsItsLog: a follower loses power, comes back,
// catches up and rejoins the ISR; then the leader loses power. The ISR is
// then two replicas that each lost a tail once, but the follower holds every
// committed record again, so nothing committed may be lost: the checker
// must not count the partition as KIP-966's (it stays strict).
func TestKIP966CaughtUpReplicaKeepsItsLog(t *testing.T) {
	cfg := Config{Brokers: 3, Partitions: 1, RF: 2, MinISR: 1, Acks: "all", LagMs: 30_000, SessionMs: 4500,
		LatencyMs: 1, Producers: 1, Readers: 1, InFlight: 1, Records: 20}
	var steps []string
	twice := Fault{Name: "power-off-twice", Weight: 1, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
		c := e.Cluster()
		reg, ok := c.ControllerPartition(e.Topic(), 0)
		if !ok || len(reg.ISR) != 2 {
			return "", nil, false
		}
		leader, follower := reg.ISR[0], reg.ISR[1]
		if leader != reg.Leader {
			leader, follower = follower, leader
		}
		if _, _, ok := e.powerOff(follower); !ok {
			return "", nil, false
		}
		_, _ = c.RunFor(200)
		_ = c.StartBroker(follower)
		delete(e.r.stopped, follower)
		_, _ = c.RunFor(10_000)
		if r, _ := c.ControllerPartition(e.Topic(), 0); len(r.ISR) != 2 {
			steps = append(steps, "the follower did not rejoin the ISR")
		}
		if e.r.tailLost[0][follower-1] {
			steps = append(steps, "the caught-up follower is still marked")
		}
		d, undo, ok := e.powerOff(leader)
		return "power off follower " + strconv.Itoa(int(follower)) + ", restart it, then " + d, undo, ok
	}}
	res := Run(1, Options{Config: &cfg, Faults: []Fault{twice}, NoBounce: true,
		Schedule: []Scheduled{{Step: 400, Name: "power-off-twice", Hold: 400}}})
	require.Empty(t, steps)
	require.NoError(t, res.Err(), "faults: %v", res.Faults)
	require.Len(t, res.Faults, 1)
	require.Zero(t, res.Stats.PowerLossISR, "the follower kept every committed record: G1 holds; expected: %v", res.Expected)
}
