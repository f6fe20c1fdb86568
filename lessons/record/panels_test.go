package record

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/kafkalab/kafkalab/lessons"
	"github.com/stretchr/testify/require"
)

// panelSession uses every input kind of the lab: the create-topic form,
// the produce panel with each acks (and a null key, an explicit partition,
// a value the shell must quote), every broker button, the consumer panel,
// the link actions and a message dropped in flight, between terminal
// commands and steps.
func panelSession(t *testing.T) *lab.Session {
	t.Helper()
	s, err := lab.New(lab.Config{Seed: 11, Brokers: 3, Bare: true, NoSettle: true})
	require.NoError(t, err)
	step := func(n int) {
		t.Helper()
		_, err := s.StepN(n)
		require.NoError(t, err)
	}
	ok := func(err error) {
		t.Helper()
		require.NoError(t, err)
	}
	produce := func(req lab.ProduceRequest) {
		t.Helper()
		_, err := s.Produce(req)
		require.NoError(t, err)
	}
	_, err = s.CreateTopic(lab.TopicRequest{Name: "orders", Partitions: "3", ReplicationFactor: "3", MinISR: "2"})
	require.NoError(t, err)
	step(40)
	produce(lab.ProduceRequest{Topic: "orders", Key: "user-2", Value: "it's a \"quoted\" value\nover two lines", Acks: "all"})
	produce(lab.ProduceRequest{Topic: "orders", NullKey: true, Value: "no key", Acks: "all"})
	step(30)
	produce(lab.ProduceRequest{Topic: "orders", Key: "#x $y", Value: "v1", Acks: "1", Partition: "2"})
	step(20)
	produce(lab.ProduceRequest{Topic: "orders", Key: "", Value: "", Acks: "0"})
	in, err := s.Command("kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders <<EOF\nfrom the terminal\nEOF")
	require.NoError(t, err)
	require.Zero(t, in.Result.Status, in.Result.Output)
	produce(lab.ProduceRequest{Topic: "orders", Key: "k", Value: "after the console producer", Acks: "0"})
	_, err = s.StartConsumer(lab.ConsumerRequest{Group: "billing", Topic: "orders", Assignor: "roundrobin", Commit: "after"})
	require.NoError(t, err)
	_, err = s.StartConsumer(lab.ConsumerRequest{Name: "c2", Group: "billing", Topic: "orders", StaticID: "pod-2"})
	require.NoError(t, err)
	step(120)
	ok(s.ConsumerAction(lab.InputStopConsumer, "c1"))
	ok(s.ConsumerAction(lab.InputCrashConsumer, "c2"))
	step(30)
	ok(s.ConsumerAction(lab.InputRestartConsumer, "c2"))
	_, err = s.StartConsumer(lab.ConsumerRequest{Name: "c1", Group: "billing", Topic: "orders"})
	require.NoError(t, err)
	step(50)
	ok(s.CutLink("broker-1", "broker-2", false))
	ok(s.SlowLink("broker-2", "controller", 250, true))
	ok(s.SlowLink("broker-3", "broker-1", 100, false))
	step(40)
	ok(s.HealLink("broker-1", "broker-2", false))
	ok(s.CutLink("broker-3", "broker-2", true))
	step(10)
	ok(s.HealLink("broker-3", "broker-2", true))
	// Drop a message in flight: the first one the simulation holds.
	produce(lab.ProduceRequest{Topic: "orders", Key: "lost", Value: "maybe", Acks: "all"})
	dropped := false
	for range 200 {
		step(1)
		if id, found := inFlight(s); found {
			ok(s.DropMessage(uint64(id)))
			dropped = true
			break
		}
	}
	require.True(t, dropped, "no message in flight to drop")
	step(20)
	ok(s.BrokerFault(lab.InputCrashBroker, 3))
	step(60)
	ok(s.BrokerFault(lab.InputRestartBroker, 3))
	step(80)
	ok(s.BrokerFault(lab.InputPowerOffBroker, 2))
	step(40)
	ok(s.StartBroker(2))
	step(60)
	ok(s.BrokerFault(lab.InputPauseBroker, 1))
	step(30)
	ok(s.BrokerFault(lab.InputResumeBroker, 1))
	step(30)
	ok(s.StopBroker(3))
	step(40)
	ok(s.StartBroker(3))
	step(100)
	ok(s.BrokerFault(lab.InputShutdownBroker, 2))
	step(300)
	require.False(t, s.Cluster().Sim().IsUp("broker-2"), "the controlled shutdown should have ended within the steps")
	return s
}

// inFlight returns a message on the wire, if any.
func inFlight(s *lab.Session) (sim.MessageID, bool) {
	for id := sim.MessageID(1); id < 5000; id++ {
		if s.Cluster().Sim().InFlight(id) {
			return id, true
		}
	}
	return 0, false
}

// A session that uses every panel and button replays, through the lesson
// loader, to the session's state hash: each panel input is recorded as its
// `panel …` twin.
func TestEveryInputKindReplays(t *testing.T) {
	s := panelSession(t)
	kinds := map[lab.InputKind]bool{}
	for _, in := range s.Inputs() {
		kinds[in.Kind] = true
	}
	for _, k := range []lab.InputKind{lab.InputProduce, lab.InputStopBroker, lab.InputStartBroker, lab.InputStartConsumer,
		lab.InputStopConsumer, lab.InputCrashConsumer, lab.InputRestartConsumer, lab.InputCrashBroker, lab.InputPowerOffBroker,
		lab.InputPauseBroker, lab.InputResumeBroker, lab.InputRestartBroker, lab.InputShutdownBroker, lab.InputCommand,
		lab.InputCreateTopic, lab.InputCutLink, lab.InputHealLink, lab.InputSlowLink, lab.InputDropMessage} {
		require.True(t, kinds[k], "the session does not use %s", k)
	}
	file, err := Scenario(s, "Every panel")
	require.NoError(t, err)
	t.Log("\n" + file)
	for _, want := range []string{
		"panel create-topic orders --partitions 3 --replication-factor 3 --config min.insync.replicas=2\n",
		"panel produce --topic orders --key user-2 --value 'it'\\''s a \"quoted\" value\nover two lines' --acks all --new-producer\n",
		"panel produce --topic orders --null-key --value 'no key' --acks all\n",
		"panel produce --topic orders --key '#x $y' --value v1 --partition 2 --acks 1 --new-producer\n",
		"panel consumer start c1 --group billing --topic orders --assignor roundrobin --commit after\n",
		"panel consumer crash c2\n",
		"panel slow broker-2 controller 250ms --one-way\n",
		"panel crash broker-3\n", "panel power-off broker-2\n", "panel shutdown broker-2\n",
	} {
		require.Contains(t, file, want)
	}
	l, err := lessons.Parse("en/99-recorded.md", []byte(file))
	require.NoError(t, err)
	w, err := l.WorldAt(len(l.Steps), 0)
	require.NoError(t, err)
	require.Equal(t, s.StateHash(), w.C.StateHash())
	require.Empty(t, l.Verify())

	// The browser's lesson page replays the file as terminal commands of a
	// lab session (Lesson.Prelude): the same state.
	b, err := lab.New(l.LabConfig())
	require.NoError(t, err)
	for _, sc := range l.Prelude(len(l.Steps)) {
		in, err := b.Command(sc)
		require.NoError(t, err)
		require.Zero(t, in.Result.Status, in.Result.Output)
	}
	require.Equal(t, s.StateHash(), b.StateHash())

	// Half-way back in the history: the file replays to the position shown.
	require.NoError(t, s.GoTo(s.Pos()/2))
	file, err = Scenario(s, "")
	require.NoError(t, err)
	require.NotContains(t, file, "panel shutdown")
	l, err = lessons.Parse("en/99-recorded.md", []byte(file))
	require.NoError(t, err)
	w, err = l.WorldAt(1, 0)
	require.NoError(t, err)
	require.Equal(t, s.StateHash(), w.C.StateHash())
}

// Every word quoteLine writes reads back as the same word, or it says it
// cannot write it: never a line that replays something else.
func FuzzQuoteLine(f *testing.F) {
	for _, seed := range []string{"", "plain", "it's", "a\nb", "#x $y", "'''", "a\x00b", "tab\there", "`echo`", "EOF\nEOF", `back\slash"`} {
		f.Add(seed, "v")
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		words := []string{"panel", "produce", "--key", key, "--value", value}
		line, err := quoteLine(words)
		if err != nil {
			return
		}
		cmds, err := tools.Parse(line)
		require.NoError(t, err)
		require.Len(t, cmds, 1)
		require.Equal(t, words, append([]string{cmds[0].Name}, cmds[0].Args...))
	})
}
