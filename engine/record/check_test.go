package record

import (
	"errors"
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckAcceptsWhatFollowersAndRecoveryRead(t *testing.T) {
	for _, s := range shapes() {
		raw := AppendBatch(nil, &s.batch)
		h, err := Check(raw)
		require.NoError(t, err, s.name)
		want, _ := ParseHeader(raw)
		assert.Equal(t, want, h, s.name)
	}
	// A compacted batch (gaps) and an empty one pass Check but not Validate.
	compacted := newBatch([]Record{{OffsetDelta: 1, Value: []byte("v")}})
	compacted.LastOffsetDelta = 3
	empty := Batch{LastOffsetDelta: 4, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1}
	for _, b := range []Batch{compacted, empty} {
		raw := AppendBatch(nil, &b)
		_, err := Check(raw)
		require.NoError(t, err)
		_, err = Validate(raw)
		require.ErrorIs(t, err, kerr.InvalidRecord)
	}
	// What Decode rejects, Check rejects with the same error.
	bad := recordBytes(2, 1, 0x0c, 0, 0, 0, 0x01, 0x00, 0x00) // declares 2 records, holds 1
	_, _, derr := Decode(bad)
	_, cerr := Check(bad)
	require.Error(t, derr)
	assert.Equal(t, derr.Error(), cerr.Error())
}

func TestPeekHeaderNeedsOnlyTheHeader(t *testing.T) {
	b := referenceBatch()
	raw := AppendBatch(nil, &b)
	want, err := ParseHeader(raw)
	require.NoError(t, err)

	h, err := PeekHeader(raw[:HeaderSize])
	require.NoError(t, err)
	assert.Equal(t, want, h)
	_, err = ParseHeader(raw[:HeaderSize])
	require.ErrorIs(t, err, ErrTruncated, "ParseHeader wants the whole batch")

	for _, n := range []int{0, LogOverhead - 1, magicOffset, HeaderSize - 1} {
		_, err := PeekHeader(raw[:n])
		require.ErrorIs(t, err, ErrTruncated, "%d bytes", n)
		require.ErrorIs(t, err, kerr.CorruptMessage, "%d bytes", n)
	}
	short := append([]byte(nil), raw...)
	short[lengthOffset+3] = HeaderSize - LogOverhead - 1
	_, err = PeekHeader(short)
	require.ErrorIs(t, err, kerr.CorruptMessage)
	assert.False(t, errors.Is(err, ErrTruncated))
	v1 := append([]byte(nil), raw...)
	v1[magicOffset] = 1
	_, err = PeekHeader(v1)
	require.ErrorIs(t, err, kerr.CorruptMessage)
}

func TestValidateProducerBatchStats(t *testing.T) {
	// The producer claims MaxTimestamp 5; the records say otherwise, and the
	// first of the two records at the maximum counts.
	b := newBatch(seq(4, func(i int) Record { return Record{TimestampDelta: []int64{30, 70, 70, -2}[i]} }))
	b.MaxTimestamp = 5
	raw := AppendBatch(nil, &b)
	h, stats, err := ValidateProducerBatch(raw)
	require.NoError(t, err)
	assert.Equal(t, int64(5), h.MaxTimestamp)
	assert.Equal(t, RecordStats{MaxTimestamp: b.BaseTimestamp + 70, OffsetDeltaOfMaxTimestamp: 1, MinTimestamp: b.BaseTimestamp - 2}, stats)

	// Records without timestamps: -1 everywhere, as NO_TIMESTAMP.
	none := newBatch(seq(2, func(int) Record { return Record{} }))
	none.BaseTimestamp, none.MaxTimestamp = -1, -1
	_, stats, err = ValidateProducerBatch(AppendBatch(nil, &none))
	require.NoError(t, err)
	assert.Equal(t, RecordStats{MaxTimestamp: -1, OffsetDeltaOfMaxTimestamp: -1, MinTimestamp: -1}, stats)

	// In a LogAppendTime batch every record has the batch's MaxTimestamp.
	lat := newBatch(seq(3, func(i int) Record { return Record{TimestampDelta: int64(i)} }))
	lat.Attributes, lat.MaxTimestamp = LogAppendTimeBit, 1800000000000
	_, stats, err = ValidateProducerBatch(AppendBatch(nil, &lat))
	require.NoError(t, err)
	assert.Equal(t, RecordStats{MaxTimestamp: 1800000000000, OffsetDeltaOfMaxTimestamp: 0, MinTimestamp: 1800000000000}, stats)

	_, stats, err = ValidateProducerBatch(raw[:len(raw)-1])
	require.Error(t, err)
	assert.Zero(t, stats)
}

func TestCheckPeekAndStatsDoNotAllocate(t *testing.T) {
	batch := benchBatch(100)
	raw := AppendBatch(nil, &batch)
	if n := testing.AllocsPerRun(20, func() { _, _ = Check(raw) }); n != 0 {
		t.Errorf("Check: %v allocations", n)
	}
	if n := testing.AllocsPerRun(20, func() { _, _, _ = ValidateProducerBatch(raw) }); n != 0 {
		t.Errorf("ValidateProducerBatch: %v allocations", n)
	}
	if n := testing.AllocsPerRun(20, func() { _, _ = PeekHeader(raw[:HeaderSize]) }); n != 0 {
		t.Errorf("PeekHeader: %v allocations", n)
	}
	if n := testing.AllocsPerRun(20, func() { SetCreateTime(raw, 1); SetCreateTime(raw, 2) }); n != 0 {
		t.Errorf("SetCreateTime: %v allocations", n)
	}
}
