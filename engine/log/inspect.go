package log

import (
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"unicode/utf8"

	"github.com/kafkalab/kafkalab/engine/record"
)

// A Field is one decoded field of a segment file, located by its bytes, for
// the UI's hex view.
type Field struct {
	Name   string // Kafka's name for the field, e.g. "baseOffset", "keyLength"
	Offset int64  // position of the first byte in the file
	Len    int    // number of bytes
	Value  string // the decoded value as text
}

// A BatchView is one batch of a .log file, field by field.
type BatchView struct {
	Position int64        // position of the batch in the file
	Size     int64        // bytes the batch occupies
	Fields   []Field      // the 61-byte header
	Records  []RecordView // the records, in order
	Valid    bool         // the CRC matched and every record decoded
	Err      string       // what was wrong, if not Valid
}

// A RecordView is one record of a batch, field by field.
type RecordView struct {
	Offset int64   // the record's absolute offset
	Fields []Field // length, attributes, deltas, key, value, headers
}

// A LogView is a decoded .log file.
type LogView struct {
	Batches []BatchView
	// Trailing holds bytes after the last whole batch (a torn tail), if any.
	Trailing *Field
}

// maxShown caps how many bytes of a key, value or header a Field quotes.
const maxShown = 64

// InspectLog decodes the bytes of a .log file into fields with their byte
// ranges. It never fails: what cannot be decoded is reported in Err and
// Trailing, and the work done is bounded by len(b).
func InspectLog(b []byte) LogView {
	var v LogView
	var pos int64
	for pos < int64(len(b)) {
		rest := b[pos:]
		h, err := record.PeekHeader(rest)
		if err != nil || h.Size() > len(rest) {
			break
		}
		v.Batches = append(v.Batches, inspectBatch(rest[:h.Size()], pos))
		pos += int64(h.Size())
	}
	if pos < int64(len(b)) {
		v.Trailing = &Field{Name: "invalidBytes", Offset: pos, Len: len(b) - int(pos), Value: strconv.Itoa(len(b)-int(pos)) + " bytes that do not form a whole batch"}
	}
	return v
}

func inspectBatch(b []byte, pos int64) BatchView {
	bv := BatchView{Position: pos, Size: int64(len(b)), Valid: true}
	be := binary.BigEndian
	i64 := func(o int) string { return strconv.FormatInt(int64(be.Uint64(b[o:])), 10) }
	i32 := func(o int) string { return strconv.FormatInt(int64(int32(be.Uint32(b[o:]))), 10) }
	i16 := func(o int) string { return strconv.FormatInt(int64(int16(be.Uint16(b[o:]))), 10) }
	f := func(name string, o, n int, val string) {
		bv.Fields = append(bv.Fields, Field{Name: name, Offset: pos + int64(o), Len: n, Value: val})
	}
	attrs := record.Attributes(be.Uint16(b[21:]))
	f("baseOffset", 0, 8, i64(0))
	f("length", 8, 4, i32(8))
	f("partitionLeaderEpoch", 12, 4, i32(12))
	f("magic", 16, 1, strconv.Itoa(int(int8(b[16]))))
	f("crc", 17, 4, strconv.FormatUint(uint64(be.Uint32(b[17:])), 10))
	f("attributes", 21, 2, attributesText(attrs))
	f("lastOffsetDelta", 23, 4, i32(23))
	f("baseTimestamp", 27, 8, i64(27))
	f("maxTimestamp", 35, 8, i64(35))
	f("producerId", 43, 8, i64(43))
	f("producerEpoch", 51, 2, i16(51))
	f("baseSequence", 53, 4, i32(53))
	f("recordsCount", 57, 4, i32(57))
	// Whether the batch is valid is record.Check's verdict, the same check
	// followers and recovery apply, so the hex view can never call valid a
	// batch the log would reject or the reverse. The walk below only
	// locates fields; it goes on past a bad CRC so the learner still sees
	// the records, and stops where the bytes stop making sense.
	if _, err := record.Check(b); err != nil {
		bv.Valid, bv.Err = false, err.Error()
	}
	if attrs.Compression() != record.None {
		return bv
	}
	base := int64(be.Uint64(b[0:]))
	count := int32(be.Uint32(b[57:]))
	p := record.HeaderSize
	for n := int32(0); n < count && p < len(b); n++ {
		rv, next, ok := inspectRecord(b, p, pos, base)
		if !ok {
			break
		}
		bv.Records = append(bv.Records, rv)
		p = next
	}
	return bv
}

// inspectRecord locates the fields of the record at b[p:], returning its
// view and the position after it, or false where the bytes stop making
// sense. It judges nothing: validity is record.Check's.
func inspectRecord(b []byte, p int, filePos, base int64) (RecordView, int, bool) {
	var rv RecordView
	f := func(name string, o, n int, val string) {
		rv.Fields = append(rv.Fields, Field{Name: name, Offset: filePos + int64(o), Len: n, Value: val})
	}
	length, n := record.Varint(b[p:])
	if n <= 0 || length < 0 || int(length) > len(b)-p-n {
		return rv, 0, false
	}
	f("length", p, n, strconv.Itoa(int(length)))
	end := p + n + int(length)
	body := b[:end]
	p += n
	if p >= end {
		return rv, 0, false
	}
	f("attributes", p, 1, strconv.Itoa(int(int8(b[p]))))
	p++
	tsDelta, n := record.Varlong(body[p:])
	if n <= 0 {
		return rv, 0, false
	}
	f("timestampDelta", p, n, strconv.FormatInt(tsDelta, 10))
	p += n
	offDelta, n := record.Varint(body[p:])
	if n <= 0 {
		return rv, 0, false
	}
	f("offsetDelta", p, n, strconv.Itoa(int(offDelta)))
	rv.Offset = base + int64(offDelta)
	p += n
	var ok bool
	if p, ok = inspectBytes(body, p, "key", f); !ok {
		return rv, 0, false
	}
	if p, ok = inspectBytes(body, p, "value", f); !ok {
		return rv, 0, false
	}
	hc, n := record.Varint(body[p:])
	if n <= 0 || hc < 0 {
		return rv, 0, false
	}
	f("headersCount", p, n, strconv.Itoa(int(hc)))
	p += n
	for range hc {
		if p, ok = inspectBytes(body, p, "headerKey", f); !ok {
			return rv, 0, false
		}
		if p, ok = inspectBytes(body, p, "headerValue", f); !ok {
			return rv, 0, false
		}
	}
	if p != end {
		return rv, 0, false
	}
	return rv, end, true
}

// inspectBytes decodes a varint length and the bytes it announces.
func inspectBytes(b []byte, p int, name string, f func(string, int, int, string)) (int, bool) {
	n, w := record.Varint(b[p:])
	if w <= 0 || n < -1 || int(n) > len(b)-p-w {
		return 0, false
	}
	f(name+"Length", p, w, strconv.Itoa(int(n)))
	p += w
	if n >= 0 {
		f(name, p, int(n), showBytes(b[p:p+int(n)]))
		p += int(n)
	}
	return p, true
}

// showBytes renders a key or value: quoted text when it is UTF-8, hex
// otherwise, cut at maxShown bytes.
func showBytes(b []byte) string {
	cut := ""
	if len(b) > maxShown {
		b, cut = b[:maxShown], "…"
	}
	if utf8.Valid(b) {
		return strconv.Quote(string(b)) + cut
	}
	return "0x" + hex.EncodeToString(b) + cut
}

func attributesText(a record.Attributes) string {
	s := "codec=" + a.Compression().String()
	if a.LogAppendTime() {
		s += " LogAppendTime"
	} else {
		s += " CreateTime"
	}
	if a.Transactional() {
		s += " transactional"
	}
	if a.Control() {
		s += " control"
	}
	if a.DeleteHorizonSet() {
		s += " deleteHorizon"
	}
	return s
}

// An EntryView is one index entry, field by field.
type EntryView struct {
	Slot   int
	Fields []Field
	Err    string // set when the entry breaks the index's ordering
}

// InspectIndex decodes the bytes of a .index file of the segment at base. A
// partial trailing entry is returned as a last view with Err set.
func InspectIndex(b []byte, base int64) []EntryView {
	var out []EntryView
	prev := int64(-1)
	for i := 0; i*OffsetEntrySize < len(b); i++ {
		o := i * OffsetEntrySize
		if len(b)-o < OffsetEntrySize {
			out = append(out, EntryView{Slot: i, Err: strconv.Itoa(len(b)-o) + " trailing bytes: a partial entry",
				Fields: []Field{{Name: "partial", Offset: int64(o), Len: len(b) - o}}})
			break
		}
		rel := int32(binary.BigEndian.Uint32(b[o:]))
		pos := int32(binary.BigEndian.Uint32(b[o+4:]))
		ev := EntryView{Slot: i, Fields: []Field{
			{Name: "relativeOffset", Offset: int64(o), Len: 4, Value: strconv.Itoa(int(rel)) + " (offset " + strconv.FormatInt(base+int64(rel), 10) + ")"},
			{Name: "position", Offset: int64(o + 4), Len: 4, Value: strconv.Itoa(int(pos))},
		}}
		if int64(rel) <= prev && i > 0 {
			ev.Err = "offset does not increase"
		}
		prev = int64(rel)
		out = append(out, ev)
	}
	return out
}

// InspectTimeIndex decodes the bytes of a .timeindex file of the segment at
// base. A partial trailing entry is returned as a last view with Err set.
func InspectTimeIndex(b []byte, base int64) []EntryView {
	var out []EntryView
	prev := int64(NoTimestamp)
	for i := 0; i*TimeEntrySize < len(b); i++ {
		o := i * TimeEntrySize
		if len(b)-o < TimeEntrySize {
			out = append(out, EntryView{Slot: i, Err: strconv.Itoa(len(b)-o) + " trailing bytes: a partial entry",
				Fields: []Field{{Name: "partial", Offset: int64(o), Len: len(b) - o}}})
			break
		}
		ts := int64(binary.BigEndian.Uint64(b[o:]))
		rel := int32(binary.BigEndian.Uint32(b[o+8:]))
		ev := EntryView{Slot: i, Fields: []Field{
			{Name: "timestamp", Offset: int64(o), Len: 8, Value: strconv.FormatInt(ts, 10)},
			{Name: "relativeOffset", Offset: int64(o + 8), Len: 4, Value: strconv.Itoa(int(rel)) + " (offset " + strconv.FormatInt(base+int64(rel), 10) + ")"},
		}}
		if i > 0 && ts <= prev {
			ev.Err = "timestamp does not increase"
		}
		prev = ts
		out = append(out, ev)
	}
	return out
}
