// Package urlquery reads and writes URL query strings (a=1&b=x+y) exactly as
// net/url's ParseQuery and Values.Encode do with Go's default settings, for
// the lab's wasm: the page sends its forms and the lessons' check parameters
// to the Go side as queries.
//
// It exists to keep net/url out of the browser build (BENCHMARKS.md, wasm
// size): net/url imports net/netip, whose package initialisation links the
// unique package's concurrent hash-trie map, and its ParseQuery consults the
// urlmaxqueryparams GODEBUG setting. Parse applies that setting's default
// instead, at most 10,000 parameters, which is all the browser build could
// see: it has no environment to set GODEBUG in. Results, errors and encodings
// are net/url's (TestParseIsParseQuery, TestEncodeIsValuesEncode and the fuzz
// targets compare them).
package urlquery
