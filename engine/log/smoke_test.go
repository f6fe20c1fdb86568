package log

import "testing"

func TestSmoke(t *testing.T) {
	l, _ := openMem(t, smallConfig())
	for i := range 40 {
		info := mustAppend(t, l, batch(2, int64(1000+i), "v"), 3, 5000)
		if info.FirstOffset != int64(2*i) || info.LastOffset != int64(2*i+1) {
			t.Fatalf("append %d: %+v", i, info)
		}
	}
	checkInvariants(t, l)
	if len(l.Segments()) < 3 {
		t.Fatalf("only %d segments", len(l.Segments()))
	}
	r, err := l.Read(33, 1, l.EndOffset())
	if err != nil || r.Batches != 1 || r.FirstOffset != 32 {
		t.Fatalf("read: %+v %v", r, err)
	}
}
