package assignor_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/kafkalab/kafkalab/engine/assignor"
)

// propertySeeds is how many random groups each property test draws. A
// failure prints the seed; replay it with -seed=N.
const propertySeeds = 300

var replaySeed = flag.Uint64("seed", 0, "run the property tests for this seed only")

func seeds() []uint64 {
	if *replaySeed != 0 {
		return []uint64{*replaySeed}
	}
	out := make([]uint64, propertySeeds)
	for i := range out {
		out[i] = uint64(i + 1)
	}
	return out
}

// randomGroup draws topics and members; equal makes every member subscribe
// to every topic.
func randomGroup(r *rand.Rand, equal bool) ([]assignor.Member, map[string]int32) {
	topics := map[string]int32{}
	var names []string
	for i := range 1 + r.IntN(5) {
		name := fmt.Sprintf("t%d", i)
		topics[name] = int32(r.IntN(12))
		names = append(names, name)
	}
	var members []assignor.Member
	for i := range 1 + r.IntN(8) {
		m := assignor.Member{ID: fmt.Sprintf("m%02d-%d", r.IntN(100), i), Generation: assignor.DefaultGeneration}
		if r.IntN(4) == 0 {
			m.InstanceID = fmt.Sprintf("inst%d", r.IntN(100)*10+i)
		}
		for _, t := range names {
			if equal || r.IntN(2) == 0 {
				m.Topics = append(m.Topics, t)
			}
		}
		members = append(members, m)
	}
	return members, topics
}

// checkOwnership: every subscribed partition owned by exactly one member,
// and no member owns a partition of a topic it does not subscribe to.
func checkOwnership(t *testing.T, seed uint64, members []assignor.Member, topics map[string]int32, p assignor.Plan, withPending bool) {
	t.Helper()
	owners := map[assignor.TopicPartition]string{}
	for _, mp := range p.Members {
		tps := mp.Partitions
		if withPending {
			tps = append(slices.Clone(tps), mp.Pending...)
		}
		for _, tp := range tps {
			if prev, ok := owners[tp]; ok {
				t.Fatalf("seed %d: %s: %s owned by %s and %s\n%s", seed, p.Assignor, tp, prev, mp.MemberID, p)
			}
			owners[tp] = mp.MemberID
			m := find(members, mp.MemberID)
			if !slices.Contains(m.Topics, tp.Topic) {
				t.Fatalf("seed %d: %s: %s given %s without subscribing\n%s", seed, p.Assignor, mp.MemberID, tp, p)
			}
		}
	}
	for topic, n := range topics {
		subscribed := false
		for _, m := range members {
			subscribed = subscribed || slices.Contains(m.Topics, topic)
		}
		for q := range n {
			tp := assignor.TopicPartition{Topic: topic, Partition: q}
			if _, ok := owners[tp]; subscribed && !ok {
				t.Fatalf("seed %d: %s: %s unassigned\n%s", seed, p.Assignor, tp, p)
			}
		}
	}
}

func find(members []assignor.Member, id string) assignor.Member {
	for _, m := range members {
		if m.ID == id {
			return m
		}
	}
	panic("no member " + id)
}

func checkBalanced(t *testing.T, seed uint64, p assignor.Plan, withPending bool) {
	t.Helper()
	lo, hi := int(^uint(0)>>1), 0
	for _, mp := range p.Members {
		n := len(mp.Partitions)
		if withPending {
			n += len(mp.Pending)
		}
		lo, hi = min(lo, n), max(hi, n)
	}
	if hi-lo > 1 {
		t.Fatalf("seed %d: %s: counts range %d-%d\n%s", seed, p.Assignor, lo, hi, p)
	}
}

func TestPropertyEveryPartitionHasOneOwner(t *testing.T) {
	for _, seed := range seeds() {
		r := rand.New(rand.NewPCG(seed, 1))
		members, topics := randomGroup(r, r.IntN(2) == 0)
		for _, a := range []assignor.Assignor{assignor.Range{}, assignor.RoundRobin{}, assignor.Sticky{}, assignor.CooperativeSticky{}} {
			checkOwnership(t, seed, members, topics, a.Assign(members, topics), false)
		}
	}
}

func TestPropertyBalancedWhenSubscriptionsEqual(t *testing.T) {
	for _, seed := range seeds() {
		r := rand.New(rand.NewPCG(seed, 2))
		members, topics := randomGroup(r, true)
		checkBalanced(t, seed, assignor.RoundRobin{}.Assign(members, topics), false)
		// Sticky stays balanced whatever the previous owners were.
		members = randomOwnership(r, members, topics)
		checkBalanced(t, seed, assignor.Sticky{}.Assign(members, topics), false)
		checkBalanced(t, seed, assignor.CooperativeSticky{}.Assign(members, topics), true)
	}
}

// randomOwnership gives members disjoint random previous assignments of one
// generation, as after a rebalance followed by membership changes.
func randomOwnership(r *rand.Rand, members []assignor.Member, topics map[string]int32) []assignor.Member {
	out := slices.Clone(members)
	for i := range out {
		out[i].Owned, out[i].Generation = nil, 3
	}
	for _, topic := range sortedKeys(topics) {
		for q := range topics[topic] {
			i := r.IntN(len(out) + 1)
			if i < len(out) && slices.Contains(out[i].Topics, topic) {
				out[i].Owned = append(out[i].Owned, assignor.TopicPartition{Topic: topic, Partition: q})
			}
		}
	}
	return out
}

func sortedKeys(m map[string]int32) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Sticky moves no more partitions than balance requires. With equal
// subscriptions every member ends with minQuota or maxQuota partitions, and
// P%C members hold maxQuota; a member must give up what it owns above its
// final count, so the fewest moves are Σ max(0, owned−minQuota), less one
// for each of the (at most P%C) members owning more than minQuota that may
// keep maxQuota.
func TestPropertyStickyMovesOnlyWhatBalanceNeeds(t *testing.T) {
	for _, seed := range seeds() {
		r := rand.New(rand.NewPCG(seed, 3))
		members, topics := randomGroup(r, true)
		members = randomOwnership(r, members, topics)
		p := assignor.Sticky{}.Assign(members, topics)
		total := 0
		for _, n := range topics {
			total += int(n)
		}
		minQ, extra := total/len(members), total%len(members)
		moved, minMoved, above := 0, 0, 0
		for _, m := range members {
			got := p.For(m.ID)
			for _, tp := range m.Owned {
				if !slices.Contains(got, tp) {
					moved++
				}
			}
			minMoved += max(0, len(m.Owned)-minQ)
			if len(m.Owned) > minQ {
				above++
			}
		}
		minMoved -= min(extra, above)
		if moved > minMoved {
			t.Fatalf("seed %d: sticky moved %d owned partitions, balance needs only %d\n%s", seed, moved, minMoved, p)
		}
	}
}

// Cooperative: a partition never goes to a new owner in the rebalance that
// revokes it from the old one; the first rebalance's target is the sticky
// one; and the follow-up rebalance (after the owners revoked) hands out
// every withheld partition while every member keeps what it already has.
//
// The follow-up does not always reproduce the first target exactly, and
// neither does Kafka's: in the follow-up the revoked partitions are
// unassigned, and constrainedAssign deals them to the members below quota in
// member id order, which need not be the members the first round chose
// (seed 3 below shows one). What holds is what KIP-429 promises: no double
// ownership, no stop-the-world revocation, convergence in one more round.
func TestPropertyCooperativeRevokesBeforeReassigning(t *testing.T) {
	exact := 0
	for _, seed := range seeds() {
		r := rand.New(rand.NewPCG(seed, 4))
		equal := r.IntN(2) == 0
		members, topics := randomGroup(r, equal)
		members = randomOwnership(r, members, topics)
		first := assignor.CooperativeSticky{}.Assign(members, topics)
		target := assignor.Sticky{}.Assign(members, topics)
		for _, mp := range first.Members {
			for _, tp := range mp.Partitions {
				for _, other := range members {
					if other.ID != mp.MemberID && slices.Contains(other.Owned, tp) {
						t.Fatalf("seed %d: %s given to %s while %s still owns it\n%s", seed, tp, mp.MemberID, other.ID, first)
					}
				}
			}
			want := append(slices.Clone(mp.Partitions), mp.Pending...)
			assignor.SortPartitions(want)
			if !slices.Equal(want, target.For(mp.MemberID)) {
				t.Fatalf("seed %d: cooperative target %v differs from sticky %v for %s", seed, want, target.For(mp.MemberID), mp.MemberID)
			}
		}
		// Every member revokes what it was not given and rejoins.
		next := slices.Clone(members)
		for i := range next {
			next[i].Owned, next[i].Generation = first.For(next[i].ID), 4
		}
		second := assignor.CooperativeSticky{}.Assign(next, topics)
		checkOwnership(t, seed, next, topics, second, false)
		if equal {
			checkBalanced(t, seed, second, false)
		}
		same := true
		for _, mp := range second.Members {
			if len(mp.Pending) > 0 {
				t.Fatalf("seed %d: follow-up still withholds %v from %s\nfirst:\n%s", seed, mp.Pending, mp.MemberID, first)
			}
			for _, tp := range first.For(mp.MemberID) {
				if !slices.Contains(mp.Partitions, tp) {
					t.Fatalf("seed %d: follow-up took %s from %s\nfirst:\n%ssecond:\n%s", seed, tp, mp.MemberID, first, second)
				}
			}
			same = same && slices.Equal(mp.Partitions, target.For(mp.MemberID))
		}
		if same {
			exact++
		}
	}
	t.Logf("follow-up equals the first target in %d of %d groups", exact, len(seeds()))
}

// The counterexample to "the follow-up equals the first target", with
// Kafka's constrainedAssign: the revoked t3-8 was aimed at m38-2, but in the
// follow-up m28-1 is the first member at minQuota in member id order.
func TestCooperativeFollowUpCanPickAnotherMember(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	members, topics := randomGroup(r, r.IntN(2) == 0)
	members = randomOwnership(r, members, topics)
	first := assignor.CooperativeSticky{}.Assign(members, topics)
	for i := range members {
		members[i].Owned, members[i].Generation = first.For(members[i].ID), 4
	}
	second := assignor.CooperativeSticky{}.Assign(members, topics)
	t3p8 := assignor.TopicPartition{Topic: "t3", Partition: 8}
	if !slices.Contains(first.Members[1].Pending, t3p8) || !slices.Contains(second.For("m28-1"), t3p8) {
		t.Fatalf("the documented counterexample changed:\n%s\n%s", first, second)
	}
}

// Assignors are pure: the member order of the input does not matter.
func TestPropertyInputOrderDoesNotMatter(t *testing.T) {
	for _, seed := range seeds() {
		r := rand.New(rand.NewPCG(seed, 5))
		members, topics := randomGroup(r, r.IntN(2) == 0)
		members = randomOwnership(r, members, topics)
		shuffled := slices.Clone(members)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		for _, a := range []assignor.Assignor{assignor.Range{}, assignor.RoundRobin{}, assignor.Sticky{}, assignor.CooperativeSticky{}} {
			if x, y := a.Assign(members, topics).String(), a.Assign(shuffled, topics).String(); x != y {
				t.Fatalf("seed %d: %s depends on input order:\n%s\nvs\n%s", seed, a.Name(), x, y)
			}
		}
	}
}
