package record

import "math/bits"

// Kafka's variable-length integers (ByteUtils.java): the value is zigzag
// encoded so that small negative numbers stay short, then written as an
// unsigned LEB128, seven bits per byte, low group first, 0x80 meaning "more".

// AppendVarint appends v to dst as a zigzag varint (ByteUtils.writeVarint).
func AppendVarint(dst []byte, v int32) []byte {
	u := uint32(v<<1) ^ uint32(v>>31)
	for u >= 0x80 {
		dst = append(dst, byte(u)|0x80)
		u >>= 7
	}
	return append(dst, byte(u))
}

// AppendVarlong appends v to dst as a zigzag varlong (ByteUtils.writeVarlong).
func AppendVarlong(dst []byte, v int64) []byte {
	u := uint64(v<<1) ^ uint64(v>>63)
	for u >= 0x80 {
		dst = append(dst, byte(u)|0x80)
		u >>= 7
	}
	return append(dst, byte(u))
}

// VarintLen returns the number of bytes AppendVarint writes for v.
func VarintLen(v int32) int {
	u := uint32(v<<1) ^ uint32(v>>31)
	return (bits.Len32(u|1) + 6) / 7
}

// VarlongLen returns the number of bytes AppendVarlong writes for v.
func VarlongLen(v int64) int {
	u := uint64(v<<1) ^ uint64(v>>63)
	return (bits.Len64(u|1) + 6) / 7
}

// Varint decodes a zigzag varint from the front of b and returns it with the
// number of bytes read. As with encoding/binary.Uvarint, n == 0 means b ended
// before the varint did, and n < 0 means the varint is malformed (-n bytes
// were examined): it overflows 32 bits or is not in its shortest form.
//
// Kafka's reader silently accepts padded forms such as 80 00 for zero; this
// one rejects them so that every accepted byte string re-encodes identically.
func Varint(b []byte) (v int32, n int) {
	if len(b) > 0 && b[0] < 0x80 {
		u := uint32(b[0])
		return int32(u>>1) ^ -int32(u&1), 1
	}
	var u uint32
	for i := 0; i < len(b); i++ {
		c := b[i]
		if i == 4 && c > 0x0f {
			return 0, -(i + 1) // more than 32 bits
		}
		u |= uint32(c&0x7f) << (7 * i)
		if c < 0x80 {
			if c == 0 {
				return 0, -(i + 1) // a zero final group: not the shortest form
			}
			return int32(u>>1) ^ -int32(u&1), i + 1
		}
	}
	return 0, 0
}

// Varlong decodes a zigzag varlong from the front of b; its results mean what
// Varint's do, for 64 bits and up to ten bytes.
func Varlong(b []byte) (v int64, n int) {
	if len(b) > 0 && b[0] < 0x80 {
		u := uint64(b[0])
		return int64(u>>1) ^ -int64(u&1), 1
	}
	var u uint64
	for i := 0; i < len(b); i++ {
		c := b[i]
		if i == 9 && c > 0x01 {
			return 0, -(i + 1) // more than 64 bits
		}
		u |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			if c == 0 {
				return 0, -(i + 1)
			}
			return int64(u>>1) ^ -int64(u&1), i + 1
		}
	}
	return 0, 0
}
