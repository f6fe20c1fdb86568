// Package lessons holds the lab's lessons as data and loads them.
//
// Each lesson is one Markdown file with YAML front matter, written once per
// language under en/ and zh/ with the same file name. Teachers add or edit
// lessons without touching Go: the files are embedded into the server binary and
// parsed once at start-up, as A Tour of Go does with its articles. A file with
// an error is reported with its path and line and left out; the other lessons
// are still served.
//
// In the browser a step's live lab replays the lesson from its scenario
// (LabConfig, Prelude; browser.go). Simplification: the lab's checks that
// remember history (acked_write_lost, records_redelivered, records_skipped)
// look at the learner's run after each of their inputs and when checked, as
// the test looks after each command; a write lost and rewritten between two
// of those looks is not seen.
package lessons
