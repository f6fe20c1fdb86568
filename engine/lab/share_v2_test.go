package lab

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A lesson's lab (bare, unsettled, with its lesson and step) shares as a
// version 2 code that rebuilds the same session; a plain sandbox still
// shares as version 1.
func TestShareV2Lesson(t *testing.T) {
	s, err := New(Config{Seed: 11, Brokers: 3, Bare: true, NoSettle: true})
	require.NoError(t, err)
	_, err = s.Command("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3\nrun idle")
	require.NoError(t, err)
	_, err = s.Command("consumer start c1 --group billing --topic orders")
	require.NoError(t, err)
	_, err = s.StepN(40)
	require.NoError(t, err)
	sh := s.Share()
	require.True(t, sh.Bare && sh.NoSettle)
	sh.Lesson, sh.Step = "07-consumer-groups", 2
	code, err := EncodeShare(sh)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(code, "v2."), code)

	got, err := DecodeShare(code)
	require.NoError(t, err)
	require.Equal(t, "07-consumer-groups", got.Lesson)
	require.Equal(t, 2, got.Step)
	require.True(t, got.Bare && got.NoSettle)
	r, err := FromShare(Config{}, code)
	require.NoError(t, err)
	require.Equal(t, s.StateHash(), r.StateHash())
	for _, tp := range r.Cluster().Snapshot().Controller.Topics {
		require.NotEqual(t, DefaultTopic, tp.Name, "a bare lab has no order_events")
	}

	plain, err := New(Config{Seed: 7})
	require.NoError(t, err)
	c1, err := plain.ShareCode()
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(c1, "v1."), c1)
}

func TestShareV2Rejects(t *testing.T) {
	good, err := EncodeShare(Share{Seed: 7, Brokers: 3, Lesson: "01-meet-kafka", Step: 1, Bare: true})
	require.NoError(t, err)
	_, err = DecodeShare(good)
	require.NoError(t, err)
	raw := func(b ...byte) string { return "v2." + base64.RawURLEncoding.EncodeToString(b) }
	for name, code := range map[string]string{
		"unknown flag":    raw(8, 0, 0, 7, 3, 0, 0, 0),
		"step, no lesson": raw(0, 0, 1, 7, 3, 0, 0, 0),
		"bad slug":        raw(0, 2, 'A', '/', 1, 7, 3, 0, 0, 0),
		"slug past end":   raw(0, 9, 'a'),
		"step too big":    raw(0, 1, 'a', 0xe9, 0x07, 7, 3, 0, 0, 0),
		"no body":         raw(1, 0, 0),
		"truncated":       good[:len(good)-2],
		"long slug":       raw(append(append([]byte{0, 101}, []byte(strings.Repeat("a", 101))...), 1, 7, 3, 0, 0, 0)...),
	} {
		_, err := DecodeShare(code)
		require.Error(t, err, name)
		require.True(t, errors.Is(err, ErrShare), name)
	}
	for name, sh := range map[string]Share{
		"bad slug":        {Seed: 1, Brokers: 3, Lesson: "../x y"},
		"step, no lesson": {Seed: 1, Brokers: 3, Step: 2},
		"negative step":   {Seed: 1, Brokers: 3, Lesson: "a", Step: -1},
	} {
		_, err := EncodeShare(sh)
		require.Error(t, err, name)
	}
}

// FromShareObserved calls its observer after every input and at the end.
func TestFromShareObserved(t *testing.T) {
	s, err := New(Config{Seed: 7, Bare: true, NoSettle: true})
	require.NoError(t, err)
	_, err = s.Command("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1")
	require.NoError(t, err)
	_, err = s.Command("run idle")
	require.NoError(t, err)
	var seen []uint64
	r, err := FromShareObserved(Config{}, s.Share(), func(x *Session) { seen = append(seen, x.Pos()) })
	require.NoError(t, err)
	require.Len(t, seen, 3)
	require.Equal(t, s.StateHash(), r.StateHash())
}
