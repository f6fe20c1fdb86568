package main

import (
	"embed"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"slices"
	"strings"
)

// stdliteFiles holds the stand-ins written into trimmed packages (package stdlite's
// doc).
//
//go:embed stdlite/escape.go stdlite/sha256.go stdlite/norand.go stdlite/regexp.go stdlite/writestring.go stdlite/url.go
var stdliteFiles embed.FS

// addedPrefix names the added files in a trimmed package, so they cannot be
// mistaken for the module's own.
const addedPrefix = "kafkalab_"

// addedFile returns stdlite's file name rewritten for the package whose
// sources are src: its package clause becomes the package's, and it must
// declare no package-level name the trimmed package still declares (it may
// replace one the trim removed), nor take a file name the package has.
func addedFile(name string, src map[string][]byte, removed []string) ([]byte, error) {
	b, err := stdliteFiles.ReadFile("stdlite/" + name)
	if err != nil {
		return nil, err
	}
	if _, clash := src[addedPrefix+name]; clash {
		return nil, fmt.Errorf("the package now has a file %s%s", addedPrefix, name)
	}
	fset := token.NewFileSet()
	add, err := parser.ParseFile(fset, name, b, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	pkg := ""
	declared := map[string]bool{}
	for n, s := range src {
		f, err := parser.ParseFile(fset, n, s, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		pkg = f.Name.Name
		for _, d := range f.Decls {
			for _, u := range declUnits(d) {
				for _, n := range strings.Split(u.name, ",") {
					declared[n] = true
				}
			}
		}
	}
	if pkg == "" {
		return nil, errors.New("no Go files")
	}
	var clashes []string
	for _, d := range add.Decls {
		for _, u := range declUnits(d) {
			for _, n := range strings.Split(u.name, ",") {
				if declared[n] && !slices.Contains(removed, u.name) {
					clashes = append(clashes, n)
				}
			}
		}
	}
	if len(clashes) > 0 {
		return nil, fmt.Errorf("stdlite/%s declares %s, which the package now declares too", name, strings.Join(slices.Sorted(slices.Values(clashes)), ", "))
	}
	// The package clause is the file's first "package stdlite" line.
	clause := "package " + add.Name.Name
	off := fset.Position(add.Package).Offset
	if string(b[off:off+len(clause)]) != clause {
		return nil, fmt.Errorf("stdlite/%s: no package clause at %d", name, off)
	}
	out := append([]byte(nil), b[:off]...)
	out = append(out, "package "+pkg...)
	out = append(out, b[off+len(clause):]...)
	return out, nil
}
