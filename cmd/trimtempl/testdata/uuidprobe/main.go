// Command uuidprobe exercises the wasm's trimmed uuid for cmd/trimtempl's
// tests: built with the trimmed module's wasm.mod, it prints what the engine
// relies on and what the trim changed.
package main

import (
	"bytes"
	"fmt"

	"github.com/google/uuid"
)

func main() {
	id, err := uuid.NewRandomFromReader(bytes.NewReader([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}))
	if err != nil {
		panic(err)
	}
	fmt.Println("from reader:", id)
	p, err := uuid.Parse(id.String())
	fmt.Println("parsed:", p, err)
	_, err = uuid.NewRandom()
	fmt.Println("NewRandom:", err)
	defer func() { fmt.Println("New panics:", recover()) }()
	uuid.New()
}
