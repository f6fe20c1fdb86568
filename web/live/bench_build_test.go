package live

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/lab"
)

// benchSession is a lab a few thousand events in: a consumer group, a
// record produced and consumed, a link cut and one slowed.
func benchSession(b *testing.B) *lab.Session {
	b.Helper()
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.StartConsumer(lab.ConsumerRequest{}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.StepN(1000); err != nil {
		b.Fatal(err)
	}
	if _, err := s.Produce(lab.ProduceRequest{Topic: lab.DefaultTopic, Key: "user-2", Value: "v", Acks: "all"}); err != nil {
		b.Fatal(err)
	}
	if err := s.CutLink("broker-2", "broker-3", false); err != nil {
		b.Fatal(err)
	}
	if err := s.SlowLink("broker-1", "controller", 200, false); err != nil {
		b.Fatal(err)
	}
	if _, err := s.StepN(1000); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkBuild is the view model of one frame of the cluster tab.
func BenchmarkBuild(b *testing.B) {
	s := benchSession(b)
	var bl Builder
	for b.Loop() {
		_ = bl.Build(s, UI{Selected: "link-broker-2-broker-3"})
	}
}

// BenchmarkSequence is the sequence view's share of a frame.
func BenchmarkSequence(b *testing.B) {
	s := benchSession(b)
	c := s.Cluster()
	trace := c.TraceAfter(c.Sim().LastSeq() - traceWindow)
	for b.Loop() {
		_ = sequence(trace)
	}
}
