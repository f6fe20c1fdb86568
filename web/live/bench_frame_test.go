package live

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/kafkalab/kafkalab/web"
)

// BenchmarkFrame is one lab step plus the Go side of the wasm's paint
// (wasm/paint.go): build the view model, render every region with the
// stage drawn by a StageCache, and compare the stage's chunks with the last
// frame's to find those written to the DOM. What it leaves out is the DOM
// writes themselves (kafkalab.debug.measure times those).
func BenchmarkFrame(b *testing.B) {
	for _, sh := range []Shape{{3, 2, 3}, {12, 1, 200}} {
		b.Run(fmt.Sprintf("brokers=%d/topics=%d/partitions=%d", sh.Brokers, sh.Topics, sh.Partitions), func(b *testing.B) {
			s, err := BenchSession(sh)
			if err != nil {
				b.Fatal(err)
			}
			var bl Builder
			var sc StageCache
			ui := DefaultUI()
			ctx := context.Background()
			drawn := map[string]string{}
			var stageChunks []Chunk
			b.ResetTimer()
			for range b.N {
				if ok, err := s.Step(); err != nil || !ok {
					b.Fatal("the run stopped", err)
				}
				vm := bl.Build(s, ui)
				for id, c := range map[string]templ.Component{
					"lab-status": web.LiveStatus(vm.Status), "lab-stage": sc.Stage(vm), "lab-metrics": web.MetricsStrip(vm.Metrics),
					"lab-details": web.SideDetails(vm), "lab-consumers": web.ConsumerList(vm.Consumers, ""), "lab-sequence": web.Sequence(vm.Sequence),
				} {
					var sb strings.Builder
					sb.Grow(len(drawn[id]) + 1024)
					if err := c.Render(ctx, &sb); err != nil {
						b.Fatal(err)
					}
					h := sb.String()
					if old, ok := drawn[id]; ok && old != h && id == "lab-stage" {
						now, ok := sc.Chunks()
						if !ok {
							b.Fatal("the stage was not drawn by the cache")
						}
						ChunkPatch(stageChunks, now)
						stageChunks = now
					}
					drawn[id] = h
				}
			}
		})
	}
}
