package log

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestDirectoryFilesDecodeIndependently writes a log with several segments to
// a real directory, then reads every file back without our decoder: the .log
// files with franz-go's kmsg, the indexes against offsets and positions
// worked out by hand from LogSegment.append's rule.
func TestDirectoryFilesDecodeIndependently(t *testing.T) {
	dir := t.TempDir()
	st, err := NewDirStorage(dir)
	require.NoError(t, err)
	defer st.Close()
	cfg := DefaultConfig()
	cfg.SegmentBytes = 1000
	cfg.IndexIntervalBytes = 250
	l, _, err := Open(st, cfg, Options{NowMs: 1})
	require.NoError(t, err)

	// 25 one-record batches of exactly 100 bytes, timestamps 1000+i, epoch 1
	// for the first 12 and 3 afterwards.
	for i := range 25 {
		b := sizedBatch(100, int64(1000+i))
		epoch := int32(1)
		if i >= 12 {
			epoch = 3
		}
		info := mustAppend(t, l, b, epoch, 5000)
		require.Equal(t, int64(i), info.FirstOffset)
	}
	require.NoError(t, l.Close())

	names, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, n := range names {
		got = append(got, n.Name())
	}
	require.Equal(t, []string{
		"00000000000000000000.index", "00000000000000000000.log", "00000000000000000000.timeindex",
		"00000000000000000010.index", "00000000000000000010.log", "00000000000000000010.timeindex",
		"00000000000000000020.index", "00000000000000000020.log", "00000000000000000020.timeindex",
		"leader-epoch-checkpoint",
	}, got)

	// segment.bytes 1000 with 100-byte batches: a segment rolls when its size
	// exceeds 1000−100, so each holds ten batches.
	offset := int64(0)
	for _, base := range []int64{0, 10, 20} {
		raw, err := os.ReadFile(filepath.Join(dir, FileName(base, LogSuffix)))
		require.NoError(t, err)
		for pos := 0; pos < len(raw); {
			var kb kmsg.RecordBatch
			require.NoError(t, kb.ReadFrom(raw[pos:]), "batch at %d of segment %d", pos, base)
			size := int(kb.Length) + 12
			require.Equal(t, 100, size)
			require.Equal(t, offset, kb.FirstOffset)
			require.Equal(t, int32(0), kb.LastOffsetDelta)
			require.Equal(t, int8(2), kb.Magic)
			wantEpoch := int32(1)
			if offset >= 12 {
				wantEpoch = 3
			}
			require.Equal(t, wantEpoch, kb.PartitionLeaderEpoch)
			require.Equal(t, 1000+offset, kb.MaxTimestamp)
			crc := crc32.Checksum(raw[pos+21:pos+size], crc32.MakeTable(crc32.Castagnoli))
			require.Equal(t, int32(crc), kb.CRC)
			require.Equal(t, int32(1), kb.NumRecords)
			// One record; its length is a zigzag varint, as encoding/binary reads it.
			n, w := binary.Varint(kb.Records)
			require.Positive(t, w)
			var kr kmsg.Record
			require.NoError(t, kr.ReadFrom(kb.Records[:w+int(n)]))
			require.Nil(t, kr.Key)
			require.Len(t, kr.Value, 32) // 61 header + 7 record overhead
			require.Equal(t, make([]byte, 32), kr.Value)
			offset++
			pos += size
		}
	}
	require.Equal(t, int64(25), offset)

	// Per segment, batch k sits at position 100k. Before append k the bytes
	// since the last entry are 100·(k − last entry's k); an entry is added when
	// that exceeds 250, i.e. at k = 3, 6, 9, pairing offset base+k with
	// position 100k.
	index := func(entries ...[2]int32) []byte {
		var b []byte
		for _, e := range entries {
			b = binary.BigEndian.AppendUint32(b, uint32(e[0]))
			b = binary.BigEndian.AppendUint32(b, uint32(e[1]))
		}
		return b
	}
	timeIndex := func(entries ...[2]int64) []byte {
		var b []byte
		for _, e := range entries {
			b = binary.BigEndian.AppendUint64(b, uint64(e[0]))
			b = binary.BigEndian.AppendUint32(b, uint32(e[1]))
		}
		return b
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		return b
	}
	require.Equal(t, index([2]int32{3, 300}, [2]int32{6, 600}, [2]int32{9, 900}), read("00000000000000000000.index"))
	require.Equal(t, index([2]int32{3, 300}, [2]int32{6, 600}, [2]int32{9, 900}), read("00000000000000000010.index"))
	require.Equal(t, index([2]int32{3, 300}), read("00000000000000000020.index"))
	// The time index gets the largest timestamp so far with each offset-index
	// entry; the last segment also gets its final maximum when it is closed.
	require.Equal(t, timeIndex([2]int64{1003, 3}, [2]int64{1006, 6}, [2]int64{1009, 9}), read("00000000000000000000.timeindex"))
	require.Equal(t, timeIndex([2]int64{1013, 3}, [2]int64{1016, 6}, [2]int64{1019, 9}), read("00000000000000000010.timeindex"))
	require.Equal(t, timeIndex([2]int64{1023, 3}, [2]int64{1024, 4}), read("00000000000000000020.timeindex"))
	require.Equal(t, "0\n2\n1 0\n3 12\n", string(read(EpochCheckpointFile)))

	// Reopening the directory finds the same log.
	st2, err := NewDirStorage(dir)
	require.NoError(t, err)
	defer st2.Close()
	l2, rep, err := Open(st2, cfg, Options{RecoveryPoint: l.RecoveryPoint(), NowMs: 2})
	require.NoError(t, err)
	require.False(t, rep.Recovered(), rep.String())
	require.Equal(t, int64(25), l2.EndOffset())
	require.Equal(t, []EpochEntry{{1, 0}, {3, 12}}, l2.Epochs().Entries())
	checkInvariants(t, l2)
}

// TestKeysAndValuesDecodeIndependently appends multi-record batches across
// several segments and checks every record's offset, key and value with kmsg.
func TestKeysAndValuesDecodeIndependently(t *testing.T) {
	dir := t.TempDir()
	st, err := NewDirStorage(dir)
	require.NoError(t, err)
	defer st.Close()
	l, _, err := Open(st, smallConfig(), Options{})
	require.NoError(t, err)
	type rec struct{ key, value string }
	var want []rec
	for i := range 30 {
		n := 1 + i%4
		for j := range n {
			want = append(want, rec{fmt.Sprintf("k%d", j), fmt.Sprintf("b%d-%d", i, j)})
		}
		mustAppend(t, l, batch(n, int64(2000+i), fmt.Sprintf("b%d", i)), int32(i/10), 1)
	}
	require.NoError(t, l.Close())
	require.Greater(t, len(l.Segments()), 2)

	var got []rec
	for _, s := range l.Segments() {
		raw, err := os.ReadFile(filepath.Join(dir, s.LogName()))
		require.NoError(t, err)
		for pos := 0; pos < len(raw); {
			var kb kmsg.RecordBatch
			require.NoError(t, kb.ReadFrom(raw[pos:]))
			require.Equal(t, int64(len(got)), kb.FirstOffset)
			recs := kb.Records
			for r := range kb.NumRecords {
				n, w := binary.Varint(recs)
				require.Positive(t, w)
				var kr kmsg.Record
				require.NoError(t, kr.ReadFrom(recs[:w+int(n)]))
				require.Equal(t, r, kr.OffsetDelta)
				got = append(got, rec{string(kr.Key), string(kr.Value)})
				recs = recs[w+int(n):]
			}
			require.Empty(t, recs)
			pos += int(kb.Length) + 12
		}
	}
	require.Equal(t, want, got)
}

// TestLogAppendTimeDecodesIndependently checks a LogAppendTime topic's
// written batch with kmsg: the leader set the attribute bit and the
// MaxTimestamp, and the CRC it recomputed is right.
func TestLogAppendTimeDecodesIndependently(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MessageTimestampType = TimestampLogAppendTime
	l, st := openMem(t, cfg)
	mustAppend(t, l, batch(3, 10, "a"), 4, 1_800_000_000_000)
	raw, _ := st.Bytes(FileName(0, LogSuffix))

	var kb kmsg.RecordBatch
	require.NoError(t, kb.ReadFrom(raw))
	require.Equal(t, int16(0x08), kb.Attributes&0x08, "timestamp type LogAppendTime")
	require.Equal(t, int64(1_800_000_000_000), kb.MaxTimestamp)
	require.Equal(t, int64(10), kb.FirstTimestamp, "the producer's base timestamp is kept")
	require.Equal(t, int32(4), kb.PartitionLeaderEpoch)
	require.Equal(t, int32(crc32.Checksum(raw[21:], crc32.MakeTable(crc32.Castagnoli))), kb.CRC)
}
