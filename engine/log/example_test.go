package log_test

import (
	"fmt"
	"os"

	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/record"
)

func Example() {
	cfg := log.DefaultConfig()
	cfg.SegmentBytes = 200 // tiny segments, so a few records roll one
	st := log.NewMemStorage()
	l, _, err := log.Open(st, cfg, log.Options{})
	if err != nil {
		panic(err)
	}
	for i := range 4 {
		b := record.Batch{BaseTimestamp: 1_700_000_000_000, MaxTimestamp: 1_700_000_000_000, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1,
			Records: []record.Record{{Key: []byte("key"), Value: fmt.Appendf(nil, "hello %d", i)}}}
		info, err := l.Append(record.AppendBatch(nil, &b), 0, 1_700_000_000_000)
		if err != nil {
			panic(err)
		}
		fmt.Printf("offset %d in segment %d at position %d\n", info.FirstOffset, info.Segment, info.Position)
	}
	r, _ := l.Read(2, 1<<20, l.EndOffset())
	fmt.Printf("read from 2: %d batches, %d bytes\n", r.Batches, len(r.Records))
	l.Close()
	l.Dump(os.Stdout, log.DumpOptions{PrintDataLog: true})
	// Output:
	// offset 0 in segment 0 at position 0
	// offset 1 in segment 0 at position 78
	// offset 2 in segment 2 at position 0
	// offset 3 in segment 2 at position 78
	// read from 2: 2 batches, 156 bytes
	// Dumping 00000000000000000000.log
	// Log starting offset: 0
	// baseOffset: 0 lastOffset: 0 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000000 size: 78 magic: 2 compresscodec: none crc: 4269830588 isvalid: true
	// | offset: 0 CreateTime: 1700000000000 keySize: 3 valueSize: 7 sequence: -1 headerKeys: [] key: key payload: hello 0
	// baseOffset: 1 lastOffset: 1 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 78 CreateTime: 1700000000000 size: 78 magic: 2 compresscodec: none crc: 3978488267 isvalid: true
	// | offset: 1 CreateTime: 1700000000000 keySize: 3 valueSize: 7 sequence: -1 headerKeys: [] key: key payload: hello 1
	// Dumping 00000000000000000000.index
	// 00000000000000000000.index is empty.
	// Dumping 00000000000000000000.timeindex
	// timestamp: 1700000000000 offset: 0
	// Dumping 00000000000000000002.log
	// Log starting offset: 2
	// baseOffset: 2 lastOffset: 2 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000000 size: 78 magic: 2 compresscodec: none crc: 3653583186 isvalid: true
	// | offset: 2 CreateTime: 1700000000000 keySize: 3 valueSize: 7 sequence: -1 headerKeys: [] key: key payload: hello 2
	// baseOffset: 3 lastOffset: 3 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 78 CreateTime: 1700000000000 size: 78 magic: 2 compresscodec: none crc: 3395803429 isvalid: true
	// | offset: 3 CreateTime: 1700000000000 keySize: 3 valueSize: 7 sequence: -1 headerKeys: [] key: key payload: hello 3
	// Dumping 00000000000000000002.index
	// 00000000000000000002.index is empty.
	// Dumping 00000000000000000002.timeindex
	// timestamp: 1700000000000 offset: 2
}
