// Package lessons holds the lab's lessons as data and loads them.
//
// Each lesson is one Markdown file with YAML front matter, written once per
// language under en/ and zh/ with the same file name. Teachers add or edit
// lessons without touching Go: the files are embedded into the server binary and
// parsed once at start-up, as A Tour of Go does with its articles. A file with
// an error is reported with its path and line and left out; the other lessons
// are still served.
package lessons
