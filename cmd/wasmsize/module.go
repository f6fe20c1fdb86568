package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// module is what wasmsize reads of a wasm binary: each defined function's
// body size and name, and the data section's size.
type module struct {
	bodies   []int          // body sizes, by defined function
	imported int            // imported functions, which come first in the index space
	names    map[int]string // function index → name
	dataSize int
}

var errTruncated = errors.New("truncated module")

// reader walks a byte slice of LEB128 values; the first error sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uleb() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > 1<<31 {
		r.err = errTruncated
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.b) {
		r.err = errTruncated
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) byte1() byte {
	if b := r.bytes(1); len(b) == 1 {
		return b[0]
	}
	return 0
}

// parseModule reads the import, code, data and name sections.
func parseModule(b []byte) (*module, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly module")
	}
	m := &module{names: map[int]string{}}
	r := &reader{b: b[8:]}
	for len(r.b) > 0 && r.err == nil {
		id := r.byte1()
		sec := &reader{b: r.bytes(r.uleb())}
		switch id {
		case 2:
			m.readImports(sec)
		case 10:
			for n := sec.uleb(); n > 0 && sec.err == nil; n-- {
				size := sec.uleb()
				sec.bytes(size)
				m.bodies = append(m.bodies, size)
			}
		case 11:
			m.dataSize = len(sec.b)
		case 0:
			if string(sec.bytes(sec.uleb())) == "name" {
				m.readNames(sec)
			}
		}
		if sec.err != nil {
			return nil, fmt.Errorf("section %d: %w", id, sec.err)
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return m, nil
}

// readImports counts the imported functions (kind 0), skipping the others.
func (m *module) readImports(r *reader) {
	for n := r.uleb(); n > 0 && r.err == nil; n-- {
		r.bytes(r.uleb()) // module
		r.bytes(r.uleb()) // name
		switch r.byte1() {
		case 0: // function: type index
			r.uleb()
			m.imported++
		case 1: // table: element type, limits
			r.byte1()
			r.limits()
		case 2: // memory: limits
			r.limits()
		case 3: // global: value type, mutability
			r.bytes(2)
		default:
			r.err = errors.New("unknown import kind")
		}
	}
}

func (r *reader) limits() {
	if r.byte1()&1 != 0 {
		r.uleb()
	}
	r.uleb()
}

// readNames reads the function names subsection (1) of the name section.
func (m *module) readNames(r *reader) {
	for len(r.b) > 0 && r.err == nil {
		id := r.byte1()
		sub := &reader{b: r.bytes(r.uleb())}
		if id != 1 {
			continue
		}
		for n := sub.uleb(); n > 0 && sub.err == nil; n-- {
			idx := sub.uleb()
			m.names[idx] = string(sub.bytes(sub.uleb()))
		}
		if sub.err != nil {
			r.err = sub.err
		}
	}
}

func (m *module) codeSize() int {
	n := 0
	for _, s := range m.bodies {
		n += s
	}
	return n
}

type row struct {
	name string
	size int
}

// sizesBy sums the body sizes by key(function name), largest first.
func (m *module) sizesBy(key func(string) string) []row {
	sums := map[string]int{}
	for i, s := range m.bodies {
		name, ok := m.names[m.imported+i]
		if !ok {
			name = fmt.Sprintf("function %d", m.imported+i)
		}
		sums[key(name)] += s
	}
	rows := make([]row, 0, len(sums))
	for k, v := range sums {
		rows = append(rows, row{k, v})
	}
	slices.SortFunc(rows, func(a, b row) int {
		if a.size != b.size {
			return b.size - a.size
		}
		return strings.Compare(a.name, b.name)
	})
	return rows
}

// packageOf is the package of a function as Go's wasm linker names it:
// the import path with '/' as '_' (github.com_a_h_templ_runtime), then '.'
// and the function; a generic instantiation's name has go.shape in it.
func packageOf(name string) string {
	off := 0
	if strings.HasPrefix(name, "github.com") || strings.HasPrefix(name, "golang.org") {
		off = len("github.com")
	}
	i := strings.IndexByte(name[off:], '.')
	if i < 0 {
		return name
	}
	pkg := name[:off+i]
	if strings.HasPrefix(pkg, "type_") || strings.HasPrefix(pkg, "type:") {
		return "type (equality and hash functions)"
	}
	if strings.Contains(name, "go.shape") {
		return pkg + " [generic]"
	}
	return pkg
}
