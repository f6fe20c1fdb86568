package record

import (
	"bytes"
	"fmt"
	"testing"
)

// benchBatch returns a producer's batch of n records, each with a 10-byte
// key and a 100-byte value.
func benchBatch(n int) Batch {
	value := bytes.Repeat([]byte("v"), 100)
	return newBatch(seq(n, func(i int) Record {
		return Record{TimestampDelta: int64(i), Key: fmt.Appendf(nil, "key-%06d", i), Value: value}
	}))
}

var batchSizes = []int{1, 10, 100, 1000}

// BenchmarkEncode encodes batches into a reused buffer, as a producer's
// accumulator or the log's append path does.
func BenchmarkEncode(b *testing.B) {
	for _, n := range batchSizes {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			batch := benchBatch(n)
			dst := AppendBatch(nil, &batch)
			b.SetBytes(int64(len(dst)))
			b.ReportAllocs()
			for b.Loop() {
				dst = AppendBatch(dst[:0], &batch)
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, n := range batchSizes {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			batch := benchBatch(n)
			raw := AppendBatch(nil, &batch)
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Decode(raw); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkValidate measures the leader's check of an incoming batch,
// including its CRC.
func BenchmarkValidate(b *testing.B) {
	for _, n := range batchSizes {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			batch := benchBatch(n)
			raw := AppendBatch(nil, &batch)
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Validate(raw); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkCheck measures the follower's and recovery's check of a batch,
// which accepts what Decode accepts without building records.
func BenchmarkCheck(b *testing.B) {
	for _, n := range batchSizes {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			batch := benchBatch(n)
			raw := AppendBatch(nil, &batch)
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Check(raw); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

func TestEncodeAndValidateDoNotAllocate(t *testing.T) {
	batch := benchBatch(100)
	dst := AppendBatch(nil, &batch)
	if n := testing.AllocsPerRun(20, func() { dst = AppendBatch(dst[:0], &batch) }); n != 0 {
		t.Errorf("AppendBatch into a reused buffer: %v allocations", n)
	}
	if n := testing.AllocsPerRun(20, func() { _, _ = Validate(dst) }); n != 0 {
		t.Errorf("Validate: %v allocations", n)
	}
	if n := testing.AllocsPerRun(20, func() { _, _ = ParseHeader(dst); _ = VerifyCRC(dst) }); n != 0 {
		t.Errorf("ParseHeader and VerifyCRC: %v allocations", n)
	}
}
