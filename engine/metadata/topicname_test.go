package metadata

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

func TestValidateTopicName(t *testing.T) {
	long := strings.Repeat("a", 250)
	for _, tc := range []struct {
		name string
		want string // "" for valid
	}{
		{"orders", ""},
		{"a", ""},
		{"Orders.v2_final-1", ""},
		{"...", ""}, // only "." and ".." are special
		{strings.Repeat("x", 249), ""},
		{"", "INVALID_TOPIC_EXCEPTION: Topic name is invalid: the empty string is not allowed"},
		{".", "INVALID_TOPIC_EXCEPTION: Topic name is invalid: '.' is not allowed"},
		{"..", "INVALID_TOPIC_EXCEPTION: Topic name is invalid: '..' is not allowed"},
		{long, "INVALID_TOPIC_EXCEPTION: Topic name is invalid: the length of '" + long + "' is longer than the max allowed length 249"},
		{"my topic", "INVALID_TOPIC_EXCEPTION: Topic name is invalid: 'my topic' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"},
		{"a/b", "INVALID_TOPIC_EXCEPTION: Topic name is invalid: 'a/b' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"},
		{"主题", "INVALID_TOPIC_EXCEPTION: Topic name is invalid: '主题' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"},
		// 200 CJK characters are 600 bytes but 200 UTF-16 units, so Java
		// complains about the characters, not the length.
		{strings.Repeat("主", 200), "INVALID_TOPIC_EXCEPTION: Topic name is invalid: '" + strings.Repeat("主", 200) + "' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"},
		// 125 astral characters are 250 UTF-16 units: too long.
		{strings.Repeat("😀", 125), "INVALID_TOPIC_EXCEPTION: Topic name is invalid: the length of '" + strings.Repeat("😀", 125) + "' is longer than the max allowed length 249"},
	} {
		err := ValidateTopicName(tc.name)
		if tc.want == "" {
			assert.NoError(t, err, "%q", tc.name)
			continue
		}
		require.Error(t, err, "%q", tc.name)
		assert.Equal(t, tc.want, err.Error())
		assert.ErrorIs(t, err, kerr.InvalidTopicException)
		assert.Equal(t, int16(17), kerr.Code(err))
	}
}

func TestInternalTopics(t *testing.T) {
	for _, n := range []string{"__consumer_offsets", "__transaction_state", "__share_group_state", "__cluster_metadata"} {
		assert.True(t, IsInternalTopic(n), n)
		assert.NoError(t, ValidateTopicName(n), n)
	}
	assert.False(t, IsInternalTopic("__consumer_offsets2"))
	assert.False(t, IsInternalTopic("orders"))
	assert.True(t, Topic{Name: "__consumer_offsets"}.IsInternal())
}

func TestCollisions(t *testing.T) {
	assert.True(t, HasCollisionChars("a.b"))
	assert.True(t, HasCollisionChars("a_b"))
	assert.False(t, HasCollisionChars("a-b"))
	assert.Equal(t, "a_b_c", UnifyCollisionChars("a.b_c"))
	assert.True(t, TopicsCollide("topic.1_2", "topic_1.2"))
	assert.True(t, TopicsCollide("a.b", "a.b"))
	assert.False(t, TopicsCollide("a.b", "a-b"))
	assert.False(t, TopicsCollide("a.b", "a.bc"))
}

func TestCheckNewTopicName(t *testing.T) {
	existing := []string{"orders", "topic.1_2", "s03.audit", "s03_audi_", "payments"}
	for _, tc := range []struct {
		name    string
		warn    bool
		wantErr string
		code    *kerr.Error
	}{
		{"clicks", false, "", nil},
		{"orders", false, "TOPIC_ALREADY_EXISTS: Topic 'orders' already exists.", kerr.TopicAlreadyExists},
		{"topic.1_2", true, "TOPIC_ALREADY_EXISTS: Topic 'topic.1_2' already exists.", kerr.TopicAlreadyExists},
		{"topic_1.2", true, "INVALID_TOPIC_EXCEPTION: Topic 'topic_1.2' collides with existing topic: topic.1_2", kerr.InvalidTopicException},
		{"s03_audit", true, "INVALID_TOPIC_EXCEPTION: Topic 's03_audit' collides with existing topic: s03.audit", kerr.InvalidTopicException},
		{"new.topic", true, "", nil},
		{"bad name", false, "INVALID_TOPIC_EXCEPTION: Topic name is invalid: 'bad name' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'", kerr.InvalidTopicException},
		{"bad.name!", true, "INVALID_TOPIC_EXCEPTION: Topic name is invalid: 'bad.name!' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'", kerr.InvalidTopicException},
	} {
		warning, err := CheckNewTopicName(tc.name, existing)
		if tc.warn {
			assert.Equal(t, CollisionWarning, warning, tc.name)
		} else {
			assert.Empty(t, warning, tc.name)
		}
		if tc.wantErr == "" {
			assert.NoError(t, err, tc.name)
			continue
		}
		require.Error(t, err, tc.name)
		assert.Equal(t, tc.wantErr, err.Error())
		assert.True(t, errors.Is(err, tc.code), tc.name)
	}
	// Several colliding topics: the least name is reported.
	_, err := CheckNewTopicName("a_b_c", []string{"a.b_c", "a.b.c", "a_b.c"})
	assert.EqualError(t, err, "INVALID_TOPIC_EXCEPTION: Topic 'a_b_c' collides with existing topic: a.b.c")
	assert.Equal(t, "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.", CollisionWarning)
}
