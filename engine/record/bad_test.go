package record

import (
	"encoding/binary"
	"errors"
	"math"
	"runtime"
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reseal recomputes the CRC of a batch whose bytes a test edited, so that
// the edit, not the CRC, is what the decoder sees.
func reseal(b []byte) []byte {
	putCRC(b[:int(binary.BigEndian.Uint32(b[lengthOffset:]))+LogOverhead])
	return b
}

// checkRejected asserts that Decode, Validate and (where the header is at
// fault) ParseHeader and VerifyCRC reject raw with an error matching want.
func checkRejected(t *testing.T, raw []byte, want error) {
	t.Helper()
	_, n, err := Decode(raw)
	require.ErrorIs(t, err, want, "Decode")
	assert.Zero(t, n)
	_, err = Validate(raw)
	require.ErrorIs(t, err, want, "Validate")
	assert.Contains(t, err.Error(), "record: ")
}

func TestEveryTruncationIsRejected(t *testing.T) {
	b := newBatch(seq(3, func(i int) Record {
		return Record{Key: []byte("key"), Value: []byte("value"), Headers: []Header{{Key: "h", Value: []byte("v")}}}
	}))
	raw := AppendBatch(nil, &b)
	for n := range len(raw) {
		_, err := ParseHeader(raw[:n])
		require.ErrorIs(t, err, ErrTruncated, "ParseHeader of %d bytes", n)
		require.ErrorIs(t, err, kerr.CorruptMessage, "ParseHeader of %d bytes", n)
		require.ErrorIs(t, VerifyCRC(raw[:n]), ErrTruncated)
		checkRejected(t, raw[:n], ErrTruncated)
	}
}

// A batch whose Length is cut short, with the CRC recomputed, leaves a
// record incomplete: a bad record inside a sound frame, INVALID_RECORD.
func TestShortLengthIsInvalidRecord(t *testing.T) {
	b := newBatch(seq(3, func(i int) Record { return Record{Key: []byte("key"), Value: []byte("value")} }))
	raw := AppendBatch(nil, &b)
	for cut := 1; cut < len(raw)-HeaderSize; cut++ {
		short := append([]byte(nil), raw[:len(raw)-cut]...)
		binary.BigEndian.PutUint32(short[lengthOffset:], uint32(len(short)-LogOverhead))
		checkRejected(t, reseal(short), kerr.InvalidRecord)
	}
}

func TestEveryBitFlipIsRejected(t *testing.T) {
	b := newBatch(seq(2, func(i int) Record { return Record{Key: []byte("k"), Value: []byte("v")} }))
	raw := AppendBatch(nil, &b)
	for i := attributesOffset; i < len(raw); i++ {
		for bit := range 8 {
			flipped := append([]byte(nil), raw...)
			flipped[i] ^= 1 << bit
			require.ErrorIs(t, VerifyCRC(flipped), kerr.CorruptMessage, "byte %d bit %d", i, bit)
			checkRejected(t, flipped, kerr.CorruptMessage)
		}
	}
	// The CRC field itself.
	for i := crcOffset; i < attributesOffset; i++ {
		flipped := append([]byte(nil), raw...)
		flipped[i] ^= 0x10
		err := VerifyCRC(flipped)
		require.ErrorIs(t, err, kerr.CorruptMessage)
		assert.Contains(t, err.Error(), "crc")
	}
}

func TestHeaderFieldsOutsideTheCRC(t *testing.T) {
	b := referenceBatch()
	raw := AppendBatch(nil, &b)
	SetBaseOffset(raw, 1234)
	SetPartitionLeaderEpoch(raw, 56)
	require.NoError(t, VerifyCRC(raw))
	got, _, err := Decode(raw)
	require.NoError(t, err)
	assert.Equal(t, int64(1234), got.BaseOffset)
	assert.Equal(t, int32(56), got.PartitionLeaderEpoch)
}

func TestBadHeaders(t *testing.T) {
	good := func() []byte { b := referenceBatch(); return AppendBatch(nil, &b) }
	for _, tc := range []struct {
		name string
		edit func(b []byte) []byte
		want error
	}{
		{"magic 1", func(b []byte) []byte { b[magicOffset] = 1; return b }, kerr.CorruptMessage},
		{"magic 3", func(b []byte) []byte { b[magicOffset] = 3; return b }, kerr.CorruptMessage},
		{"negative length", func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[lengthOffset:], uint32(0xffffffff))
			return b
		}, kerr.CorruptMessage},
		{"min int32 length", func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[lengthOffset:], 1<<31)
			return b
		}, kerr.CorruptMessage},
		{"length below header", func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[lengthOffset:], 48)
			return b
		}, kerr.CorruptMessage},
		{"length beyond buffer", func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[lengthOffset:], math.MaxInt32)
			return b
		}, ErrTruncated},
		{"gzip", func(b []byte) []byte { b[attributesOffset+1] |= byte(Gzip); return reseal(b) }, kerr.UnsupportedCompressionType},
		{"zstd", func(b []byte) []byte { b[attributesOffset+1] |= byte(Zstd); return reseal(b) }, kerr.UnsupportedCompressionType},
		{"codec 7", func(b []byte) []byte { b[attributesOffset+1] |= 7; return reseal(b) }, kerr.UnsupportedCompressionType},
		{"negative count", func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[recordCountOffset:], uint32(0xffffffff))
			return reseal(b)
		}, kerr.InvalidRecord},
		{"count too high", func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[recordCountOffset:], 2)
			return reseal(b)
		}, kerr.InvalidRecord},
		{"count zero with records", func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[recordCountOffset:], 0)
			return reseal(b)
		}, kerr.InvalidRecord},
		{"offset delta beyond last offset delta", func(b []byte) []byte {
			b[HeaderSize+3] = 0x02 // the record's offset delta: 0 → 1
			return reseal(b)
		}, kerr.InvalidRecord},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkRejected(t, tc.edit(good()), tc.want)
		})
	}
	_, err := ParseHeader(func() []byte { b := good(); b[magicOffset] = 0; return b }())
	require.ErrorIs(t, err, kerr.CorruptMessage)
	assert.Equal(t, "CORRUPT_MESSAGE: record: batch has magic 0; only magic 2 is supported", err.Error())
	assert.False(t, errors.Is(err, ErrTruncated))
}

// recordBytes builds a batch around hand-written record bytes, with a
// correct CRC, so that tests reach the record reader.
func recordBytes(count, lastOffsetDelta int32, records ...byte) []byte {
	b := AppendBatch(nil, &Batch{LastOffsetDelta: lastOffsetDelta, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1})
	b = append(b, records...)
	binary.BigEndian.PutUint32(b[lengthOffset:], uint32(len(b)-LogOverhead))
	binary.BigEndian.PutUint32(b[recordCountOffset:], uint32(count))
	return reseal(b)
}

func TestBadRecords(t *testing.T) {
	// The good record: length 6, attributes, ts delta 0, offset delta 0,
	// null key, empty value, no headers.
	ok := recordBytes(1, 0, 0x0c, 0, 0, 0, 0x01, 0x00, 0x00)
	_, err := Validate(ok)
	require.NoError(t, err)

	for _, tc := range []struct {
		name string
		raw  []byte
	}{
		{"negative record length", recordBytes(1, 0, 0x01, 0, 0, 0, 0x01, 0x00, 0x00)},
		{"record length beyond batch", recordBytes(1, 0, 0x0e, 0, 0, 0, 0x01, 0x00, 0x00)},
		{"record length short of fields", recordBytes(1, 0, 0x0a, 0, 0, 0, 0x01, 0x00, 0x00)},
		{"record length past fields", recordBytes(1, 0, 0x0e, 0, 0, 0, 0x01, 0x00, 0x00, 0x00)},
		{"zero record length", recordBytes(1, 0, 0x00)},
		{"record length varint overflows", recordBytes(1, 0, 0xff, 0xff, 0xff, 0xff, 0x7f)},
		{"record length varint padded", recordBytes(1, 0, 0x8c, 0x00, 0, 0, 0, 0x01, 0x00, 0x00)},
		{"timestamp varlong overflows", recordBytes(1, 0, 0x1a, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 0x01, 0x00, 0x00)},
		{"timestamp varlong unterminated", recordBytes(1, 0, 0x06, 0, 0xff, 0xff)},
		{"key length -2", recordBytes(1, 0, 0x0c, 0, 0, 0, 0x03, 0x00, 0x00)},
		{"key longer than record", recordBytes(1, 0, 0x0c, 0, 0, 0, 0x08, 0x00, 0x00)},
		{"value length -2", recordBytes(1, 0, 0x0c, 0, 0, 0, 0x01, 0x03, 0x00)},
		{"negative header count", recordBytes(1, 0, 0x0c, 0, 0, 0, 0x01, 0x00, 0x01)},
		{"absurd header count", recordBytes(1, 0, 0x14, 0, 0, 0, 0x01, 0x00, 0xfe, 0xff, 0xff, 0xff, 0x0f)},
		{"null header key", recordBytes(1, 0, 0x10, 0, 0, 0, 0x01, 0x00, 0x02, 0x01, 0x00)},
		{"header key longer than record", recordBytes(1, 0, 0x10, 0, 0, 0, 0x01, 0x00, 0x02, 0x04, 0x00)},
		{"header value length -2", recordBytes(1, 0, 0x10, 0, 0, 0, 0x01, 0x00, 0x02, 0x00, 0x03)},
		{"header value longer than record", recordBytes(1, 0, 0x10, 0, 0, 0, 0x01, 0x00, 0x02, 0x00, 0x04)},
		{"fewer records than count", recordBytes(2, 1, 0x0c, 0, 0, 0, 0x01, 0x00, 0x00)},
		{"bytes after the last record", recordBytes(1, 0, 0x0c, 0, 0, 0, 0x01, 0x00, 0x00, 0x00)},
		{"negative offset delta", recordBytes(1, 0, 0x0c, 0, 0, 0x01, 0x01, 0x00, 0x00)},
		{"repeated offset delta", recordBytes(2, 1, 0x0c, 0, 0, 0, 0x01, 0x00, 0x00, 0x0c, 0, 0, 0, 0x01, 0x00, 0x00)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkRejected(t, tc.raw, kerr.InvalidRecord)
		})
	}
}

// A forged record count must not make Decode allocate for records the bytes
// cannot hold.
func TestAbsurdCountDoesNotAllocate(t *testing.T) {
	for _, raw := range [][]byte{
		recordBytes(math.MaxInt32, math.MaxInt32-1), // 61 bytes, no records
		recordBytes(math.MaxInt32, math.MaxInt32-1, 0x0c, 0, 0, 0, 0x01, 0x00, 0x00),
	} {
		var err error
		n := allocatedBytes(func() { _, _, err = Decode(raw) })
		require.ErrorIs(t, err, kerr.InvalidRecord)
		assert.Less(t, n, uint64(4096), "bytes allocated by Decode")
		n = allocatedBytes(func() { _, err = Validate(raw) })
		require.ErrorIs(t, err, kerr.InvalidRecord)
		assert.Less(t, n, uint64(4096), "bytes allocated by Validate")
	}
}

// allocatedBytes returns how many bytes f allocates.
func allocatedBytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Validate applies a leader's rules to a client's batch; Decode accepts what
// the log cleaner writes.
func TestValidateIsStricterThanDecodeOnOffsets(t *testing.T) {
	for _, s := range shapes() {
		raw := AppendBatch(nil, &s.batch)
		_, _, err := Decode(raw)
		require.NoError(t, err, s.name)
		_, err = Validate(raw)
		switch s.name {
		case "compacted", "no records":
			require.ErrorIs(t, err, kerr.InvalidRecord, s.name)
		default:
			require.NoError(t, err, s.name)
		}
	}
	// A producer's batch whose LastOffsetDelta disagrees with its count.
	b := newBatch(seq(3, func(int) Record { return Record{} }))
	b.LastOffsetDelta = 5
	_, err := Validate(AppendBatch(nil, &b))
	require.ErrorIs(t, err, kerr.InvalidRecord)
}

func TestDecodeDoesNotAlias(t *testing.T) {
	b := newBatch(seq(2, func(int) Record {
		return Record{Key: []byte("key"), Value: []byte("value"), Headers: []Header{{Key: "h", Value: []byte("hv")}}}
	}))
	raw := AppendBatch(nil, &b)
	got, _, err := Decode(raw)
	require.NoError(t, err)
	clear(raw)
	requireSameBatch(t, b, got)

	// Appending to a decoded key must not overwrite the value after it.
	got.Records[0].Key = append(got.Records[0].Key, 'X')
	assert.Equal(t, "value", string(got.Records[0].Value))
}

// Decode reads one batch from the front of a buffer holding several, as a
// log segment does.
func TestDecodeConsecutiveBatches(t *testing.T) {
	var log []byte
	var want []Batch
	for i, s := range shapes()[:6] {
		s.batch.BaseOffset = int64(i * 10)
		want = append(want, s.batch)
		log = AppendBatch(log, &s.batch)
	}
	for i := 0; len(log) > 0; i++ {
		h, err := ParseHeader(log)
		require.NoError(t, err)
		require.NoError(t, VerifyCRC(log[:h.Size()]))
		got, n, err := Decode(log)
		require.NoError(t, err)
		require.Equal(t, h.Size(), n)
		requireSameBatch(t, want[i], got)
		log = log[n:]
	}
}
