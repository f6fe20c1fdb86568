package main

import (
	"fmt"
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

var httpTemplate = []string{"net/http", "html/template"}

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
	out, removed, err := trimPackage(map[string][]byte{"p.go": []byte(fixture)}, httpTemplate,
		[]rewrite{{from: "net/http.Flusher", to: "interface{ Flush() }", want: 1}}, nil)
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
	_, _, err := trimPackage(map[string][]byte{"p.go": []byte(fixture)}, httpTemplate,
		[]rewrite{{from: "net/http.Flusher", to: "interface{ Flush() }", want: 2}}, nil)
	if err == nil || !strings.Contains(err.Error(), "found 1 occurrences, expected 2") {
		t.Fatalf("err = %v", err)
	}
}

func TestCheckRemovedFailsOnShapeChange(t *testing.T) {
	for _, tr := range trims {
		want := tr.expected["."]
		if err := tr.checkRemoved(".", want); err != nil {
			t.Fatalf("%s: %v", tr.module, err)
		}
		if err := tr.checkRemoved(".", append(slices.Clone(want), "NewThing")); err == nil || !strings.Contains(err.Error(), "would also remove NewThing") {
			t.Errorf("%s: extra: %v", tr.module, err)
		}
		if err := tr.checkRemoved(".", want[1:]); err == nil || !strings.Contains(err.Error(), want[0]) {
			t.Errorf("%s: missing: %v", tr.module, err)
		}
		if err := tr.checkRemoved("safehtml", []string{"X"}); err == nil {
			t.Errorf("%s: a package with no expected removals removed one", tr.module)
		}
	}
}

const valueFixture = `package p

import (
	"crypto/rand"
	"crypto/md5"
	"encoding/json"
	"io"
)

var (
	rander = rand.Reader // random function
	other  = 2
)

func SetRand(r io.Reader) {
	if r == nil {
		rander = rand.Reader
		return
	}
	rander = r
}

func Sum(b []byte) [16]byte { return md5.Sum(b) }

type Elem struct{ v any }

var _ io.Reader = Elem{}

func (e Elem) Read(p []byte) (int, error) { return 0, nil }

func (e Elem) JSON() ([]byte, error) { return json.Marshal(e.v) }

func NewElem() Elem { return Elem{} }

func Blank() { _, _ = io.ReadFull(rander, nil) }
`

// A value rewrite keeps the line's layout; the also list removes a type, its
// methods, its users and the blank assertion naming it, but a blank identifier
// elsewhere is no reference to that assertion.
func TestTrimPackageValueRewriteAndAlso(t *testing.T) {
	out, removed, err := trimPackage(map[string][]byte{"p.go": []byte(valueFixture)},
		[]string{"crypto/rand", "crypto/md5", "encoding/json"},
		[]rewrite{{from: "crypto/rand.Reader", to: "noSystemRandomness", want: 2}}, []string{"Elem"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Elem", "Elem.JSON", "Elem.Read", "NewElem", "Sum", "_"}
	if !slices.Equal(removed, want) {
		t.Fatalf("removed %v, want %v", removed, want)
	}
	src := string(out["p.go"])
	for _, s := range []string{"rander = noSystemRandomness // random function", "\t\trander = noSystemRandomness\n", "func SetRand(", "func Blank()", "other  = 2"} {
		if !strings.Contains(src, s) {
			t.Errorf("trimmed source lost %q:\n%s", s, src)
		}
	}
	for _, s := range []string{"crypto", "json", "Elem", "md5"} {
		if strings.Contains(src, s) {
			t.Errorf("trimmed source still has %q:\n%s", s, src)
		}
	}
}

func TestTrimPackageAlsoMustExist(t *testing.T) {
	_, _, err := trimPackage(map[string][]byte{"p.go": []byte(valueFixture)}, nil, nil, []string{"Gone"})
	if err == nil || !strings.Contains(err.Error(), "no declaration Gone") {
		t.Fatalf("err = %v", err)
	}
}

func TestTrimPackageRejectsBadRewrite(t *testing.T) {
	_, _, err := trimPackage(map[string][]byte{"p.go": []byte(valueFixture)}, nil,
		[]rewrite{{from: "crypto/rand.Reader", to: "a b", want: 2}}, nil)
	if err == nil || !strings.Contains(err.Error(), "rewrite crypto/rand.Reader") {
		t.Fatalf("err = %v", err)
	}
}

const regexpFixture = `package p

import "regexp"

var known = regexp.MustCompile(` + "`^[a-z]+$`" + `)

var other = regexp.MustCompile(%s)

func Match(s string) bool { return known.MatchString(s) && other.MatchString(s) }
`

// A call rewrite with args replaces only calls whose one argument is a string
// literal the replacement knows; anything else stops the trim.
func TestTrimPackageRewriteArgs(t *testing.T) {
	rw := []rewrite{{from: "regexp.MustCompile", to: "mustCompileLite", want: 2, args: []string{"^[a-z]+$", "^[0-9]*$"}}}
	src := map[string][]byte{"p.go": []byte(fmt.Sprintf(regexpFixture, "`^[0-9]*$`"))}
	out, removed, err := trimPackage(src, []string{"regexp"}, rw, nil)
	if err != nil || len(removed) != 0 {
		t.Fatalf("removed %v, err %v", removed, err)
	}
	got := string(out["p.go"])
	if strings.Contains(got, "regexp") || strings.Count(got, "mustCompileLite(") != 2 {
		t.Fatalf("trimmed source:\n%s", got)
	}
	for arg, want := range map[string]string{
		"`^x$`":           "argument `^x$` is not one the replacement knows",
		"pattern":         "not one string literal",
		`"^[0-9]*$", "b"`: "not one string literal",
	} {
		src := map[string][]byte{"p.go": []byte(fmt.Sprintf(regexpFixture, arg))}
		if _, _, err := trimPackage(src, []string{"regexp"}, rw, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("MustCompile(%s): err = %v, want %q", arg, err, want)
		}
	}
}

// The pinned templ and uuid trim cleanly and the wasm then links none of the
// forbidden packages (run checks both; the golden render test is make
// test-wasm-trim).
func TestRunOnPinnedModules(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list on the wasm")
	}
	dir := t.TempDir()
	if err := run(dir, "github.com/kafkalab/kafkalab/wasm"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"wasm.mod", "wasm.sum", "templ/go.mod", "templ/runtime.go", "templ/runtime/buffer.go", "templ/.version",
		"uuid/go.mod", "uuid/uuid.go", "uuid/kafkalab_norand.go",
		"templ/kafkalab_escape.go", "templ/kafkalab_sha256.go", "templ/runtime/kafkalab_escape.go", "templ/runtime/kafkalab_sha256.go",
		"templ/safehtml/kafkalab_regexp.go", "templ/runtime/kafkalab_writestring.go"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	mod, _ := os.ReadFile(filepath.Join(dir, "wasm.mod"))
	for _, r := range []string{"replace github.com/a-h/templ => " + filepath.Join(dir, "templ"), "replace github.com/google/uuid => " + filepath.Join(dir, "uuid")} {
		if !strings.Contains(string(mod), r) {
			t.Errorf("wasm.mod lacks %q:\n%s", r, mod)
		}
	}
}

// The wasm's uuid: ids drawn from a reader (the engine's way), parsed and
// printed as with the real package; the package's own randomness fails with
// the lab's error instead of reaching crypto/rand.
func TestTrimmedUUIDBehaves(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program against the trimmed uuid")
	}
	dir := t.TempDir()
	if err := run(dir, "github.com/kafkalab/kafkalab/wasm"); err != nil {
		t.Fatal(err)
	}
	out, err := goCmd(nil, "run", "-modfile="+filepath.Join(dir, "wasm.mod"), "./testdata/uuidprobe")
	if err != nil {
		t.Fatal(err)
	}
	const errNoSystemRandomnessText = "uuid: no system randomness in kafkalab's wasm build: ids come from the simulation's seeded stream (uuid.NewRandomFromReader)"
	want := "from reader: 00010203-0405-4607-8809-0a0b0c0d0e0f\n" +
		"parsed: 00010203-0405-4607-8809-0a0b0c0d0e0f <nil>\n" +
		"NewRandom: " + errNoSystemRandomnessText + "\n" +
		"New panics: " + errNoSystemRandomnessText + "\n"
	if string(out) != want {
		t.Fatalf("got:\n%s\nwant:\n%s", out, want)
	}
}

// An added file may declare a name only in place of one the trim removed.
func TestAddedFileReplacesOnlyRemoved(t *testing.T) {
	src := map[string][]byte{"w.go": []byte("package runtime\n\nfunc WriteString() {}\n\nfunc Other() {}\n")}
	if _, err := addedFile("writestring.go", src, []string{"Other"}); err == nil || !strings.Contains(err.Error(), "declares WriteString") {
		t.Fatalf("err = %v", err)
	}
	b, err := addedFile("writestring.go", src, []string{"WriteString"})
	if err != nil || !strings.HasPrefix(string(b), "package runtime\n") {
		t.Fatalf("err = %v\n%s", err, b)
	}
}
