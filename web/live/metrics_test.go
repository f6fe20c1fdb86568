package live

import (
	"context"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/web"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func tile(t *testing.T, vm web.MetricsVM, id string) web.MetricTileVM {
	t.Helper()
	for _, tl := range vm.Tiles {
		if tl.ID == id {
			return tl
		}
	}
	t.Fatalf("no tile %s", id)
	return web.MetricTileVM{}
}

func TestMetricsByHand(t *testing.T) {
	m := lab.Metrics{Partitions: 4, UnderReplicated: 2, Offline: 1, Replicas: 12, InSync: 7, Leaders: []int{0, 2, 1, 0}, Lag: 9}
	hist := []lab.Sample{
		{AtMs: 1000, Produced: 4, Consumed: 0, Lag: 4},
		{AtMs: 2000, Produced: 0, Consumed: 3, Lag: 1, UnderReplicated: 2},
		{AtMs: 3000, Produced: 6, Consumed: 5, Lag: 9, UnderReplicated: 2, Offline: 1},
	}
	vm := Metrics(m, hist, []int{1, 2, 3})
	assert.Equal(t, "2", tile(t, vm, "urp").Value)
	assert.True(t, tile(t, vm, "urp").Alert)
	assert.Equal(t, "1", tile(t, vm, "offline").Value)
	assert.Equal(t, "7 / 12", tile(t, vm, "isr").Value)
	assert.True(t, tile(t, vm, "isr").Alert)
	assert.Equal(t, "6", tile(t, vm, "produce").Value, "the last whole second's")
	assert.Equal(t, "5", tile(t, vm, "consume").Value)
	assert.Equal(t, "9", tile(t, vm, "lag").Value)
	assert.Equal(t, 3, vm.WindowS)
	// The produce sparkline: 3 samples at the right end of 60 slots, scaled
	// to the largest (6): x = pad + slot*(60-4)/59, y = 20-2-v*16/6.
	sp := tile(t, vm, "produce").Spark
	require.NotNil(t, sp)
	assert.Equal(t, "56,8 57,18 58,2", sp.Points) // slots 57, 58, 59: 2+57*56/59 = 56 …
	assert.Equal(t, int64(6), sp.Max)
	assert.Equal(t, [2]int{58, 2}, sp.Last)
	require.Len(t, vm.Leaders, 3)
	assert.Equal(t, []int{2, 1, 0}, []int{vm.Leaders[0].Count, vm.Leaders[1].Count, vm.Leaders[2].Count})
	assert.Equal(t, 18, vm.Leaders[0].H, "the tallest bar fills the chart less its margin")
	assert.Equal(t, 9, vm.Leaders[1].H)
	assert.Equal(t, 0, vm.Leaders[2].H)
}

func TestMetricsBeforeAnySample(t *testing.T) {
	vm := Metrics(lab.Metrics{Leaders: []int{0, 1}}, nil, []int{1})
	assert.Equal(t, "0", tile(t, vm, "produce").Value)
	assert.True(t, tile(t, vm, "produce").Spark.Empty)
	assert.False(t, tile(t, vm, "urp").Alert)
}

func TestSparklineIsBounded(t *testing.T) {
	v := make([]int64, 500)
	for i := range v {
		v[i] = int64(i)
	}
	sp := web.Sparkline(v, lab.HistoryLen)
	assert.Len(t, strings.Fields(sp.Points), lab.HistoryLen)
	assert.Equal(t, int64(499), sp.Max)
}

// The strip drawn from a session: a crash shows in the rendered HTML.
func TestMetricsStripAfterACrash(t *testing.T) {
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	require.NoError(t, err)
	var b Builder
	ui := UI{Speed: 4, Segment: -1, File: "log", Lookup: -1, StoreBroker: -1}
	require.NoError(t, s.BrokerFault(lab.InputCrashBroker, 2))
	for i := 0; i < 100_000 && s.Metrics().UnderReplicated < 3; i++ {
		_, err := s.Step()
		require.NoError(t, err)
	}
	vm := b.Build(s, ui)
	assert.Equal(t, "3", tile(t, vm.Metrics, "urp").Value)
	assert.Equal(t, "6 / 9", tile(t, vm.Metrics, "isr").Value)
	var sb strings.Builder
	require.NoError(t, web.MetricsStrip(vm.Metrics).Render(web.WithLang(context.Background(), "zh"), &sb))
	html := sb.String()
	assert.Contains(t, html, `data-testid="metric-urp-value">3</b>`)
	assert.Contains(t, html, `data-testid="leaders-b2" data-count="0"`)
	assert.Contains(t, html, "副本不足")
	assert.NotContains(t, html, "Under-replicated")
}
