package stdlite

import (
	"errors"
	"io"
)

// errNoSystemRandomness is what the wasm's uuid returns (or panics with)
// instead of drawing from crypto/rand, which the browser build does not link.
var errNoSystemRandomness = errors.New("uuid: no system randomness in kafkalab's wasm build: ids come from the simulation's seeded stream (uuid.NewRandomFromReader)")

// noSystemRandomness replaces crypto/rand.Reader as uuid's default random
// source in the wasm build: it always fails.
var noSystemRandomness io.Reader = failingReader{}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errNoSystemRandomness }
