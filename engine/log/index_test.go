package log

import (
	"encoding/binary"
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/stretchr/testify/require"
)

func TestOffsetIndexLookup(t *testing.T) {
	x := NewOffsetIndex(100, 80) // ten entries
	require.Equal(t, 10, x.MaxEntries())
	require.Equal(t, OffsetPosition{100, 0}, x.Lookup(150), "empty index: base, position 0")
	for i := range 5 {
		require.NoError(t, x.Append(int64(110+10*i), int32(1000*(i+1))))
	}
	cases := []struct {
		target int64
		want   OffsetPosition
	}{
		{99, OffsetPosition{100, 0}},
		{109, OffsetPosition{100, 0}},
		{110, OffsetPosition{110, 1000}},
		{111, OffsetPosition{110, 1000}},
		{135, OffsetPosition{130, 3000}},
		{150, OffsetPosition{150, 5000}},
		{1 << 40, OffsetPosition{150, 5000}},
	}
	for _, c := range cases {
		require.Equal(t, c.want, x.Lookup(c.target), "lookup %d", c.target)
	}
	// Appends must increase; a full index refuses more.
	require.Error(t, x.Append(150, 6000))
	require.Error(t, x.Append(99, 6000))
	for i := range 5 {
		require.NoError(t, x.Append(int64(160+i), int32(6000+i)))
	}
	require.True(t, x.IsFull())
	require.ErrorIs(t, x.Append(200, 9000), kerr.KafkaStorageError)

	x.TruncateTo(130)
	require.Equal(t, 2, x.Len())
	require.Equal(t, int64(120), x.LastOffset())
	x.TruncateTo(125)
	require.Equal(t, 2, x.Len())
	x.TruncateTo(0)
	require.Equal(t, 0, x.Len())
	require.Equal(t, int64(100), x.LastOffset())
}

func TestOffsetIndexRoundTripAndProbes(t *testing.T) {
	x := NewOffsetIndex(0, 1<<20)
	for i := range 5000 {
		require.NoError(t, x.Append(int64(3*i+2), int32(100*i)))
	}
	y, err := ParseOffsetIndex(x.Bytes(), 0, 1<<20)
	require.NoError(t, err)
	require.Equal(t, x.entries, y.entries)

	// A target in the warm tail (the last 1024 entries) is found without
	// touching the cold part: the first probe is the first warm entry.
	var probes []OffsetProbe
	got := x.lookup(3*4990+2, &probes)
	require.Equal(t, OffsetPosition{3*4990 + 2, 499000}, got)
	require.Equal(t, 5000-1-1024, probes[0].Slot)
	for _, p := range probes {
		require.GreaterOrEqual(t, p.Slot, 5000-1-1024)
	}
	require.LessOrEqual(t, len(probes), 1+11)

	// A cold target probes the first warm entry, then entry 0, then searches.
	probes = probes[:0]
	got = x.lookup(3*10+3, &probes)
	require.Equal(t, OffsetPosition{3*10 + 2, 1000}, got)
	require.Equal(t, 5000-1-1024, probes[0].Slot)
	require.Equal(t, 0, probes[1].Slot)
	require.LessOrEqual(t, len(probes), 2+13)
}

func TestParseOffsetIndexRejectsBadFiles(t *testing.T) {
	entry := func(rel, pos uint32) []byte {
		return binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, rel), pos)
	}
	cat := func(bs ...[]byte) []byte {
		var out []byte
		for _, b := range bs {
			out = append(out, b...)
		}
		return out
	}
	bad := map[string][]byte{
		"partial entry":        cat(entry(1, 10), []byte{0, 0, 0}),
		"offsets not rising":   cat(entry(5, 10), entry(5, 20)),
		"offsets going back":   cat(entry(5, 10), entry(4, 20)),
		"positions going back": cat(entry(5, 20), entry(6, 10)),
		"negative position":    entry(1, 0x80000000),
		"negative offset":      entry(0xffffffff, 1),
		"too many entries":     cat(entry(1, 1), entry(2, 2), entry(3, 3)),
	}
	for name, b := range bad {
		_, err := ParseOffsetIndex(b, 0, 16)
		require.ErrorIs(t, err, kerr.CorruptMessage, name)
	}
	x, err := ParseOffsetIndex(cat(entry(1, 10), entry(2, 20)), 7, 16)
	require.NoError(t, err)
	require.Equal(t, OffsetPosition{9, 20}, x.Entry(1))
}

func TestTimeIndex(t *testing.T) {
	x := NewTimeIndex(50, 60) // five entries
	require.Equal(t, TimestampOffset{NoTimestamp, 50}, x.LastEntry())
	require.Equal(t, TimestampOffset{NoTimestamp, 50}, x.Lookup(1000))
	add := func(ts, off int64) bool {
		ok, err := x.MaybeAppend(ts, off, false)
		require.NoError(t, err)
		return ok
	}
	require.True(t, add(1000, 55))
	require.False(t, add(1000, 56), "equal timestamp: no entry")
	require.True(t, add(1010, 60))
	require.True(t, add(1020, 60), "same offset, larger timestamp")
	_, err := x.MaybeAppend(900, 70, false)
	require.Error(t, err, "timestamps may not go back")
	_, err = x.MaybeAppend(2000, 59, false)
	require.Error(t, err, "offsets may not go back")
	require.Equal(t, TimestampOffset{NoTimestamp, 50}, x.Lookup(999))
	require.Equal(t, TimestampOffset{1000, 55}, x.Lookup(1005))
	require.Equal(t, TimestampOffset{1020, 60}, x.Lookup(5000))

	require.True(t, add(1030, 61))
	require.True(t, add(1040, 62))
	require.True(t, x.IsFull())
	_, err = x.MaybeAppend(1050, 63, false)
	require.Error(t, err)
	ok, err := x.MaybeAppend(1050, 63, true)
	require.NoError(t, err)
	require.True(t, ok, "a segment becoming inactive may exceed a full index")

	y, err := ParseTimeIndex(x.Bytes(), 50, 72)
	require.NoError(t, err)
	require.Equal(t, x.entries, y.entries)
	x.TruncateTo(61)
	require.Equal(t, 3, x.Len())
	x.TruncateTo(0)
	require.Equal(t, 0, x.Len())
}

func TestParseTimeIndexRejectsBadFiles(t *testing.T) {
	entry := func(ts int64, rel uint32) []byte {
		return binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint64(nil, uint64(ts)), rel)
	}
	bad := map[string][]byte{
		"partial":              append(entry(1, 1), 1, 2),
		"timestamp not rising": append(entry(5, 1), entry(5, 2)...),
		"offset going back":    append(entry(5, 2), entry(6, 1)...),
		"negative offset":      entry(5, 0xffffffff),
		"too many":             append(append(entry(1, 1), entry(2, 2)...), entry(3, 3)...),
	}
	for name, b := range bad {
		_, err := ParseTimeIndex(b, 0, 24)
		require.ErrorIs(t, err, kerr.CorruptMessage, name)
	}
}

func TestEpochCache(t *testing.T) {
	var c EpochCache
	e, off := c.EndOffsetFor(0, 10)
	require.Equal(t, [2]int64{-1, -1}, [2]int64{int64(e), off}, "empty cache")

	require.True(t, c.Assign(1, 0))
	require.False(t, c.Assign(1, 5), "same epoch again")
	require.True(t, c.Assign(3, 10))
	require.True(t, c.Assign(5, 20))
	end := func(epoch int32) [2]int64 {
		e, off := c.EndOffsetFor(epoch, 30)
		return [2]int64{int64(e), off}
	}
	require.Equal(t, [2]int64{5, 30}, end(5), "latest epoch ends at the LEO")
	require.Equal(t, [2]int64{3, 20}, end(3))
	require.Equal(t, [2]int64{3, 20}, end(4), "unknown epoch between: largest ≤, next start")
	require.Equal(t, [2]int64{1, 10}, end(2))
	require.Equal(t, [2]int64{0, 0}, end(0), "older than all known: the first start offset")
	require.Equal(t, [2]int64{-1, -1}, end(6), "newer than all known")
	require.Equal(t, [2]int64{-1, -1}, end(-1))

	// An epoch that breaks monotonicity drops the entries it conflicts with.
	require.True(t, c.Assign(4, 15))
	require.Equal(t, []EpochEntry{{1, 0}, {3, 10}, {4, 15}}, c.Entries())
	require.True(t, c.TruncateFromEnd(15))
	require.Equal(t, []EpochEntry{{1, 0}, {3, 10}}, c.Entries())
	require.True(t, c.TruncateFromStart(12))
	require.Equal(t, []EpochEntry{{3, 12}}, c.Entries())

	d, err := ParseCheckpoint(c.MarshalCheckpoint())
	require.NoError(t, err)
	require.Equal(t, c.Entries(), d.Entries())
	for _, bad := range []string{"", "1\n0\n", "0\n2\n1 0\n", "0\n1\n1\n", "0\n2\n3 5\n2 6\n", "0\n1\n1 0\nextra\n", "0\n-1\n", "0\n99999999999\n"} {
		_, err := ParseCheckpoint([]byte(bad))
		require.Error(t, err, "%q", bad)
	}
}

func TestConfig(t *testing.T) {
	c := DefaultConfig()
	require.NoError(t, c.Validate())
	require.Equal(t, int32(1<<30), c.SegmentBytes)
	require.Equal(t, int64(604800000), c.SegmentMs)
	require.Equal(t, int32(1048588), c.MaxMessageBytes)
	for _, name := range ConfigNames {
		v, ok := c.Get(name)
		require.True(t, ok)
		require.NoError(t, c.Set(name, v))
	}
	require.Equal(t, DefaultConfig(), c)
	require.NoError(t, c.Set("segment.bytes", "2048"))
	require.Equal(t, int32(2048), c.SegmentBytes)
	require.ErrorIs(t, c.Set("segment.bytes", "3000000000"), kerr.InvalidConfig)
	require.ErrorIs(t, c.Set("nope", "1"), kerr.InvalidConfig)
	for _, bad := range [][2]string{{"segment.bytes", "13"}, {"segment.ms", "0"}, {"segment.jitter.ms", "-1"},
		{"segment.index.bytes", "3"}, {"index.interval.bytes", "-1"}, {"retention.ms", "-2"}, {"max.message.bytes", "-1"}} {
		c := DefaultConfig()
		require.NoError(t, c.Set(bad[0], bad[1]))
		require.ErrorIs(t, c.Validate(), kerr.InvalidConfig, bad[0])
		_, _, err := Open(NewMemStorage(), c, Options{})
		require.ErrorIs(t, err, kerr.InvalidConfig)
	}
}
