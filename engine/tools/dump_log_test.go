package tools

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/stretchr/testify/require"
)

// fakeDisks is a fakeCluster whose brokers' disks hold the files a test
// writes, so kafka-dump-log.sh's checks can meet broken indexes, which the
// lab's own logs never have.
type fakeDisks struct {
	*fakeCluster
	files map[string][]byte // "broker/dir/name"
}

func (f *fakeDisks) LogPartitionDirs(id int32) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for k := range f.files {
		parts := strings.Split(k, "/")
		if parts[0] == fmt.Sprint(id) && !seen[parts[1]] {
			seen[parts[1]] = true
			out = append(out, parts[1])
		}
	}
	return out, nil
}

func (f *fakeDisks) LogFiles(id int32, dir string) ([]LogFile, error) {
	var out []LogFile
	for k, b := range f.files {
		if strings.HasPrefix(k, fmt.Sprintf("%d/%s/", id, dir)) {
			out = append(out, LogFile{Name: k[strings.LastIndexByte(k, '/')+1:], Size: int64(len(b))})
		}
	}
	if len(out) == 0 {
		return nil, ErrNoSuchFile
	}
	return out, nil
}

func (f *fakeDisks) ReadLogFile(id int32, dir, name string) ([]byte, error) {
	b, ok := f.files[fmt.Sprintf("%d/%s/%s", id, dir, name)]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoSuchFile, name)
	}
	return b, nil
}

// segment writes a .log of two batches — offsets 0–1 at timestamps 10 and
// 30, offset 2 at 20 — and returns it with the position of the second.
func segment() ([]byte, int32) {
	b := record.AppendBatch(nil, &record.Batch{BaseOffset: 0, LastOffsetDelta: 1, BaseTimestamp: 10, MaxTimestamp: 30,
		ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1,
		Records: []record.Record{{Value: []byte("x")}, {OffsetDelta: 1, TimestampDelta: 20, Value: []byte("y")}}})
	pos := int32(len(b))
	b = record.AppendBatch(b, &record.Batch{BaseOffset: 2, BaseTimestamp: 20, MaxTimestamp: 20,
		ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1, Records: []record.Record{{Value: []byte("z")}}})
	return b, pos
}

func offsetIndex(entries ...[2]int32) []byte {
	var b []byte
	for _, e := range entries {
		b = binary.BigEndian.AppendUint32(b, uint32(e[0]))
		b = binary.BigEndian.AppendUint32(b, uint32(e[1]))
	}
	return b
}

func timeIndex(entries ...[2]int64) []byte {
	var b []byte
	for _, e := range entries {
		b = binary.BigEndian.AppendUint64(b, uint64(e[0]))
		b = binary.BigEndian.AppendUint32(b, uint32(e[1]))
	}
	return b
}

func runDump(t *testing.T, files map[string][]byte, args ...string) (string, int) {
	t.Helper()
	c := &fakeDisks{fakeCluster: newFakeCluster(3), files: files}
	var out bytes.Buffer
	status := KafkaDumpLog(c, args, nil, &out, &out)
	return out.String(), status
}

const dir = "/var/lib/kafka/broker-1/t-0/"

func TestDumpLogChecksIndexes(t *testing.T) {
	logBytes, pos := segment()
	good := map[string][]byte{
		"1/t-0/00000000000000000000.log":       logBytes,
		"1/t-0/00000000000000000000.index":     offsetIndex([2]int32{1, 0}, [2]int32{2, pos}),
		"1/t-0/00000000000000000000.timeindex": timeIndex([2]int64{30, 1}),
	}
	out, status := runDump(t, good, "--files", dir+"00000000000000000000.index,"+dir+"00000000000000000000.timeindex", "--verify-index-only")
	require.Equal(t, 0, status)
	require.Equal(t, "Dumping "+dir+"00000000000000000000.index\nDumping "+dir+"00000000000000000000.timeindex\n", out,
		"a consistent segment verifies silently")

	// Entry 1 points at the second batch but names offset 1; the zero
	// entry after it ends the index.
	bad := map[string][]byte{
		"1/t-0/00000000000000000000.log":   logBytes,
		"1/t-0/00000000000000000000.index": offsetIndex([2]int32{1, 0}, [2]int32{1, pos}, [2]int32{0, 0}, [2]int32{2, pos}),
	}
	out, status = runDump(t, bad, "--files", dir+"00000000000000000000.index")
	require.Equal(t, 0, status)
	require.Equal(t, fmt.Sprintf(`Dumping `+dir+`00000000000000000000.index
offset: 1 position: 0
offset: 1 position: %d
Mismatches in :`+dir+`00000000000000000000.index
  Index offset: 1, log offset: 2
`, pos), out)

	// 25 is not the first batch's largest timestamp (30), 20 comes after
	// 25, and the entry for offset 0 (the base) ends the index.
	bad = map[string][]byte{
		"1/t-0/00000000000000000000.log":       logBytes,
		"1/t-0/00000000000000000000.index":     good["1/t-0/00000000000000000000.index"],
		"1/t-0/00000000000000000000.timeindex": timeIndex([2]int64{25, 1}, [2]int64{20, 2}, [2]int64{40, 0}, [2]int64{50, 7}),
	}
	out, status = runDump(t, bad, "--files", dir+"00000000000000000000.timeindex")
	require.Equal(t, 0, status)
	require.Equal(t, `Dumping `+dir+`00000000000000000000.timeindex
timestamp: 25 offset: 1
timestamp: 20 offset: 2
Found timestamp mismatch in :`+dir+`00000000000000000000.timeindex
  Index timestamp: 25, log timestamp: 30
Found out of order timestamp in :`+dir+`00000000000000000000.timeindex
  Index timestamp: 20, Previously indexed timestamp: 25
`, out)

	bad["1/t-0/00000000000000000000.timeindex"] = timeIndex([2]int64{50, 7})
	out, _ = runDump(t, bad, "--files", dir+"00000000000000000000.timeindex", "--verify-index-only")
	require.Equal(t, "Dumping "+dir+"00000000000000000000.timeindex\nThe following indexed offsets are not found in the log.\nIndexed offset: 7, found log offset: -1\n", out)
}

func TestDumpLogSanityCheck(t *testing.T) {
	logBytes, _ := segment()
	files := map[string][]byte{
		"1/t-0/00000000000000000005.log":       logBytes,
		"1/t-0/00000000000000000005.index":     append(offsetIndex([2]int32{1, 0}), 0, 0, 0),
		"1/t-0/00000000000000000005.timeindex": timeIndex([2]int64{30, 1}, [2]int64{20, 2}),
	}
	out, status := runDump(t, files, "--files", dir+"00000000000000000005.index", "--index-sanity-check")
	require.Equal(t, 1, status)
	require.Equal(t, "Dumping "+dir+"00000000000000000005.index\nException in thread \"main\" org.apache.kafka.storage.internals.log.CorruptIndexException: Index file "+dir+"00000000000000000005.index is corrupt, found 11 bytes which is neither positive nor a multiple of 8.\n", out)
	out, status = runDump(t, files, "--files", dir+"00000000000000000005.timeindex", "--index-sanity-check")
	require.Equal(t, 1, status)
	require.Contains(t, out, "Corrupt time index found, time index file ("+dir+"00000000000000000005.timeindex) has non-zero size but the last timestamp is 20 which is less than the first timestamp 30")
}

func TestDumpLogBadInput(t *testing.T) {
	logBytes, _ := segment()
	files := map[string][]byte{"1/t-0/00000000000000000000.log": logBytes}
	for _, c := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"--files", dir + "00000000000000000000.log", "--max-bytes", "many"}, 1,
			"Dumping " + dir + "00000000000000000000.log\nException in thread \"main\" joptsimple.OptionArgumentConversionException: Cannot parse argument 'many' of option max-bytes\n"},
		{[]string{"--files", dir + ".log"}, 1, "Dumping " + dir + ".log\nException in thread \"main\" java.lang.NumberFormatException: For input string: \"\"\n"},
		{[]string{"--files", "broker-1//t-0/"}, 1, "Dumping broker-1/t-0\nException in thread \"main\" java.lang.StringIndexOutOfBoundsException: begin -1, end 3, length 3\n"},
		{[]string{"--files", "../../../etc/00000000000000000000.log"}, 1, "Dumping ../../../etc/00000000000000000000.log\nLog starting offset: 0\nException in thread \"main\" java.nio.file.NoSuchFileException: ../../../etc/00000000000000000000.log\n"},
		{[]string{"--files", dir + "00000000000000000000.timeindex"}, 1, "Dumping " + dir + "00000000000000000000.timeindex\nException in thread \"main\" java.io.FileNotFoundException: " + dir + "00000000000000000000.index (No such file or directory)\n"},
		{[]string{"--files", dir + "00000000000000000000.log", "--nope"}, 1, "Exception in thread \"main\" joptsimple.UnrecognizedOptionException: nope is not a recognized option\n"},
		{[]string{"--files"}, 1, "Exception in thread \"main\" joptsimple.OptionMissingRequiredArgumentException: Option files requires an argument\n"},
		{[]string{"--files", "x.log", "--value-decoder-class", "com.example.Avro"}, 1, "lab: --value-decoder-class: the lab has only org.apache.kafka.tools.api.StringDecoder\n"},
		{[]string{"--deep-iteration"}, 1, "Missing required argument \"[files]\"\nOption "},
		{[]string{}, 1, "This tool helps to parse a log file and dump its contents to the console, useful for debugging a seemingly corrupt log segment.\nOption "},
		{[]string{"--files", dir + "00000000000000000000.log", "--max-bytes", "0"}, 0, "Dumping " + dir + "00000000000000000000.log\nLog starting offset: 0\n"},
	} {
		out, status := runDump(t, files, c.args...)
		require.Equal(t, c.status, status, "%q: %s", c.args, out)
		if strings.HasSuffix(c.want, "\n") {
			require.Equal(t, c.want, out, "%q", c.args)
		} else {
			require.True(t, strings.HasPrefix(out, c.want), "%q: %s", c.args, out)
		}
	}
}
