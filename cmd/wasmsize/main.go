// Command wasmsize breaks a WebAssembly module's code down by Go package:
// the size of each function body, named by the module's name section,
// summed per package (generic instantiations also per package, marked
// [generic]), with the data section's size. Build the wasm without -s -w
// (which strips the name section) and with make wasm's other flags:
//
//	GOOS=js GOARCH=wasm go build -modfile=bin/wasm-mod/wasm.mod -trimpath $(WASM_GCFLAGS) -o /tmp/k.wasm ./wasm
//	go run ./cmd/wasmsize [-funcs] [-n 40] /tmp/k.wasm
//
// (make wasm-size does both.) BENCHMARKS.md records what it showed.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	funcs := flag.Bool("funcs", false, "list functions instead of packages")
	n := flag.Int("n", 40, "how many rows to print")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: wasmsize [-funcs] [-n rows] module.wasm")
		os.Exit(2)
	}
	b, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
	m, err := parseModule(b)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
	key := packageOf
	if *funcs {
		key = func(name string) string { return name }
	}
	fmt.Printf("code %d B, data section %d B\n", m.codeSize(), m.dataSize)
	for i, r := range m.sizesBy(key) {
		if i == *n {
			break
		}
		fmt.Printf("%9d  %s\n", r.size, r.name)
	}
}
