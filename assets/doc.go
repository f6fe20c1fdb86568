// Package assets embeds the lab's static files: the hand-written CSS, icons and
// the small JavaScript glue in static/, and in dist/ what `make wasm` builds (the
// lab's kafkalab.wasm with its precompressed .gz and .br copies, and the Go
// toolchain's wasm_exec.js).
//
// dist/ is never committed except for its README, so a fresh clone still builds:
// the server then answers requests for the wasm with 503 and a hint to run
// `make wasm`.
package assets
