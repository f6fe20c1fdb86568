package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestSegmentFiles replays the segments-and-retention lesson with -data-dir
// and reads the files each broker left, without the lab's decoder: the
// directory layout DIR/broker-<id>/<topic>-<partition>/ with Kafka's
// 20-digit base-offset file names, and every .log file's record batches with
// franz-go's kmsg.
func TestSegmentFiles(t *testing.T) {
	// want: per run, each segment's base offset and the values in it.
	want := []map[int64][]string{
		{0: {"r0", "r1"}, 2: {"r2", "r3"}, 4: {"r4"}},
		{4: {"r4"}},
	}
	run := 0
	replay(t, filepath.Join(topicDir, "08_segments_retention.txt"), func(t *testing.T, dataDir string) {
		defer func() { run++ }()
		if dataDir == "" {
			t.Fatal("the script must use -data-dir TMP")
		}
		for id := 1; id <= 3; id++ {
			dir := filepath.Join(dataDir, "broker-"+strconv.Itoa(id), "logs-0")
			got := decodeSegments(t, dir)
			if !mapsEqual(got, want[run]) {
				t.Errorf("run %d, %s: segments %v, want %v", run+1, dir, got, want[run])
			}
		}
	})
}

// decodeSegments reads every NNNNNNNNNNNNNNNNNNNN.log in dir with kmsg and
// returns each segment's values by its base offset, checking that each
// batch's offsets follow on and that .index and .timeindex files exist.
func decodeSegments(t *testing.T, dir string) map[int64][]string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	out := map[int64][]string{}
	for _, name := range names {
		base, ok := strings.CutSuffix(name, ".log")
		if !ok {
			continue
		}
		if len(base) != 20 {
			t.Errorf("%s: a segment's name is its base offset in 20 digits", name)
		}
		baseOffset, err := strconv.ParseInt(base, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		for _, suffix := range []string{".index", ".timeindex"} {
			if !slices.Contains(names, base+suffix) {
				t.Errorf("%s: no %s%s beside it", dir, base, suffix)
			}
		}
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		values := []string{}
		next := baseOffset
		for pos := 0; pos < len(raw); {
			var b kmsg.RecordBatch
			if err := b.ReadFrom(raw[pos:]); err != nil {
				t.Fatalf("%s at %d: %v", name, pos, err)
			}
			if b.Magic != 2 || b.FirstOffset != next {
				t.Errorf("%s at %d: magic %d, first offset %d, want 2 and %d", name, pos, b.Magic, b.FirstOffset, next)
			}
			records := b.Records
			for range b.NumRecords {
				var r kmsg.Record
				n, err := recordLen(records)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if err := r.ReadFrom(records[:n]); err != nil {
					t.Fatalf("%s: record: %v", name, err)
				}
				records = records[n:]
				values = append(values, string(r.Value))
			}
			next = b.FirstOffset + int64(b.LastOffsetDelta) + 1
			pos += int(b.Length) + 12
		}
		out[baseOffset] = values
	}
	return out
}

// recordLen is the size of the record at the start of b: its zigzag varint
// length and the bytes it counts.
func recordLen(b []byte) (int, error) {
	var ux uint64
	for i := 0; i < len(b) && i < 10; i++ {
		ux |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			n := int64(ux>>1) ^ -int64(ux&1)
			return i + 1 + int(n), nil
		}
	}
	return 0, strconv.ErrSyntax
}

func mapsEqual(a, b map[int64][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}
