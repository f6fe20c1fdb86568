//go:build js && wasm

// Command wasm is the lab's WebAssembly client: the thin adapter between the
// page and the Go code. It finds its mount point, renders the web package's
// templ components into it, exposes a small API to the page as
// globalThis.kafkalab, and turns every Go panic or JavaScript error at the
// boundary into the page's visible error banner, so the lab never dies silently.
//
// It holds no Kafka logic. Every JavaScript call goes through hack-pad/safejs,
// which returns errors where syscall/js would panic; safejs does not guard
// callbacks, so each exported function recovers its own panics (a panic that
// escapes a callback wedges the Go runtime's event handling).
//
// Long work (a terminal command, a frame's replay) runs on its own goroutine
// and gives the page back every 40 ms, 20 ms for a frame's or a seek's
// replay (long.go, seek.go), so a 100,000-record perf
// test neither freezes the tab nor changes the run: the pauses fall between
// simulation steps, and Ctrl-C stops the command exactly. Time travel (back,
// the slider, a step onto a command) that replays a long stretch does the
// same as a seek in pieces (seek.go): it shows its progress by the slider,
// the latest target wins, and it lands where a replay in one go would.
package main
