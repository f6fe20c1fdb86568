package producer

import (
	"errors"
	"reflect"
	"testing"
)

// TestEachReportIsReportsFrom: EachReport(first) yields exactly
// Reports()[first:], topics and errors included, and ReportCount is
// len(Reports()).
func TestEachReportIsReportsFrom(t *testing.T) {
	boom, late := errors.New("boom"), errors.New("late")
	p := &Producer{
		outcomes: []outcome{
			{offset: 0, timestamp: 10, partition: 0, settled: true},
			{offset: -1, timestamp: -1, partition: 1, settled: true},
			{offset: 7, timestamp: 12, partition: 2, settled: true},
			{offset: -1, timestamp: -1, partition: -1},
			{offset: -1, timestamp: -1, partition: 0, settled: true},
		},
		topicRuns: []topicRun{{first: 0, topic: "a"}, {first: 2, topic: "b"}, {first: 4, topic: "a"}},
		errs:      []recordErr{{index: 4, err: late}, {index: 1, err: boom}},
	}
	all := p.Reports()
	if p.ReportCount() != len(all) || len(all) != 5 {
		t.Fatalf("ReportCount %d, len(Reports) %d; want 5", p.ReportCount(), len(all))
	}
	if all[1].Err != boom || all[4].Err != late || all[2].Topic != "b" || all[4].Topic != "a" || all[3].Index != 3 {
		t.Fatalf("Reports: %+v", all)
	}
	for first := 0; first <= len(all)+1; first++ {
		var got []Report
		p.EachReport(first, func(r Report) { got = append(got, r) })
		if want := all[min(first, len(all)):]; !reflect.DeepEqual(got, want) && (len(got) != 0 || len(want) != 0) {
			t.Errorf("EachReport(%d) = %+v, want %+v", first, got, want)
		}
	}
}
