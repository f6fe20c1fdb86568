package partitioner

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMurmur2KafkaVectors checks Kafka's own vectors
// (clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java,
// testMurmur2; franz-go's pkg/kgo/partitioner_test.go copies them).
func TestMurmur2KafkaVectors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int32
	}{
		{"21", -973932308},
		{"foobar", -790332482},
		{"a-little-bit-long-string", -985981536},
		{"a-little-bit-longer-string", -1486304829},
		{"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971},
		{"abc", 479470107},
	} {
		assert.Equal(t, tc.want, Murmur2([]byte(tc.in)), "murmur2(%q)", tc.in)
	}
}

// TestMurmur2LibrdkafkaVectors cross-checks against an independent
// implementation: librdkafka's unittest_murmur2 (src/rdmurmur2.c), whose
// expected values are the Java client's results. They cover every tail
// length (the "1234" suffixes), long unaligned inputs and the empty key.
func TestMurmur2LibrdkafkaVectors(t *testing.T) {
	const unaligned = "PreAmbleWillBeRemoved,ThePrePartThatIs"
	for _, tc := range []struct {
		in   string
		want uint32
	}{
		{"kafka", 0xd067cf64},
		{"giberish123456789", 0x8f552b0c},
		{"1234", 0x9fc97b14},
		{"234", 0xe7c009ca},
		{"34", 0x873930da},
		{"4", 0x5a4b5ca1},
		{unaligned, 0x78424f1c},
		{unaligned[1:], 0x4a62b377},
		{unaligned[2:], 0xe0e4e09e},
		{unaligned[3:], 0x62b8b43f},
		{"", 0x106e08d9},
	} {
		assert.Equal(t, int32(tc.want), Murmur2([]byte(tc.in)), "murmur2(%q)", tc.in)
	}
	// A nil key hashes like an empty one; the producer never hashes a null
	// key, but the function must not care.
	assert.Equal(t, Murmur2([]byte{}), Murmur2(nil))
}

func TestToPositive(t *testing.T) {
	for _, tc := range []struct{ in, want int32 }{
		{0, 0}, {1, 1}, {-1, 2147483647}, {-2147483648, 0}, {2147483647, 2147483647},
		{-973932308, 1173551340},
	} {
		assert.Equal(t, tc.want, ToPositive(tc.in), "toPositive(%d)", tc.in)
	}
}

func TestForKey(t *testing.T) {
	// 21 → -973932308 → & 0x7fffffff = 1173551340 → % 3 = 0, % 10 = 0, % 7 = 3.
	assert.Equal(t, 0, ForKey([]byte("21"), 3))
	assert.Equal(t, 0, ForKey([]byte("21"), 10))
	assert.Equal(t, 1173551340%7, ForKey([]byte("21"), 7))
	// abc → 479470107 (positive already) → % 4 = 3.
	assert.Equal(t, 479470107%4, ForKey([]byte("abc"), 4))
	assert.Equal(t, 0, ForKey([]byte("anything"), 1))
}
