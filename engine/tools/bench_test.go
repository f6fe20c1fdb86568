package tools

import (
	"io"
	"strings"
	"testing"
)

// benchScript is a typical lesson step: create, produce from a heredoc,
// describe, consume.
const benchScript = `kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders \
  --partitions 3 --replication-factor 3 --config min.insync.replicas=2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders \
  --property parse.key=true --property key.separator=: <<EOF
alice:order-1
bob:order-2
carol:order-3
EOF
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --from-beginning \
  --property print.key=true --property print.partition=true --timeout-ms 100
kafka-topics.sh --bootstrap-server localhost:9092 --delete --topic orders
`

func BenchmarkParse(b *testing.B) {
	b.SetBytes(int64(len(benchScript)))
	for b.Loop() {
		if _, err := Parse(benchScript); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseLargeHeredoc parses a producer fed 1000 lines.
func BenchmarkParseLargeHeredoc(b *testing.B) {
	var s strings.Builder
	s.WriteString("kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t <<EOF\n")
	for range 1000 {
		s.WriteString("key-0001:some value of a typical length\n")
	}
	s.WriteString("EOF\n")
	src := s.String()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunScript runs benchScript against the fake cluster: the tools'
// own cost, without a simulation behind them.
func BenchmarkRunScript(b *testing.B) {
	for b.Loop() {
		r := NewRunner(newFakeCluster(3), io.Discard)
		if _, err := r.RunScript(benchScript); err != nil {
			b.Fatal(err)
		}
	}
}
