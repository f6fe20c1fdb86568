package live

import (
	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// recentTrace keeps the frame's window of the trace (the last traceWindow
// entries) from frame to frame, adding only the entries recorded since:
// copying the whole window out of the trace every frame cost a quarter of
// a megabyte of allocation (1,500 entries). The window is what
// TraceAfter(LastSeq-traceWindow) returns (TestRecentTraceMatchesTraceAfter).
type recentTrace struct {
	c    *cluster.Cluster
	last uint64 // the trace's LastSeq when win was read
	win  []sim.TraceEntry
}

// window returns the last traceWindow entries of c's trace. The slice is
// read-only and valid until the next call.
func (rt *recentTrace) window(c *cluster.Cluster) []sim.TraceEntry {
	last := c.Sim().LastSeq()
	from := uint64(0) // entries with Seq > from
	if last > traceWindow {
		from = last - traceWindow
	}
	if rt.c != c || last < rt.last || last-rt.last >= traceWindow {
		// Another cluster, a step back, or a whole window since (a
		// running command's thousands of steps): read just the window.
		return rt.reread(c, from, last)
	}
	if last > rt.last {
		fresh := c.TraceAfter(rt.last)
		if len(fresh) == 0 || fresh[0].Seq != rt.last+1 {
			return rt.reread(c, from, last) // entries lost to the trace's limit
		}
		rt.win = append(rt.win, fresh...)
		rt.last = last
	}
	drop := 0
	for drop < len(rt.win) && rt.win[drop].Seq <= from {
		drop++
	}
	if drop > 0 {
		clear(rt.win[:drop]) // their strings can go
		rt.win = rt.win[drop:]
	}
	return rt.win
}

func (rt *recentTrace) reread(c *cluster.Cluster, from, last uint64) []sim.TraceEntry {
	rt.c, rt.last, rt.win = c, last, c.TraceAfter(from)
	return rt.win
}
