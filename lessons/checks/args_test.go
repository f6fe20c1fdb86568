package checks

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestArgsRoundTrip(t *testing.T) {
	c, err := New("group_stable", map[string]any{"group": "billing & co", "members": 3, "one_each": true})
	require.NoError(t, err)
	require.Equal(t, "group=billing+%26+co&members=3&one_each=true", c.Args())
	back, err := ParseCheck(c.Name, c.Args())
	require.NoError(t, err)
	require.Equal(t, c, back)

	a, err := NewAsk("partition_for_key", map[string]any{"topic": "orders", "key": "bob"})
	require.NoError(t, err)
	ba, err := ParseAsk(a.Name, a.Args())
	require.NoError(t, err)
	require.Equal(t, a, ba)
}

func TestParseCheckErrors(t *testing.T) {
	for _, tc := range []struct{ name, args, want string }{
		{"no_such_check", "", `unknown check "no_such_check"`},
		{"isr_size", "topic=o&partition=x&n=2", "isr_size: parameter partition must be a whole number, got \"x\""},
		{"isr_size", "topic=o&partition=0", "isr_size: parameter n is required"},
		{"isr_size", "topic=o&partition=0&n=1&n=2", "isr_size: parameter n is given 2 times"},
		{"isr_size", "topic=o&partition=0&n=1&colour=red", `isr_size: unknown parameter "colour"`},
		{"group_stable", "group=g&members=1&one_each=maybe", "one_each must be true or false"},
		{"isr_size", "%zz", "bad parameters"},
	} {
		_, err := ParseCheck(tc.name, tc.args)
		require.ErrorContains(t, err, tc.want, tc.args)
	}
	_, err := ParseAsk("leader", "topic=o")
	require.ErrorContains(t, err, "parameter partition is required")
}

// FuzzParseCheck: any text either parses into a check that writes itself
// back the same way, or is an error; never a panic.
func FuzzParseCheck(f *testing.F) {
	f.Add("group_stable", "group=billing&members=3&one_each=true")
	f.Add("isr_size", "n=2&partition=0&topic=orders")
	f.Add("leader_is", "broker=-1&partition=0&topic=t")
	f.Add("leader", "partition=0&topic=orders")
	f.Add("isr_size", "%zz&n=")
	f.Fuzz(func(t *testing.T, name, args string) {
		if c, err := ParseCheck(name, args); err == nil {
			back, err := ParseCheck(c.Name, c.Args())
			if err != nil {
				t.Fatalf("%s?%s parsed, but its Args %q do not: %v", name, args, c.Args(), err)
			}
			require.Equal(t, c, back)
		}
		if a, err := ParseAsk(name, args); err == nil {
			back, err := ParseAsk(a.Name, a.Args())
			if err != nil {
				t.Fatalf("%s?%s parsed, but its Args %q do not: %v", name, args, a.Args(), err)
			}
			require.Equal(t, a, back)
		}
	})
}

// The checks and questions that send requests or remember history are the
// ones the browser evaluates on a replayed copy.
func TestReplays(t *testing.T) {
	for _, name := range []string{"group_lag", "committed_offset", "group_assignor", "records_skipped", "acked_write_lost", "records_redelivered"} {
		s, ok := Lookup(name)
		require.True(t, ok, name)
		require.True(t, s.Replay, name)
		require.True(t, Check{Name: name}.Replays(), name)
	}
	for _, name := range []string{"isr_size", "group_stable", "leader_is", "broker_down"} {
		require.False(t, Check{Name: name}.Replays(), name)
	}
	for _, name := range []string{"committed", "redelivered", "write_lost", "group_lag"} {
		require.True(t, Ask{Name: name}.Replays(), name)
	}
	require.False(t, Ask{Name: "leader"}.Replays())
	require.True(t, Check{Name: "no_such_check"}.Replays(), "unknown: the safe way")
}
