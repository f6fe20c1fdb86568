package web

import (
	"context"
	"strconv"
	"strings"
)

// The metrics strip's view model: the numbers engineers watch on a Kafka
// cluster, in kafka-ui's conventions, each with a sparkline over the last
// minute of simulated time. web/live fills it from the engine.

// A MetricsVM is the strip.
type MetricsVM struct {
	Tiles   []MetricTileVM
	Leaders []LeaderBarVM // partitions led, one bar per broker
	// LeadersMax is the tallest bar's count (at least 1), for the scale.
	LeadersMax int
	// WindowS is the simulated seconds the sparklines span so far.
	WindowS int
}

// A MetricTileVM is one number of the strip.
type MetricTileVM struct {
	ID    string // data-testid suffix: urp, offline, isr, produce, consume, lag
	Label string // English; translated when drawn
	Value string // the number as shown
	Title string // English tooltip: what it counts and how
	Alert bool   // non-zero where zero is healthy
	Spark *SparkVM
}

// A LeaderBarVM is one broker's bar in the leader-count chart.
type LeaderBarVM struct {
	Broker int
	Count  int
	X, Y   int // top-left of the bar in the chart's box
	W, H   int
}

// Sparkline geometry, in SVG user units.
const (
	SparkW = 60
	SparkH = 20
	// LeadersH is the leader chart's height; each bar gets LeadersBarW.
	LeadersH    = 20
	LeadersBarW = 8
)

// A SparkVM is a sparkline: a polyline over a fixed window of slots, the
// newest sample at the right edge, scaled to the window's largest value.
type SparkVM struct {
	Points string // "x,y x,y …"
	Last   [2]int // the newest point, drawn as a dot
	Max    int64  // the top of the scale
	Empty  bool   // no samples yet
}

// Sparkline lays out values (oldest first) in a window of slots points;
// values beyond the window are dropped from the front.
func Sparkline(values []int64, slots int) SparkVM {
	if slots < 2 {
		slots = 2
	}
	if len(values) > slots {
		values = values[len(values)-slots:]
	}
	if len(values) == 0 {
		return SparkVM{Empty: true, Max: 1}
	}
	top := int64(1)
	for _, v := range values {
		top = max(top, v)
	}
	var b strings.Builder
	sp := SparkVM{Max: top}
	const pad = 2 // keep the line and its dot inside the box
	for i, v := range values {
		slot := slots - len(values) + i
		x := slot * (SparkW - 2*pad) / (slots - 1)
		y := SparkH - pad - int(max(v, 0)*int64(SparkH-2*pad)/top)
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(x + pad))
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(y))
		sp.Last = [2]int{x + pad, y}
	}
	if len(values) == 1 { // a single point: a flat stroke so it shows
		sp.Points = strconv.Itoa(sp.Last[0]-3) + "," + strconv.Itoa(sp.Last[1]) + " " + b.String()
	} else {
		sp.Points = b.String()
	}
	return sp
}

// LayoutLeaders places one bar per broker, counts[i] for broker ids[i].
func LayoutLeaders(ids, counts []int) ([]LeaderBarVM, int) {
	top := 1
	for _, c := range counts {
		top = max(top, c)
	}
	bars := make([]LeaderBarVM, 0, len(ids))
	for i, id := range ids {
		h := counts[i] * (LeadersH - 2) / top
		if counts[i] > 0 {
			h = max(h, 2)
		}
		bars = append(bars, LeaderBarVM{Broker: id, Count: counts[i], X: i * (LeadersBarW + 2), Y: LeadersH - h, W: LeadersBarW, H: h})
	}
	return bars, top
}

// LeadersWidth is the leader chart's width for n brokers.
func LeadersWidth(n int) int { return max(n*(LeadersBarW+2)-2, LeadersBarW) }

// windowLabel says what the sparklines span, in the page's language.
func windowLabel(ctx context.Context, s int) string {
	if LangOf(ctx) == "zh" {
		return "迷你图：最近 " + strconv.Itoa(s) + " 秒模拟时间"
	}
	return "sparklines: last " + strconv.Itoa(s) + " s of simulated time"
}
