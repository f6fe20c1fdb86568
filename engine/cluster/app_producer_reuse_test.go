package cluster_test

import (
	"fmt"
	"testing"

	"github.com/kafkalab/kafkalab/engine/tools"
)

// TestAppProduceRoundsKeepTheirRecords: AppProduce reuses its conversion
// buffer between calls; a shorter second round after a longer first must
// still write exactly its own records, and the reports count only its own.
func TestAppProduceRoundsKeepTheirRecords(t *testing.T) {
	c := flushCluster(t)
	var want []string
	for round, n := range []int{5, 2, 3} {
		var recs []tools.ProducerRecord
		for i := range n {
			v := fmt.Sprintf("r%d-%d", round, i)
			want = append(want, v)
			recs = append(recs, tools.ProducerRecord{Value: []byte(v), Partition: 0})
		}
		reps, err := c.AppProduce("t", recs)
		if err != nil {
			t.Fatal(err)
		}
		if len(reps) != n {
			t.Fatalf("round %d: %d reports, want %d", round, len(reps), n)
		}
		for i, r := range reps {
			if r.Err != nil || r.Topic != "t" || r.Partition != 0 || r.Offset != int64(len(want)-n+i) {
				t.Errorf("round %d report %d: %+v, want offset %d", round, i, r, len(want)-n+i)
			}
		}
	}
	got, err := c.Fetch(tools.FetchSpec{Topic: "t", Offset: tools.Earliest, MaxMessages: len(want), TimeoutMs: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("fetched %d records, want %d", len(got), len(want))
	}
	for i, r := range got {
		if string(r.Value) != want[i] {
			t.Errorf("offset %d: %q, want %q", i, r.Value, want[i])
		}
	}
}
