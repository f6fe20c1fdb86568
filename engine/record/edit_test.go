package record

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSetMaxTimestamp(t *testing.T) {
	b := referenceBatch()
	raw := AppendBatch(nil, &b)
	SetMaxTimestamp(raw, 1800000000000)
	require.NoError(t, VerifyCRC(raw))

	b.MaxTimestamp = 1800000000000
	assert.Equal(t, AppendBatch(nil, &b), raw, "same bytes as encoding the new timestamp")
}

func TestSetLogAppendTime(t *testing.T) {
	b := referenceBatch()
	b.Attributes = TransactionalBit | 0x0100 // bit 8 is unused
	raw := AppendBatch(nil, &b)

	SetLogAppendTime(raw, 1800000000000)
	require.NoError(t, VerifyCRC(raw))
	got, _, err := Decode(raw)
	require.NoError(t, err)
	assert.Equal(t, TransactionalBit|LogAppendTimeBit, got.Attributes, "unused bits cleared as Kafka's computeAttributes does")
	assert.Equal(t, int64(1800000000000), got.MaxTimestamp)
	assert.Equal(t, int64(1800000000000), got.Timestamp(&got.Records[0]), "records take the append time")

	// Already LogAppendTime at that time: nothing changes, not even a CRC.
	binary.BigEndian.PutUint32(raw[crcOffset:], 0)
	SetLogAppendTime(raw, 1800000000000)
	assert.Zero(t, binary.BigEndian.Uint32(raw[crcOffset:]))
}

func TestSettersOnALogOfBatches(t *testing.T) {
	first, second := referenceBatch(), referenceBatch()
	log := AppendBatch(AppendBatch(nil, &first), &second)
	SetMaxTimestamp(log, 5) // sized by the first batch's Length only
	require.NoError(t, VerifyCRC(log))
	require.NoError(t, VerifyCRC(log[76:]))
}

func TestAttributes(t *testing.T) {
	a := Attributes(0x7f)
	assert.Equal(t, Codec(7), a.Compression())
	assert.True(t, a.LogAppendTime())
	assert.True(t, a.Transactional())
	assert.True(t, a.Control())
	assert.True(t, a.DeleteHorizonSet())
	var zero Attributes
	assert.Equal(t, None, zero.Compression())
	assert.False(t, zero.LogAppendTime() || zero.Transactional() || zero.Control() || zero.DeleteHorizonSet())

	for c, name := range []string{"none", "gzip", "snappy", "lz4", "zstd"} {
		assert.Equal(t, name, Codec(c).String())
	}
	assert.Equal(t, "codec(7)", Codec(7).String())
}

func TestBatchOffsetsAndTimestamps(t *testing.T) {
	b := Batch{BaseOffset: 100, LastOffsetDelta: 4, BaseTimestamp: 1000, MaxTimestamp: 2000}
	r := Record{OffsetDelta: 3, TimestampDelta: -7}
	assert.Equal(t, int64(104), b.LastOffset())
	assert.Equal(t, int64(103), b.Offset(&r))
	assert.Equal(t, int64(993), b.Timestamp(&r))
}

func TestControlRecords(t *testing.T) {
	key := AppendControlKey(nil, ControlCommit)
	assert.Equal(t, []byte{0, 0, 0, 1}, key)
	typ, err := ParseControlKey(key)
	require.NoError(t, err)
	assert.Equal(t, ControlCommit, typ)
	assert.Equal(t, "COMMIT", typ.String())
	assert.Equal(t, "ABORT", ControlAbort.String())
	assert.Equal(t, "UNKNOWN(9)", ControlType(9).String())

	_, err = ParseControlKey([]byte{0, 0, 0})
	require.Error(t, err)
	_, err = ParseControlKey([]byte{0xff, 0xff, 0, 0})
	require.Error(t, err)
	typ, err = ParseControlKey([]byte{0, 1, 0, 0, 9}) // a newer version with more bytes
	require.NoError(t, err)
	assert.Equal(t, ControlAbort, typ)

	value := AppendEndTxnMarker(nil, 17)
	assert.Equal(t, []byte{0, 0, 0, 0, 0, 17}, value)
	epoch, err := ParseEndTxnMarker(value)
	require.NoError(t, err)
	assert.Equal(t, int32(17), epoch)
	_, err = ParseEndTxnMarker(value[:5])
	require.Error(t, err)
}

func TestSetCreateTime(t *testing.T) {
	b := referenceBatch()
	b.Attributes = LogAppendTimeBit | TransactionalBit | 0x0100 // bit 8 is unused
	raw := AppendBatch(nil, &b)

	// A producer's LogAppendTime bit is cleared, as setMaxTimestamp(CREATE_TIME, …) does.
	SetCreateTime(raw, 1700000000005)
	require.NoError(t, VerifyCRC(raw))
	got, _, err := Decode(raw)
	require.NoError(t, err)
	assert.Equal(t, TransactionalBit, got.Attributes)
	assert.Equal(t, int64(1700000000005), got.MaxTimestamp)

	// Already CreateTime with that maximum: nothing changes, not even a CRC.
	binary.BigEndian.PutUint32(raw[crcOffset:], 0)
	SetCreateTime(raw, 1700000000005)
	assert.Zero(t, binary.BigEndian.Uint32(raw[crcOffset:]))
}
