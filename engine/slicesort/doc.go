// Package slicesort sorts slices with one shared, non-generic sorting
// algorithm.
//
// slices.SortFunc and slices.SortStableFunc are stenciled once per GC shape of
// the element type: every struct type the lab sorts got its own copy of
// pdqsort (or insertion sort + symMerge), about 25 KB of code each, which the
// browser's WebAssembly download paid ~20 times. Func and StableFunc keep the
// slices signatures but hand the work to sort.Slice and sort.SliceStable, whose
// single implementation swaps through reflection; what remains per element
// type is a small closure.
//
// sort.Slice and slices.SortFunc run the same pattern-defeating quicksort
// (both are generated from one template), so the order of equal elements is
// the same as before; sort.SliceStable and slices.SortStableFunc are both
// stable. Output, including golden transcripts, does not change.
//
// The reflective swap is slower per swap than the stenciled code, so sorts on
// a per-step path (the state hash, timers, the quorum's high watermark) keep
// using slices directly.
package slicesort
