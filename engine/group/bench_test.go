package group_test

import (
	"fmt"
	"testing"

	"github.com/kafkalab/kafkalab/engine/group"
)

// BenchmarkRebalance measures the coordinator's side of a full rebalance of
// 100 members over 1,000 partitions (10 topics × 100): every member rejoins,
// the leader's assignment (computed once, outside the loop) is synced, and
// every member gets its share; records are acknowledged at once.
func BenchmarkRebalance(b *testing.B) {
	topics := map[string]int32{}
	var names []string
	for i := range 10 {
		names = append(names, fmt.Sprintf("topic-%d", i))
		topics[names[i]] = 100
	}
	for _, name := range []string{"range", "roundrobin", "sticky", "cooperative-sticky"} {
		b.Run(name, func(b *testing.B) {
			h := newHarness(b)
			g := groupOn("bench", 1)
			cs := make([]*consumer, 100)
			for i := range cs {
				cs[i] = newConsumer(fmt.Sprintf("consumer-%03d", i), names...)
				cs[i].protocols = []string{name}
			}
			refs := make([]group.Ref, len(cs))
			rebalance := func(assign func(*group.JoinGroupResponse) []group.SyncGroupAssignment) {
				for i, c := range cs {
					refs[i] = h.join(g, c)
				}
				// The initial delay the first time; at once afterwards.
				for h.responses[refs[0]] == nil {
					h.advance(1000)
				}
				var leader *group.JoinGroupResponse
				for i, c := range cs {
					r := h.joined(refs[i], c)
					if r == nil || r.Err != nil {
						b.Fatalf("join %d: %+v", i, r)
					}
					if r.Leader == c.memberID {
						leader = r
					}
				}
				a := assign(leader)
				for _, c := range cs {
					if c.memberID == leader.MemberID {
						continue
					}
					h.sync(g, c, nil)
				}
				for _, c := range cs {
					if c.memberID == leader.MemberID {
						h.sync(g, c, a)
					}
				}
			}
			for _, c := range cs {
				h.joined(h.join(g, c), c) // MEMBER_ID_REQUIRED
			}
			var plan []group.SyncGroupAssignment
			rebalance(func(r *group.JoinGroupResponse) []group.SyncGroupAssignment {
				plan = leaderAssign(b, r, topics)
				return plan
			})
			b.ReportAllocs()
			for b.Loop() {
				// The leader rejoins, which starts the next rebalance.
				rebalance(func(*group.JoinGroupResponse) []group.SyncGroupAssignment { return plan })
			}
			v, _ := h.c.Group(g)
			if v.State != group.Stable {
				b.Fatalf("group is %s", v.State)
			}
		})
	}
}
