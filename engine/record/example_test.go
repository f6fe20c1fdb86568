package record_test

import (
	"errors"
	"fmt"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/record"
)

// A producer builds a batch, the leader validates it and assigns its offset
// and epoch in place, and a consumer decodes it.
func Example() {
	batch := record.Batch{
		BaseTimestamp: 1700000000000,
		MaxTimestamp:  1700000000000,
		ProducerID:    -1,
		ProducerEpoch: -1,
		BaseSequence:  -1,
		Records: []record.Record{
			{OffsetDelta: 0, Key: []byte("key"), Value: []byte("hello")},
			{OffsetDelta: 1, TimestampDelta: 5, Key: nil, Value: []byte("world")},
		},
		LastOffsetDelta: 1,
	}
	raw := record.AppendBatch(nil, &batch)

	h, err := record.Validate(raw)
	if err != nil {
		panic(err)
	}
	fmt.Println("size:", h.Size(), "records:", h.RecordCount)

	record.SetBaseOffset(raw, 42)
	record.SetPartitionLeaderEpoch(raw, 3)

	got, _, err := record.Decode(raw)
	if err != nil {
		panic(err)
	}
	for i := range got.Records {
		r := &got.Records[i]
		key := "null"
		if r.Key != nil {
			key = string(r.Key)
		}
		fmt.Printf("offset %d at %d: key=%s value=%s\n", got.Offset(r), got.Timestamp(r), key, r.Value)
	}

	raw[len(raw)-1] ^= 1 // a flipped bit in the last record
	_, _, err = record.Decode(raw)
	fmt.Println(errors.Is(err, kerr.CorruptMessage), err)
	// Output:
	// size: 88 records: 2
	// offset 42 at 1700000000000: key=key value=hello
	// offset 43 at 1700000000005: key=null value=world
	// true CORRUPT_MESSAGE: record: batch is corrupt (stored crc = 4035472621, computed crc = 48492526)
}
