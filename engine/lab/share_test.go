package lab

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// shareSession builds a session with every kind of input.
func shareSession(t *testing.T) *Session {
	t.Helper()
	s, err := New(Config{Seed: 42})
	require.NoError(t, err)
	step := func(n int) {
		_, err := s.StepN(n)
		require.NoError(t, err)
	}
	_, err = s.Produce(ProduceRequest{Topic: DefaultTopic, Key: "user-2", Value: "v", Acks: "all"})
	require.NoError(t, err)
	_, err = s.Produce(ProduceRequest{Topic: DefaultTopic, NullKey: true, Value: "订单 ✓", Acks: "1", Partition: "1"})
	require.NoError(t, err)
	step(30)
	_, err = s.Produce(ProduceRequest{Topic: DefaultTopic, Key: "", Value: "", Acks: "0"})
	require.NoError(t, err)
	_, err = s.StartConsumer(ConsumerRequest{Group: "orders", Assignor: "sticky", Commit: "after"})
	require.NoError(t, err)
	_, err = s.StartConsumer(ConsumerRequest{Name: "c9", Group: "g2", StaticID: "inst-1"})
	require.NoError(t, err)
	step(200)
	require.NoError(t, s.ConsumerAction(InputStopConsumer, "c1"))
	require.NoError(t, s.ConsumerAction(InputCrashConsumer, "c9"))
	step(50)
	require.NoError(t, s.ConsumerAction(InputRestartConsumer, "c9"))
	in, err := s.StartConsumer(ConsumerRequest{Name: "c1", Group: "orders"})
	require.NoError(t, err)
	require.Equal(t, InputRestartConsumer, in.Kind)
	step(20)
	require.NoError(t, s.BrokerFault(InputPauseBroker, 1))
	step(5)
	require.NoError(t, s.BrokerFault(InputResumeBroker, 1))
	require.NoError(t, s.BrokerFault(InputCrashBroker, 2))
	step(40)
	require.NoError(t, s.BrokerFault(InputRestartBroker, 2))
	require.NoError(t, s.StopBroker(3))
	step(40)
	require.NoError(t, s.StartBroker(3))
	step(100)
	require.NoError(t, s.BrokerFault(InputPowerOffBroker, 1))
	step(40)
	require.NoError(t, s.BrokerFault(InputRestartBroker, 1))
	step(100)
	require.NoError(t, s.BrokerFault(InputShutdownBroker, 3))
	step(100)
	require.NoError(t, s.BrokerFault(InputRestartBroker, 3))
	step(100)
	cmd, err := s.Command("kafka-console-producer.sh --bootstrap-server localhost:9092 --topic order_events \\\n  --property parse.key=true --property key.separator=: <<EOF\nalice:订单-1 🚀\nbob:order-2\nEOF")
	require.NoError(t, err)
	require.False(t, cmd.Result.Rejected, cmd.Result.Output)
	_, err = s.Command("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic ünïcode --partitions 2 --replication-factor 2")
	require.NoError(t, err)
	step(60)
	addActions(t, s)
	return s
}

// addActions gives s one input of each cluster-view action (actions.go).
func addActions(t testing.TB, s *Session) {
	t.Helper()
	_, err := s.CreateTopic(TopicRequest{Name: "payments", Partitions: "2", ReplicationFactor: "2", MinISR: "2", Unclean: "true"})
	require.NoError(t, err)
	require.NoError(t, s.CutLink("broker-2", "broker-1", true))
	_, err = s.StepN(20)
	require.NoError(t, err)
	require.NoError(t, s.HealLink("broker-2", "broker-1", true))
	require.NoError(t, s.SlowLink("broker-3", "controller", 200, false))
	_, err = s.StepN(10)
	require.NoError(t, err)
	id := inFlight(t, s)
	require.NoError(t, s.DropMessage(id))
	_, err = s.StepN(10)
	require.NoError(t, err)
}

// inFlight returns a message on the wire, stepping until there is one.
func inFlight(t testing.TB, s *Session) uint64 {
	t.Helper()
	for range 100 {
		tr := s.Cluster().TraceAfter(0)
		for i := len(tr) - 1; i >= 0; i-- {
			if tr[i].Kind == "send" && s.Cluster().Sim().InFlight(tr[i].Msg) {
				return uint64(tr[i].Msg)
			}
		}
		_, err := s.Step()
		require.NoError(t, err)
	}
	t.Fatal("no message in flight")
	return 0
}

func TestShareRoundTripEveryKind(t *testing.T) {
	s := shareSession(t)
	kinds := map[InputKind]bool{}
	for _, in := range s.Inputs() {
		kinds[in.Kind] = true
	}
	for _, k := range shareKinds[1:] {
		if isControllerKind(k) {
			continue // a 3-controller lab's: TestControllerFailover
		}
		require.True(t, kinds[k], "the session has no %s input", k)
	}
	require.NoError(t, s.GoTo(s.Pos()-25)) // the head is past the position
	code, err := s.ShareCode()
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(code, "v1."))
	require.NotContains(t, code, "+")
	require.NotContains(t, code, "/")
	require.NotContains(t, code, "=")
	t.Logf("%d inputs, %d characters", len(s.Inputs()), len(code))

	sh, err := DecodeShare(code)
	require.NoError(t, err)
	want := s.Inputs()
	require.Len(t, sh.Inputs, len(want))
	for i := range want {
		w, g := want[i], sh.Inputs[i]
		require.Equal(t, w.At, g.At)
		require.Equal(t, w.Kind, g.Kind)
		require.Equal(t, w.Broker, g.Broker)
		require.Equal(t, w.Topic, g.Topic)
		require.Equal(t, w.Key == nil, g.Key == nil, "input %d key nil", i)
		require.Equal(t, string(w.Key), string(g.Key))
		require.Equal(t, string(w.Value), string(g.Value))
		require.Equal(t, w.Partition, g.Partition)
		require.Equal(t, w.Acks, g.Acks)
		require.Equal(t, w.Consumer, g.Consumer)
		require.Equal(t, w.Script, g.Script)
		require.Equal(t, w.Partitions, g.Partitions)
		require.Equal(t, w.RF, g.RF)
		require.Equal(t, w.Configs, g.Configs)
		require.Equal(t, [2]string{w.From, w.To}, [2]string{g.From, g.To})
		require.Equal(t, w.OneWay, g.OneWay)
		require.Equal(t, w.DelayMs, g.DelayMs)
		require.Equal(t, w.Msg, g.Msg)
	}
	again, err := EncodeShare(sh)
	require.NoError(t, err)
	require.Equal(t, code, again)

	r, err := FromShare(Config{}, code)
	require.NoError(t, err)
	require.Equal(t, s.Pos(), r.Pos())
	require.Equal(t, s.Head(), r.Head())
	require.Equal(t, s.Seed(), r.Seed())
	require.Equal(t, s.StateHash(), r.StateHash())
	// The rebuilt session's future is the original's.
	require.NoError(t, s.GoTo(s.Head()))
	require.NoError(t, r.GoTo(r.Head()))
	require.Equal(t, s.StateHash(), r.StateHash())
	for i, in := range r.Transcripts() {
		require.Equal(t, s.Transcripts()[i].Result, in.Result)
	}
}

func TestShareEmptySession(t *testing.T) {
	s, err := New(Config{Seed: DefaultSeed})
	require.NoError(t, err)
	code, err := s.ShareCode()
	require.NoError(t, err)
	r, err := FromShare(Config{}, code)
	require.NoError(t, err)
	require.Equal(t, s.StateHash(), r.StateHash())
	require.Zero(t, r.Pos())
}

func TestShareRejects(t *testing.T) {
	s, err := New(Config{Seed: DefaultSeed})
	require.NoError(t, err)
	_, err = s.Produce(ProduceRequest{Topic: DefaultTopic, Key: "k", Value: "v"})
	require.NoError(t, err)
	_, err = s.StepN(10)
	require.NoError(t, err)
	require.NoError(t, s.BrokerFault(InputCrashBroker, 2))
	good, err := s.ShareCode()
	require.NoError(t, err)
	sh, err := DecodeShare(good)
	require.NoError(t, err)
	enc := func(f func(*Share)) string {
		c := sh
		c.Inputs = append([]Input(nil), sh.Inputs...)
		f(&c)
		code, err := EncodeShare(c)
		if err != nil {
			return "v1." + err.Error()
		}
		return code
	}
	body := strings.TrimPrefix(good, "v1.")
	for name, code := range map[string]string{
		"empty":        "",
		"no version":   body,
		"v3":           "v3." + body,
		"not base64":   "v1.@@@",
		"padding":      good + "=",
		"truncated":    good[:len(good)-3],
		"trailing":     enc(func(*Share) {}) + "AA",
		"oversize":     "v1." + strings.Repeat("A", MaxShareChars),
		"kind 0":       "v1.BwMAAAEAAA",
		"kind 99":      "v1.BwMAAAFjAA",
		"many inputs":  "v1.BwMAAP8PAA",
		"zero brokers": "v1.BwAAAAA",
	} {
		_, err := DecodeShare(code)
		require.Error(t, err, name)
		require.True(t, errors.Is(err, ErrShare), name)
	}
	for name, f := range map[string]func(*Share){
		"out of order": func(c *Share) { c.Inputs[0], c.Inputs[1] = c.Inputs[1], c.Inputs[0] },
		"pos > head":   func(c *Share) { c.Pos = c.Head + 1 },
		"no broker 9":  func(c *Share) { c.Inputs[1].Broker = 9 },
		"bad kind":     func(c *Share) { c.Inputs[1].Kind = "explode" },
	} {
		_, err := EncodeShare(func() Share { c := sh; c.Inputs = append([]Input(nil), sh.Inputs...); f(&c); return c }())
		require.Error(t, err, name)
	}
	// Decodes, but does not fit the run.
	for name, f := range map[string]func(*Share){
		"crash twice":   func(c *Share) { c.Inputs = append(c.Inputs, c.Inputs[1]) },
		"no such topic": func(c *Share) { c.Inputs[0].Topic = "nope" },
		"past the end":  func(c *Share) { c.Head, c.Pos = MaxHistory, MaxHistory },
	} {
		if name == "past the end" {
			continue // a million steps: too slow for a unit test
		}
		code := enc(f)
		_, err := DecodeShare(code)
		require.NoError(t, err, name)
		_, err = FromShare(Config{}, code)
		require.Error(t, err, name)
		require.True(t, errors.Is(err, ErrShare), name)
	}
}

func FuzzDecodeShare(f *testing.F) {
	s, err := New(Config{Seed: DefaultSeed})
	require.NoError(f, err)
	_, err = s.Produce(ProduceRequest{Topic: DefaultTopic, Key: "k", Value: "v"})
	require.NoError(f, err)
	require.NoError(f, s.BrokerFault(InputCrashBroker, 2))
	_, err = s.StartConsumer(ConsumerRequest{})
	require.NoError(f, err)
	_, err = s.Command("kafka-topics.sh --list <<EOF\né\nEOF")
	require.NoError(f, err)
	addActions(f, s)
	code, err := s.ShareCode()
	require.NoError(f, err)
	f.Add(code)
	f.Add("v1.")
	f.Add("v1.BwMAAAA")
	f.Add("v2.AA")
	sh, err := DecodeShare(code)
	require.NoError(f, err)
	sh.Lesson, sh.Step, sh.Bare, sh.NoSettle = "07-consumer-groups", 2, true, true
	v2, err := EncodeShare(sh)
	require.NoError(f, err)
	f.Add(v2)
	f.Add("v2.AwAAAAMAAAA")
	// An interrupted command (kind 20).
	for i := range sh.Inputs {
		if sh.Inputs[i].Kind == InputCommand {
			sh.Inputs[i].Interrupted, sh.Inputs[i].Steps = true, 7
		}
	}
	ctrlC, err := EncodeShare(sh)
	require.NoError(f, err)
	f.Add(ctrlC)
	// A 3-controller lab with a controller crashed and restarted.
	sh.Controllers = 3
	sh.Inputs = append(sh.Inputs, Input{Kind: InputCrashController, At: sh.Head, Controller: "controller-2"},
		Input{Kind: InputRestartController, At: sh.Head, Controller: "controller-2"})
	quorum, err := EncodeShare(sh)
	require.NoError(f, err)
	f.Add(quorum)
	f.Fuzz(func(t *testing.T, code string) {
		sh, err := DecodeShare(code)
		if err != nil {
			if !errors.Is(err, ErrShare) {
				t.Fatalf("error %v does not wrap ErrShare", err)
			}
			return
		}
		again, err := EncodeShare(sh)
		if err != nil {
			t.Fatalf("decoded %q but cannot encode it: %v", code, err)
		}
		sh2, err := DecodeShare(again)
		if err != nil {
			t.Fatalf("re-encoded %q does not decode: %v", again, err)
		}
		again2, err := EncodeShare(sh2)
		if err != nil || again2 != again {
			t.Fatalf("not stable: %q then %q (%v)", again, again2, err)
		}
	})
}
