package sim

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestQueueMatchesSortedOrder pushes, removes and pops events at random and
// checks the heap against a sorted reference.
func TestQueueMatchesSortedOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var q queue
	var ref []*event
	seq := uint64(0)
	for range 20000 {
		switch op := r.IntN(10); {
		case op < 5:
			seq++
			e := q.alloc()
			e.at, e.seq = r.Int64N(50), seq
			q.push(e)
			ref = append(ref, e)
		case op < 7 && len(ref) > 0:
			i := r.IntN(len(ref))
			q.remove(ref[i])
			q.release(ref[i])
			ref = slices.Delete(ref, i, i+1)
		default:
			slices.SortFunc(ref, func(a, b *event) int {
				if a.before(b) {
					return -1
				}
				return 1
			})
			e := q.pop()
			if len(ref) == 0 {
				require.Nil(t, e)
				continue
			}
			require.Same(t, ref[0], e)
			ref = ref[1:]
			q.release(e)
		}
		require.Equal(t, len(ref), q.len())
		for i, it := range q.heap {
			require.Equal(t, i, it.e.index)
			require.Equal(t, it.at, it.e.at)
			if i > 0 {
				require.False(t, it.before(q.heap[(i-1)/2]), "heap order broken at %d", i)
			}
		}
	}
}
