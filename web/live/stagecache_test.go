package live

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/web"
	"github.com/stretchr/testify/require"
)

// The cached stage is web.LiveStage's, byte for byte, step after step:
// through produce and replication, a selection, a crash, a consumer, the
// Chinese chrome, another tab and back, and going back in time.
func TestStageCacheDrawsWhatLiveStageDraws(t *testing.T) {
	s, err := BenchSession(Shape{Brokers: 5, Topics: 2, Partitions: 6})
	require.NoError(t, err)
	var b Builder
	var sc StageCache
	ui := DefaultUI()
	ctx := context.Background()
	check := func(step int) {
		t.Helper()
		vm := b.Build(s, ui)
		var want, got strings.Builder
		require.NoError(t, web.LiveStage(vm).Render(ctx, &want))
		require.NoError(t, sc.Stage(vm).Render(ctx, &got))
		if want.String() != got.String() {
			t.Fatalf("step %d (pos %d): the cached stage differs from LiveStage", step, s.Pos())
		}
		chunks, ok := sc.Chunks()
		split, splitOK := SVGChunks(want.String())
		if ui.Tab == "groups" {
			require.False(t, ok, "step %d: chunks of a stage the cache did not draw", step)
		} else if require.True(t, splitOK && ok, "step %d", step); !reflect.DeepEqual(chunks, split) {
			t.Fatalf("step %d (pos %d): the cache's chunks differ from SVGChunks of the stage", step, s.Pos())
		}
	}
	for i := range 600 {
		switch i {
		case 50:
			ui.Selected = "replica-order_events-1-b2"
		case 100:
			require.NoError(t, s.BrokerFault(lab.InputCrashBroker, 3))
		case 150:
			_, err := s.StartConsumer(lab.ConsumerRequest{Group: "g", Topic: lab.DefaultTopic})
			require.NoError(t, err)
		case 200:
			ctx = web.WithLang(ctx, "zh")
		case 250:
			ui.Tab = "groups"
		case 260:
			ui.Tab, ui.Selected = "", "broker-2"
		case 300:
			require.NoError(t, s.GoTo(120))
		case 350:
			require.NoError(t, s.CutLink("broker-1", "broker-2", false))
		case 400:
			ui.Selected = web.LinkID("broker-1", "broker-2")
		case 450:
			require.NoError(t, s.SlowLink("broker-3", "controller", 200, true))
		case 500:
			ui.Selected = ""
			ctx = context.Background()
		case 550:
			require.NoError(t, s.HealLink("broker-1", "broker-2", false))
		}
		check(i)
		_, err := s.Step()
		require.NoError(t, err)
	}
}

func BenchmarkStageCache(b *testing.B) {
	s, err := BenchSession(Shape{Brokers: 12, Topics: 1, Partitions: 200})
	require.NoError(b, err)
	var bl Builder
	var sc StageCache
	ui := DefaultUI()
	for _, cached := range []bool{false, true} {
		name := "LiveStage"
		if cached {
			name = "StageCache"
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				if _, err := s.Step(); err != nil {
					b.Fatal(err)
				}
				vm := bl.Build(s, ui)
				c := web.LiveStage(vm)
				if cached {
					c = sc.Stage(vm)
				}
				var sb strings.Builder
				if err := c.Render(context.Background(), &sb); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// sameBroker compares every field: changing any one of a broker's or its
// replica's values, however deep, makes the two differ.
func TestSameBrokerComparesEveryField(t *testing.T) {
	base := web.BrokerVM{Replicas: []web.ReplicaVM{{}}}
	fields := 0
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
			return
		case reflect.Slice:
			walk(v.Index(0), path+"[0]")
			return
		}
		fields++
		old := reflect.ValueOf(v.Interface())
		switch v.Kind() {
		case reflect.Bool:
			v.SetBool(true)
		case reflect.String:
			v.SetString("x")
		case reflect.Int, reflect.Int64:
			v.SetInt(7)
		case reflect.Uint64:
			v.SetUint(7)
		default:
			t.Fatalf("%s: a %s field: teach this test (and sameBroker) to compare it", path, v.Kind())
		}
		a := web.BrokerVM{Replicas: []web.ReplicaVM{{}}}
		if sameBroker(a, base) {
			t.Errorf("sameBroker does not compare %s", path)
		}
		v.Set(old)
		if !sameBroker(a, base) {
			t.Fatalf("%s: restoring the field did not make the brokers equal", path)
		}
	}
	walk(reflect.ValueOf(&base).Elem(), "BrokerVM")
	if fields < 20 {
		t.Fatalf("walked %d fields; the walk is broken", fields)
	}
}
