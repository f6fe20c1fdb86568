package slicesort

import (
	"iter"
	"slices"
	"sort"
)

// Func sorts s in ascending order as determined by cmp, like slices.SortFunc:
// cmp(a, b) is negative when a sorts before b. The sort is not stable.
func Func[T any](s []T, cmp func(a, b T) int) {
	sort.Slice(s, func(i, j int) bool { return cmp(s[i], s[j]) < 0 })
}

// StableFunc sorts s like Func, keeping equal elements in their original
// order, like slices.SortStableFunc.
func StableFunc[T any](s []T, cmp func(a, b T) int) {
	sort.SliceStable(s, func(i, j int) bool { return cmp(s[i], s[j]) < 0 })
}

// SortedFunc collects seq into a new slice and sorts it with Func, like
// slices.SortedFunc.
func SortedFunc[T any](seq iter.Seq[T], cmp func(a, b T) int) []T {
	s := slices.Collect(seq)
	Func(s, cmp)
	return s
}
