package metadata

import (
	"errors"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// FuzzValidateTopicName compares ValidateTopicName with a direct reading of
// Topic.java's rules and checks the error's code.
func FuzzValidateTopicName(f *testing.F) {
	for _, s := range []string{"orders", "", ".", "..", "...", "a.b_c-D9", "my topic", "主题", "😀", strings.Repeat("a", 249), strings.Repeat("a", 250), "\xff", "__consumer_offsets"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		err := ValidateTopicName(name)
		legal := name != "" && name != "." && name != ".." && utf16Len(name) <= 249 &&
			strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == ""
		if legal != (err == nil) {
			t.Fatalf("ValidateTopicName(%q) = %v, want legal=%v", name, err, legal)
		}
		if err != nil && !errors.Is(err, kerr.InvalidTopicException) {
			t.Fatalf("ValidateTopicName(%q) = %v, not INVALID_TOPIC_EXCEPTION", name, err)
		}
		if err == nil && len(name) > 249 {
			t.Fatalf("accepted %d bytes", len(name))
		}
	})
}

// FuzzParseTopicConfig checks that parsing never panics, that errors carry a
// Kafka code or the package prefix, and that a parsed config survives a
// round trip through its Configs column.
func FuzzParseTopicConfig(f *testing.F) {
	for _, s := range []string{
		"retention.ms=1000", "min.insync.replicas=0", "cleanup.policy=compact, delete",
		"unclean.leader.election.enable=TRUE", "segment.bytes= 1024 ", "foo=1", "a=b=c", "=5",
		"retention.ms=", "message.timestamp.type=LogAppendTime", "retention.bytes=-9223372036854775808",
		"cleanup.policy=", "max.message.bytes=2147483648",
	} {
		f.Add(s, "retention.ms=7")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		c, err := ParseTopicConfig([]string{a, b})
		if err != nil {
			if !errors.Is(err, kerr.InvalidConfig) && !strings.HasPrefix(err.Error(), "metadata: ") {
				t.Fatalf("ParseTopicConfig(%q, %q): untyped error %v", a, b, err)
			}
			return
		}
		// Set each override again. (Not through ParseTopicConfig: like
		// kafka-topics.sh it cannot express an empty value such as
		// "cleanup.policy=".)
		again := DefaultTopicConfig()
		for _, o := range c.Overrides() {
			name, value, _ := strings.Cut(o, "=")
			if err := again.Set(name, value); err != nil {
				t.Fatalf("ParseTopicConfig(%q, %q) gave %q, which does not parse: %v", a, b, o, err)
			}
		}
		if again != c {
			t.Fatalf("round trip of %q, %q: %+v != %+v", a, b, again, c)
		}
		if c.MinInsyncReplicas < 1 || c.SegmentBytes < minSegmentBytes || c.RetentionMs < -1 {
			t.Fatalf("accepted out-of-range config %+v", c)
		}
	})
}
