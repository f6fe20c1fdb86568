package lab

import (
	"fmt"
	"testing"

	"github.com/kafkalab/kafkalab/engine/log"
)

func TestStorageViewSeesSegmentsAndLookups(t *testing.T) {
	s, err := New(Config{Seed: DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		if _, err := s.Produce(ProduceRequest{Topic: DefaultTopic, Partition: "0", Key: fmt.Sprintf("k%d", i), Value: "an order with some bytes in it", Acks: "1"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.StepN(40); err != nil {
			t.Fatal(err)
		}
	}
	segs, ok := s.ReplicaSegments(1, DefaultTopic, 0)
	if !ok || len(segs) < 2 {
		t.Fatalf("want several segments on broker 1, got %d (ok %v)", len(segs), ok)
	}
	if v := log.InspectLog(segs[0].Log); len(v.Batches) == 0 || !v.Batches[0].Valid {
		t.Fatalf("first segment's log does not decode: %+v", v)
	}
	if len(log.InspectIndex(segs[0].Index, segs[0].Base)) == 0 {
		t.Errorf("no index entries with index.interval.bytes=128")
	}
	target := segs[1].Base + 1
	tr, err := s.TraceOffset(1, DefaultTopic, 0, target)
	if err != nil {
		t.Fatal(err)
	}
	if !tr.Found || tr.Segment != segs[1].Base || len(tr.Segments) == 0 {
		t.Fatalf("lookup of %d: %+v", target, tr)
	}
	if _, ok := s.ReplicaSegments(1, "nope", 0); ok {
		t.Error("unknown replica reported")
	}
}
