package live

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/web"
)

// ClusterSpec (replicas found through a per-topic index) and the Builder's
// flash (offsets compared with last frame's partition by partition) give
// what the plain algorithms give, a map of every replica, after every frame
// of a random run with topics created between frames. A failure prints the
// seed; -snapshot-seed replays it.
func TestClusterSpecMatchesReference(t *testing.T) {
	seed := *snapSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay: go test ./web/live -run TestClusterSpecMatchesReference -snapshot-seed %d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 2))
	s, err := BenchSession(Shape{Brokers: 5, Topics: 2, Partitions: 5})
	if err != nil {
		t.Fatal(err)
	}
	var b, b2 Builder
	var prev map[replicaKey][2]int64
	for f := range 300 {
		act := act(t, s, rng)
		if rng.IntN(40) == 0 { // a topic sorted between the others: the partitions shift
			_, _ = s.Command("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic load-0" + string(rune('a'+rng.IntN(26))) + " --partitions 2 --replication-factor 2")
		}
		st := s.Cluster().Snapshot()
		got, want := ClusterSpec(st), refClusterSpec(st)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d, frame %d after %s: ClusterSpec differs from the reference", seed, f, act)
		}
		// b2 sees the partitions reversed every other frame: last frame's
		// offsets are found by replica, not by index.
		parts2 := ClusterSpec(st).Partitions
		if f%2 == 1 {
			slices.Reverse(parts2)
		}
		b2.flash(parts2)
		if f%2 == 1 {
			slices.Reverse(parts2)
		}
		b.flash(got.Partitions)
		prev = refFlash(want.Partitions, prev)
		if !reflect.DeepEqual(got.Partitions, want.Partitions) {
			t.Fatalf("seed %d, frame %d after %s: the replicas flashing differ from the reference", seed, f, act)
		}
		if !reflect.DeepEqual(parts2, want.Partitions) {
			t.Fatalf("seed %d, frame %d after %s: the replicas flashing differ from the reference when the partitions moved", seed, f, act)
		}
	}
}

// refClusterSpec is ClusterSpec as a map of every replica computes it.
func refClusterSpec(st cluster.State) web.ClusterSpec {
	spec := web.ClusterSpec{
		Controller: "Controller (KRaft quorum) · owns metadata: topics, leaders, ISR",
		Note:       "The articles draw a ZooKeeper ensemble here; Kafka 4 removed ZooKeeper and keeps metadata in this Raft quorum.",
		Down:       map[int]bool{}, Fenced: map[int]bool{}, Paused: map[int]bool{}, Live: true, Brokers: []int{},
	}
	reps := map[replicaKey]broker.ReplicaState{}
	for _, b := range st.Brokers {
		spec.Brokers = append(spec.Brokers, int(b.ID))
		spec.Routes = append(spec.Routes, string(b.Controller))
		if !b.Up {
			spec.Down[int(b.ID)] = true
		}
		for _, r := range b.Replicas {
			reps[replicaKey{r.Topic, int(r.Partition), int(b.ID)}] = r
		}
	}
	for _, cb := range st.Controller.Brokers {
		if cb.Fenced {
			spec.Fenced[int(cb.ID)] = true
		}
	}
	spec.Partitions = []web.PartitionSpec{}
	for _, t := range st.Controller.Topics {
		if strings.HasPrefix(t.Name, "__") {
			continue
		}
		for pi, p := range t.Partitions {
			ps := web.PartitionSpec{Topic: t.Name, Partition: pi, Leader: max(int(p.Leader), -1), Replicas: []int{}, ISR: []int{}, Stats: []web.ReplicaStats{}}
			for _, r := range p.Replicas {
				ps.Replicas = append(ps.Replicas, int(r))
			}
			for _, r := range p.ISR {
				ps.ISR = append(ps.ISR, int(r))
			}
			leaderLEO := int64(-1)
			if rs, ok := reps[replicaKey{t.Name, pi, int(p.Leader)}]; ok {
				leaderLEO = rs.LEO
			}
			for _, id := range ps.Replicas {
				rs, ok := reps[replicaKey{t.Name, pi, id}]
				if !ok {
					ps.Stats = append(ps.Stats, web.ReplicaStats{Lag: -1})
					continue
				}
				lag := int64(-1)
				if leaderLEO >= 0 {
					lag = max(leaderLEO-rs.LEO, 0)
				}
				ps.Stats = append(ps.Stats, web.ReplicaStats{LEO: rs.LEO, HW: rs.HW, LogStart: rs.LogStartOffset, LeaderEpoch: int(rs.LeaderEpoch), Lag: lag, Known: true})
			}
			spec.Partitions = append(spec.Partitions, ps)
		}
	}
	return spec
}

// refFlash marks the replicas whose offsets differ from prev's and returns
// this frame's offsets.
func refFlash(parts []web.PartitionSpec, prev map[replicaKey][2]int64) map[replicaKey][2]int64 {
	next := map[replicaKey][2]int64{}
	for _, p := range parts {
		for k := range p.Stats {
			key, now := replicaKey{p.Topic, p.Partition, p.Replicas[k]}, [2]int64{p.Stats[k].LEO, p.Stats[k].HW}
			if old, ok := prev[key]; ok && old != now {
				p.Stats[k].Flash = true
			}
			next[key] = now
		}
	}
	return next
}
