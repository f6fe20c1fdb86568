package assignor_test

import (
	"fmt"
	"testing"

	"github.com/kafkalab/kafkalab/engine/assignor"
)

// benchGroup is 100 members subscribed to 10 topics of 100 partitions
// (1,000 partitions). With owned set, each member owns the partitions a
// previous assignment of 99 members gave it (one member is new), as in the
// rebalance after a scale-out.
func benchGroup(owned bool) ([]assignor.Member, map[string]int32) {
	topics := map[string]int32{}
	var names []string
	for i := range 10 {
		name := fmt.Sprintf("topic-%d", i)
		topics[name] = 100
		names = append(names, name)
	}
	members := make([]assignor.Member, 100)
	for i := range members {
		members[i] = assignor.Member{ID: fmt.Sprintf("consumer-%03d", i), Topics: names, Generation: assignor.DefaultGeneration}
	}
	if owned {
		prev := assignor.Sticky{}.Assign(members[:99], topics)
		for i := range members[:99] {
			members[i].Owned, members[i].Generation = prev.For(members[i].ID), 5
		}
	}
	return members, topics
}

func BenchmarkAssign(b *testing.B) {
	cases := []struct {
		a     assignor.Assignor
		owned bool
	}{
		{assignor.Range{}, false},
		{assignor.RoundRobin{}, false},
		{assignor.Sticky{}, false},
		{assignor.Sticky{}, true},
		{assignor.CooperativeSticky{}, false},
		{assignor.CooperativeSticky{}, true},
	}
	for _, c := range cases {
		members, topics := benchGroup(c.owned)
		name := c.a.Name() + "/fresh"
		if c.owned {
			name = c.a.Name() + "/scale-out"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.a.Assign(members, topics)
			}
		})
	}
}

func BenchmarkEncodeDecodeSubscription(b *testing.B) {
	members, _ := benchGroup(true)
	s := assignor.Subscription{Version: 3, Topics: members[0].Topics, Owned: members[0].Owned, Generation: 5}
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		buf = assignor.AppendSubscription(buf[:0], s)
		if _, err := assignor.DecodeSubscription(buf); err != nil {
			b.Fatal(err)
		}
	}
}
