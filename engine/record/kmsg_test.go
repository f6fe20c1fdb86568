package record

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// These tests check the codec against franz-go's kmsg, an implementation we
// did not write: kmsg decodes what we encode, we decode what kmsg encodes,
// and both produce the same bytes.

// kmsgEncode encodes b with kmsg. kmsg writes Length, CRC and each record's
// Length as given, so, as franz-go's producer does, we size the records
// first and compute the CRC-32C over the encoded bytes from Attributes on.
func kmsgEncode(t testing.TB, b *Batch) []byte {
	var records []byte
	for _, r := range b.Records {
		kr := kmsg.Record{
			Attributes:       r.Attributes,
			TimestampDelta64: r.TimestampDelta,
			OffsetDelta:      r.OffsetDelta,
			Key:              r.Key,
			Value:            r.Value,
		}
		for _, h := range r.Headers {
			kr.Headers = append(kr.Headers, kmsg.Header{Key: h.Key, Value: h.Value})
		}
		body := kr.AppendTo(nil) // with Length 0, a one-byte varint
		kr.Length = int32(len(body) - 1)
		records = kr.AppendTo(records)
	}
	kb := kmsg.RecordBatch{
		FirstOffset:          b.BaseOffset,
		Length:               int32(HeaderSize - LogOverhead + len(records)),
		PartitionLeaderEpoch: b.PartitionLeaderEpoch,
		Magic:                2,
		Attributes:           int16(b.Attributes),
		LastOffsetDelta:      b.LastOffsetDelta,
		FirstTimestamp:       b.BaseTimestamp,
		MaxTimestamp:         b.MaxTimestamp,
		ProducerID:           b.ProducerID,
		ProducerEpoch:        b.ProducerEpoch,
		FirstSequence:        b.BaseSequence,
		NumRecords:           int32(len(b.Records)),
		Records:              records,
	}
	raw := kb.AppendTo(nil)
	kb.CRC = int32(crc32.Checksum(raw[21:], crc32.MakeTable(crc32.Castagnoli)))
	return kb.AppendTo(nil)
}

// kmsgDecode decodes raw with kmsg into our types, failing t on any error.
// Record boundaries come from encoding/binary.Varint, which reads Kafka's
// zigzag varints, so no code of this package is involved.
func kmsgDecode(t testing.TB, raw []byte) Batch {
	var kb kmsg.RecordBatch
	require.NoError(t, kb.ReadFrom(raw))
	require.Equal(t, int8(2), kb.Magic)
	require.Equal(t, len(raw)-LogOverhead, int(kb.Length))
	require.Equal(t, uint32(kb.CRC), crc32.Checksum(raw[21:], crc32.MakeTable(crc32.Castagnoli)), "kmsg-read CRC")
	b := Batch{
		BaseOffset:           kb.FirstOffset,
		PartitionLeaderEpoch: kb.PartitionLeaderEpoch,
		Attributes:           Attributes(kb.Attributes),
		LastOffsetDelta:      kb.LastOffsetDelta,
		BaseTimestamp:        kb.FirstTimestamp,
		MaxTimestamp:         kb.MaxTimestamp,
		ProducerID:           kb.ProducerID,
		ProducerEpoch:        kb.ProducerEpoch,
		BaseSequence:         kb.FirstSequence,
	}
	rest := kb.Records
	for range kb.NumRecords {
		length, n := binary.Varint(rest)
		require.Positive(t, n)
		end := n + int(length)
		var kr kmsg.Record
		require.NoError(t, kr.ReadFrom(rest[:end]))
		r := Record{
			Attributes:     kr.Attributes,
			TimestampDelta: kr.TimestampDelta64,
			OffsetDelta:    kr.OffsetDelta,
			Key:            kr.Key,
			Value:          kr.Value,
		}
		for _, h := range kr.Headers {
			r.Headers = append(r.Headers, Header{Key: h.Key, Value: h.Value})
		}
		b.Records = append(b.Records, r)
		rest = rest[end:]
	}
	require.Empty(t, rest, "bytes after the last record")
	return b
}

// requireSameBatch compares two batches field by field, telling null from
// empty for keys, values and header values.
func requireSameBatch(t testing.TB, want, got Batch) {
	t.Helper()
	wantRecords, gotRecords := want.Records, got.Records
	want.Records, got.Records = nil, nil
	require.Equal(t, want, got, "batch header fields")
	require.Len(t, gotRecords, len(wantRecords))
	for i := range wantRecords {
		w, g := wantRecords[i], gotRecords[i]
		require.Equal(t, w.Attributes, g.Attributes, "record %d attributes", i)
		require.Equal(t, w.TimestampDelta, g.TimestampDelta, "record %d timestamp delta", i)
		require.Equal(t, w.OffsetDelta, g.OffsetDelta, "record %d offset delta", i)
		requireSameBytes(t, w.Key, g.Key, "record %d key", i)
		requireSameBytes(t, w.Value, g.Value, "record %d value", i)
		require.Len(t, g.Headers, len(w.Headers), "record %d headers", i)
		for j := range w.Headers {
			require.Equal(t, w.Headers[j].Key, g.Headers[j].Key, "record %d header %d key", i, j)
			requireSameBytes(t, w.Headers[j].Value, g.Headers[j].Value, "record %d header %d value", i, j)
		}
	}
}

func requireSameBytes(t testing.TB, want, got []byte, msgAndArgs ...any) {
	t.Helper()
	require.Equal(t, want == nil, got == nil, msgAndArgs...)
	require.True(t, bytes.Equal(want, got), msgAndArgs...)
}

// seq returns n records with offset deltas 0..n-1, as a producer writes them.
func seq(n int, f func(i int) Record) []Record {
	rs := make([]Record, n)
	for i := range rs {
		rs[i] = f(i)
		rs[i].OffsetDelta = int32(i)
	}
	return rs
}

// newBatch returns a batch of records as a producer without idempotence
// builds it.
func newBatch(records []Record) Batch {
	b := Batch{
		BaseTimestamp: 1700000000000,
		ProducerID:    -1,
		ProducerEpoch: -1,
		BaseSequence:  -1,
		Records:       records,
	}
	b.MaxTimestamp = b.BaseTimestamp
	for _, r := range records {
		b.LastOffsetDelta = r.OffsetDelta
		b.MaxTimestamp = max(b.MaxTimestamp, b.BaseTimestamp+r.TimestampDelta)
	}
	return b
}

type shape struct {
	name  string
	batch Batch
}

// shapes lists the batches the cross-checks cover.
func shapes() []shape {
	kv := func(k, v string) Record { return Record{Key: []byte(k), Value: []byte(v)} }
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB

	idempotent := newBatch(seq(3, func(i int) Record { return kv("k", fmt.Sprint(i)) }))
	idempotent.ProducerID, idempotent.ProducerEpoch, idempotent.BaseSequence = 4711, 3, 42

	txn := newBatch(seq(2, func(i int) Record { return kv("k", "v") }))
	txn.Attributes = TransactionalBit
	txn.ProducerID, txn.ProducerEpoch, txn.BaseSequence = 9, 0, 0

	control := newBatch([]Record{{Key: AppendControlKey(nil, ControlCommit), Value: AppendEndTxnMarker(nil, 5)}})
	control.Attributes = TransactionalBit | ControlBit
	control.ProducerID, control.ProducerEpoch = 9, 0

	logAppend := newBatch(seq(2, func(i int) Record { return kv("a", "b") }))
	logAppend.Attributes = LogAppendTimeBit
	logAppend.MaxTimestamp = 1800000000000

	appended := newBatch(seq(5, func(i int) Record { return kv("x", "y") }))
	appended.BaseOffset, appended.PartitionLeaderEpoch = 1<<40, 7

	compacted := newBatch([]Record{
		{OffsetDelta: 2, Key: []byte("a"), Value: []byte("1")},
		{OffsetDelta: 7, Key: []byte("b"), Value: nil},
	})
	compacted.LastOffsetDelta = 9
	compacted.Attributes = DeleteHorizonBit

	unusedBits := newBatch(seq(1, func(int) Record { return Record{Attributes: -1, Value: []byte{}} }))
	unusedBits.Attributes = -0x8000 | 0x80 // bits 7 and 15, which Kafka leaves unused

	return []shape{
		{"reference", referenceBatch()},
		{"empty key", newBatch(seq(1, func(int) Record { return kv("", "v") }))},
		{"null key", newBatch(seq(1, func(int) Record { return Record{Value: []byte("v")} }))},
		{"null value", newBatch(seq(1, func(int) Record { return Record{Key: []byte("k")} }))},
		{"empty value", newBatch(seq(1, func(int) Record { return kv("k", "") }))},
		{"null key and value", newBatch(seq(1, func(int) Record { return Record{} }))},
		{"headers", newBatch(seq(2, func(i int) Record {
			r := kv("k", "v")
			r.Headers = []Header{{Key: "trace", Value: []byte("abc")}, {Key: "null", Value: nil}, {Key: "", Value: []byte{}}}
			return r
		}))},
		{"1 record", newBatch(seq(1, func(int) Record { return kv("k", "v") }))},
		{"1000 records", newBatch(seq(1000, func(i int) Record {
			return Record{TimestampDelta: int64(i * 3), Key: fmt.Appendf(nil, "key-%d", i), Value: bytes.Repeat([]byte{byte(i)}, i%300)}
		}))},
		{"1 MiB value", newBatch(seq(2, func(i int) Record { return Record{Key: big[:i*200], Value: big} }))},
		{"negative timestamp deltas", newBatch(seq(4, func(i int) Record {
			return Record{TimestampDelta: int64(-i) * 1000000007, Value: []byte("v")}
		}))},
		{"extreme timestamps", newBatch(seq(2, func(i int) Record {
			return Record{TimestampDelta: []int64{math.MinInt64, math.MaxInt64}[i]}
		}))},
		{"idempotent producer", idempotent},
		{"transactional", txn},
		{"control", control},
		{"log append time", logAppend},
		{"leader-assigned offset and epoch", appended},
		{"compacted", compacted},
		{"unused attribute bits", unusedBits},
		{"no records", Batch{BaseOffset: 10, LastOffsetDelta: 4, ProducerID: 3, ProducerEpoch: 1, BaseSequence: 5}},
	}
}

func TestKmsgDecodesOurBatches(t *testing.T) {
	for _, s := range shapes() {
		t.Run(s.name, func(t *testing.T) {
			raw := AppendBatch(nil, &s.batch)
			requireSameBatch(t, s.batch, kmsgDecode(t, raw))
		})
	}
}

func TestWeDecodeKmsgBatches(t *testing.T) {
	for _, s := range shapes() {
		t.Run(s.name, func(t *testing.T) {
			raw := kmsgEncode(t, &s.batch)
			require.Equal(t, raw, AppendBatch(nil, &s.batch), "kmsg and AppendBatch bytes")
			got, n, err := Decode(raw)
			require.NoError(t, err)
			require.Equal(t, len(raw), n)
			requireSameBatch(t, s.batch, got)
		})
	}
}

// TestRandomBatches cross-checks random batches from a seeded PRNG. Rerun a
// failure with the seed it prints.
func TestRandomBatches(t *testing.T) {
	const seed = 20240601
	n := 300
	if testing.Short() {
		n = 30
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := range n {
		b := randomBatch(rng)
		raw := AppendBatch(nil, &b)
		ok := t.Run(fmt.Sprint(i), func(t *testing.T) {
			requireSameBatch(t, b, kmsgDecode(t, raw))
			require.Equal(t, raw, kmsgEncode(t, &b))
			got, n, err := Decode(raw)
			require.NoError(t, err)
			require.Equal(t, len(raw), n)
			requireSameBatch(t, b, got)
			_, err = Validate(raw)
			require.NoError(t, err)
		})
		if !ok {
			t.Fatalf("random batch %d failed; reproduce with seed=%d", i, seed)
		}
	}
}

// randomBatch returns a batch that Validate accepts, with fields drawn to
// cover null and empty bytes, multi-byte varints and extreme values.
func randomBatch(rng *rand.Rand) Batch {
	bytesOf := func() []byte {
		switch rng.IntN(6) {
		case 0:
			return nil
		case 1:
			return []byte{}
		case 2:
			b := make([]byte, rng.IntN(20000))
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			return b
		}
		b := make([]byte, rng.IntN(100))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	int64Of := func() int64 {
		switch rng.IntN(4) {
		case 0:
			return int64(rng.Uint64()) // any sign, full range
		case 1:
			return -1
		}
		return rng.Int64N(1 << uint(rng.IntN(62)+1))
	}
	records := make([]Record, rng.IntN(40)+1)
	for i := range records {
		r := Record{
			Attributes:     int8(rng.IntN(3) - 1),
			TimestampDelta: int64Of() * int64(1-2*rng.IntN(2)),
			OffsetDelta:    int32(i),
			Key:            bytesOf(),
			Value:          bytesOf(),
		}
		for range rng.IntN(4) {
			r.Headers = append(r.Headers, Header{Key: string(bytesOf()), Value: bytesOf()})
		}
		records[i] = r
	}
	return Batch{
		BaseOffset:           int64Of(),
		PartitionLeaderEpoch: int32(int64Of()),
		Attributes:           Attributes(rng.Uint32()) &^ CodecMask,
		LastOffsetDelta:      int32(len(records) - 1),
		BaseTimestamp:        int64Of(),
		MaxTimestamp:         int64Of(),
		ProducerID:           int64Of(),
		ProducerEpoch:        int16(int64Of()),
		BaseSequence:         int32(int64Of()),
		Records:              records,
	}
}
