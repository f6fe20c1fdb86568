//go:build js && wasm

package main

import "github.com/hack-pad/safejs"

func main() {
	if _, err := boot(safejs.Global()); err != nil {
		reportError(safejs.Global(), err)
	}
	// Stay alive: the exported functions are called from the page for as long as
	// it is open. If main returned, lab.js would report that the program exited.
	select {}
}
