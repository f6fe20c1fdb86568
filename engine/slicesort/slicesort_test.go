package slicesort

import (
	"flag"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

var seedFlag = flag.Uint64("seed", 0, "replay TestSameOrderAsSlices with this seed")

type pair struct {
	key int
	id  int
}

func byKey(a, b pair) int { return a.key - b.key }

// TestSameOrderAsSlices checks that Func and StableFunc leave equal elements
// exactly where slices.SortFunc and slices.SortStableFunc do, so that
// switching a call site changes no output.
func TestSameOrderAsSlices(t *testing.T) {
	seed := *seedFlag
	if seed == 0 {
		seed = rand.Uint64()
	}
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 0))
	for n := range 300 {
		in := make([]pair, n)
		for i := range in {
			in[i] = pair{key: r.IntN(n/3 + 1), id: i}
		}
		want, got := slices.Clone(in), slices.Clone(in)
		slices.SortFunc(want, byKey)
		Func(got, byKey)
		if !slices.Equal(want, got) {
			t.Fatalf("seed %d n %d: Func order differs from slices.SortFunc", seed, n)
		}
		want, got = slices.Clone(in), slices.Clone(in)
		slices.SortStableFunc(want, byKey)
		StableFunc(got, byKey)
		if !slices.Equal(want, got) {
			t.Fatalf("seed %d n %d: StableFunc order differs from slices.SortStableFunc", seed, n)
		}
	}
}

func TestSortedFunc(t *testing.T) {
	m := map[int]pair{3: {3, 0}, 1: {1, 1}, 2: {2, 2}}
	got := SortedFunc(maps.Values(m), byKey)
	if want := []pair{{1, 1}, {2, 2}, {3, 0}}; !slices.Equal(got, want) {
		t.Fatalf("SortedFunc = %v, want %v", got, want)
	}
}
