package record

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The varint vectors derived in KAFKA-REFERENCE.md §1.3 from ByteUtils.java.
func TestVarintReferenceVectors(t *testing.T) {
	for _, tc := range []struct {
		v   int32
		hex string
	}{
		{0, "00"}, {-1, "01"}, {1, "02"}, {63, "7e"}, {64, "8001"}, {-65, "8101"}, {300, "d804"},
	} {
		got := AppendVarint(nil, tc.v)
		assert.Equal(t, tc.hex, hex.EncodeToString(got), "AppendVarint(%d)", tc.v)
		assert.Equal(t, len(got), VarintLen(tc.v), "VarintLen(%d)", tc.v)
		v, n := Varint(got)
		assert.Equal(t, tc.v, v)
		assert.Equal(t, len(got), n)

		// A varlong of the same value has the same bytes.
		assert.Equal(t, tc.hex, hex.EncodeToString(AppendVarlong(nil, int64(tc.v))))
	}
}

// Kafka's zigzag varints are the bytes Go's encoding/binary.PutVarint
// writes, which gives an independent check at the boundaries.
func TestVarintMatchesEncodingBinary(t *testing.T) {
	var values []int64
	for shift := range 64 {
		for _, d := range []int64{-1, 0, 1} {
			values = append(values, int64(1)<<shift+d, -(int64(1)<<shift)+d)
		}
	}
	values = append(values, math.MaxInt64, math.MinInt64, math.MaxInt32, math.MinInt32)
	for _, v := range values {
		want := binary.AppendVarint(nil, v)
		got := AppendVarlong(nil, v)
		require.Equal(t, want, got, "varlong %d", v)
		require.Equal(t, len(want), VarlongLen(v))
		dv, n := Varlong(got)
		require.Equal(t, v, dv)
		require.Equal(t, len(got), n)

		if v == int64(int32(v)) {
			got := AppendVarint(nil, int32(v))
			require.Equal(t, want, got, "varint %d", v)
			require.Equal(t, len(want), VarintLen(int32(v)))
			dv, n := Varint(got)
			require.Equal(t, int32(v), dv)
			require.Equal(t, len(got), n)
		}
	}
	assert.Equal(t, 5, VarintLen(math.MinInt32))
	assert.Equal(t, 10, VarlongLen(math.MinInt64))
}

func TestVarintMalformed(t *testing.T) {
	for _, tc := range []struct {
		name string
		hex  string
		n    int
	}{
		{"empty", "", 0},
		{"unterminated", "80", 0},
		{"unterminated four bytes", "80808080", 0},
		{"padded zero", "8000", -2},
		{"padded one", "8280808000", -5},
		{"33 bits", "ffffffff1f", -5},
		{"continuation in fifth byte", "ffffffff8f01", -5},
		{"six bytes", "808080808001", -5},
	} {
		b, err := hex.DecodeString(tc.hex)
		require.NoError(t, err)
		v, n := Varint(b)
		assert.Equal(t, tc.n, n, tc.name)
		assert.Zero(t, v, tc.name)
	}
	for _, tc := range []struct {
		name string
		hex  string
		n    int
	}{
		{"empty", "", 0},
		{"unterminated", "ff", 0},
		{"padded", "ff00", -2},
		{"65 bits", "ffffffffffffffffff03", -10},
		{"eleven bytes", "8080808080808080808001", -10},
	} {
		b, err := hex.DecodeString(tc.hex)
		require.NoError(t, err)
		v, n := Varlong(b)
		assert.Equal(t, tc.n, n, tc.name)
		assert.Zero(t, v, tc.name)
	}
}

func FuzzVarint(f *testing.F) {
	for _, s := range []string{"", "00", "01", "7e", "8001", "8101", "d804", "8000", "ffffffff0f", "ffffffff1f", "ffffffffffffffffff01", "ffffffffffffffffff02"} {
		b, _ := hex.DecodeString(s)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if v, n := Varint(b); n > 0 {
			// Accepted bytes are canonical: they re-encode identically and
			// agree with encoding/binary.
			if got := AppendVarint(nil, v); string(got) != string(b[:n]) {
				t.Fatalf("Varint(%x) = %d, %d; re-encodes as %x", b, v, n, got)
			}
			if w, wn := binary.Varint(b); w != int64(v) || wn != n {
				t.Fatalf("Varint(%x) = %d, %d; encoding/binary says %d, %d", b, v, n, w, wn)
			}
		} else if n < -5 || (n == 0 && len(b) >= 5) {
			t.Fatalf("Varint(%x): n = %d", b, n)
		}
		if v, n := Varlong(b); n > 0 {
			if got := AppendVarlong(nil, v); string(got) != string(b[:n]) {
				t.Fatalf("Varlong(%x) = %d, %d; re-encodes as %x", b, v, n, got)
			}
			if w, wn := binary.Varint(b); w != v || wn != n {
				t.Fatalf("Varlong(%x) = %d, %d; encoding/binary says %d, %d", b, v, n, w, wn)
			}
		} else if n < -10 || (n == 0 && len(b) >= 10) {
			t.Fatalf("Varlong(%x): n = %d", b, n)
		}
	})
}
