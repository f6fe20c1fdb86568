package tools

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestResolveLogPath(t *testing.T) {
	for in, want := range map[string]logPath{
		"/var/lib/kafka":                    {},
		".":                                 {},
		"/var/lib/kafka/":                   {},
		"broker-2":                          {depth: 1, broker: 2},
		"/var/lib/kafka/broker-12/orders-0": {depth: 2, broker: 12, dir: "orders-0"},
		"broker-2/orders-0/00000000000000000000.log": {depth: 3, broker: 2, dir: "orders-0", name: "00000000000000000000.log"},
		"broker-2//orders-0/./x/../y.log":            {depth: 3, broker: 2, dir: "orders-0", name: "y.log"},
		"broker-1/../broker-3":                       {depth: 1, broker: 3},
	} {
		got, ok := resolveLogPath(in)
		require.True(t, ok, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"/", "/var/lib", "..", "/tmp/broker-1", "broker-0", "broker-01", "broker-x", "broker-", "broker-2/a/b/c", "broker-99999999999"} {
		_, ok := resolveLogPath(in)
		require.False(t, ok, in)
	}
	require.Equal(t, "a/b", javaFilePath("a//b/"))
	require.Equal(t, "/", javaFilePath("/"))
	require.Equal(t, "/var/lib/kafka/x", absLogPath("x"))
}
