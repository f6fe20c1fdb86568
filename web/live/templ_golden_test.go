package live

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/web"
)

// The wasm links a copy of templ trimmed by cmd/trimtempl. `make test-wasm-trim`
// runs TestTemplGolden twice: natively with the real templ (-templ-golden-write)
// and under node with the trimmed one (-templ-golden-check), which must render
// the same bytes. Without either flag it only renders.
var (
	goldenWrite = flag.String("templ-golden-write", "", "write the rendered HTML into this directory")
	goldenCheck = flag.String("templ-golden-check", "", "compare the rendered HTML with this directory's; requires the trimmed templ")
)

// goldenRenders is the live lab as the wasm draws it: every region, on each tab,
// after produced records, a consumer and a stopped broker.
func goldenRenders(t *testing.T) map[string]templ.Component {
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		if _, err := s.Produce(lab.ProduceRequest{Topic: lab.DefaultTopic, Key: fmt.Sprint("k", i%4), Value: fmt.Sprintf(`order <%d> & "co"`, i), Acks: "all"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.StepN(25); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.StartConsumer(lab.ConsumerRequest{Group: "billing", Topic: lab.DefaultTopic}); err != nil {
		t.Logf("no consumer in the golden scenario: %v", err)
	}
	if _, err := s.StepN(200); err != nil {
		t.Fatal(err)
	}
	out := map[string]templ.Component{}
	var b Builder
	for _, ui := range []UI{
		{Speed: 4, Segment: -1, File: "log", Lookup: -1, StoreBroker: -1},
		{Speed: 4, Tab: "groups", Segment: -1, File: "log", Lookup: -1, StoreBroker: -1},
		{Speed: 4, Tab: "storage", StoreTopic: lab.DefaultTopic, StoreBroker: 1, Segment: -1, File: "log", Lookup: 3},
	} {
		vm := b.Build(s, ui)
		tab := ui.Tab
		if tab == "" {
			tab = "cluster"
		}
		out[tab+"-LiveLab"] = web.LiveLab(vm)
		out[tab+"-LiveLab-zh"] = inLang("zh", web.LiveLab(vm))
		out[tab+"-LiveStatus"] = web.LiveStatus(vm.Status)
		out[tab+"-LiveStage"] = web.LiveStage(vm)
		out[tab+"-SideDetails"] = web.SideDetails(vm)
		out[tab+"-Sequence"] = web.Sequence(vm.Sequence)
		out[tab+"-MetricsStrip"] = web.MetricsStrip(vm.Metrics)
		out[tab+"-MetricsStrip-zh"] = inLang("zh", web.MetricsStrip(vm.Metrics))
		out[tab+"-ConsumerList"] = web.ConsumerList(vm.Consumers, `no such group: "<g>"`)
		out[tab+"-Prediction"] = web.Prediction(web.PredictionVM{Partition: 2, Reason: `key "k1" <hash>`, Sent: "sent & acked"})
	}
	sanitizerRenders(out)
	return out
}

func TestTemplGolden(t *testing.T) {
	if *goldenCheck != "" && !templReplaced() {
		t.Fatal("-templ-golden-check needs the trimmed templ: go test -modfile=bin/wasm-mod/wasm.mod (make test-wasm-trim)")
	}
	for name, c := range goldenRenders(t) {
		var sb strings.Builder
		if err := c.Render(context.Background(), &sb); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := sb.String()
		if len(got) == 0 {
			t.Fatalf("%s rendered nothing", name)
		}
		file := name + ".html"
		switch {
		case *goldenWrite != "":
			if err := os.MkdirAll(*goldenWrite, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(*goldenWrite, file), []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		case *goldenCheck != "":
			want, err := os.ReadFile(filepath.Join(*goldenCheck, file))
			if err != nil {
				t.Fatalf("%v (write the golden natively first: make test-wasm-trim)", err)
			}
			if got != string(want) {
				t.Errorf("%s: the trimmed templ renders differently from the real one:\n got %.400q\nwant %.400q", name, got, want)
			}
		}
	}
}

// templReplaced reports whether this binary links cmd/trimtempl's copy of
// templ: the file templ.InitializeContext was compiled from carries its header.
// (Test binaries record no module dependencies, so debug.ReadBuildInfo cannot
// tell.)
func templReplaced() bool {
	file, _ := goruntime.FuncForPC(reflect.ValueOf(templ.InitializeContext).Pointer()).FileLine(0)
	src, err := os.ReadFile(file)
	return err == nil && strings.Contains(string(src), "cmd/trimtempl")
}

// inLang renders c with the chrome's language set, as the wasm does.
func inLang(lang string, c templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return c.Render(web.WithLang(ctx, lang), w)
	})
}
