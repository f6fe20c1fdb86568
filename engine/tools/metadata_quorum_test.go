package tools

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// quorumFake is fakeCluster with a fixed three-voter quorum.
type quorumFake struct {
	*fakeCluster
	crashed []sim.NodeID
}

func (q *quorumFake) DescribeQuorum() (QuorumDescription, error) {
	return QuorumDescription{ClusterID: "MkU3OEVBNTcwNTJENDM2Qg", LeaderID: 3001, LeaderEpoch: 4, HighWatermark: 40, NowMs: 9000,
		Voters: []QuorumReplica{
			{ID: 3000, Host: "controller-1", Port: 9093, LogEndOffset: 37, LastFetchMs: 8700, LastCaughtUpMs: 8500},
			{ID: 3001, Host: "controller-2", Port: 9093, LogEndOffset: 41, LastFetchMs: 9000, LastCaughtUpMs: 9000},
			{ID: 3002, Host: "controller-3", Port: 9093, LogEndOffset: 41, LastFetchMs: 8990, LastCaughtUpMs: 8990},
		},
		Observers: []QuorumReplica{{ID: 1, Host: "broker-1", Port: 9092, LogEndOffset: 40, LastFetchMs: 9000, LastCaughtUpMs: 9000}},
	}, nil
}

func (q *quorumFake) QuorumNodes() []QuorumNode { return nil }
func (q *quorumFake) CrashController(n sim.NodeID) error {
	q.crashed = append(q.crashed, n)
	return nil
}
func (q *quorumFake) RestartController(sim.NodeID) error { return nil }

func TestMetadataQuorumStatusFormat(t *testing.T) {
	var out, errb bytes.Buffer
	c := &quorumFake{fakeCluster: newFakeCluster(1)}
	status := KafkaMetadataQuorum(c, strings.Fields("--bootstrap-server localhost:9092 describe --status"), nil, &out, &errb)
	if status != 0 {
		t.Fatalf("status %d: %s", status, errb.String())
	}
	want := `ClusterId:              MkU3OEVBNTcwNTJENDM2Qg
LeaderId:               3001
LeaderEpoch:            4
HighWatermark:          40
MaxFollowerLag:         4
MaxFollowerLagTimeMs:   500
CurrentVoters:          [{"id": 3000, "endpoints": ["CONTROLLER://controller-1:9093"]}, {"id": 3001, "endpoints": ["CONTROLLER://controller-2:9093"]}, {"id": 3002, "endpoints": ["CONTROLLER://controller-3:9093"]}]
CurrentObservers:       [{"id": 1}]
`
	if out.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", out.String(), want)
	}
	out.Reset()
	if KafkaMetadataQuorum(c, strings.Fields("--bootstrap-controller controller-1:9093 describe --replication --human-readable"), nil, &out, &errb) != 0 {
		t.Fatal(errb.String())
	}
	wantRows := []string{
		"NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus  \t",
		"3001  \tAAAAAAAAAAAAAAAAAAAAAA\t41          \t0  \t0 ms ago          \t0 ms ago             \tLeader  \t",
		"3000  \tAAAAAAAAAAAAAAAAAAAAAA\t37          \t4  \t300 ms ago        \t500 ms ago           \tFollower\t",
		"3002  \tAAAAAAAAAAAAAAAAAAAAAA\t41          \t0  \t10 ms ago         \t10 ms ago            \tFollower\t",
		"1     \tAAAAAAAAAAAAAAAAAAAAAA\t40          \t1  \t0 ms ago          \t0 ms ago             \tObserver\t",
	}
	if got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(wantRows, "\n") {
		t.Fatalf("got\n%q\nwant\n%q", got, wantRows)
	}
}

func TestCrashControllerCommand(t *testing.T) {
	c := &quorumFake{fakeCluster: newFakeCluster(3)}
	var out bytes.Buffer
	r := NewRunner(c, &out)
	if _, err := r.RunScript("crash controller-2\n"); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if len(c.crashed) != 1 || c.crashed[0] != "controller-2" {
		t.Fatalf("crashed %v", c.crashed)
	}
	out.Reset()
	r = NewRunner(newFakeCluster(3), &out)
	r.ContinueOnError = true
	_, _ = r.RunScript("crash controller-2\nquorum\n")
	if !strings.Contains(out.String(), "crash: this cluster has no controller quorum") || !strings.Contains(out.String(), "quorum: this cluster has no controller quorum") {
		t.Fatalf("got %q", out.String())
	}
}

// FuzzMetadataQuorumArgs checks that kafka-metadata-quorum.sh never panics
// on any arguments and answers with status 0 or 1, writing to stdout only
// on success.
func FuzzMetadataQuorumArgs(f *testing.F) {
	for _, s := range []string{
		"--bootstrap-server localhost:9092 describe --status",
		"--bootstrap-controller controller-1:9093 describe --replication --human-readable",
		"describe --status", "--bootstrap-server", "--bootstrap-server x --bootstrap-controller y describe",
		"--bootstrap-server x describe --status --replication", "-h", "--bootstrap-server x add-controller",
		"--bootstrap-server x describe describe", "--command-config f --bootstrap-server x describe --status",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		var out, errb bytes.Buffer
		c := &quorumFake{fakeCluster: newFakeCluster(1)}
		status := KafkaMetadataQuorum(c, strings.Fields(line), nil, &out, &errb)
		if status != 0 && status != 1 {
			t.Fatalf("status %d", status)
		}
		if status != 0 && out.Len() > 0 {
			t.Fatalf("failed with stdout %q", out.String())
		}
	})
}
