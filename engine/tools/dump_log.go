package tools

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/record"
)

func init() {
	kafkaTools["kafka-dump-log"] = KafkaDumpLog
	delete(notYet, "kafka-dump-log")
}

// dumpLogOptions are kafka-dump-log.sh's options (DumpLogSegmentsOptions,
// Kafka 4.1, core/src/main/scala/kafka/tools/DumpLogSegments.scala).
var dumpLogOptions = []option{
	{name: "print-data-log", help: "If set, printing the messages content when dumping data logs. Automatically set if any decoder option is specified."},
	{name: "verify-index-only", help: "If set, just verify the index log without printing its content."},
	{name: "index-sanity-check", help: "If set, just checks the index sanity without printing its content. This is the same check that is executed on broker startup to determine if an index needs rebuilding or not."},
	{name: "files", argName: "file1, file2, ...", help: "REQUIRED: The comma separated list of data and index log files to be dumped."},
	{name: "max-message-size", argName: "size", argType: "Integer", def: "5242880", help: "Size of largest message."},
	{name: "max-bytes", argName: "size", argType: "Integer", def: "2147483647", help: "Limit the amount of total batches read in bytes avoiding reading the whole .log file(s)."},
	{name: "deep-iteration", help: "If set, uses deep instead of shallow iteration. Automatically set if print-data-log is enabled."},
	{name: "value-decoder-class", argType: "String", optArg: true, def: "org.apache.kafka.tools.api.StringDecoder", help: "If set, used to deserialize the messages. This class should implement org.apache.kafka.tools.api.Decoder trait. Custom jar should be available in kafka/libs directory."},
	{name: "key-decoder-class", argType: "String", optArg: true, def: "org.apache.kafka.tools.api.StringDecoder", help: "If set, used to deserialize the keys. This class should implement org.apache.kafka.tools.api.Decoder trait. Custom jar should be available in kafka/libs directory."},
	{name: "offsets-decoder", help: "If set, log data will be parsed as offset data from the __consumer_offsets topic."},
	{name: "transaction-log-decoder", help: "If set, log data will be parsed as transaction metadata from the __transaction_state topic."},
	{name: "cluster-metadata-decoder", help: "If set, log data will be parsed as cluster metadata records."},
	{name: "remote-log-metadata-decoder", help: "If set, log data will be parsed as TopicBasedRemoteLogMetadataManager (RLMM) metadata records. Instead, the value-decoder-class option can be used if a custom RLMM implementation is configured."},
	{name: "skip-record-metadata", help: "Whether to skip printing metadata for each record."},
	helpOption,
	versionOption,
}

// The decoder options the lab does not have.
var unsupportedDumpOptions = []string{"transaction-log-decoder", "cluster-metadata-decoder", "remote-log-metadata-decoder", "skip-record-metadata"}

// dumpRun is one run of kafka-dump-log.sh: its options, the disks it reads
// and the problems DumpLogSegments reports on stderr after every file.
type dumpRun struct {
	*toolEnv
	opts       *optionSet
	dirs       LogDirs
	pending    bytes.Buffer  // stdout lines a failure prints before its exception
	mismatches []dumpProblem // offset index entries whose batch ends elsewhere
	timeErrors []dumpProblem // time index entries that do not match the log
}

// A dumpProblem is one file's list of problems, printed after the listing.
type dumpProblem struct {
	file  string // the absolute path
	lines []string
}

// errUncaught marks a Java exception that escaped main: the JVM printed
// "Exception in thread "main" …" and exited 1.
var errUncaught = errors.New("uncaught exception")

// KafkaDumpLog is kafka-dump-log.sh (kafka.tools.DumpLogSegments): it prints
// the batches of a .log file (with --deep-iteration its records, with
// --print-data-log their keys and values), the entries of a .index or
// .timeindex file, each checked against the .log as Kafka checks it
// (--verify-index-only prints only the problems, --index-sanity-check runs
// the broker's start-up check). The files are on the brokers' disks under
// LogRoot: /var/lib/kafka/broker-2/orders-0/00000000000000000000.log; the
// ls lab command lists them. The cluster must be a LogDirs.
func KafkaDumpLog(c Cluster, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	t := &toolEnv{cluster: c, stdin: stdin, stdout: stdout, stderr: stderr}
	const desc = "This tool helps to parse a log file and dump its contents to the console, useful for debugging a seemingly corrupt log segment."
	opts, err := parseOptions(dumpLogOptions, args)
	if err != nil {
		return uncaught(stderr, joptExceptionClass(err.Error()), err.Error())
	}
	if len(args) == 0 {
		return t.printUsage(desc, dumpLogOptions)
	}
	if opts.has("help") {
		return t.printHelp(desc, dumpLogOptions)
	}
	if opts.has("version") {
		return t.printVersion()
	}
	if !opts.has("files") {
		return t.printUsage(`Missing required argument "[files]"`, dumpLogOptions)
	}
	for _, o := range unsupportedDumpOptions {
		if opts.has(o) {
			fmt.Fprintf(stderr, "lab: --%s is not supported in the lab yet\n", o)
			return 1
		}
	}
	for _, o := range []string{"value-decoder-class", "key-decoder-class"} {
		if v := opts.value(o); v != "" && v != "org.apache.kafka.tools.api.StringDecoder" {
			fmt.Fprintf(stderr, "lab: --%s: the lab has only org.apache.kafka.tools.api.StringDecoder\n", o)
			return 1
		}
	}
	ld, ok := c.(LogDirs)
	if !ok {
		fmt.Fprintln(stderr, "lab: this cluster has no log directories to read")
		return 1
	}
	r := &dumpRun{toolEnv: t, opts: opts, dirs: ld}
	for _, f := range javaSplit(opts.value("files"), ",") {
		if err := r.dumpFile(f); err != nil {
			return 1
		}
	}
	r.printProblems()
	return 0
}

// uncaught prints an exception that escaped main, as the JVM does (the stack
// trace cut to its first line), and returns the JVM's exit status 1.
func uncaught(w io.Writer, class, msg string) int {
	fmt.Fprintf(w, "Exception in thread \"main\" %s: %s\n", class, msg)
	return 1
}

// fail reports an uncaught exception and returns errUncaught.
func (r *dumpRun) fail(class, msg string) error {
	r.stdout.Write(r.pending.Bytes())
	r.pending.Reset()
	uncaught(r.stderr, class, msg)
	return errUncaught
}

// dumpFile is one iteration of DumpLogSegments.main's loop over --files.
func (r *dumpRun) dumpFile(arg string) error {
	file := javaFilePath(arg)
	name := path.Base(file)
	if !strings.HasSuffix(name, log.LogSuffix) {
		// log.DumpFile prints this line for a .log file.
		fmt.Fprintf(r.stdout, "Dumping %s\n", file)
	}
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		n := len([]rune(name))
		return r.fail("java.lang.StringIndexOutOfBoundsException", fmt.Sprintf("begin -1, end %d, length %d", n, n))
	}
	switch name[dot:] {
	case log.LogSuffix:
		return r.dumpLog(file)
	case log.IndexSuffix:
		return r.dumpIndex(file)
	case log.TimeIndexSuffix:
		return r.dumpTimeIndex(file)
	case ".checkpoint", ".snapshot", ".txnindex":
		// KRaft snapshots, producer snapshots and transaction indexes: the
		// lab writes none, so the file cannot exist.
		return r.fail("java.nio.file.NoSuchFileException", file)
	}
	fmt.Fprintf(r.stderr, "Ignoring unknown file %s\n", file)
	return nil
}

// baseOffset is file.getName.split("\\.")(0).toLong.
func (r *dumpRun) baseOffset(file string) (int64, error) {
	s, _, _ := strings.Cut(path.Base(file), ".")
	n, err := parseJavaLong(s)
	if err != nil {
		return 0, r.fail("java.lang.NumberFormatException", `For input string: "`+s+`"`)
	}
	return n, nil
}

// read reads a file from the broker's disk that the path names.
func (r *dumpRun) read(file string) ([]byte, bool, error) {
	lp, ok := resolveLogPath(file)
	if !ok || lp.depth != 3 {
		return nil, false, nil
	}
	b, err := r.dirs.ReadLogFile(lp.broker, lp.dir, lp.name)
	if errors.Is(err, ErrNoSuchFile) {
		return nil, false, nil
	}
	return b, err == nil, err
}

// intOption is an Integer option's value or its default, converted when
// first used as DumpLogSegmentsOptions' lazy vals are.
func (r *dumpRun) intOption(name string, def int32) (int32, error) {
	if !r.opts.has(name) {
		return def, nil
	}
	n, err := r.opts.intValue(name)
	if err != nil {
		return 0, r.fail("joptsimple.OptionArgumentConversionException", err.Error())
	}
	return n, nil
}

// dumpLog is DumpLogSegments.dumpLog for a .log file. log.DumpFile prints
// the listing, "Dumping" line included; a failure prints that line first.
func (r *dumpRun) dumpLog(file string) error {
	fmt.Fprintf(&r.pending, "Dumping %s\n", file)
	maxBytes, err := r.intOption("max-bytes", 1<<31-1)
	if err != nil {
		return err
	}
	base, err := r.baseOffset(file)
	if err != nil {
		return err
	}
	b, ok, err := r.read(file)
	if err != nil {
		return r.fail("java.io.IOException", err.Error())
	}
	if !ok {
		fmt.Fprintf(&r.pending, "Log starting offset: %d\n", base)
		return r.fail("java.nio.file.NoSuchFileException", file)
	}
	r.pending.Reset()
	if maxBytes < 1<<31-1 {
		// FileRecords.slice(0, maxBytes): whole batches within the limit,
		// and no complaint about the bytes after them.
		b = wholeBatches(b, int64(max(maxBytes, 0)))
	}
	deep := r.opts.has("deep-iteration") || r.opts.has("print-data-log") ||
		r.opts.has("value-decoder-class") || r.opts.has("key-decoder-class")
	data := r.opts.has("print-data-log") || r.opts.has("value-decoder-class") || r.opts.has("key-decoder-class")
	opts := log.DumpOptions{DeepIteration: deep, PrintDataLog: data}
	if r.opts.has("offsets-decoder") {
		opts.Parse = decodeOffsetsRecord
	}
	if err := log.DumpFile(r.stdout, file, b, opts); err != nil {
		var mk errMissingKey
		if errors.As(err, &mk) {
			return r.fail("java.lang.RuntimeException", mk.Error())
		}
		return r.fail("java.io.IOException", err.Error())
	}
	return nil
}

// wholeBatches cuts b to the batches that end within limit bytes.
func wholeBatches(b []byte, limit int64) []byte {
	var pos int64
	for pos+record.LogOverhead <= int64(len(b)) {
		size := int64(int32(binary.BigEndian.Uint32(b[pos+8:]))) + record.LogOverhead
		if size < record.HeaderSize || pos+size > min(limit, int64(len(b))) {
			break
		}
		pos += size
	}
	return b[:pos]
}

// segmentFiles opens what an index dump opens before the index itself: the
// segment's .log (and, for a time index, its .index), which Kafka finds
// next to the absolute path of the index.
func (r *dumpRun) segmentFiles(file string, withIndex bool) (logBytes, indexBytes []byte, err error) {
	abs := absLogPath(file)
	stem := path.Dir(abs) + "/" + strings.SplitN(path.Base(abs), ".", 2)[0]
	logBytes, ok, err := r.read(stem + log.LogSuffix)
	if err != nil {
		return nil, nil, r.fail("java.io.IOException", err.Error())
	}
	if !ok {
		return nil, nil, r.fail("java.nio.file.NoSuchFileException", stem+log.LogSuffix)
	}
	if withIndex {
		if indexBytes, ok, err = r.read(stem + log.IndexSuffix); err != nil || !ok {
			return nil, nil, r.fail("java.io.FileNotFoundException", stem+log.IndexSuffix+" (No such file or directory)")
		}
	}
	return logBytes, indexBytes, nil
}

// dumpIndex is DumpLogSegments.dumpIndex for an offset index.
func (r *dumpRun) dumpIndex(file string) error {
	base, err := r.baseOffset(file)
	if err != nil {
		return err
	}
	logBytes, _, err := r.segmentFiles(file, false)
	if err != nil {
		return err
	}
	b, ok, err := r.read(file)
	if err != nil || !ok {
		return r.fail("java.io.FileNotFoundException", file+" (No such file or directory)")
	}
	if _, err := r.intOption("max-message-size", 5<<20); err != nil {
		return err
	}
	entries := len(b) / log.OffsetEntrySize
	if entries == 0 {
		fmt.Fprintf(r.stdout, "%s is empty.\n", file)
		return nil
	}
	if r.opts.has("index-sanity-check") {
		return r.sanityCheck(file, base, len(b), log.OffsetEntrySize, offsetEntry(b, base, entries-1).Offset, -1, -1)
	}
	var mismatches []string
	for i := range entries {
		e := offsetEntry(b, base, i)
		// A sparse file after a crash has zero entries; the first ends it.
		if e.Offset == base && i > 0 {
			break
		}
		if last, ok := batchLastOffsetAt(logBytes, int64(e.Position)); !ok || last != e.Offset {
			if !ok {
				last = -1
			}
			// Kafka prepends to a list, so the last mismatch prints first.
			mismatches = append([]string{fmt.Sprintf("  Index offset: %d, log offset: %d", e.Offset, last)}, mismatches...)
		}
		if !r.opts.has("verify-index-only") {
			fmt.Fprintf(r.stdout, "offset: %d position: %d\n", e.Offset, e.Position)
		}
	}
	if len(mismatches) > 0 {
		r.mismatches = append(r.mismatches, dumpProblem{file: absLogPath(file), lines: mismatches})
	}
	return nil
}

// dumpTimeIndex is DumpLogSegments.dumpTimeIndex: each entry's offset must be
// the last offset of a batch whose largest record timestamp is the entry's
// timestamp, and the timestamps must increase.
func (r *dumpRun) dumpTimeIndex(file string) error {
	base, err := r.baseOffset(file)
	if err != nil {
		return err
	}
	logBytes, indexBytes, err := r.segmentFiles(file, true)
	if err != nil {
		return err
	}
	b, ok, err := r.read(file)
	if err != nil || !ok {
		return r.fail("java.io.FileNotFoundException", file+" (No such file or directory)")
	}
	entries := len(b) / log.TimeEntrySize
	if r.opts.has("index-sanity-check") {
		var lastTs, lastOff, firstTs int64 = -1, base, -1
		if entries > 0 {
			first, last := timeEntry(b, base, 0), timeEntry(b, base, entries-1)
			firstTs, lastTs, lastOff = first.Timestamp, last.Timestamp, last.Offset
		}
		return r.sanityCheck(file, base, len(b), log.TimeEntrySize, lastOff, lastTs, firstTs)
	}
	var mismatch, outOfOrder, notFound []string
	prev := int64(log.NoTimestamp)
	for i := range entries {
		e := timeEntry(b, base, i)
		if e.Offset == base && i > 0 {
			break
		}
		pos := floorPosition(indexBytes, base, e.Offset)
		last, maxTs, found := findBatch(logBytes, pos, e.Offset)
		switch {
		case !found:
			notFound = append(notFound, fmt.Sprintf("Indexed offset: %d, found log offset: %d", e.Offset, -1))
		case last != e.Offset:
			notFound = append(notFound, fmt.Sprintf("Indexed offset: %d, found log offset: %d", e.Offset, last))
		default:
			if maxTs != e.Timestamp {
				mismatch = append(mismatch, fmt.Sprintf("  Index timestamp: %d, log timestamp: %d", e.Timestamp, maxTs))
			}
			if prev >= e.Timestamp {
				outOfOrder = append(outOfOrder, fmt.Sprintf("  Index timestamp: %d, Previously indexed timestamp: %d", e.Timestamp, prev))
			}
		}
		if !r.opts.has("verify-index-only") {
			fmt.Fprintf(r.stdout, "timestamp: %d offset: %d\n", e.Timestamp, e.Offset)
		}
		prev = e.Timestamp
	}
	abs := absLogPath(file)
	if len(mismatch) > 0 {
		r.timeErrors = append(r.timeErrors, dumpProblem{file: "Found timestamp mismatch in :" + abs, lines: mismatch})
	}
	if len(outOfOrder) > 0 {
		r.timeErrors = append(r.timeErrors, dumpProblem{file: "Found out of order timestamp in :" + abs, lines: outOfOrder})
	}
	if len(notFound) > 0 {
		r.timeErrors = append(r.timeErrors, dumpProblem{file: "The following indexed offsets are not found in the log.", lines: notFound})
	}
	return nil
}

// sanityCheck is OffsetIndex.sanityCheck and TimeIndex.sanityCheck (for a
// time index lastTs and firstTs are set): the check a broker runs on start-up
// to decide whether to rebuild an index.
func (r *dumpRun) sanityCheck(file string, base int64, size, entrySize int, lastOffset, lastTs, firstTs int64) error {
	const class = "org.apache.kafka.storage.internals.log.CorruptIndexException"
	abs := absLogPath(file)
	entries := size / entrySize
	kind, index := "index", "Index"
	if lastTs >= 0 || firstTs >= 0 {
		kind, index = "time index", "Time index"
		if entries != 0 && lastTs < firstTs {
			return r.fail(class, fmt.Sprintf("Corrupt time index found, time index file (%s) has non-zero size but the last timestamp is %d which is less than the first timestamp %d", abs, lastTs, firstTs))
		}
	}
	if entries != 0 && lastOffset < base {
		what := "base offset"
		if kind == "time index" {
			what = "first offset"
		}
		return r.fail(class, fmt.Sprintf("Corrupt %s found, %s file (%s) has non-zero size but the last offset is %d which is less than the %s %d", kind, kind, abs, lastOffset, what, base))
	}
	if size%entrySize != 0 {
		return r.fail(class, fmt.Sprintf("%s file %s is corrupt, found %d bytes which is neither positive nor a multiple of %d.", index, abs, size, entrySize))
	}
	fmt.Fprintf(r.stdout, "%s passed sanity check.\n", file)
	return nil
}

// printProblems writes what DumpLogSegments.main writes to stderr after the
// last file: offset index mismatches, then the time index errors.
func (r *dumpRun) printProblems() {
	for _, p := range r.mismatches {
		fmt.Fprintf(r.stderr, "Mismatches in :%s\n", p.file)
		for _, l := range p.lines {
			fmt.Fprintln(r.stderr, l)
		}
	}
	for _, p := range r.timeErrors {
		fmt.Fprintln(r.stderr, p.file)
		for _, l := range p.lines {
			fmt.Fprintln(r.stderr, l)
		}
	}
}

// offsetEntry is entry i of an offset index: a 4-byte offset relative to
// base and a 4-byte position.
func offsetEntry(b []byte, base int64, i int) log.OffsetPosition {
	rel := int32(binary.BigEndian.Uint32(b[i*log.OffsetEntrySize:]))
	pos := int32(binary.BigEndian.Uint32(b[i*log.OffsetEntrySize+4:]))
	return log.OffsetPosition{Offset: base + int64(rel), Position: pos}
}

// timeEntry is entry i of a time index: an 8-byte timestamp and a 4-byte
// offset relative to base.
func timeEntry(b []byte, base int64, i int) log.TimestampOffset {
	ts := int64(binary.BigEndian.Uint64(b[i*log.TimeEntrySize:]))
	rel := int32(binary.BigEndian.Uint32(b[i*log.TimeEntrySize+8:]))
	return log.TimestampOffset{Timestamp: ts, Offset: base + int64(rel)}
}

// floorPosition is OffsetIndex.lookup(offset).position: the position of the
// last entry at or below offset, or 0.
func floorPosition(index []byte, base, offset int64) int64 {
	pos := int64(0)
	for i := range len(index) / log.OffsetEntrySize {
		e := offsetEntry(index, base, i)
		if (e.Offset == base && i > 0) || e.Offset > offset {
			break
		}
		pos = int64(e.Position)
	}
	return pos
}

// batchLastOffsetAt returns the last offset of the batch at pos.
func batchLastOffsetAt(logBytes []byte, pos int64) (int64, bool) {
	if pos < 0 || pos >= int64(len(logBytes)) {
		return 0, false
	}
	h, err := record.PeekHeader(logBytes[pos:])
	if err != nil {
		return 0, false
	}
	return h.LastOffset(), true
}

// findBatch scans the batches from pos for the first whose last offset
// reaches offset, and returns that offset and the largest timestamp of its
// records.
func findBatch(logBytes []byte, pos, offset int64) (last, maxTs int64, found bool) {
	for pos >= 0 && pos < int64(len(logBytes)) {
		h, err := record.ParseHeader(logBytes[pos:])
		if err != nil {
			return 0, 0, false
		}
		if h.LastOffset() >= offset {
			maxTs = int64(log.NoTimestamp)
			if batch, _, err := record.Decode(logBytes[pos : pos+int64(h.Size())]); err == nil {
				for i := range batch.Records {
					maxTs = max(maxTs, batch.Timestamp(&batch.Records[i]))
				}
			}
			return h.LastOffset(), maxTs, true
		}
		pos += int64(h.Size())
	}
	return 0, 0, false
}
