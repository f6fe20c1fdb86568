package live

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/lab"
)

var snapSeed = flag.Uint64("snapshot-seed", 0, "replay TestSnapshotsMatchSnapshot with this seed (0: a new one)")

// The frame's snapshot, reading again only the brokers named since the
// last frame, equals cluster.Snapshot, and its state hash StateHash, after
// every frame of a random run:
// steps in bursts (one long enough to overflow the trace), records, broker
// faults (a clean shutdown's exit included), consumers, cut and slowed
// links, dropped messages, terminal commands, going back and a reset. A
// failure prints the seed; -snapshot-seed replays it.
func TestSnapshotsMatchSnapshot(t *testing.T) {
	seed := *snapSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay: go test ./web/live -run TestSnapshotsMatchSnapshot -snapshot-seed %d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	s, err := BenchSession(Shape{Brokers: 5, Topics: 2, Partitions: 6})
	if err != nil {
		t.Fatal(err)
	}
	var sn snapshots
	frames := 400
	if testing.Short() {
		frames = 100
	}
	for f := range frames {
		act := act(t, s, rng)
		want := s.Cluster().Snapshot()
		if got := sn.take(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d, frame %d after %s (pos %d): the frame's snapshot differs from cluster.Snapshot", seed, f, act, s.Pos())
		}
		if rng.IntN(6) == 0 {
			sn.forgetHash() // a frame while a command runs hashes nothing (Builder.BuildRunning)
			continue
		}
		if got, want := sn.hash(), s.StateHash(); got != want {
			t.Fatalf("seed %d, frame %d after %s (pos %d): the frame's state hash %s differs from StateHash %s", seed, f, act, s.Pos(), got, want)
		}
	}
}

// TestBuildRunning: a page that builds the view model from inside a
// running command's pauses sees the command's records land, and the
// frame after the command has the true state hash.
func TestBuildRunning(t *testing.T) {
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	var b Builder
	if _, err := s.Command("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic perf --partitions 3 --replication-factor 3 --config segment.bytes=1048576"); err != nil {
		t.Fatal(err)
	}
	b.Build(s, UI{})
	var leos []int64
	pauses := 0
	s.SetPause(func(p lab.Progress) bool {
		if pauses++; pauses%50 != 0 {
			return false
		}
		vm := b.BuildRunning(s, UI{})
		if vm.Status.Hash != "…" {
			t.Errorf("a state hash in the middle of a command")
		}
		var leo int64
		for _, br := range vm.Cluster.Brokers {
			for _, r := range br.Replicas {
				if r.Topic == "perf" && r.Leader {
					leo += r.Stats.LEO
				}
			}
		}
		if want := leaderLEOs(s.Cluster().Snapshot(), "perf"); leo != want {
			t.Errorf("pause %d: the picture's leaders hold %d records, the cluster's %d", pauses, leo, want)
		}
		leos = append(leos, leo)
		return false
	})
	in, err := s.Command("kafka-producer-perf-test.sh --topic perf --num-records 20000 --record-size 100 --throughput 2000 --producer-props bootstrap.servers=localhost:9092 acks=all")
	if err != nil || in.Result.Status != 0 {
		t.Fatalf("%v %+v", err, in.Result)
	}
	if len(leos) < 3 || leos[0] >= leos[len(leos)-1] || leos[len(leos)-1] == 0 {
		t.Errorf("the records did not land as the command ran: %v", leos)
	}
	if got, want := b.Build(s, UI{}).Status.Hash, s.StateHash().String(); got != want {
		t.Errorf("the frame after the command hashes %s, StateHash is %s", got, want)
	}
}

// leaderLEOs sums the log end offsets of topic's leaders.
func leaderLEOs(st cluster.State, topic string) int64 {
	var n int64
	for _, b := range st.Brokers {
		for _, r := range b.Replicas {
			if r.Topic == topic && r.Role == "leader" {
				n += r.LEO
			}
		}
	}
	return n
}

// act does one random thing to s and names it.
func act(t *testing.T, s *lab.Session, rng *rand.Rand) string {
	t.Helper()
	broker := int32(1 + rng.IntN(s.Brokers()))
	var err error
	name := ""
	switch n := rng.IntN(100); {
	case n < 60:
		k := rng.IntN(40)
		name = fmt.Sprintf("%d steps", k)
		_, err = s.StepN(k)
	case n < 62 && s.Pos() < 70000:
		name = "70000 steps"
		_, err = s.StepN(70000) // more entries than the trace keeps: once a run (not after a reset)
	case n < 72:
		name = "produce"
		_, err = s.Produce(lab.ProduceRequest{Topic: lab.DefaultTopic, Key: fmt.Sprint("k", rng.IntN(9)), Value: "v", Acks: "all"})
	case n < 80:
		kinds := []lab.InputKind{lab.InputCrashBroker, lab.InputPowerOffBroker, lab.InputPauseBroker, lab.InputResumeBroker,
			lab.InputRestartBroker, lab.InputShutdownBroker}
		k := kinds[rng.IntN(len(kinds))]
		name = fmt.Sprintf("%s %d", k, broker)
		err = s.BrokerFault(k, broker)
	case n < 83:
		name = "start consumer"
		_, err = s.StartConsumer(lab.ConsumerRequest{Group: "g", Topic: lab.DefaultTopic})
	case n < 86:
		other := 1 + (int(broker)+rng.IntN(s.Brokers()-1))%s.Brokers()
		name = fmt.Sprintf("cut broker-%d broker-%d", broker, other)
		err = s.CutLink(fmt.Sprint("broker-", broker), fmt.Sprint("broker-", other), rng.IntN(2) == 0)
	case n < 88:
		name = fmt.Sprintf("slow broker-%d controller", broker)
		err = s.SlowLink(fmt.Sprint("broker-", broker), "controller", 200, false)
	case n < 90:
		name = "drop a message"
		if fl := flights(s.Cluster().TraceAfter(0), s.Cluster().Snapshot()); len(fl) > 0 {
			err = s.DropMessage(fl[rng.IntN(len(fl))].Msg)
		}
	case n < 92:
		name = "command"
		_, err = s.Command("kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic " + lab.DefaultTopic)
	case n < 98:
		name = "go back"
		err = s.GoTo(uint64(rng.IntN(int(s.Pos()) + 1)))
	default:
		name = "reset"
		err = s.Reset()
	}
	if err != nil {
		// A learner's mistake (a broker already stopped …) is an answer,
		// not a failure of the run.
		return name + " (refused: " + err.Error() + ")"
	}
	return name
}
