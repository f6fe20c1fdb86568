// Package web holds the lab's templ components: the pages the server renders and
// the diagrams the WebAssembly client redraws as the engine runs.
//
// Every component is a pure function of a small view model shaped like the screen
// (ClusterVM, HomeVM, …), never of engine internals, so the same component renders
// on the server for the first paint and inside WASM for live updates. The view
// models and their layout arithmetic live in plain Go files beside the templates so
// they can be tested without a browser. templ escapes everything a learner types.
//
// The package must stay importable from GOOS=js: nothing here touches the network,
// the file system or the DOM.
package web
