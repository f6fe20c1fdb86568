package live

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/web"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func steps(vm web.SequenceVM) map[int]web.SeqStepVM {
	out := map[int]web.SeqStepVM{}
	for _, ph := range vm.Phases {
		for _, st := range ph.Steps {
			out[st.N] = st
		}
	}
	return out
}

func lanes(vm web.SequenceVM) []string {
	var out []string
	for _, l := range vm.Lanes {
		out = append(out, l.Node)
	}
	return out
}

// stepUntil steps s until cond holds on the sequence view, at most n steps.
func stepUntil(t *testing.T, s *lab.Session, n int, cond func(web.SequenceVM) bool) web.SequenceVM {
	t.Helper()
	var b Builder
	for range n {
		if vm := b.Build(s, UI{}).Sequence; cond(vm) {
			return vm
		}
		_, err := s.Step()
		require.NoError(t, err)
	}
	t.Fatalf("the sequence view never got there in %d steps", n)
	return web.SequenceVM{}
}

// A record sent from the produce panel fills steps 1–9 with the leader and
// the follower the trace shows, appended one step at a time.
func TestSequenceFollowsAPanelProduce(t *testing.T) {
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	require.NoError(t, err)
	var b Builder
	vm := b.Build(s, UI{}).Sequence
	assert.True(t, vm.Empty)
	assert.Equal(t, []string{"", "", "", "", ""}, lanes(vm))

	_, err = s.Produce(lab.ProduceRequest{Topic: lab.DefaultTopic, Key: "user-2", Value: "v", Acks: "all"})
	require.NoError(t, err)
	seen := 0
	vm = stepUntil(t, s, 200, func(vm web.SequenceVM) bool {
		done := 0
		for n, st := range steps(vm) {
			if st.Done {
				done++
				assert.LessOrEqual(t, n, 9)
			}
		}
		require.GreaterOrEqual(t, done, seen, "steps are only appended")
		if done > 0 {
			require.True(t, steps(vm)[vm.Current].Current, "the latest step is highlighted")
		}
		seen = done
		return done == 9
	})
	// murmur2("user-2") % 3 = 2, led by broker 3 in the default seed.
	assert.Equal(t, "producer-1", vm.Lanes[web.LaneProducer].Node)
	assert.Equal(t, "broker-3", vm.Lanes[web.LaneLeader].Node)
	assert.Equal(t, "order_events-2", vm.Lanes[web.LaneLeader].Detail)
	assert.Contains(t, []string{"broker-1", "broker-2"}, vm.Lanes[web.LaneFollower].Node)
	assert.Equal(t, 9, vm.Current)
	st := steps(vm)
	for n := 1; n <= 9; n++ {
		assert.True(t, strings.HasPrefix(st[n].Label, strconv.Itoa(n)+". "), "step %d: %q", n, st[n].Label)
	}
	assert.Equal(t, "producer-1", st[4].From)
	assert.Equal(t, "broker-3", st[4].To)
	assert.Equal(t, vm.Lanes[web.LaneFollower].Node, st[6].To)
	assert.Equal(t, vm.Lanes[web.LaneFollower].Node, st[7].From)
	assert.Equal(t, vm.Lanes[web.LaneFollower].Node, st[8].From)
	assert.Equal(t, "producer-1", st[9].To)
	assert.Contains(t, vm.Record, `key="user-2"`)
	assert.Contains(t, vm.Record, "→ order_events-2")
}

// A produce typed in the terminal fills the view too, following the last
// record of the input.
func TestSequenceFollowsATerminalProduce(t *testing.T) {
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	require.NoError(t, err)
	_, err = s.StartConsumer(lab.ConsumerRequest{Group: "g1"})
	require.NoError(t, err)
	_, err = s.StepN(400)
	require.NoError(t, err)
	in, err := s.Command("kafka-console-producer.sh --bootstrap-server localhost:9092 --topic order_events --property parse.key=true --property key.separator=: <<EOF\nk1:a\nk2:b\nEOF")
	require.NoError(t, err)
	require.Equal(t, 0, in.Result.Status, in.Result.Output)
	vm := stepUntil(t, s, 3000, func(vm web.SequenceVM) bool { return steps(vm)[15].Done })
	st := steps(vm)
	for n := 1; n <= 15; n++ {
		assert.True(t, st[n].Done, "step %d", n)
	}
	// k2 is the last record: murmur2("k2") % 3 = 0, led by broker 1.
	assert.Contains(t, st[1].Label, `key="k2"`)
	assert.Contains(t, st[3].Label, `murmur2("k2")`)
	assert.Equal(t, "broker-1", vm.Lanes[web.LaneLeader].Node)
	assert.Equal(t, "order_events-0", vm.Lanes[web.LaneLeader].Detail)
	assert.Contains(t, st[9].Label, "order_events-0")
	assert.Contains(t, st[13].Label, "order_events-0@")
	assert.Equal(t, "c1", vm.Lanes[web.LaneConsumer].Node)
	assert.Equal(t, "group g1", vm.Lanes[web.LaneCoordinator].Detail)
	assert.Equal(t, vm.Lanes[web.LaneCoordinator].Node, st[15].To)
	assert.Equal(t, vm.Lanes[web.LaneCoordinator].Node, st[10].To)
	assert.Equal(t, vm.Lanes[web.LaneCoordinator].Node, st[11].From)
	assert.Equal(t, "c1", st[12].From)
	assert.Equal(t, "broker-1", st[12].To)
}

func TestChosenPartition(t *testing.T) {
	for label, want := range map[string]int{
		`3. choose partition: murmur2("user-2") = -324981792, & 0x7fffffff = 1822501856, % 3 = 2`:    2,
		"3. choose partition: explicit partition 1 of 3":                                             1,
		"3. choose partition: round-robin counter 4, & 0x7fffffff = 4, % 3 = index 1 → partition 12": 12,
		"3. choose partition: no key: sticky partition 0 (0 bytes produced to it so far)":            0,
	} {
		got, ok := chosenPartition(label)
		assert.True(t, ok, label)
		assert.Equal(t, want, got, label)
	}
	for _, label := range []string{"3. choose partition: ", `murmur2("x") = `, "partition x"} {
		_, ok := chosenPartition(label)
		assert.False(t, ok, label)
	}
}

func TestInputTopic(t *testing.T) {
	assert.Equal(t, "order_events", inputTopic("producer-1: send 1 record(s) to order_events (acks=-1)"))
	assert.Equal(t, "t.1", inputTopic("producer-1: send 1 record(s) to t.1"))
	assert.Equal(t, "order_events", inputTopic("kafka-console-producer.sh --topic order_events: 2 record(s) (acks=-1)"))
	assert.Equal(t, "", inputTopic("something else"))
}

// A ProduceRequest dropped in flight shows as lost; once the producer's
// retry gets through, step 4 is the retry and the record goes on.
func TestSequenceShowsALostRequestAndItsRetry(t *testing.T) {
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	require.NoError(t, err)
	_, err = s.Produce(lab.ProduceRequest{Topic: lab.DefaultTopic, Key: "user-2", Value: "v", Acks: "all"})
	require.NoError(t, err)
	vm := stepUntil(t, s, 200, func(vm web.SequenceVM) bool { return steps(vm)[4].Done })
	lost := steps(vm)[4]
	var id uint64
	for _, e := range s.Cluster().TraceAfter(0) {
		if e.Kind == "send" && e.Lifecycle == 4 {
			id = uint64(e.Msg)
		}
	}
	require.NoError(t, s.DropMessage(id))
	var b Builder
	st := steps(b.Build(s, UI{}).Sequence)[4]
	assert.Equal(t, "dropped in flight", st.Dropped)
	assert.Equal(t, lost.Label, st.Label)
	for i := 0; i < 400 && !steps(vm)[9].Done; i++ {
		_, err = s.StepN(100)
		require.NoError(t, err)
		vm = b.Build(s, UI{}).Sequence
	}
	require.True(t, steps(vm)[9].Done, "acknowledged at %d ms", s.Cluster().Snapshot().Now)
	assert.Empty(t, steps(vm)[4].Dropped, "step 4 is now the retry that got through")
	assert.True(t, steps(vm)[5].Done)
}
