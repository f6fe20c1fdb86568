package tools

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseElectionData(t *testing.T) {
	tps, err := parseElectionData(`{"partitions":
	[{"topic": "foo", "partition": 1},
	 {"topic": "foobar", "partition": 2}, {"partition": 0, "topic": "f\u00f6o"}]
}`)
	require.NoError(t, err)
	require.ElementsMatch(t, []TopicPartition{{Topic: "foo", Partition: 1}, {Topic: "foobar", Partition: 2}, {Topic: "föo", Partition: 0}}, tps)

	tps, err = parseElectionData(`{"partitions": []} trailing text Jackson ignores`)
	require.NoError(t, err)
	require.Empty(t, tps)

	for in, msg := range map[string]string{
		``:                                   "Replica election data is empty",
		`{"partitions": [}`:                  "Replica election data is empty",
		`{'partitions': []}`:                 "Replica election data is empty",
		`{"partitions": [01]}`:               "Replica election data is empty",
		`[1, 2]`:                             "com.fasterxml.jackson.databind.JsonMappingException: Expected JSON object, received [1,2]",
		`{"parts": []}`:                      `Replica election data is missing "partitions" field`,
		`{"partitions": {"a": 1}}`:           `com.fasterxml.jackson.databind.JsonMappingException: Expected JSON array, received {"a":1}`,
		`{"partitions": ["t-0"]}`:            `com.fasterxml.jackson.databind.JsonMappingException: Expected JSON object, received "t-0"`,
		`{"partitions": [{"partition": 0}]}`: "com.fasterxml.jackson.databind.JsonMappingException: No such field exists: `topic`",
		`{"partitions": [{"topic": 7, "partition": 0}]}`:            "com.fasterxml.jackson.databind.JsonMappingException: Expected `String` value, received 7",
		`{"partitions": [{"topic": "t"}]}`:                          "com.fasterxml.jackson.databind.JsonMappingException: No such field exists: `partition`",
		`{"partitions": [{"topic": "t", "partition": 1.0}]}`:        "com.fasterxml.jackson.databind.JsonMappingException: Expected `Integer` value, received 1.0",
		`{"partitions": [{"topic": "t", "partition": 3000000000}]}`: "com.fasterxml.jackson.databind.JsonMappingException: Expected `Integer` value, received 3000000000",
		`{"partitions": [{"topic": "t", "partition": null}]}`:       "com.fasterxml.jackson.databind.JsonMappingException: Expected `Integer` value, received null",
		`{"partitions": [{"topic": "a", "partition": 0}, {"topic": "a", "partition": 0}, {"topic": "b", "partition": 1}, {"topic": "b", "partition": 1}]}`: "Replica election data contains duplicate partitions: [a-0, b-1]",
	} {
		_, err := parseElectionData(in)
		var fe *electionFileError
		require.True(t, errors.As(err, &fe), "%s: %v", in, err)
		require.Equal(t, msg, fe.msg, in)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	v, err := parseJSON(` {"a" : [true, false, null, -1.5e3, "x\"\\\n\u0001\ud83d\ude00"], "b": {}} `)
	require.NoError(t, err)
	require.Equal(t, `{"a":[true,false,null,-1.5e3,"x\"\\\n\u0001😀"],"b":{}}`, v.String())
	deep := ""
	for range maxJSONDepth + 2 {
		deep += "["
	}
	_, err = parseJSON(deep)
	require.Error(t, err)
}

// Without a HostFiles cluster (the browser's terminal) the option says
// there are no files to read.
func TestElectionFileWithoutHostFiles(t *testing.T) {
	_, err := readElectionFile(newFakeCluster(1), "/tmp/election.json")
	require.ErrorContains(t, err, "lab: --path-to-json-file: the lab's terminal has no files to read")
}

// FuzzElectionJSON checks the JSON reader and the election data decoder on
// arbitrary text: no panic, and a value that parses prints as JSON that
// parses back to the same text.
func FuzzElectionJSON(f *testing.F) {
	for _, s := range []string{
		`{"partitions": [{"topic": "foo", "partition": 1}, {"topic": "foobar", "partition": 2}]}`,
		`{"partitions": [{"topic": "a", "partition": 0}, {"topic": "a", "partition": 0}]}`,
		`{"partitions": [{"topic": "\u00e9\ud83d\ude00", "partition": -0}]} x`,
		`[1e400, -0.0, "\\\/\b\f\n\r\t", true, false, null, {}]`,
		`{"partitions": {"topic": 1}}`, `"`, `[[[[`, `{"a":}`, `1.`, `-`, `01`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = parseElectionData(s)
		v, err := parseJSON(s)
		if err != nil {
			return
		}
		again, err := parseJSON(v.String())
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", s, v.String(), err)
		}
		if again.String() != v.String() {
			t.Fatalf("%q: %q then %q", s, v.String(), again.String())
		}
	})
}
