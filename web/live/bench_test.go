package live

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/kafkalab/kafkalab/web"
)

// BenchmarkStepRender is one lab step plus what a frame does with it
// natively: build the view model and render every region the wasm redraws
// (the browser adds the DOM writes: kafkalab.debug.measure).
func BenchmarkStepRender(b *testing.B) {
	for _, sh := range []Shape{{3, 2, 3}, {12, 1, 200}} {
		b.Run(fmt.Sprintf("brokers=%d/topics=%d/partitions=%d", sh.Brokers, sh.Topics, sh.Partitions), func(b *testing.B) {
			s, err := BenchSession(sh)
			if err != nil {
				b.Fatal(err)
			}
			var bl Builder
			ui := UI{Speed: 4, Segment: -1, File: "log", Lookup: -1, StoreBroker: -1}
			ctx := context.Background()
			b.ResetTimer()
			for range b.N {
				if ok, err := s.Step(); err != nil || !ok {
					b.Fatal("the run stopped", err)
				}
				vm := bl.Build(s, ui)
				for _, c := range []interface {
					Render(context.Context, io.Writer) error
				}{web.LiveStatus(vm.Status), web.LiveStage(vm), web.MetricsStrip(vm.Metrics), web.SideDetails(vm),
					web.Sequence(vm.Sequence), web.ConsumerList(vm.Consumers, "")} {
					if err := c.Render(ctx, io.Discard); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkThroughput is the native side of the browser's records/s
// (kafkalab.debug.throughput): the same workload, one round per op.
func BenchmarkThroughput(b *testing.B) {
	t, err := NewThroughput()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	records := 0
	for range b.N {
		n, err := t.Round()
		if err != nil {
			b.Fatal(err)
		}
		records += n
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

func TestBenchSessionShapes(t *testing.T) {
	for _, sh := range []Shape{{3, 2, 3}, {12, 1, 200}} {
		s, err := BenchSession(sh)
		if err != nil {
			t.Fatal(err)
		}
		parts := 0
		for _, tp := range s.Cluster().Snapshot().Controller.Topics {
			if tp.Name[0] != '_' {
				parts += len(tp.Partitions)
			}
		}
		if want := sh.Topics * sh.Partitions; parts != want || s.Brokers() != sh.Brokers {
			t.Errorf("%+v: %d brokers, %d partitions; want %d", sh, s.Brokers(), parts, want)
		}
	}
}
