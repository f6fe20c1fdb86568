// Package engine_test holds checks that span every package of the engine.
// The engine directory has no Go package of its own; this test-only package
// exists to enforce the engine's one rule (see /DESIGN.md): the engine is a
// deterministic state machine.
package engine_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// forbiddenImports maps an import path to why the engine must not use it.
// "os" is not here: engine/log's DirStorage uses a real directory. Its
// nondeterministic corners are in forbiddenCalls instead.
var forbiddenImports = map[string]string{
	"time":                       "reads the wall clock or sleeps; simulated time is int64 ms from sim.Env.Now",
	"math/rand":                  "global randomness; use a math/rand/v2 stream from sim.Env.Rand",
	"crypto/rand":                "true randomness; use sim.Env.Rand or sim.Env.NewUUID",
	"hash/maphash":               "seeded randomly per process",
	"sync":                       "the engine is single-threaded",
	"sync/atomic":                "the engine is single-threaded",
	"unsafe":                     "breaks memory safety and portability between native and wasm",
	"runtime":                    "scheduler and memory state differ between runs",
	"syscall":                    "OS access",
	"syscall/js":                 "browser access belongs in wasm/",
	"github.com/hack-pad/safejs": "browser access belongs in wasm/",
	"net":                        "network access; messages go through sim.Network",
	"os/exec":                    "starts processes",
	"os/signal":                  "OS signals",
	"log":                        "writes wall-clock timestamps to stderr; use sim.Env.Record",
	"log/slog":                   "writes wall-clock timestamps; use sim.Env.Record",
}

// forbiddenImportPrefixes are import path prefixes forbidden like forbiddenImports.
var forbiddenImportPrefixes = map[string]string{
	"net/": "network access; messages go through sim.Network",
}

// forbiddenCalls maps an import path to the package-level functions of it
// the engine must not call, and why.
var forbiddenCalls = map[string]struct {
	funcs  []string
	reason string
}{
	"github.com/google/uuid": {
		[]string{"New", "NewString", "NewRandom", "Must", "NewUUID", "NewV6", "NewV7", "NewV7FromReader",
			"NewDCEGroup", "NewDCEPerson", "NewDCESecurity", "SetRand", "EnableRandPool", "DisableRandPool"},
		"draws from crypto/rand or the clock; use sim.Env.NewUUID",
	},
	"os": {
		[]string{"Getenv", "LookupEnv", "Environ", "Getpid", "Getppid", "Hostname", "Getuid", "Executable"},
		"depends on the machine, not the seed",
	},
}

// allowedRandCalls are the math/rand/v2 functions that do not touch the
// global source: constructors of seeded generators.
var allowedRandCalls = []string{"New", "NewPCG", "NewChaCha8", "NewZipf"}

// allowed lists known, justified exceptions as "path/from/engine.go: rule"
// → why. Keep it empty if you can; every entry must still match a
// violation, so fixed code forces its entry out.
var allowed = map[string]string{}

func TestEngineIsDeterministic(t *testing.T) {
	var violations []string
	files := 0
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		files++
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		vs, err := check(filepath.ToSlash(p), src)
		if err != nil {
			return err
		}
		violations = append(violations, vs...)
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, files, 10, "the walk found the engine's files")

	used := map[string]bool{}
	for _, v := range violations {
		if key := allowKey(v); allowed[key] != "" {
			used[key] = true
			continue
		}
		t.Errorf("%s", v)
	}
	for key := range allowed {
		assert.True(t, used[key], "allowed entry %q matches no violation any more: remove it", key)
	}
}

// allowKey turns "engine/x.go:12: rule: detail" into "x.go: rule".
func allowKey(v string) string {
	file, rest, _ := strings.Cut(v, ":")
	_, rest, _ = strings.Cut(rest, ": ")
	rule, _, _ := strings.Cut(rest, ":")
	return file + ": " + rule
}

// check returns the rule violations in one Go source file, each as
// "file:line: rule: detail".
func check(name string, src []byte) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var out []string
	report := func(pos token.Pos, rule, detail string) {
		p := fset.Position(pos)
		out = append(out, fmt.Sprintf("%s:%d: %s: %s", p.Filename, p.Line, rule, detail))
	}

	local := map[string]string{} // local package name → import path
	for _, imp := range f.Imports {
		ip, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			return nil, err
		}
		if why, ok := forbiddenImports[ip]; ok {
			report(imp.Pos(), "forbidden import "+strconv.Quote(ip), why)
		}
		for prefix, why := range forbiddenImportPrefixes {
			if strings.HasPrefix(ip, prefix) {
				report(imp.Pos(), "forbidden import "+strconv.Quote(ip), why)
			}
		}
		local[importName(imp, ip)] = ip
	}

	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			report(n.Pos(), "go statement", "the engine starts no goroutines")
		case *ast.SelectStmt:
			report(n.Pos(), "select statement", "Go's select chooses at random")
		case *ast.ChanType:
			report(n.Pos(), "channel type", "the engine is single-threaded; use the event queue")
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			x, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			ip := local[x.Name]
			if ip == "math/rand/v2" && !slices.Contains(allowedRandCalls, sel.Sel.Name) {
				report(n.Pos(), "call of "+x.Name+"."+sel.Sel.Name, "uses the global random source; use sim.Env.Rand")
			}
			if fc, ok := forbiddenCalls[ip]; ok && slices.Contains(fc.funcs, sel.Sel.Name) {
				report(n.Pos(), "call of "+x.Name+"."+sel.Sel.Name, fc.reason)
			}
		}
		return true
	})
	return out, nil
}

// importName returns the name a file uses for an import: its alias, or the
// last element of the path that is not a major version suffix. Packages
// named differently from their path (rare) need an alias to be checked.
func importName(imp *ast.ImportSpec, ip string) string {
	if imp.Name != nil {
		return imp.Name.Name
	}
	base := path.Base(ip)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(ip))
	}
	return base
}

// TestCheckCatchesViolations makes sure the checker is not vacuous: each
// rule fires on a small bad file, and a clean file passes.
func TestCheckCatchesViolations(t *testing.T) {
	bad := `package bad

import (
	"crypto/rand"
	mrand "math/rand"
	"math/rand/v2"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/google/uuid"
)

var mu sync.Mutex

func f(ch chan int) {
	go func() {}()
	select {}
	_ = time.Now()
	_ = rand.IntN(3)
	_ = uuid.New()
	_ = uuid.Must(uuid.NewRandom())
	_ = os.Getenv("HOME")
	_ = mrand.Int()
	_ = http.Get
}
`
	vs, err := check("bad.go", []byte(bad))
	require.NoError(t, err)
	want := []string{
		`bad.go:4: forbidden import "crypto/rand"`,
		`bad.go:5: forbidden import "math/rand"`,
		`bad.go:7: forbidden import "net/http"`,
		`bad.go:9: forbidden import "sync"`,
		`bad.go:10: forbidden import "time"`,
		`bad.go:17: channel type`,
		`bad.go:18: go statement`,
		`bad.go:19: select statement`,
		`bad.go:21: call of rand.IntN`,
		`bad.go:22: call of uuid.New`,
		`bad.go:23: call of uuid.Must`,
		`bad.go:23: call of uuid.NewRandom`,
		`bad.go:24: call of os.Getenv`,
	}
	var got []string
	for _, v := range vs {
		file, rest, _ := strings.Cut(v, ": ")
		rule, _, _ := strings.Cut(rest, ": ")
		got = append(got, file+": "+rule)
	}
	assert.Equal(t, want, got)

	good := `package good

import (
	"math/rand/v2"
	"os"

	"github.com/google/uuid"
)

func f(r *rand.Rand) (uuid.UUID, error) {
	_ = rand.New(rand.NewPCG(1, 2))
	_, _ = os.ReadFile("x")
	return uuid.NewRandomFromReader(nil)
}
`
	vs, err = check("good.go", []byte(good))
	require.NoError(t, err)
	assert.Empty(t, vs)
	assert.Equal(t, "x.go: call of uuid.New", allowKey("x.go:3: call of uuid.New: draws from crypto/rand"))
}
