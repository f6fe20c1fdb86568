package log

import (
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/stretchr/testify/require"
)

// referenceBatch is the test vector of KAFKA-REFERENCE.md §1.4: offset 0,
// epoch 0, timestamp 1700000000000, one record key "key" value "hello".
func referenceBatch(t *testing.T) []byte {
	b, err := hex.DecodeString(strings.Join(strings.Fields(`
0000000000000000 00000040 00000000 02 a58bbf9f 0000 00000000
0000018bcfe56800 0000018bcfe56800 ffffffffffffffff ffff ffffffff 00000001
1c 00 00 00 06 6b6579 0a 68656c6c6f 00`), ""))
	require.NoError(t, err)
	return b
}

func TestDumpMatchesKafkaDumpLog(t *testing.T) {
	l, st := openMem(t, DefaultConfig())
	mustAppend(t, l, referenceBatch(t), 0, 1700000000000)
	raw, _ := st.Bytes(FileName(0, LogSuffix))
	require.Equal(t, referenceBatch(t), raw, "appending at offset 0 in epoch 0 leaves the vector unchanged")

	var out strings.Builder
	require.NoError(t, DumpFile(&out, "00000000000000000000.log", raw, DumpOptions{PrintDataLog: true}))
	require.Equal(t, `Dumping 00000000000000000000.log
Log starting offset: 0
baseOffset: 0 lastOffset: 0 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000000 size: 76 magic: 2 compresscodec: none crc: 2777399199 isvalid: true
| offset: 0 CreateTime: 1700000000000 keySize: 3 valueSize: 5 sequence: -1 headerKeys: [] key: key payload: hello
`, out.String())

	out.Reset()
	require.NoError(t, DumpFile(&out, "dir/00000000000000000000.log", append(raw, 1, 2, 3), DumpOptions{}))
	require.Equal(t, `Dumping dir/00000000000000000000.log
Log starting offset: 0
baseOffset: 0 lastOffset: 0 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000000 size: 76 magic: 2 compresscodec: none crc: 2777399199 isvalid: true
Found 3 invalid bytes at the end of 00000000000000000000.log
`, out.String())
}

func TestDumpIndexes(t *testing.T) {
	l := fixture(t)
	require.NoError(t, l.Close())
	var out strings.Builder
	require.NoError(t, l.Dump(&out, DumpOptions{}))
	s := out.String()
	require.Contains(t, s, "Dumping 00000000000000000010.index\noffset: 13 position: 300\noffset: 16 position: 600\noffset: 19 position: 900\n")
	require.Contains(t, s, "Dumping 00000000000000000010.timeindex\ntimestamp: 1013 offset: 13\ntimestamp: 1016 offset: 16\ntimestamp: 1019 offset: 19\n")
	require.Contains(t, s, "Dumping 00000000000000000020.log\nLog starting offset: 20\nbaseOffset: 20 lastOffset: 20 count: 1")

	out.Reset()
	require.NoError(t, DumpFile(&out, "00000000000000000007.index", nil, DumpOptions{}))
	require.Equal(t, "Dumping 00000000000000000007.index\n00000000000000000007.index is empty.\n", out.String())
	require.Error(t, DumpFile(&out, "nope.log", nil, DumpOptions{}))
}

func TestDumpProducerAndControlBatches(t *testing.T) {
	b := record.Batch{BaseOffset: 10, PartitionLeaderEpoch: 4, Attributes: record.TransactionalBit, LastOffsetDelta: 1,
		BaseTimestamp: 5, MaxTimestamp: 6, ProducerID: 77, ProducerEpoch: 2, BaseSequence: 1<<31 - 1,
		Records: []record.Record{
			{OffsetDelta: 0, Value: []byte("a"), Headers: []record.Header{{Key: "h1"}, {Key: "h2", Value: []byte("x")}}},
			{OffsetDelta: 1, TimestampDelta: 1},
		}}
	raw := record.AppendBatch(nil, &b)
	c := record.Batch{BaseOffset: 12, Attributes: record.TransactionalBit | record.ControlBit, BaseTimestamp: 7, MaxTimestamp: 7,
		ProducerID: 77, ProducerEpoch: 2, BaseSequence: -1,
		Records: []record.Record{{Key: record.AppendControlKey(nil, record.ControlCommit), Value: record.AppendEndTxnMarker(nil, 3)}}}
	raw = record.AppendBatch(raw, &c)
	var out strings.Builder
	require.NoError(t, DumpFile(&out, "00000000000000000010.log", raw, DumpOptions{PrintDataLog: true}))
	lines := strings.Split(out.String(), "\n")
	require.Contains(t, lines[2], "baseOffset: 10 lastOffset: 11 count: 2 baseSequence: 2147483647 lastSequence: 0 producerId: 77 producerEpoch: 2 partitionLeaderEpoch: 4 isTransactional: true isControl: false")
	require.Equal(t, "| offset: 10 CreateTime: 5 keySize: -1 valueSize: 1 sequence: 2147483647 headerKeys: [h1,h2] payload: a", lines[3])
	require.Equal(t, "| offset: 11 CreateTime: 6 keySize: -1 valueSize: -1 sequence: 0 headerKeys: []", lines[4])
	require.Contains(t, lines[5], "isControl: true")
	require.Equal(t, "| offset: 12 CreateTime: 7 keySize: 4 valueSize: 6 sequence: -1 headerKeys: [] endTxnMarker: COMMIT coordinatorEpoch: 3", lines[6])
}

func TestInspect(t *testing.T) {
	raw := referenceBatch(t)
	v := InspectLog(append(raw, 9, 9))
	require.Len(t, v.Batches, 1)
	bv := v.Batches[0]
	require.True(t, bv.Valid, bv.Err)
	require.Equal(t, Field{Name: "crc", Offset: 17, Len: 4, Value: "2777399199"}, bv.Fields[4])
	require.Len(t, bv.Fields, 13)
	require.Len(t, bv.Records, 1)
	want := []Field{
		{"length", 61, 1, "14"}, {"attributes", 62, 1, "0"}, {"timestampDelta", 63, 1, "0"}, {"offsetDelta", 64, 1, "0"},
		{"keyLength", 65, 1, "3"}, {"key", 66, 3, `"key"`}, {"valueLength", 69, 1, "5"}, {"value", 70, 5, `"hello"`},
		{"headersCount", 75, 1, "0"},
	}
	require.Equal(t, want, bv.Records[0].Fields)
	require.Equal(t, &Field{Name: "invalidBytes", Offset: 76, Len: 2, Value: "2 bytes that do not form a whole batch"}, v.Trailing)

	raw[70] ^= 1
	bv = InspectLog(raw).Batches[0]
	require.False(t, bv.Valid)
	require.Contains(t, bv.Err, "crc")

	// Validity is record.Check's: a header with a null key and offset deltas
	// out of order are invalid, though every field can still be located.
	for _, b := range []record.Batch{
		{LastOffsetDelta: 0, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1,
			Records: []record.Record{{Headers: []record.Header{{Key: "h", Value: []byte("v")}}}}},
		{LastOffsetDelta: 1, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1,
			Records: []record.Record{{OffsetDelta: 1}, {OffsetDelta: 0}}},
	} {
		raw := record.AppendBatch(nil, &b)
		if len(b.Records) == 1 {
			raw[len(raw)-4] = 0x01 // header key length 1 → -1 (null)
			raw = reseal(raw)
		}
		_, want := record.Check(raw)
		require.Error(t, want)
		bv := InspectLog(raw).Batches[0]
		require.False(t, bv.Valid)
		require.Equal(t, want.Error(), bv.Err)
	}

	idx := InspectIndex([]byte{0, 0, 0, 3, 0, 0, 1, 44, 0, 0, 0, 2, 0, 0, 2, 0, 7}, 10)
	require.Len(t, idx, 3)
	require.Equal(t, "3 (offset 13)", idx[0].Fields[0].Value)
	require.Equal(t, "300", idx[0].Fields[1].Value)
	require.Equal(t, "offset does not increase", idx[1].Err)
	require.Contains(t, idx[2].Err, "partial")
	ti := InspectTimeIndex([]byte{0, 0, 0, 0, 0, 0, 3, 232, 0, 0, 0, 1}, 0)
	require.Equal(t, "1000", ti[0].Fields[0].Value)
}

// reseal recomputes the CRC of the batch raw after an edit.
func reseal(raw []byte) []byte {
	binary.BigEndian.PutUint32(raw[17:], crc32.Checksum(raw[21:], crc32.MakeTable(crc32.Castagnoli)))
	return raw
}
