package partitioner

import (
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
)

// TestJavaHashCode checks values of Java's String.hashCode worked out by hand
// from its definition (s[0]*31^(n-1) + … + s[n-1], int arithmetic).
func TestJavaHashCode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int32
	}{
		{"", 0},
		{"a", 97},
		{"abc", 96354},      // (97*31 + 98)*31 + 99
		{"Aa", 2112},        // 65*31 + 97
		{"BB", 2112},        // 66*31 + 66: Java's best-known collision
		{"hello", 99162322}, // the javadoc-era classic
		{"é", 233},          // U+00E9 is one UTF-16 unit
		{"日本", 835047},      // 0x65E5*31 + 0x672C = 26085*31 + 26412
		{"😀", 1772899},      // U+1F600 = surrogates D83D DE00: 55357*31 + 56832
		// The famous string whose hash is Integer.MIN_VALUE.
		{"polygenelubricants", -2147483648},
		{"\xff", 0xfffd}, // an invalid UTF-8 byte decodes to U+FFFD, as in Java
	} {
		assert.Equal(t, tc.want, JavaHashCode(tc.in), "hashCode(%q)", tc.in)
	}
}

// TestJavaHashCodeUTF16 compares against a second implementation that
// encodes to UTF-16 with the standard library first.
func TestJavaHashCodeUTF16(t *testing.T) {
	for _, s := range []string{"my-group", "console-consumer-12345", "grüße", "𝄞 clef", "a😀b😀c", "组"} {
		var h int32
		for _, u := range utf16.Encode([]rune(s)) {
			h = 31*h + int32(u)
		}
		assert.Equal(t, h, JavaHashCode(s), "hashCode(%q)", s)
	}
}

func TestAbs(t *testing.T) {
	assert.Equal(t, int32(0), Abs(-2147483648)) // Utils.abs(Integer.MIN_VALUE) == 0
	assert.Equal(t, int32(2147483647), Abs(-2147483647))
	assert.Equal(t, int32(5), Abs(-5))
	assert.Equal(t, int32(5), Abs(5))
	assert.Equal(t, int32(0), Abs(0))
}

func TestCoordinatorPartition(t *testing.T) {
	assert.Equal(t, 0, CoordinatorPartition("", 50))
	assert.Equal(t, 96354%50, CoordinatorPartition("abc", 50))
	assert.Equal(t, 2112%50, CoordinatorPartition("Aa", 50))
	assert.Equal(t, 2112%50, CoordinatorPartition("BB", 50))
	// hashCode is MIN_VALUE: Math.abs would be negative; Utils.abs gives 0.
	assert.Equal(t, 0, CoordinatorPartition("polygenelubricants", 50))
	assert.Equal(t, 1772899%50, CoordinatorPartition("😀", 50))
	// "hello" hashes to 99162322, so it lands on 22 of 50 and 2 of 10.
	assert.Equal(t, 22, CoordinatorPartition("hello", 50))
	assert.Equal(t, 2, CoordinatorPartition("hello", 10))
	// Negative hashes: "zzzzzz" overflows to -685785664 and "my-group" to
	// -1906497762, so abs picks 685785664 % 50 = 14 and 1906497762 % 50 = 12.
	assert.Equal(t, int32(-685785664), JavaHashCode("zzzzzz"))
	assert.Equal(t, 14, CoordinatorPartition("zzzzzz", 50))
	assert.Equal(t, int32(-1906497762), JavaHashCode("my-group"))
	assert.Equal(t, 12, CoordinatorPartition("my-group", 50))
}
