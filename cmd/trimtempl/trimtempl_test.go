package main

import (
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The Flusher rewrite is only behaviour-preserving if http.Flusher is exactly
// interface{ Flush() }.
func TestFlusherIsFlushInterface(t *testing.T) {
	got := reflect.TypeFor[http.Flusher]()
	want := reflect.TypeFor[interface{ Flush() }]()
	if got.NumMethod() != 1 || !got.ConvertibleTo(want) || !want.ConvertibleTo(got) || got.Method(0).Type != want.Method(0).Type {
		t.Fatalf("http.Flusher is no longer interface{ Flush() }: %v", got)
	}
}

const fixture = `package p

import (
	"fmt"
	"html/template"
	nethttp "net/http"
)

// H handles.
type H struct{ Next nethttp.Handler }

func (h H) ServeHTTP(w nethttp.ResponseWriter, r *nethttp.Request) {}

func (h *H) Name() string { return "h" } // a method of a removed type

// NewH uses H, so it goes too.
func NewH() H { return H{} }

var (
	keep = 1
	opt  = func(h *H) {}
)

type Flushy struct{}

func (Flushy) Flush() {}

func Check(x any) bool {
	_, ok := x.(nethttp.Flusher)
	return ok
}

// Kept uses fmt only.
func Kept() string { return fmt.Sprint(keep) }

func T() template.HTML { return "" }
`

func TestTrimPackage(t *testing.T) {
	out, removed, err := trimPackage(map[string][]byte{"p.go": []byte(fixture)},
		[]rewrite{{from: "net/http.Flusher", to: "interface{ Flush() }", want: 1}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"H", "H.Name", "H.ServeHTTP", "NewH", "T", "opt"}
	if !slices.Equal(removed, want) {
		t.Fatalf("removed %v, want %v", removed, want)
	}
	src := string(out["p.go"])
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, parser.ImportsOnly)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	if len(f.Imports) != 1 || f.Imports[0].Path.Value != `"fmt"` {
		t.Errorf("imports left: %v\n%s", f.Imports, src)
	}
	for _, s := range []string{"func Kept()", "keep = 1", "func Check(", "Flush()", "type Flushy"} {
		if !strings.Contains(src, s) {
			t.Errorf("trimmed source lost %q:\n%s", s, src)
		}
	}
	for _, s := range []string{"NewH", "H handles", "ServeHTTP", "template", "net/http"} {
		if strings.Contains(src, s) {
			t.Errorf("trimmed source still has %q:\n%s", s, src)
		}
	}
}

func TestTrimPackageRewriteMustMatch(t *testing.T) {
	_, _, err := trimPackage(map[string][]byte{"p.go": []byte(fixture)},
		[]rewrite{{from: "net/http.Flusher", to: "interface{ Flush() }", want: 2}})
	if err == nil || !strings.Contains(err.Error(), "found 1 occurrences, expected 2") {
		t.Fatalf("err = %v", err)
	}
}

func TestCheckRemovedFailsOnShapeChange(t *testing.T) {
	want := expected["."]
	if err := checkRemoved(".", want); err != nil {
		t.Fatal(err)
	}
	if err := checkRemoved(".", append(slices.Clone(want), "NewThing")); err == nil || !strings.Contains(err.Error(), "would also remove NewThing") {
		t.Errorf("extra: %v", err)
	}
	if err := checkRemoved(".", want[1:]); err == nil || !strings.Contains(err.Error(), want[0]) {
		t.Errorf("missing: %v", err)
	}
	if err := checkRemoved("safehtml", []string{"X"}); err == nil {
		t.Error("a package with no expected removals removed one")
	}
}

// The pinned templ trims cleanly and the wasm then links neither net/http nor
// html/template (run checks both; the golden render test is make test-wasm-trim).
func TestRunOnPinnedTempl(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list on the wasm")
	}
	dir := t.TempDir()
	if err := run(dir, "github.com/kafkalab/kafkalab/wasm"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"wasm.mod", "wasm.sum", "templ/go.mod", "templ/runtime.go", "templ/runtime/buffer.go", "templ/.version"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	mod, _ := os.ReadFile(filepath.Join(dir, "wasm.mod"))
	if !strings.Contains(string(mod), "replace github.com/a-h/templ => "+filepath.Join(dir, "templ")) {
		t.Errorf("wasm.mod:\n%s", mod)
	}
}
