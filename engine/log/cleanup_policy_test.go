package log

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRetentionNeedsDeletePolicy: retention.ms and retention.bytes apply
// only when cleanup.policy includes delete (UnifiedLog.deleteOldSegments);
// a compact-only log keeps every segment (the lab does not compact).
func TestRetentionNeedsDeletePolicy(t *testing.T) {
	for _, tc := range []struct {
		policy string
		keeps  bool
	}{{"compact", true}, {"", false}, {"delete", false}, {"compact,delete", false}, {"delete,compact", false}} {
		l := fixture(t) // segments 0, 10, 20
		l.cfg.CleanupPolicy = tc.policy
		l.cfg.RetentionMs = 100
		l.cfg.RetentionBytes = 1000
		del, err := l.DeleteOldSegments(1<<40, l.EndOffset())
		require.NoError(t, err)
		if tc.keeps {
			require.Empty(t, del, tc.policy)
			require.Zero(t, l.StartOffset(), tc.policy)
			require.Len(t, l.Segments(), 3, tc.policy)
		} else {
			require.NotEmpty(t, del, tc.policy)
		}
		checkInvariants(t, l)
	}
}
