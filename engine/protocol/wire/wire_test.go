package wire

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClassicRoundTrip(t *testing.T) {
	b := AppendString(nil, "topic")
	b = AppendNullableString(b, "")
	b = AppendBytes(b, []byte{1, 2})
	b = AppendNullableBytes(b, nil)
	r := NewReader(b)
	assert.Equal(t, "topic", r.String(false))
	assert.Equal(t, "", r.NullableString(false))
	assert.Equal(t, []byte{1, 2}, r.Bytes(false))
	assert.Nil(t, r.NullableBytes(false))
	require.NoError(t, r.Err())
	assert.Zero(t, r.Remaining())
}

func TestCompactLengthsAndTags(t *testing.T) {
	// Compact string "ab" (length 2 encoded as 3), null compact string (0),
	// a tag section with one 2-byte tag, then an int32.
	r := NewReader([]byte{3, 'a', 'b', 0, 1, 7, 2, 0xAA, 0xBB, 0, 0, 0, 9})
	assert.Equal(t, "ab", r.String(true))
	assert.Equal(t, "", r.NullableString(true))
	r.SkipTags()
	assert.Equal(t, int32(9), r.Int32())
	require.NoError(t, r.Err())
}

// Corrupt lengths are errors, never large allocations, and the first error
// sticks.
func TestCorruptInput(t *testing.T) {
	r := NewReader([]byte{0x7f, 0xff, 0xff, 0xff})
	assert.Zero(t, r.ArrayLen(false, 4))
	require.ErrorContains(t, r.Err(), "array length")
	assert.Zero(t, r.Int16(), "reads after an error return zero")

	r = NewReader([]byte{0xff, 0xff})
	r.String(false)
	assert.ErrorContains(t, r.Err(), "null where a string is required")

	r = NewReader([]byte{0xff, 0xff, 0xff, 0xff, 0x0f})
	r.Length(true, false)
	assert.ErrorContains(t, r.Err(), "bytes left")

	r = NewReader([]byte{1, 2})
	r.Int32()
	assert.ErrorContains(t, r.Err(), "need 4 bytes, have 2")
}
