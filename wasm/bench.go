//go:build js && wasm

package main

import (
	"cmp"
	"fmt"
	"strconv"

	"github.com/hack-pad/safejs"
	"github.com/kafkalab/kafkalab/engine/slicesort"
	"github.com/kafkalab/kafkalab/internal/urlquery"
	"github.com/kafkalab/kafkalab/web/live"
)

// measure is kafkalab.debug.measure(query) for BENCHMARKS.md: it puts a
// fresh session of the shape asked for (brokers=12&topics=1&partitions=200,
// web/live.BenchSession) on the page, steps it steps times (default 200)
// painting after each, as a frame does, and returns the mean ms per step of
// the step, the view model's build, the templ render and the DOM writes, and
// their total, and the 10th, 50th and 90th percentiles of the per-step
// totals (on a loaded machine the low percentiles are the steps the
// scheduler did not interrupt). redraw=1 paints as before the caches: the
// whole stage rendered and every region written every time. The learner's session comes back afterwards.
func (l *liveLab) measure(raw string) map[string]any {
	q, _ := urlquery.Parse(raw)
	num := func(k string, def int) int {
		if n, err := strconv.Atoi(q.Get(k)); err == nil && n > 0 {
			return n
		}
		return def
	}
	sh := live.Shape{Brokers: num("brokers", 3), Topics: num("topics", 1), Partitions: num("partitions", 3)}
	steps := num("steps", 200)
	redraw := q.Get("redraw") == "1"
	t0 := l.now()
	s, err := live.BenchSession(sh)
	if err != nil {
		return map[string]any{"error": err.Error()}
	}
	setup := l.now() - t0
	old, oldB, oldUI := l.s, l.b, l.ui
	l.redrawAll = redraw
	defer func() {
		l.s, l.b, l.ui = old, oldB, oldUI
		l.redrawAll = false
		l.drawn = nil
		l.dirty = true
		l.schedule()
	}()
	l.s, l.b = s, live.Builder{}
	l.ui.Selected, l.ui.Playing = "", false
	if err := l.paint(); err != nil { // the first paint draws everything
		return map[string]any{"error": err.Error()}
	}
	l.prof = paintProf{}
	var step, total float64
	per := make([]float64, 0, steps) // each step's total, for percentiles
	for range steps {
		a := l.now()
		if _, err := s.Step(); err != nil {
			return map[string]any{"error": err.Error()}
		}
		b := l.now()
		if err := l.paint(); err != nil {
			return map[string]any{"error": err.Error()}
		}
		step += b - a
		per = append(per, l.now()-a)
		total += per[len(per)-1]
	}
	slicesort.Func(per, cmp.Compare[float64]) // sort.Slice's code: no pdqsort copy for float64 in the wasm
	pct := func(p int) float64 { return per[min(len(per)-1, len(per)*p/100)] }
	n := float64(steps)
	return map[string]any{"brokers": sh.Brokers, "topics": sh.Topics, "partitions": sh.Partitions, "steps": steps, "setupMs": setup,
		"step": step / n, "build": l.prof.build / n, "render": l.prof.render / n, "dom": l.prof.dom / n, "total": total / n,
		"p10": pct(10), "p50": pct(50), "p90": pct(90), "writes": l.prof.writes, "skipped": l.prof.skipped, "patches": l.prof.patches, "simMs": s.Cluster().Now()}
}

// throughput is kafkalab.debug.throughput(rounds): records/s of wall-clock
// time for web/live.Throughput's workload, which BenchmarkThroughput runs
// natively.
func (l *liveLab) throughput(rounds int) map[string]any {
	t, err := live.NewThroughput()
	if err != nil {
		return map[string]any{"error": err.Error()}
	}
	records := 0
	start := l.now()
	for range rounds {
		n, err := t.Round()
		if err != nil {
			return map[string]any{"error": err.Error()}
		}
		records += n
	}
	ms := l.now() - start
	return map[string]any{"records": records, "ms": ms, "recordsPerSec": float64(records) / ms * 1000}
}

// exportMeasure puts measure and throughput on kafkalab.debug.
func (a *app) exportMeasure(debugAPI safejs.Value) error {
	for name, fn := range map[string]func(args []safejs.Value) any{
		"measure": func(args []safejs.Value) any {
			raw := ""
			if len(args) > 0 {
				raw, _ = args[0].String()
			}
			return a.live.measure(raw)
		},
		"throughput": func(args []safejs.Value) any {
			n := 100
			if len(args) > 0 {
				n, _ = args[0].Int()
			}
			return a.live.throughput(max(n, 1))
		},
	} {
		f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) (res any) {
			defer func() {
				if r := recover(); r != nil {
					reportError(a.global, fmt.Errorf("kafkalab.debug.%s: panic: %v", name, r))
					res = -1
				}
			}()
			if !a.live.abandonIdle() {
				return -1 // a command is running
			}
			return fn(args)
		})
		if err != nil {
			return err
		}
		a.funcs = append(a.funcs, f)
		if err := debugAPI.Set(name, f.Value()); err != nil {
			return err
		}
	}
	return nil
}
