package record

import (
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// fuzzSeeds adds encoded batches of several shapes to f, each with and
// without CRC fixing.
func fuzzSeeds(f *testing.F) {
	for _, s := range shapes() {
		if s.name == "1 MiB value" || s.name == "1000 records" {
			continue // large seeds slow every fuzz iteration that mutates them
		}
		raw := AppendBatch(nil, &s.batch)
		f.Add(raw, true)
		f.Add(raw[:len(raw)-1], true)
	}
	f.Add([]byte{}, false)
	f.Add(recordBytes(1, 0, 0x0c, 0, 0, 0, 0x01, 0x00, 0x00), false)
	f.Add(recordBytes(3, 2, 0x0c, 0, 0, 0, 0x01, 0x00, 0x00), true)
}

// fixCRC recomputes the CRC of the batch at the front of b when its header
// frames one, so that mutated inputs get past the CRC to the records, where
// the interesting parsing is. It works on a copy.
func fixCRC(b []byte) []byte {
	if len(b) < HeaderSize {
		return b
	}
	size := int64(int32(binary.BigEndian.Uint32(b[lengthOffset:]))) + LogOverhead
	if size < HeaderSize || size > int64(len(b)) {
		return b
	}
	b = append([]byte(nil), b...)
	putCRC(b[:size])
	return b
}

// FuzzDecode decodes arbitrary bytes: Decode must not panic, must agree with
// ParseHeader and VerifyCRC, and whatever it accepts must re-encode to the
// same bytes.
func FuzzDecode(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte, withCRC bool) {
		if withCRC {
			b = fixCRC(b)
		}
		batch, n, err := Decode(b)
		if err != nil {
			if kerr.Code(err) == kerr.UnknownServerError.Code {
				t.Fatalf("Decode error without a Kafka code: %v", err)
			}
			if n != 0 {
				t.Fatalf("Decode failed but consumed %d bytes", n)
			}
			return
		}
		h, err := ParseHeader(b)
		if err != nil {
			t.Fatalf("Decode accepted what ParseHeader rejects: %v", err)
		}
		if n != h.Size() {
			t.Fatalf("Decode consumed %d bytes of a %d-byte batch", n, h.Size())
		}
		if err := VerifyCRC(b[:n]); err != nil {
			t.Fatalf("Decode accepted what VerifyCRC rejects: %v", err)
		}
		if again := AppendBatch(nil, &batch); string(again) != string(b[:n]) {
			t.Fatalf("re-encoding differs:\n in %x\nout %x", b[:n], again)
		}
	})
}

// FuzzValidate checks that Validate agrees with Decode: it rejects whatever
// Decode rejects, with the same Kafka error code, and accepts exactly the
// batches Decode accepts that also follow a producer's offset rules.
func FuzzValidate(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte, withCRC bool) {
		if withCRC {
			b = fixCRC(b)
		}
		h, verr := Validate(b)
		batch, _, derr := Decode(b)
		if derr != nil {
			if verr == nil {
				t.Fatalf("Validate accepted what Decode rejects: %v", derr)
			}
			if kerr.Code(verr) != kerr.Code(derr) {
				t.Fatalf("Validate says %v; Decode says %v", verr, derr)
			}
			return
		}
		if producerShaped(&batch) {
			if verr != nil {
				t.Fatalf("Validate rejected a producer-shaped batch Decode accepts: %v", verr)
			}
			if want, _ := ParseHeader(b); h != want {
				t.Fatalf("Validate returned header %+v, want %+v", h, want)
			}
		} else if kerr.Code(verr) != kerr.InvalidRecord.Code {
			t.Fatalf("Validate accepted a batch that breaks the producer offset rules, or rejected it oddly: %v", verr)
		}
	})
}

// producerShaped reports whether b follows the offset rules Kafka's leader
// applies to a producer's batch: records numbered 0..n-1, n ≥ 1.
func producerShaped(b *Batch) bool {
	if len(b.Records) == 0 || b.LastOffsetDelta != int32(len(b.Records)-1) {
		return false
	}
	for i := range b.Records {
		if b.Records[i].OffsetDelta != int32(i) {
			return false
		}
	}
	return true
}

// FuzzCheck checks that Check is Decode without the records: it accepts
// exactly what Decode accepts, rejects the rest with Decode's error (the same
// text, so the same Kafka code), and returns the header ParseHeader reads.
// It also checks ValidateProducerBatch against Validate, and its statistics
// against the decoded records.
func FuzzCheck(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte, withCRC bool) {
		if withCRC {
			b = fixCRC(b)
		}
		h, cerr := Check(b)
		batch, n, derr := Decode(b)
		if (cerr == nil) != (derr == nil) {
			t.Fatalf("Check says %v; Decode says %v", cerr, derr)
		}
		if derr != nil {
			if cerr.Error() != derr.Error() || kerr.Code(cerr) != kerr.Code(derr) {
				t.Fatalf("Check says %v; Decode says %v", cerr, derr)
			}
		} else if want, _ := ParseHeader(b); h != want || h.Size() != n {
			t.Fatalf("Check returned header %+v, want %+v", h, want)
		}

		vh, stats, verr := ValidateProducerBatch(b)
		wh, werr := Validate(b)
		if fmt.Sprint(verr) != fmt.Sprint(werr) || vh != wh {
			t.Fatalf("ValidateProducerBatch says %v; Validate says %v", verr, werr)
		}
		if verr == nil {
			if want := wantStats(&batch); stats != want {
				t.Fatalf("stats %+v, want %+v", stats, want)
			}
		}
	})
}

// wantStats computes RecordStats from decoded records, the slow way.
func wantStats(b *Batch) RecordStats {
	s := RecordStats{MaxTimestamp: -1, OffsetDeltaOfMaxTimestamp: -1, MinTimestamp: -1}
	for i := range b.Records {
		ts := b.Timestamp(&b.Records[i])
		if ts > s.MaxTimestamp {
			s.MaxTimestamp, s.OffsetDeltaOfMaxTimestamp = ts, b.Records[i].OffsetDelta
		}
		if ts != -1 && (s.MinTimestamp == -1 || ts < s.MinTimestamp) {
			s.MinTimestamp = ts
		}
	}
	return s
}

// FuzzPeekHeader checks PeekHeader against ParseHeader: on a whole batch they
// agree, and PeekHeader needs only the first HeaderSize bytes.
func FuzzPeekHeader(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte, _ bool) {
		ph, perr := PeekHeader(b)
		h, err := ParseHeader(b)
		if err == nil && (perr != nil || ph != h) {
			t.Fatalf("ParseHeader accepts %+v; PeekHeader says %+v, %v", h, ph, perr)
		}
		if perr != nil {
			if kerr.Code(perr) != kerr.CorruptMessage.Code {
				t.Fatalf("PeekHeader error without CORRUPT_MESSAGE: %v", perr)
			}
			return
		}
		if len(b) < HeaderSize {
			t.Fatalf("PeekHeader accepted %d bytes", len(b))
		}
		if again, err := PeekHeader(b[:HeaderSize]); err != nil || again != ph {
			t.Fatalf("PeekHeader of the first %d bytes: %+v, %v; want %+v", HeaderSize, again, err, ph)
		}
	})
}
