package log

import (
	"encoding/binary"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/record"
)

// DumpOptions are the kafka-dump-log.sh flags that change its output.
type DumpOptions struct {
	DeepIteration bool // --deep-iteration: print every record, not just batches
	PrintDataLog  bool // --print-data-log: also print keys and values (implies DeepIteration)
	// Parse, if set, turns each record's key and value into the text
	// printed after "key:" and "payload:", as a decoder option
	// (--offsets-decoder) does; false leaves one out, and an error ends the
	// listing as the tool's uncaught exception would.
	Parse func(offset int64, key, value []byte) (k, v string, hasK, hasV bool, err error)
}

// DumpFile writes what kafka-dump-log.sh --files name prints for a segment
// file holding b, choosing the format by the name's suffix (DumpLogSegments).
// The .index and .timeindex listings do not cross-check the .log as the real
// tool does on stderr.
func DumpFile(w io.Writer, name string, b []byte, opts DumpOptions) error {
	fmt.Fprintf(w, "Dumping %s\n", name)
	base, suffix, ok := parseFileName(path.Base(name))
	if !ok {
		return fmt.Errorf("log: %s is not a segment file name", name)
	}
	switch suffix {
	case LogSuffix:
		return dumpLog(w, name, base, b, opts)
	case IndexSuffix:
		dumpIndex(w, name, base, b)
	case TimeIndexSuffix:
		dumpTimeIndex(w, base, b)
	}
	return nil
}

// Dump writes the kafka-dump-log.sh listing of every file of every segment,
// oldest segment first.
func (l *Log) Dump(w io.Writer, opts DumpOptions) error {
	for _, s := range l.segs {
		for _, name := range s.fileNames() {
			b, err := readFile(l.st, name, 1<<31)
			if err != nil {
				return storageErr("read "+name, err)
			}
			if err := DumpFile(w, name, b, opts); err != nil {
				return err
			}
		}
	}
	return nil
}

func dumpLog(w io.Writer, name string, base int64, b []byte, opts DumpOptions) error {
	fmt.Fprintf(w, "Log starting offset: %d\n", base)
	deep := opts.DeepIteration || opts.PrintDataLog || opts.Parse != nil
	var pos int64
	for int64(len(b))-pos >= record.HeaderSize {
		rest := b[pos:]
		size := int64(int32(binary.BigEndian.Uint32(rest[8:]))) + record.LogOverhead
		if size < record.HeaderSize || size > int64(len(rest)) || rest[16] != record.Magic {
			break
		}
		raw := rest[:size]
		h, _ := peekHeader(raw)
		attrs := record.Attributes(binary.BigEndian.Uint16(raw[21:]))
		baseSeq := int32(binary.BigEndian.Uint32(raw[53:]))
		deleteHorizon := "OptionalLong.empty"
		if attrs.DeleteHorizonSet() {
			deleteHorizon = "OptionalLong[" + strconv.FormatInt(int64(binary.BigEndian.Uint64(raw[27:])), 10) + "]"
		}
		fmt.Fprintf(w, "baseOffset: %d lastOffset: %d count: %d baseSequence: %d lastSequence: %d producerId: %d producerEpoch: %d partitionLeaderEpoch: %d isTransactional: %t isControl: %t deleteHorizonMs: %s",
			h.BaseOffset, h.LastOffset(), h.RecordCount, baseSeq, sequenceAt(baseSeq, h.LastOffsetDelta),
			int64(binary.BigEndian.Uint64(raw[43:])), int16(binary.BigEndian.Uint16(raw[51:])), h.PartitionLeaderEpoch,
			attrs.Transactional(), attrs.Control(), deleteHorizon)
		fmt.Fprintf(w, " position: %d %s: %d size: %d magic: %d compresscodec: %s crc: %d isvalid: %t\n",
			pos, timestampType(attrs), h.MaxTimestamp, size, raw[16], attrs.Compression(),
			binary.BigEndian.Uint32(raw[17:]), record.VerifyCRC(raw) == nil)
		if deep {
			if err := dumpRecords(w, raw, attrs, baseSeq, opts); err != nil {
				return err
			}
		}
		pos += size
	}
	if pos < int64(len(b)) {
		fmt.Fprintf(w, "Found %d invalid bytes at the end of %s\n", int64(len(b))-pos, path.Base(name))
	}
	return nil
}

func dumpRecords(w io.Writer, raw []byte, attrs record.Attributes, baseSeq int32, opts DumpOptions) error {
	batch, _, err := record.Decode(raw)
	if err != nil {
		fmt.Fprintf(w, "| cannot read records: %v\n", err)
		return nil
	}
	for i := range batch.Records {
		r := &batch.Records[i]
		fmt.Fprintf(w, "| offset: %d %s: %d keySize: %d valueSize: %d", batch.Offset(r), timestampType(attrs), batch.Timestamp(r), nullableLen(r.Key), nullableLen(r.Value))
		seq := int32(-1)
		if baseSeq >= 0 {
			seq = sequenceAt(baseSeq, r.OffsetDelta)
		}
		keys := make([]string, len(r.Headers))
		for j, hd := range r.Headers {
			keys[j] = hd.Key
		}
		fmt.Fprintf(w, " sequence: %d headerKeys: [%s]", seq, strings.Join(keys, ","))
		if attrs.Control() {
			dumpControl(w, r)
		} else if opts.Parse != nil {
			k, v, hasK, hasV, err := opts.Parse(batch.Offset(r), r.Key, r.Value)
			if err != nil {
				fmt.Fprintln(w)
				return err
			}
			if hasK {
				fmt.Fprintf(w, " key: %s", k)
			}
			if hasV {
				fmt.Fprintf(w, " payload: %s", v)
			}
		} else if opts.PrintDataLog {
			prefix := " "
			if r.Key != nil {
				fmt.Fprintf(w, "%skey: %s", prefix, strings.ToValidUTF8(string(r.Key), "\uFFFD"))
			}
			if r.Value != nil {
				fmt.Fprintf(w, "%spayload: %s", prefix, strings.ToValidUTF8(string(r.Value), "\uFFFD"))
			}
		}
		fmt.Fprintln(w)
	}
	return nil
}

// dumpControl prints a transaction marker as DumpLogSegments does; the other
// control types, whose JSON bodies the lab does not decode, print their type.
func dumpControl(w io.Writer, r *record.Record) {
	t, err := record.ParseControlKey(r.Key)
	if err != nil {
		fmt.Fprintf(w, " controlType: invalid (%v)", err)
		return
	}
	if t == record.ControlAbort || t == record.ControlCommit {
		if epoch, err := record.ParseEndTxnMarker(r.Value); err == nil {
			fmt.Fprintf(w, " endTxnMarker: %s coordinatorEpoch: %d", t, epoch)
			return
		}
	}
	fmt.Fprintf(w, " controlType: %s(%d)", t, int16(t))
}

func dumpIndex(w io.Writer, name string, base int64, b []byte) {
	n := len(b) / OffsetEntrySize
	if n == 0 {
		fmt.Fprintf(w, "%s is empty.\n", name)
		return
	}
	for i := range n {
		rel := int32(binary.BigEndian.Uint32(b[i*8:]))
		pos := int32(binary.BigEndian.Uint32(b[i*8+4:]))
		// Kafka stops at a zero entry: the unused tail of a preallocated file.
		if rel == 0 && i > 0 {
			return
		}
		fmt.Fprintf(w, "offset: %d position: %d\n", base+int64(rel), pos)
	}
}

func dumpTimeIndex(w io.Writer, base int64, b []byte) {
	for i := range len(b) / TimeEntrySize {
		ts := int64(binary.BigEndian.Uint64(b[i*12:]))
		rel := int32(binary.BigEndian.Uint32(b[i*12+8:]))
		if rel == 0 && i > 0 {
			return
		}
		fmt.Fprintf(w, "timestamp: %d offset: %d\n", ts, base+int64(rel))
	}
}

func timestampType(a record.Attributes) string {
	if a.LogAppendTime() {
		return "LogAppendTime"
	}
	return "CreateTime"
}

func nullableLen(b []byte) int {
	if b == nil {
		return -1
	}
	return len(b)
}

// sequenceAt adds delta to a producer sequence, wrapping past MaxInt32 to 0
// as DefaultRecordBatch.incrementSequence does.
func sequenceAt(base, delta int32) int32 {
	if base < 0 {
		return -1
	}
	if base > 1<<31-1-delta {
		return delta - (1<<31 - 1 - base) - 1
	}
	return base + delta
}
