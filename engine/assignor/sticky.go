package assignor

import (
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// Sticky is Kafka's StickyAssignor ("sticky", EAGER): a balanced assignment
// (partition counts within one of each other when every member subscribes to
// the same topics) that keeps as many partitions as possible with their
// previous owners. Previous ownership comes from each member's Subscription:
// its owned partitions and the generation they were owned in.
//
// The algorithm is AbstractStickyAssignor's. When all members subscribe to
// the same topics it is constrainedAssign, followed step by step:
//
//  1. Only the claims of members of the highest generation count, and a
//     partition claimed by two of them counts for neither.
//  2. With P partitions and C members, minQuota = P/C and maxQuota =
//     ceil(P/C); P%C members may hold maxQuota. Visiting members in member id
//     order, each keeps its owned partitions (ordered by partition number,
//     then topic) up to minQuota, or up to maxQuota while fewer than P%C
//     members hold maxQuota; the rest are revoked.
//  3. The unassigned partitions, sorted by topic and partition, are dealt
//     round-robin to the members still under minQuota (in member id order),
//     then one each to members at minQuota until P%C members hold maxQuota.
//
// Deviations: Kafka visits the members of step 2 in HashMap order; the lab
// uses member id order (only which members keep maxQuota can differ). When
// subscriptions differ Kafka runs generalAssign, a long heuristic; the lab
// keeps valid owned partitions, gives each unassigned partition (those with
// the fewest eligible members first) to the eligible member with the fewest
// partitions, then moves partitions from a member to an eligible one with at
// least two fewer until none can move. Both aim at the same properties
// (balanced, sticky); exact choices can differ from Kafka's. The
// StickyAssignor's userData encoding of the previous assignment (used by
// clients before Subscription v1) is not modelled: owned partitions and the
// generation come from Subscription v1+/v2+, which Kafka prefers when present.
type Sticky struct{}

// Name returns "sticky".
func (Sticky) Name() string { return StickyName }

// Protocol returns Eager.
func (Sticky) Protocol() RebalanceProtocol { return Eager }

// Assign computes the sticky assignment.
func (Sticky) Assign(members []Member, partitions map[string]int32) Plan {
	return newSticky(members, partitions).plan(StickyName, false)
}

// stickyState is one run of the sticky algorithm.
type stickyState struct {
	members    []Member
	order      []*Member // member id order (Collections.sort of member ids)
	partitions map[string]int32
	all        []TopicPartition            // every partition of the subscribed topics, sorted
	claims     map[string][]TopicPartition // valid previous ownership per member
	doubly     map[TopicPartition]bool     // claimed by two members of the highest generation
	assigned   map[string][]TopicPartition
	kept       map[string]int
	// transferring maps a partition that changes owner to its new owner;
	// CooperativeStickyAssignor withholds exactly these.
	transferring map[TopicPartition]string
	constrained  bool
	minQ, maxQ   int
}

func newSticky(members []Member, partitions map[string]int32) *stickyState {
	s := &stickyState{
		members:      members,
		partitions:   partitions,
		claims:       map[string][]TopicPartition{},
		doubly:       map[TopicPartition]bool{},
		assigned:     map[string][]TopicPartition{},
		kept:         map[string]int{},
		transferring: map[TopicPartition]string{},
	}
	s.order = make([]*Member, len(members))
	for i := range members {
		s.order[i] = &members[i]
	}
	slicesort.Func(s.order, func(a, b *Member) int { return javaCompare(a.ID, b.ID) })
	if len(members) == 0 {
		return s
	}
	s.all = s.allPartitions()
	s.validateClaims()
	if s.allSubscriptionsEqual() {
		s.constrained = true
		s.constrainedAssign()
	} else {
		s.generalAssign()
	}
	return s
}

// exists reports whether tp is a partition of an existing topic.
func (s *stickyState) exists(tp TopicPartition) bool {
	n, ok := s.partitions[tp.Topic]
	return ok && tp.Partition >= 0 && tp.Partition < n
}

// validateClaims keeps the owned partitions of the members of the highest
// generation, drops partitions two of them claim, and drops partitions of
// topics a member no longer subscribes to or that no longer exist
// (AbstractStickyAssignor.allSubscriptionsEqual / generalAssign).
func (s *stickyState) validateClaims() {
	maxGen := int32(DefaultGeneration)
	for _, m := range s.order {
		maxGen = max(maxGen, m.Generation)
	}
	owner := map[TopicPartition]string{}
	for _, m := range s.order {
		if m.Generation < maxGen {
			continue // a stale generation's ownership is no longer valid
		}
		for _, tp := range m.Owned {
			if !m.subscribes(tp.Topic) || !s.exists(tp) || slices.Contains(s.claims[m.ID], tp) {
				continue
			}
			if other, ok := owner[tp]; ok && other != m.ID {
				s.doubly[tp] = true
				continue
			}
			owner[tp] = m.ID
			s.claims[m.ID] = append(s.claims[m.ID], tp)
		}
	}
	for id, tps := range s.claims {
		s.claims[id] = slices.DeleteFunc(tps, func(tp TopicPartition) bool { return s.doubly[tp] })
	}
}

func (s *stickyState) allSubscriptionsEqual() bool {
	set := func(m *Member) []string {
		ts := slices.Clone(m.Topics)
		slices.Sort(ts)
		return slices.Compact(ts)
	}
	first := set(s.order[0])
	for _, m := range s.order[1:] {
		if !slices.Equal(first, set(m)) {
			return false
		}
	}
	return true
}

// allPartitions lists the partitions of the existing subscribed topics, sorted.
func (s *stickyState) allPartitions() []TopicPartition {
	var out []TopicPartition
	for _, t := range subscribedTopics(s.members, s.partitions) {
		for p := range s.partitions[t] {
			out = append(out, TopicPartition{t, p})
		}
	}
	return out
}

// constrainedAssign is AbstractStickyAssignor.constrainedAssign.
func (s *stickyState) constrainedAssign() {
	all := s.all
	c := len(s.order)
	s.minQ, s.maxQ = len(all)/c, (len(all)+c-1)/c
	expectedOver, currentOver := len(all)%c, 0
	revoked := map[TopicPartition]bool{}
	taken := map[TopicPartition]bool{}
	var underMin, exactlyMin []string
	keep := func(id string, tps []TopicPartition) {
		s.assigned[id] = append(s.assigned[id], tps...)
		s.kept[id] = len(tps)
		for _, tp := range tps {
			taken[tp] = true
		}
	}
	for _, m := range s.order {
		owned := slices.Clone(s.claims[m.ID])
		slicesort.Func(owned, comparePartitionFirst)
		switch {
		case len(owned) < s.minQ:
			keep(m.ID, owned)
			underMin = append(underMin, m.ID)
		case len(owned) >= s.maxQ && currentOver < expectedOver:
			currentOver++
			if currentOver == expectedOver {
				exactlyMin = nil
			}
			keep(m.ID, owned[:s.maxQ])
			for _, tp := range owned[s.maxQ:] {
				revoked[tp] = true
			}
		default:
			keep(m.ID, owned[:s.minQ])
			for _, tp := range owned[s.minQ:] {
				revoked[tp] = true
			}
			if currentOver < expectedOver {
				exactlyMin = append(exactlyMin, m.ID)
			}
		}
	}

	next := 0 // the position of Kafka's unfilledConsumerIter in underMin
	for _, tp := range all {
		if taken[tp] {
			continue
		}
		var id string
		fromUnder := false
		switch {
		case next < len(underMin):
			id, fromUnder = underMin[next], true
		case len(underMin) > 0:
			next = 0
			id, fromUnder = underMin[0], true
		case len(exactlyMin) > 0:
			id, exactlyMin = exactlyMin[0], exactlyMin[1:]
		default:
			// Kafka throws IllegalStateException here: the quotas add up to
			// the partition count, so it cannot happen.
			panic(fmt.Sprintf("assignor: sticky has no member left for %s", tp))
		}
		s.assigned[id] = append(s.assigned[id], tp)
		if revoked[tp] || s.doubly[tp] {
			s.transferring[tp] = id
		}
		switch n := len(s.assigned[id]); {
		case n == s.minQ && fromUnder:
			underMin = slices.Delete(underMin, next, next+1)
			exactlyMin = append(exactlyMin, id)
		case n == s.maxQ:
			currentOver++
			if currentOver == expectedOver {
				exactlyMin = nil
			}
			if fromUnder {
				next++
			}
		default:
			if fromUnder {
				next++
			}
		}
	}
}

// generalAssign balances members with different subscriptions; see the
// deviation in Sticky's documentation.
func (s *stickyState) generalAssign() {
	eligible := map[string][]*Member{}
	for _, m := range s.order {
		for _, t := range m.Topics {
			if _, ok := s.partitions[t]; ok && !slices.Contains(eligible[t], m) {
				eligible[t] = append(eligible[t], m)
			}
		}
	}
	owner := map[TopicPartition]string{}
	for _, m := range s.order {
		s.assigned[m.ID] = slices.Clone(s.claims[m.ID])
		s.kept[m.ID] = len(s.claims[m.ID])
		for _, tp := range s.claims[m.ID] {
			owner[tp] = m.ID
		}
	}
	var unassigned []TopicPartition
	for _, tp := range s.all {
		if _, ok := owner[tp]; !ok {
			unassigned = append(unassigned, tp)
		}
	}
	slicesort.StableFunc(unassigned, func(a, b TopicPartition) int {
		return len(eligible[a.Topic]) - len(eligible[b.Topic])
	})
	fewest := func(tp TopicPartition, below int) *Member {
		var best *Member
		for _, m := range eligible[tp.Topic] {
			if n := len(s.assigned[m.ID]); n < below && (best == nil || n < len(s.assigned[best.ID])) {
				best = m
			}
		}
		return best
	}
	for _, tp := range unassigned {
		m := fewest(tp, int(^uint(0)>>1))
		s.assigned[m.ID] = append(s.assigned[m.ID], tp)
		owner[tp] = m.ID
	}
	// Move partitions while a member has two more than an eligible member.
	// Each move lowers the sum of squared counts, so the loop ends.
	for moved := true; moved; {
		moved = false
		for _, tp := range s.all {
			from := owner[tp]
			to := fewest(tp, len(s.assigned[from])-1)
			if to == nil {
				continue
			}
			s.assigned[from] = slices.DeleteFunc(s.assigned[from], func(x TopicPartition) bool { return x == tp })
			if slices.Contains(s.claims[from], tp) {
				s.kept[from]--
			}
			s.assigned[to.ID] = append(s.assigned[to.ID], tp)
			owner[tp] = to.ID
			moved = true
		}
	}
	s.transferring = transferringOwnership(s.members, s.assigned)
}

// transferringOwnership is CooperativeStickyAssignor's
// computePartitionsTransferringOwnership: partitions added to one member's
// assignment that another member owned and no longer gets.
func transferringOwnership(members []Member, assigned map[string][]TopicPartition) map[TopicPartition]string {
	added := map[TopicPartition]string{}
	revoked := map[TopicPartition]bool{}
	for i := range members {
		m := &members[i]
		for _, tp := range assigned[m.ID] {
			if !slices.Contains(m.Owned, tp) {
				added[tp] = m.ID
			}
		}
		for _, tp := range m.Owned {
			if !slices.Contains(assigned[m.ID], tp) {
				revoked[tp] = true
			}
		}
	}
	for tp := range added {
		if !revoked[tp] {
			delete(added, tp)
		}
	}
	return added
}

// plan renders the result; cooperative withholds transferring partitions.
func (s *stickyState) plan(name string, cooperative bool) Plan {
	p := Plan{Assignor: name, Members: make([]MemberPlan, 0, len(s.order))}
	for _, m := range s.order {
		mp := MemberPlan{MemberID: m.ID, InstanceID: m.InstanceID, Partitions: []TopicPartition{}}
		for _, tp := range s.assigned[m.ID] {
			if cooperative && s.transferring[tp] == m.ID {
				mp.Pending = append(mp.Pending, tp)
			} else {
				mp.Partitions = append(mp.Partitions, tp)
			}
		}
		SortPartitions(mp.Partitions)
		SortPartitions(mp.Pending)
		mp.Explanation = s.explain(name, m, len(s.assigned[m.ID]), len(mp.Pending))
		p.Members = append(p.Members, mp)
	}
	return p
}

func (s *stickyState) explain(name string, m *Member, total, pending int) string {
	kept := s.kept[m.ID]
	var e string
	if s.constrained {
		quota := fmt.Sprintf("%d", s.minQ)
		if s.maxQ != s.minQ {
			quota = fmt.Sprintf("%d-%d", s.minQ, s.maxQ)
		}
		e = fmt.Sprintf("%s: %s / %s, quota %s each; kept %d previously owned, %d newly assigned",
			name, plural(len(s.all), "partition", "partitions"), plural(len(s.order), "member", "members"), quota, kept, total-kept)
	} else {
		e = fmt.Sprintf("%s: subscriptions differ, balanced among each topic's subscribers; kept %d previously owned, %d newly assigned",
			name, kept, total-kept)
	}
	if pending > 0 {
		e += fmt.Sprintf("; %s withheld until the current owner revokes them (follow-up rebalance)", plural(pending, "partition", "partitions"))
	}
	return e
}
