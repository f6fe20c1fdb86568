package sim

import (
	"encoding/binary"
	"fmt"
	"hash/crc64"
	"math"
	"slices"
)

// A Hash is the CRC-64 (ECMA) of the canonical encoding of the simulation's
// state. See the package documentation for why CRC-64.
type Hash uint64

// crcTable is read-only after package initialization.
var crcTable = crc64.MakeTable(crc64.ECMA)

// String returns the hash as 16 hex digits.
func (h Hash) String() string { return fmt.Sprintf("%016x", uint64(h)) }

// Short returns the first 8 hex digits, for display.
func (h Hash) Short() string { return h.String()[:8] }

// IsZero reports whether h is zero: no hash recorded.
func (h Hash) IsZero() bool { return h == 0 }

// A StateWriter collects the canonical encoding of a state. Integers are
// written as varints and strings with their length first, so the encoding
// is compact (it is hashed after every step when Config.HashEveryStep is
// set) and different sequences of writes never produce the same bytes. Nodes write maps in sorted key
// order (slices.Sorted(maps.Keys(m))) and never write pointers or anything
// else that differs between runs.
type StateWriter struct {
	buf []byte
}

// Int writes v.
func (w *StateWriter) Int(v int64) { w.buf = binary.AppendVarint(w.buf, v) }

// Uint writes v.
func (w *StateWriter) Uint(v uint64) { w.buf = binary.AppendUvarint(w.buf, v) }

// Bool writes v.
func (w *StateWriter) Bool(v bool) {
	b := byte(0)
	if v {
		b = 1
	}
	w.buf = append(w.buf, b)
}

// Float writes v's IEEE 754 bits. Floats belong in reports, not decisions.
func (w *StateWriter) Float(v float64) {
	w.buf = binary.BigEndian.AppendUint64(w.buf, math.Float64bits(v))
}

// String writes s, length first.
func (w *StateWriter) String(s string) {
	w.Uint(uint64(len(s)))
	w.buf = append(w.buf, s...)
}

// Bytes writes b, length first. A nil and an empty slice write the same.
func (w *StateWriter) Bytes(b []byte) {
	w.Uint(uint64(len(b)))
	w.buf = append(w.buf, b...)
}

// Len returns the number of bytes written so far.
func (w *StateWriter) Len() int { return len(w.buf) }

// reset empties w, keeping its buffer.
func (w *StateWriter) reset() { w.buf = w.buf[:0] }

// sum returns the hash of what was written.
func (w *StateWriter) sum() Hash { return Hash(crc64.Checksum(w.buf, crcTable)) }

// StateHash returns the hash of the simulation's state: the kernel's
// counters and clock, every node's state in id order, every pending event
// in (time, seq) order, the network and the PRNG streams.
func (s *Sim) StateHash() Hash { return s.stateHash(nil, nil) }

// stateHash is StateHash, taking the encoding of each node for which same
// reports true from nc (hash_reuse.go) when nc is not nil.
func (s *Sim) stateHash(nc *NodeStates, same func(NodeID) bool) Hash {
	w := &s.hashW
	w.reset()
	w.String("sim")
	w.Int(s.now)
	w.Uint(s.steps)
	w.Uint(s.seq)
	w.Uint(s.msgs)
	w.Uint(s.timerNo)

	w.Uint(uint64(len(s.sorted)))
	for _, sl := range s.sorted {
		w.String(string(sl.id))
		w.Bool(sl.up)
		if sl.refuses {
			w.String("refuses")
		}
		if sl.paused || len(sl.held) > 0 {
			w.String("paused")
			w.Uint(uint64(len(sl.held)))
			for _, e := range sl.held {
				e.appendState(w)
			}
		}
		if nc != nil {
			nc.append(w, sl, same)
		} else {
			sl.node.AppendState(w)
		}
	}

	s.sortBuf = append(s.sortBuf[:0], s.q.heap...)
	slices.SortFunc(s.sortBuf, func(a, b item) int {
		if a.before(b) {
			return -1
		}
		return 1
	})
	w.Uint(uint64(len(s.sortBuf)))
	for _, it := range s.sortBuf {
		it.e.appendState(w)
	}
	clear(s.sortBuf)

	s.net.appendState(w)

	w.Uint(uint64(len(s.streams.sorted)))
	for _, st := range s.streams.sorted {
		w.String(st.name)
		w.buf, _ = st.pcg.AppendBinary(w.buf)
	}
	return w.sum()
}

// appendState writes a queued event. Bodies and timer data are written only
// if they implement StateAppender.
func (e *event) appendState(w *StateWriter) {
	w.Int(e.at)
	w.Uint(e.seq)
	w.Uint(uint64(e.kind))
	w.String(string(e.node))
	switch e.kind {
	case evDeliver:
		m := &e.msg
		w.Uint(uint64(m.ID))
		w.String(string(m.From))
		w.String(string(m.To))
		w.String(m.API)
		w.String(m.Label)
		w.String(m.Summary)
		w.Int(int64(m.Lifecycle))
		w.Int(m.SentAt)
		appendAny(w, m.Body)
	case evTimer:
		w.Uint(uint64(e.timer.ID))
		w.String(e.timer.Kind)
		w.Int(e.timer.SetAt)
		appendAny(w, e.timer.Data)
	case evInput:
		w.String(e.label)
	case evDisconnect:
		w.String(string(e.peer))
		w.Bool(e.refused)
	}
}

func appendAny(w *StateWriter, v any) {
	if a, ok := v.(StateAppender); ok {
		w.Bool(true)
		a.AppendState(w)
		return
	}
	w.Bool(false)
}
