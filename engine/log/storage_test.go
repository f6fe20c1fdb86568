package log

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStoragesAgree drives MemStorage and DirStorage with the same random
// appends, truncations and reads and checks both against a plain byte slice.
func TestStoragesAgree(t *testing.T) {
	dir, err := NewDirStorage(t.TempDir())
	require.NoError(t, err)
	defer dir.Close()
	stores := []Storage{NewMemStorage(), dir}
	rng := rand.New(rand.NewPCG(7, 7))
	var model []byte
	for step := range 400 {
		switch op := rng.IntN(10); {
		case op < 6:
			// Sizes from tiny to several chunks.
			n := rng.IntN(1 << (4 + rng.IntN(18)))
			p := make([]byte, n)
			for i := range p {
				p[i] = byte(rng.Uint32())
			}
			for _, st := range stores {
				require.NoError(t, st.Append("f", p))
			}
			model = append(model, p...)
		case op < 8 && len(model) > 0:
			size := rng.Int64N(int64(len(model)) + 1)
			for _, st := range stores {
				require.NoError(t, st.Truncate("f", size))
			}
			model = model[:size]
		default:
			for _, st := range stores {
				require.NoError(t, st.Append("f", nil))
			}
		}
		for _, st := range stores {
			n, err := st.Size("f")
			require.NoError(t, err)
			require.Equal(t, int64(len(model)), n, "step %d", step)
			if len(model) > 0 {
				off := rng.Int64N(int64(len(model)))
				p := make([]byte, rng.Int64N(int64(len(model))-off+1))
				require.NoError(t, st.ReadAt("f", p, off))
				require.True(t, bytes.Equal(model[off:off+int64(len(p))], p), "step %d read %d at %d", step, len(p), off)
				require.Error(t, st.ReadAt("f", make([]byte, 2), int64(len(model))-1))
			}
		}
	}
	b, _ := stores[0].(*MemStorage).Bytes("f")
	require.Equal(t, model, b)
	for _, st := range stores {
		names, err := st.List()
		require.NoError(t, err)
		require.Equal(t, []string{"f"}, names)
		require.NoError(t, st.Remove("f"))
		require.NoError(t, st.Remove("f"), "removing a missing file is fine")
		_, err = st.Size("f")
		require.Error(t, err)
	}
}

func TestMemStoragePowerLoss(t *testing.T) {
	m := NewMemStorage()
	m.Append("a", []byte("hello"))
	require.NoError(t, m.Sync("a"))
	m.Append("a", []byte(" world"))
	m.Append("b", []byte("never synced"))
	require.Equal(t, int64(6), m.Unsynced("a"))
	require.Equal(t, int64(12), m.Unsynced("b"))
	m.ProcessCrash()
	got, _ := m.Bytes("a")
	require.Equal(t, "hello world", string(got), "a process crash keeps the page cache")
	m.PowerLoss()
	got, _ = m.Bytes("a")
	require.Equal(t, "hello", string(got))
	_, ok := m.Bytes("b")
	require.False(t, ok, "a file never synced is gone")
	for _, pos := range []int64{0, 4095, 4096, smallRegion - 1, smallRegion, smallRegion + maxChunk} {
		i, o := chunkAt(pos)
		start := int64(0)
		for j := range i {
			start += int64(chunkCap(j))
		}
		require.Equal(t, pos, start+int64(o), "position %d", pos)
		require.Less(t, o, chunkCap(i))
	}
}
