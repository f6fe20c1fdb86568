package live

import (
	"fmt"
	"testing"

	"github.com/kafkalab/kafkalab/engine/lab"
)

func TestStorageTabFollowsTheLookup(t *testing.T) {
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		if _, err := s.Produce(lab.ProduceRequest{Topic: lab.DefaultTopic, Partition: "0", Key: fmt.Sprint(i), Value: "order for the storage tab", Acks: "1"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.StepN(30); err != nil {
			t.Fatal(err)
		}
	}
	var b Builder
	ui := UI{Tab: "storage", StoreTopic: lab.DefaultTopic, StorePart: 0, StoreBroker: 2, Segment: -1, File: "log", Lookup: -1}
	vm := b.Build(s, ui)
	st := vm.Storage
	if st == nil || st.Broker != 2 || len(st.Segments) < 2 || st.Inspector == nil || len(st.Inspector.Hex) == 0 {
		t.Fatalf("storage tab: %+v", st)
	}
	if !st.Segments[len(st.Segments)-1].Active || !st.Segments[len(st.Segments)-1].Selected {
		t.Error("the active segment is shown first")
	}
	ui.Lookup = st.Segments[1].Base
	vm = b.Build(s, ui)
	steps := vm.Storage.Lookup.Steps
	if len(steps) < 3 || steps[0].Phase != "segments" || steps[len(steps)-1].Phase != "scan" {
		t.Fatalf("lookup steps: %+v", steps)
	}
	ui.LookupStep = len(steps) - 1
	vm = b.Build(s, ui)
	if iv := vm.Storage.Inspector; iv.File != "log" || iv.Segment != st.Segments[1].Base || iv.LitFrom < 0 || vm.Storage.Lookup.Answer.IsZero() {
		t.Fatalf("the last step should light the batch found: %+v %q", iv.LitFrom, vm.Storage.Lookup.Answer)
	}
}
