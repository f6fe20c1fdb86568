package log

import (
	"bytes"
	"testing"

	"github.com/kafkalab/kafkalab/engine/record"
)

func FuzzOffsetIndex(f *testing.F) {
	x := NewOffsetIndex(100, 1<<10)
	for i := range 5 {
		x.Append(int64(103+3*i), int32(300*(i+1)))
	}
	f.Add(x.Bytes(), int64(100), int64(110))
	f.Add([]byte{0, 0, 0, 1, 0, 0, 0}, int64(0), int64(1))
	f.Add([]byte{0, 0, 0, 2, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 10}, int64(-5), int64(0))
	f.Fuzz(func(t *testing.T, b []byte, base, target int64) {
		x, err := ParseOffsetIndex(b, base, 1<<12)
		if err != nil {
			return
		}
		if !bytes.Equal(x.Bytes(), b) {
			t.Fatal("round trip changed the bytes")
		}
		got := x.Lookup(target)
		// The floor by linear search.
		want := OffsetPosition{Offset: base}
		for i := range x.Len() {
			if e := x.Entry(i); e.Offset <= target {
				want = e
			}
		}
		if got != want {
			t.Fatalf("lookup %d = %+v, want %+v", target, got, want)
		}
		x.TruncateTo(target)
		for i := range x.Len() {
			if x.Entry(i).Offset >= target {
				t.Fatalf("entry %d survived truncation to %d", x.Entry(i).Offset, target)
			}
		}
	})
}

func FuzzTimeIndex(f *testing.F) {
	x := NewTimeIndex(0, 1<<10)
	for i := range 5 {
		x.MaybeAppend(int64(1000+10*i), int64(3*i), false)
	}
	f.Add(x.Bytes(), int64(0), int64(1015))
	f.Add([]byte{1, 2, 3}, int64(7), int64(-1))
	f.Fuzz(func(t *testing.T, b []byte, base, target int64) {
		x, err := ParseTimeIndex(b, base, 1<<12)
		if err != nil {
			return
		}
		if !bytes.Equal(x.Bytes(), b) {
			t.Fatal("round trip changed the bytes")
		}
		got := x.Lookup(target)
		want := TimestampOffset{Timestamp: NoTimestamp, Offset: base}
		for i := range x.Len() {
			if e := x.Entry(i); e.Timestamp <= target {
				want = e
			}
		}
		if got != want {
			t.Fatalf("lookup %d = %+v, want %+v", target, got, want)
		}
	})
}

// fuzzStorage builds a log whose first segment (offsets 0..9) is sound and
// flushed and whose active segment, at base 10, holds the given bytes.
func fuzzStorage(t testing.TB, logBytes, index, timeIndex []byte) *MemStorage {
	st := NewMemStorage()
	l, _, err := Open(st, recoverCfg(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if _, err := l.Append(sizedBatch(100, int64(1000+i)), 1, 1); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Roll(1); err != nil {
		t.Fatal(err)
	}
	st.PutSynced(FileName(10, LogSuffix), logBytes)
	st.PutSynced(FileName(10, IndexSuffix), index)
	st.PutSynced(FileName(10, TimeIndexSuffix), timeIndex)
	return st
}

// fuzzSeed returns the files of a sound active segment at base 10.
func fuzzSeed(t testing.TB) (logBytes, index, timeIndex []byte) {
	st := NewMemStorage()
	l, _, err := Open(st, recoverCfg(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.TruncateFullyAndStartAt(10, 0); err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		if _, err := l.Append(batch(1+i%3, int64(1000+i), "v"), 2, 1); err != nil {
			t.Fatal(err)
		}
	}
	logBytes, _ = st.Bytes(FileName(10, LogSuffix))
	index, _ = st.Bytes(FileName(10, IndexSuffix))
	timeIndex, _ = st.Bytes(FileName(10, TimeIndexSuffix))
	return logBytes, index, timeIndex
}

func FuzzRecover(f *testing.F) {
	lb, ib, tb := fuzzSeed(f)
	f.Add(lb, ib, tb)
	f.Add(lb[:len(lb)-5], ib, tb)
	f.Add(append(bytes.Clone(lb), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50), []byte{0, 0}, []byte{})
	bad := bytes.Clone(lb)
	bad[100] ^= 0x40
	f.Add(bad, ib, tb)
	f.Add([]byte{}, []byte{1, 2, 3, 4, 5, 6, 7, 8}, []byte{0xff})
	f.Fuzz(func(t *testing.T, logBytes, index, timeIndex []byte) {
		if len(logBytes) > 1<<16 || len(index) > 1<<12 || len(timeIndex) > 1<<12 {
			return
		}
		st := fuzzStorage(t, logBytes, index, timeIndex)
		l, rep, err := Open(st, recoverCfg(), Options{RecoveryPoint: 10})
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		checkInvariants(t, l)
		if l.EndOffset() < 10 || rep.LogEndOffset != l.EndOffset() {
			t.Fatalf("log end offset %d, report %d", l.EndOffset(), rep.LogEndOffset)
		}
		// Every batch left is valid, and reading from the start walks the log.
		for off := l.StartOffset(); off < l.EndOffset(); {
			r, err := l.Read(off, 1, l.EndOffset())
			if err != nil {
				t.Fatalf("read %d: %v", off, err)
			}
			if r.Batches != 1 {
				t.Fatalf("read %d: %d batches", off, r.Batches)
			}
			if _, err := record.CheckFrame(r.Records); err != nil {
				t.Fatalf("recovered batch at %d is invalid: %v", off, err)
			}
			h, _ := peekHeader(r.Records)
			if h.LastOffset() < off {
				t.Fatalf("read %d returned a batch ending at %d", off, h.LastOffset())
			}
			off = h.LastOffset() + 1
		}
		if _, err := l.TraceOffset(l.EndOffset()); err != nil {
			t.Fatal(err)
		}
		if _, _, err := l.OffsetForTimestamp(1005); err != nil {
			t.Fatal(err)
		}
		// The log accepts appends and reopens to the same state.
		if _, err := l.Append(batch(2, 5000, "after"), 100, 2); err != nil {
			t.Fatalf("append after recovery: %v", err)
		}
		end := l.EndOffset()
		l2, rep2, err := Open(st, recoverCfg(), Options{RecoveryPoint: l.RecoveryPoint()})
		if err != nil || l2.EndOffset() != end {
			t.Fatalf("reopen: end %d want %d, %v", l2.EndOffset(), end, err)
		}
		if rep2.Segments[len(rep2.Segments)-1].BytesTruncated != 0 {
			t.Fatalf("second recovery truncated: %s", rep2)
		}
	})
}

// FuzzInspect feeds arbitrary bytes to the inspector and the dump listing,
// which the UI may show for any file a learner uploads: they must not panic,
// and every field must lie inside the input.
func FuzzInspect(f *testing.F) {
	lb, ib, tb := fuzzSeed(f)
	f.Add(lb)
	f.Add(ib)
	f.Add(tb)
	f.Add(lb[:100])
	f.Fuzz(func(t *testing.T, b []byte) {
		inside := func(fd Field) {
			if fd.Offset < 0 || fd.Len < 0 || fd.Offset+int64(fd.Len) > int64(len(b)) {
				t.Fatalf("field %+v outside %d bytes", fd, len(b))
			}
		}
		v := InspectLog(b)
		for _, bv := range v.Batches {
			// Validity is record.Check's, and a valid batch shows every record.
			raw := b[bv.Position : bv.Position+bv.Size]
			h, err := record.Check(raw)
			if bv.Valid != (err == nil) {
				t.Fatalf("inspector says valid=%v; record.Check says %v", bv.Valid, err)
			}
			if bv.Valid && len(bv.Records) != int(h.RecordCount) {
				t.Fatalf("valid batch of %d records shows %d", h.RecordCount, len(bv.Records))
			}
			for _, fd := range bv.Fields {
				inside(fd)
			}
			for _, rv := range bv.Records {
				for _, fd := range rv.Fields {
					inside(fd)
				}
			}
		}
		for _, ev := range append(InspectIndex(b, 7), InspectTimeIndex(b, 7)...) {
			for _, fd := range ev.Fields {
				inside(fd)
			}
		}
		var out bytes.Buffer
		for _, name := range []string{"00000000000000000007.log", "00000000000000000007.index", "00000000000000000007.timeindex"} {
			if err := DumpFile(&out, name, b, DumpOptions{PrintDataLog: true}); err != nil {
				t.Fatal(err)
			}
		}
	})
}
