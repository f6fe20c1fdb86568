// Package e2e holds the end-to-end tests: they start the real server binary,
// drive headless Chromium against it with chromedp, and assert on what the
// WebAssembly lab drew. They are behind the e2e build tag; `make test` runs them
// after building the wasm and the server. Without Chromium they are skipped with
// a loud message, except under CI=true, where that is a failure.
package e2e
