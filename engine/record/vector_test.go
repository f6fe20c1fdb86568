package record

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referenceHex is the hand-built batch of KAFKA-REFERENCE.md §1.4, checked
// there against franz-go's kmsg and Go's crc32.Castagnoli.
const referenceHex = `
0000000000000000 00000040 00000000 02 a58bbf9f 0000 00000000
0000018bcfe56800 0000018bcfe56800 ffffffffffffffff ffff ffffffff 00000001
1c 00 00 00 06 6b6579 0a 68656c6c6f 00`

func referenceBytes(t testing.TB) []byte {
	b, err := hex.DecodeString(strings.Join(strings.Fields(referenceHex), ""))
	require.NoError(t, err)
	require.Len(t, b, 76)
	return b
}

func referenceBatch() Batch {
	return Batch{
		BaseOffset:    0,
		BaseTimestamp: 1700000000000,
		MaxTimestamp:  1700000000000,
		ProducerID:    -1,
		ProducerEpoch: -1,
		BaseSequence:  -1,
		Records:       []Record{{Key: []byte("key"), Value: []byte("hello")}},
	}
}

func TestReferenceVectorEncode(t *testing.T) {
	b := referenceBatch()
	got := AppendBatch(nil, &b)
	assert.Equal(t, hex.EncodeToString(referenceBytes(t)), hex.EncodeToString(got))

	// Appending after existing bytes leaves them alone and encodes the same.
	prefix := []byte("prefix")
	got = AppendBatch(prefix, &b)
	assert.Equal(t, "prefix", string(got[:6]))
	assert.Equal(t, referenceBytes(t), got[6:])
}

func TestReferenceVectorDecode(t *testing.T) {
	raw := referenceBytes(t)
	got, n, err := Decode(raw)
	require.NoError(t, err)
	assert.Equal(t, 76, n)
	assert.Equal(t, referenceBatch(), got)

	h, err := ParseHeader(raw)
	require.NoError(t, err)
	assert.Equal(t, BatchHeader{
		BaseOffset: 0, Length: 64, PartitionLeaderEpoch: 0, Magic: 2, CRC: 0xa58bbf9f,
		Attributes: 0, LastOffsetDelta: 0, BaseTimestamp: 1700000000000, MaxTimestamp: 1700000000000,
		ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1, RecordCount: 1,
	}, h)
	assert.Equal(t, 76, h.Size())
	assert.Equal(t, int64(0), h.LastOffset())
	require.NoError(t, VerifyCRC(raw))

	vh, err := Validate(raw)
	require.NoError(t, err)
	assert.Equal(t, h, vh)
}
