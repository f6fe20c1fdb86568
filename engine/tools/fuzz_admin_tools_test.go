package tools

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// electingDisks is a fake cluster with disks (fakeDisks) that also answers
// elections, so the fuzzed command lines reach every tool's output code.
type electingDisks struct{ *fakeDisks }

func (e electingDisks) ElectLeaders(unclean bool, partitions []TopicPartition, all bool) ([]ElectionResult, error) {
	var out []ElectionResult
	for _, tp := range partitions {
		out = append(out, ElectionResult{TopicPartition: tp})
	}
	return out, nil
}

// FuzzAdminToolArgs runs kafka-get-offsets.sh, kafka-leader-election.sh,
// kafka-dump-log.sh and the perf-test tools with fuzzed command lines: no
// panic, exit status 0 or 1 (2 for ls), and output only for a status 0 or
// an error to show. The input is one tool number and its arguments
// separated by newlines.
func FuzzAdminToolArgs(f *testing.F) {
	for _, s := range []string{
		"0\n--bootstrap-server\nlocalhost:9092\n--topic-partitions\nt:1-,:-3,x:2",
		"0\n--bootstrap-server\nlocalhost:9092\n--time\n-3\n--partitions\n0,1,",
		"0\n--bootstrap-server\nlocalhost:9092\n--time\nmax-timestamp\n--topic\na(",
		"1\n--bootstrap-server\nlocalhost:9092\n--election-type\nunclean\n--topic\nt\n--partition\n0",
		"1\n--bootstrap-server\nlocalhost:9092\n--election-type\npreferred\n--all-topic-partitions",
		"2\n--files\n/var/lib/kafka/broker-1/t-0/00000000000000000000.index,broker-1/t-0/00000000000000000000.timeindex",
		"2\n--files\n/var/lib/kafka/broker-1/t-0/00000000000000000000.log\n--max-bytes\n80\n--print-data-log",
		"2\n--files\nbroker-1/t-0/00000000000000000000.timeindex\n--index-sanity-check",
		"3\n--topic\nt\n--num-records\n5\n--record-size\n3\n--throughput\n-1\n--producer-props\nbootstrap.servers=localhost:9092\nacks=1",
		"3\n--topic=t\n--num-rec\n1e9\n--payload-monotonic\n--throughput\nNaN",
		"4\n--bootstrap-server\nlocalhost:9092\n--topic\nt\n--messages\n3\n--date-format\n'x'yy''",
		"5\n-l\nbroker-1/t-0",
		"5\n../broker-1/./t-0/00000000000000000000.log",
	} {
		f.Add(s)
	}
	logBytes, pos := segment()
	files := map[string][]byte{
		"1/t-0/00000000000000000000.log":       logBytes,
		"1/t-0/00000000000000000000.index":     offsetIndex([2]int32{1, 0}, [2]int32{2, pos}),
		"1/t-0/00000000000000000000.timeindex": timeIndex([2]int64{30, 1}),
	}
	tools := []Tool{KafkaGetOffsets, KafkaLeaderElection, KafkaDumpLog, ProducerPerfTest, ConsumerPerfTest}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 4096 {
			return
		}
		words := strings.Split(in, "\n")
		c := electingDisks{&fakeDisks{fakeCluster: newFakeCluster(3), files: files}}
		c.CreateTopic(CreateTopic{Name: "t", Partitions: 2, ReplicationFactor: 3})
		var out bytes.Buffer
		n := 0
		if words[0] != "" {
			n = int(words[0][0]) % (len(tools) + 1)
		}
		if n == len(tools) {
			r := NewRunner(c, &out)
			status := r.ls(Command{Name: "ls", Args: words[1:]}, &out)
			if status != 0 && status != 1 && status != 2 {
				t.Fatalf("ls %q: status %d", words[1:], status)
			}
			return
		}
		status := tools[n](c, words[1:], strings.NewReader(""), &out, &out)
		if status != 0 && status != 1 {
			t.Fatalf("tool %d %q: status %d\n%s", n, words[1:], status, out.String())
		}
		if status == 1 && out.Len() == 0 {
			t.Fatalf("tool %d %q failed silently", n, words[1:])
		}
		if utf8.ValidString(in) && !utf8.Valid(out.Bytes()) && n != 2 {
			t.Fatalf("tool %d %q wrote invalid UTF-8", n, words[1:])
		}
	})
}

// FuzzDumpLogFiles gives kafka-dump-log.sh arbitrary bytes as a segment's
// .log, .index and .timeindex: every listing and check must end without a
// panic, with status 0 or 1.
func FuzzDumpLogFiles(f *testing.F) {
	logBytes, pos := segment()
	f.Add(logBytes, offsetIndex([2]int32{1, 0}, [2]int32{2, pos}), timeIndex([2]int64{30, 1}))
	f.Add(logBytes[:70], offsetIndex([2]int32{9, 500}), timeIndex([2]int64{-1, -5}, [2]int64{7, 1}))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff}, []byte{1, 2, 3}, []byte{})
	f.Fuzz(func(t *testing.T, logB, indexB, timeB []byte) {
		files := map[string][]byte{
			"1/t-0/00000000000000000000.log":       logB,
			"1/t-0/00000000000000000000.index":     indexB,
			"1/t-0/00000000000000000000.timeindex": timeB,
		}
		all := dir + "00000000000000000000.log," + dir + "00000000000000000000.index," + dir + "00000000000000000000.timeindex"
		for _, extra := range [][]string{nil, {"--print-data-log"}, {"--verify-index-only"}, {"--index-sanity-check"}, {"--max-bytes", "100"}, {"--offsets-decoder"}} {
			c := &fakeDisks{fakeCluster: newFakeCluster(1), files: files}
			var out bytes.Buffer
			status := KafkaDumpLog(c, append([]string{"--files", all}, extra...), nil, &out, &out)
			if status != 0 && status != 1 {
				t.Fatalf("%q: status %d", extra, status)
			}
		}
	})
}
