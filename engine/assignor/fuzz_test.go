package assignor_test

import (
	"bytes"
	"testing"

	"github.com/kafkalab/kafkalab/engine/assignor"
)

// FuzzDecodeSubscription feeds arbitrary JoinGroup metadata to the decoder:
// it must not panic or allocate without bound, and whatever it accepts must
// re-encode to bytes that decode to the same subscription.
func FuzzDecodeSubscription(f *testing.F) {
	for v := int16(0); v <= 4; v++ {
		f.Add(assignor.AppendSubscription(nil, assignor.Subscription{
			Version: v, Topics: []string{"a", "b"}, UserData: []byte{1},
			Owned: tp("a", 0, 1), Generation: 3, Rack: "r",
		}))
	}
	f.Add([]byte{0, 0, 0x7f, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := assignor.DecodeSubscription(b)
		if err != nil {
			return
		}
		again, err := assignor.DecodeSubscription(assignor.AppendSubscription(nil, s))
		if err != nil {
			t.Fatalf("re-encoded subscription does not decode: %v", err)
		}
		assignor.SortPartitions(s.Owned)
		if !equalSubscriptions(s, again) {
			t.Fatalf("round trip changed %+v into %+v", s, again)
		}
	})
}

func equalSubscriptions(a, b assignor.Subscription) bool {
	sa := assignor.AppendSubscription(nil, a)
	sb := assignor.AppendSubscription(nil, b)
	return bytes.Equal(sa, sb)
}

// FuzzDecodeAssignment does the same for SyncGroup assignments.
func FuzzDecodeAssignment(f *testing.F) {
	for v := int16(0); v <= 3; v++ {
		f.Add(assignor.AppendAssignment(nil, assignor.Assignment{Version: v, Partitions: append(tp("b", 1, 0), tp("a", 3)...), UserData: []byte("x")}))
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := assignor.DecodeAssignment(b)
		if err != nil {
			return
		}
		re := assignor.AppendAssignment(nil, a)
		again, err := assignor.DecodeAssignment(re)
		if err != nil {
			t.Fatalf("re-encoded assignment does not decode: %v", err)
		}
		if !bytes.Equal(re, assignor.AppendAssignment(nil, again)) {
			t.Fatalf("round trip changed %+v into %+v", a, again)
		}
	})
}
