package log

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/kafkalab/kafkalab/engine/record"
)

// benchBatch encodes a producer batch of n records with 100-byte values.
func benchBatch(n int) []byte {
	b := record.Batch{BaseTimestamp: 1_700_000_000_000, MaxTimestamp: 1_700_000_000_000 + int64(n-1),
		LastOffsetDelta: int32(n - 1), ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1}
	value := make([]byte, 100)
	for i := range n {
		b.Records = append(b.Records, record.Record{OffsetDelta: int32(i), TimestampDelta: int64(i), Value: value})
	}
	return record.AppendBatch(nil, &b)
}

// benchConfig keeps benchmark memory bounded: 8 MiB segments, 32 MiB kept
// by retention.bytes, applied after every roll.
func benchConfig() Config {
	c := DefaultConfig()
	c.SegmentBytes = 8 << 20
	c.RetentionBytes = 32 << 20
	c.RetentionMs = -1
	return c
}

func BenchmarkAppend(b *testing.B) {
	for _, where := range []string{"mem", "disk"} {
		for _, n := range []int{1, 10, 100, 1000} {
			b.Run(fmt.Sprintf("%s/records=%d", where, n), func(b *testing.B) {
				var st Storage = NewMemStorage()
				if where == "disk" {
					d, err := NewDirStorage(b.TempDir())
					if err != nil {
						b.Fatal(err)
					}
					defer d.Close()
					st = d
				}
				l, _, err := Open(st, benchConfig(), Options{})
				if err != nil {
					b.Fatal(err)
				}
				raw := benchBatch(n)
				b.SetBytes(int64(len(raw)))
				b.ReportAllocs()
				for b.Loop() {
					info, err := l.Append(raw, 1, 1_700_000_000_000)
					if err != nil {
						b.Fatal(err)
					}
					if info.Rolled {
						if _, err := l.DeleteOldSegments(0, l.EndOffset()); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "records/s")
			})
		}
	}
}

func BenchmarkRead(b *testing.B) {
	l, _, err := Open(NewMemStorage(), benchConfig(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	raw := benchBatch(10)
	for range 100_000 {
		if _, err := l.Append(raw, 1, 1_700_000_000_000); err != nil {
			b.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	end := l.EndOffset()
	for _, maxBytes := range []int{1, 16 << 10} {
		b.Run(fmt.Sprintf("maxBytes=%d", maxBytes), func(b *testing.B) {
			b.ReportAllocs()
			records := 0
			for b.Loop() {
				r, err := l.Read(rng.Int64N(end), maxBytes, end)
				if err != nil {
					b.Fatal(err)
				}
				records += 10 * r.Batches
			}
			b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

func BenchmarkIndexLookup(b *testing.B) {
	for _, n := range []int{1e3, 1e4, 1e5, 1e6} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			x := NewOffsetIndex(0, int32(n*OffsetEntrySize))
			for i := range n {
				if err := x.Append(int64(10*i+9), int32(100*i)); err != nil {
					b.Fatal(err)
				}
			}
			// The probes a lookup makes, averaged over 1000 targets, show the
			// O(log n) growth independently of the machine.
			rng := rand.New(rand.NewPCG(3, 4))
			var probes []OffsetProbe
			for range 1000 {
				x.lookup(rng.Int64N(int64(10*n)), &probes)
			}
			b.ReportAllocs()
			for b.Loop() {
				x.Lookup(rng.Int64N(int64(10 * n)))
			}
			b.ReportMetric(float64(len(probes))/1000, "probes/op")
		})
	}
}

func BenchmarkRecover100MB(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 100 MB log")
	}
	st := NewMemStorage()
	cfg := DefaultConfig()
	cfg.SegmentBytes = 16 << 20
	l, _, err := Open(st, cfg, Options{})
	if err != nil {
		b.Fatal(err)
	}
	raw := benchBatch(100)
	for l.Size() < 100<<20 {
		if _, err := l.Append(raw, 1, 1_700_000_000_000); err != nil {
			b.Fatal(err)
		}
	}
	size, records := l.Size(), l.EndOffset()
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		// Recovery point 0: every segment is checked, as after an unclean
		// shutdown without a recovery-point checkpoint.
		l2, rep, err := Open(st, cfg, Options{})
		if err != nil || l2.EndOffset() != records || rep.Recovered() {
			b.Fatalf("recovered to %d of %d: %v\n%s", l2.EndOffset(), records, err, rep)
		}
	}
	b.ReportMetric(float64(int64(b.N)*records)/b.Elapsed().Seconds(), "records/s")
}
