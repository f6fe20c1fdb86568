package stdlite

import "io"

// WriteString is templ/runtime.WriteString, which every generated component
// calls for its literal markup, with templ's development mode off, as it
// always is in the browser: the mode is the TEMPL_DEV_MODE environment
// variable of a server run by `templ generate --watch`, which re-reads the
// markup from text files on disk, and the page has neither. With the mode the
// wasm would link the file system, path and symlink code that reading needs.
// The index (the string's place in those files) is unused, as in templ when
// the mode is off.
func WriteString(w io.Writer, index int, s string) (err error) {
	_, err = io.WriteString(w, s)
	return err
}
