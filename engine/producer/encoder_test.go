package producer

import (
	"bytes"
	"testing"

	"github.com/kafkalab/kafkalab/engine/record"
)

// TestIncrementalEncoding checks the bytes the accumulator builds record by
// record against record.AppendBatch of the same records.
func TestIncrementalEncoding(t *testing.T) {
	recs := []record.Record{
		{TimestampDelta: 0, OffsetDelta: 0, Key: []byte("k"), Value: []byte("v")},
		{TimestampDelta: 7, OffsetDelta: 1, Key: nil, Value: bytes.Repeat([]byte("x"), 300)},
		{TimestampDelta: 1 << 40, OffsetDelta: 2, Key: []byte{}, Value: nil, Headers: []record.Header{{Key: "h", Value: []byte("1")}, {Key: "", Value: nil}}},
	}
	buf := make([]byte, record.HeaderSize)
	for _, r := range recs {
		buf = appendRecordBytes(buf, r.TimestampDelta, r.OffsetDelta, r.Key, r.Value, r.Headers)
	}
	finishBatch(buf, len(recs), 1000, 1000+(1<<40))
	want := record.AppendBatch(nil, &record.Batch{BaseOffset: 0, PartitionLeaderEpoch: -1, LastOffsetDelta: 2,
		BaseTimestamp: 1000, MaxTimestamp: 1000 + (1 << 40), ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1, Records: recs})
	if !bytes.Equal(buf, want) {
		t.Fatalf("incremental encoding differs from record.AppendBatch:\n got %x\nwant %x", buf, want)
	}
	if _, _, err := record.ValidateProducerBatch(buf); err != nil {
		t.Fatal(err)
	}
}

// TestIncrementalEncodingVarints covers the encoder's varint boundaries:
// one-byte and multi-byte lengths and deltas, negative timestamp deltas,
// empty and null keys, values and header values.
func TestIncrementalEncodingVarints(t *testing.T) {
	sizes := []int{-1, 0, 1, 63, 64, 127, 128, 8191, 8192, 16384}
	deltas := []int64{0, 1, -1, 63, 64, -64, -65, 1 << 20, -(1 << 40), 1<<62 - 1}
	blob := func(n int) []byte {
		if n < 0 {
			return nil
		}
		return bytes.Repeat([]byte{'b'}, n)
	}
	var recs []record.Record
	for i, ks := range sizes {
		vs := sizes[(i+3)%len(sizes)]
		r := record.Record{TimestampDelta: deltas[i%len(deltas)], OffsetDelta: int32(len(recs)), Key: blob(ks), Value: blob(vs)}
		if i%3 == 0 {
			r.Headers = []record.Header{{Key: string(blob(max(vs, 0) % 200)), Value: blob(ks)}}
		}
		recs = append(recs, r)
	}
	for len(recs) < 300 { // offset deltas past one byte
		recs = append(recs, record.Record{OffsetDelta: int32(len(recs)), Value: []byte("v")})
	}
	buf := make([]byte, record.HeaderSize)
	for _, r := range recs {
		buf = appendRecordBytes(buf, r.TimestampDelta, r.OffsetDelta, r.Key, r.Value, r.Headers)
	}
	finishBatch(buf, len(recs), 1000, 1000+(1<<62-1))
	want := record.AppendBatch(nil, &record.Batch{BaseOffset: 0, PartitionLeaderEpoch: -1, LastOffsetDelta: int32(len(recs) - 1),
		BaseTimestamp: 1000, MaxTimestamp: 1000 + (1<<62 - 1), ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1, Records: recs})
	if !bytes.Equal(buf, want) {
		t.Fatalf("incremental encoding differs from record.AppendBatch")
	}
}
