// Package wire reads and writes Kafka's primitive protocol types: big-endian
// integers, strings and byte arrays with int16/int32 lengths (classic
// versions) or unsigned-varint "compact" lengths plus one (flexible
// versions, KIP-482), arrays, and tagged-field sections. It mirrors
// clients/src/main/java/org/apache/kafka/common/protocol/types and the
// generated readers, for the few structures the engine encodes itself: the
// consumer protocol's subscription and assignment, and the records of
// __consumer_offsets.
//
// A Reader keeps the first error and returns zero values afterwards, so a
// decoder reads a whole structure and checks Err once. Lengths are checked
// against the bytes left before anything is allocated, so corrupt input can
// never make a decoder allocate without bound.
package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// AppendString appends a non-null string with an int16 length.
func AppendString(dst []byte, s string) []byte {
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(s)))
	return append(dst, s...)
}

// AppendNullableString appends s, or null (length -1) when s is empty: the
// engine's nullable strings use "" for null, as Kafka's optional fields do.
func AppendNullableString(dst []byte, s string) []byte {
	if s == "" {
		return binary.BigEndian.AppendUint16(dst, 0xffff)
	}
	return AppendString(dst, s)
}

// AppendBytes appends non-null bytes with an int32 length.
func AppendBytes(dst, b []byte) []byte {
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(b)))
	return append(dst, b...)
}

// AppendNullableBytes appends b, or null (length -1) when b is nil.
func AppendNullableBytes(dst, b []byte) []byte {
	if b == nil {
		return binary.BigEndian.AppendUint32(dst, 0xffffffff)
	}
	return AppendBytes(dst, b)
}

// A Reader decodes primitive types from the front of a buffer.
type Reader struct {
	b   []byte
	err error
}

// NewReader reads from b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// Err is the first error met, or nil.
func (r *Reader) Err() error { return r.err }

// Remaining is the number of bytes not yet read.
func (r *Reader) Remaining() int { return len(r.b) }

// Take returns the next n bytes (capacity-limited, so appending to them can
// never overwrite what follows), or nil after an error.
func (r *Reader) Take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.err = fmt.Errorf("need %d bytes, have %d", n, len(r.b))
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

// Int16 reads a big-endian int16.
func (r *Reader) Int16() int16 {
	if b := r.Take(2); b != nil {
		return int16(binary.BigEndian.Uint16(b))
	}
	return 0
}

// Int32 reads a big-endian int32.
func (r *Reader) Int32() int32 {
	if b := r.Take(4); b != nil {
		return int32(binary.BigEndian.Uint32(b))
	}
	return 0
}

// Int64 reads a big-endian int64.
func (r *Reader) Int64() int64 {
	if b := r.Take(8); b != nil {
		return int64(binary.BigEndian.Uint64(b))
	}
	return 0
}

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// Length reads a string or bytes length: int16 (or int32 when wide) in
// classic versions, compact (n+1, 0 meaning null) in flexible ones. It
// returns -1 for null.
func (r *Reader) Length(flex, wide bool) int {
	if flex {
		n := r.Uvarint()
		if n > uint64(len(r.b))+1 {
			r.err = fmt.Errorf("length %d with %d bytes left", n-1, len(r.b))
			return 0
		}
		return int(n) - 1
	}
	if wide {
		return int(r.Int32())
	}
	return int(r.Int16())
}

// String reads a non-null string.
func (r *Reader) String(flex bool) string {
	n := r.Length(flex, false)
	if r.err == nil && n < 0 {
		r.err = errors.New("null where a string is required")
	}
	return string(r.Take(n))
}

// NullableString reads a string, returning "" for null.
func (r *Reader) NullableString(flex bool) string {
	n := r.Length(flex, false)
	if n < 0 {
		return ""
	}
	return string(r.Take(n))
}

// Bytes reads non-null bytes into a fresh slice.
func (r *Reader) Bytes(flex bool) []byte {
	n := r.Length(flex, true)
	if r.err == nil && n < 0 {
		r.err = errors.New("null where bytes are required")
	}
	return slices.Clone(r.Take(n))
}

// NullableBytes reads bytes into a fresh slice, returning nil for null.
func (r *Reader) NullableBytes(flex bool) []byte {
	n := r.Length(flex, true)
	if r.err != nil || n < 0 {
		return nil
	}
	return slices.Clone(r.Take(n))
}

// ArrayLen reads an array length and checks it against the bytes left,
// given the smallest encoding of one element.
func (r *Reader) ArrayLen(flex bool, minElem int) int {
	var n int
	if flex {
		n = int(r.Uvarint()) - 1
	} else {
		n = int(r.Int32())
	}
	if r.err == nil && (n < 0 || n > len(r.b)/max(minElem, 1)) {
		r.err = fmt.Errorf("array length %d with %d bytes left", n, len(r.b))
	}
	if r.err != nil {
		return 0
	}
	return n
}

// SkipTags skips a tagged-field section (flexible versions).
func (r *Reader) SkipTags() {
	n := r.Uvarint()
	for i := uint64(0); i < n && r.err == nil; i++ {
		r.Uvarint()
		size := r.Uvarint()
		if size > uint64(len(r.b)) {
			r.err = errors.New("tag longer than the record")
			return
		}
		r.Take(int(size))
	}
}
