package group_test

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/kafkalab/kafkalab/engine/group"
	"github.com/kafkalab/kafkalab/engine/kerr"
)

var seedFlag = flag.Uint64("seed", 0, "run the property test for this seed only")

// simClient is a Java-consumer-like client driving the coordinator.
type simClient struct {
	*consumer
	alive   bool
	joinRef group.Ref
	syncRef group.Ref
}

// TestPropertyGenerationsAndOwnership runs random seeded sequences of joins,
// leaves, crashes (session expiry), heartbeats and commits, and checks
// RELIABILITY.md B4a item 8 after every step: generations only increase,
// and in Stable every subscribed partition has exactly one owner.
func TestPropertyGenerationsAndOwnership(t *testing.T) {
	topics := map[string]int32{"orders": 4, "clicks": 3}
	seeds := []uint64{}
	for s := uint64(1); s <= 150; s++ {
		seeds = append(seeds, s)
	}
	if *seedFlag != 0 {
		seeds = []uint64{*seedFlag}
	}
	stable, maxGen := 0, int32(0)
	for _, seed := range seeds {
		r := rand.New(rand.NewPCG(seed, 7))
		h := newHarness(t)
		g := groupOn("orders-app", 1)
		var clients []*simClient
		for i := range 5 {
			c := newConsumer(fmt.Sprintf("consumer-%d", i), "orders", "clicks")
			c.session, c.rebalance = 10000, 20000
			if r.IntN(3) == 0 {
				c.instanceID = fmt.Sprintf("host-%d", i)
			}
			if r.IntN(2) == 0 {
				c.protocols = []string{"cooperative-sticky", "range"}
			}
			clients = append(clients, &simClient{consumer: c})
		}
		lastGen := int32(0)
		for step := range 300 {
			c := clients[r.IntN(len(clients))]
			switch op := r.IntN(10); {
			case op < 3 && !c.alive:
				c.alive, c.memberID, c.generation = true, "", -1
				c.joinRef = h.join(g, c.consumer)
			case op == 3 && c.alive:
				c.alive = false // crash: its session will expire
			case op == 4 && c.alive && c.memberID != "":
				ref := h.nextRef()
				h.apply(h.c.LeaveGroup(h.now, ref, group.LeaveGroupRequest{GroupID: g, Members: []group.LeaveMember{{MemberID: c.memberID, GroupInstanceID: c.instanceID}}}))
				c.alive = false
			case op == 5 && c.alive && c.generation > 0:
				_ = h.commit(g, c.generation, c.memberID, "orders", 0, int64(step))
			default:
				h.advance(int64(r.IntN(4000)))
			}
			// Every live client reacts to its responses and heartbeats.
			for _, cl := range clients {
				if cl.alive {
					drive(t, h, g, cl, topics)
				}
			}
			v, ok := h.c.Group(g)
			if !ok {
				continue
			}
			if v.Generation < lastGen {
				t.Fatalf("seed %d step %d: generation went from %d to %d", seed, step, lastGen, v.Generation)
			}
			lastGen = v.Generation
			maxGen = max(maxGen, v.Generation)
			if v.State == group.Stable {
				stable++
				owners, err := v.Owners()
				if err != nil {
					t.Fatalf("seed %d step %d: %v", seed, step, err)
				}
				if len(owners) != 7 && len(v.Members) > 0 {
					t.Fatalf("seed %d step %d: %d of 7 partitions owned in generation %d", seed, step, len(owners), v.Generation)
				}
			}
		}
	}
	t.Logf("%d steps observed a Stable group; highest generation %d", stable, maxGen)
	if stable == 0 {
		t.Fatal("the random runs never reached Stable: the property checked nothing")
	}
}

// drive advances one client's protocol: rejoin after MEMBER_ID_REQUIRED or a
// rebalance, sync after a join (the leader assigns), heartbeat when Stable.
func drive(t *testing.T, h *harness, g string, c *simClient, topics map[string]int32) {
	if c.joinRef != 0 {
		r := h.joined(c.joinRef, c.consumer)
		if r == nil {
			return // parked
		}
		c.joinRef = 0
		switch {
		case errors.Is(r.Err, kerr.MemberIDRequired):
			c.joinRef = h.join(g, c.consumer)
		case r.Err != nil:
			c.memberID, c.generation = "", -1
			if c.instanceID == "" || !errors.Is(r.Err, kerr.FencedInstanceID) {
				c.joinRef = h.join(g, c.consumer)
			} else {
				c.alive = false
			}
		default:
			var a []group.SyncGroupAssignment
			if r.Leader == c.memberID && !r.SkipAssignment {
				a = leaderAssign(t, r, topics)
			}
			c.syncRef = h.sync(g, c.consumer, a)
		}
		return
	}
	if c.syncRef != 0 {
		r, ok := h.responses[c.syncRef].(*group.SyncGroupResponse)
		if !ok {
			return
		}
		c.syncRef = 0
		if r.Err != nil {
			if errors.Is(r.Err, kerr.UnknownMemberID) || errors.Is(r.Err, kerr.FencedInstanceID) {
				c.memberID = ""
			}
			c.joinRef = h.join(g, c.consumer)
		}
		return
	}
	switch err := h.heartbeat(g, c.consumer); {
	case err == nil:
	case errors.Is(err, kerr.RebalanceInProgress), errors.Is(err, kerr.IllegalGeneration):
		c.joinRef = h.join(g, c.consumer)
	default:
		c.memberID, c.generation = "", -1
		c.joinRef = h.join(g, c.consumer)
	}
}
