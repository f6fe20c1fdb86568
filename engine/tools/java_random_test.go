package tools

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The letters new SplittableRandom(0) draws with nextInt(26) + 65, as
// printed by OpenJDK 21.
func TestJavaSplittableRandom(t *testing.T) {
	r := newJavaSplittableRandom(0)
	b := make([]byte, 40)
	for i := range b {
		b[i] = byte(r.nextInt(26) + 65)
	}
	require.Equal(t, "YQHHNEBSEPDNSEIFGAMSUJXKOLTXSPLGHDIOYZJF", string(b))
}
