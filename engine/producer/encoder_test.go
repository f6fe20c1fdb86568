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
