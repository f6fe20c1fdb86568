package tools

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func addConfig(t *testing.T, v string) ([]ConfigOp, error) {
	t.Helper()
	o, err := parseOptions(configsOptions, []string{"--add-config", v})
	require.NoError(t, err)
	return parseAddConfig(o)
}

// --add-config splits as ConfigCommand does: commas outside brackets,
// blanks around '=', brackets removed from values, keys checked.
func TestParseAddConfig(t *testing.T) {
	ops, err := addConfig(t, "retention.ms = 1000,cleanup.policy=[compact,delete], segment.ms=5")
	require.NoError(t, err)
	require.Equal(t, []ConfigOp{{Name: "cleanup.policy", Value: "compact,delete"}, {Name: "retention.ms", Value: "1000"}, {Name: "segment.ms", Value: "5"}}, ops)
	ops, err = addConfig(t, "a=,")
	require.NoError(t, err)
	require.Equal(t, []ConfigOp{{Name: "a", Value: ""}}, ops, "an empty value is kept, a trailing comma dropped")
	for _, bad := range []string{"a", "a=b=c", ",a=1,,b=2"} {
		_, err := addConfig(t, bad)
		require.ErrorContains(t, err, `all configs to be added must be in the format "key=val"`, bad)
	}
	_, err = addConfig(t, "a b=1")
	require.EqualError(t, err, "Invalid character found for config key: a b")
}

// FuzzParseAddConfig checks that --add-config parsing never panics and
// returns sorted, unique, well-formed keys without brackets in values.
func FuzzParseAddConfig(f *testing.F) {
	for _, s := range []string{"a=1", "a=[1,2],b=3", "a = 1 , b=2", "=", "a=b=c", "[a=1]", "a=]", "k=[[,]]", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		o, err := parseOptions(configsOptions, []string{"--add-config", v})
		if err != nil {
			t.Fatal(err)
		}
		ops, err := parseAddConfig(o)
		if err != nil {
			if _, ok := err.(*argErr); !ok {
				t.Fatalf("error %T: %v", err, err)
			}
			return
		}
		for i, op := range ops {
			if i > 0 && ops[i-1].Name >= op.Name {
				t.Fatalf("keys not sorted and unique: %v", ops)
			}
			if strings.ContainsAny(op.Value, "[]") {
				t.Fatalf("value %q keeps a bracket", op.Value)
			}
		}
	})
}
