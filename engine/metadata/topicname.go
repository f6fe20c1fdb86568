package metadata

import (
	"strings"
	"unicode/utf8"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// MaxTopicNameLength is the longest topic name Kafka accepts, in UTF-16 code
// units (Topic.MAX_NAME_LENGTH). It leaves room for a partition suffix and a
// ".deleted" marker in a 255-byte directory name.
const MaxTopicNameLength = 249

// The internal topics' names (Topic.java, ShareCoordinator and KRaft).
const (
	ConsumerOffsetsTopic  = "__consumer_offsets"
	TransactionStateTopic = "__transaction_state"
	ShareGroupStateTopic  = "__share_group_state"
	ClusterMetadataTopic  = "__cluster_metadata"
)

// CollisionWarning is what kafka-topics.sh --create prints before creating a
// topic whose name contains '.' or '_' (TopicCommand, Topic.hasCollisionChars).
const CollisionWarning = "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both."

// ValidateTopicName checks name against Topic.validate's rules and returns an
// INVALID_TOPIC_EXCEPTION error with Kafka's message, or nil. The rules, in
// Kafka's order: not empty, not "." or "..", at most 249 UTF-16 code units,
// only ASCII letters, digits, '.', '_' and '-'.
func ValidateTopicName(name string) error {
	if reason := invalidTopicReason(name); reason != "" {
		return kerr.Wrap(kerr.InvalidTopicException, "Topic name is invalid: %s", reason)
	}
	return nil
}

// invalidTopicReason mirrors Topic.detectInvalidTopic.
func invalidTopicReason(name string) string {
	switch {
	case name == "":
		return "the empty string is not allowed"
	case name == ".":
		return "'.' is not allowed"
	case name == "..":
		return "'..' is not allowed"
	case utf16Len(name) > MaxTopicNameLength:
		return "the length of '" + name + "' is longer than the max allowed length 249"
	}
	for i := 0; i < len(name); i++ {
		if !legalTopicByte(name[i]) {
			return "'" + name + "' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
		}
	}
	return ""
}

func legalTopicByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
}

// utf16Len returns Java's String.length() of s: one unit per character of the
// Basic Multilingual Plane, two for others, one for each invalid UTF-8 byte
// (decoded as U+FFFD).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 && r <= utf8.MaxRune {
			n++
		}
	}
	return n
}

// IsInternalTopic reports whether name is one of Kafka's internal topics.
func IsInternalTopic(name string) bool {
	switch name {
	case ConsumerOffsetsTopic, TransactionStateTopic, ShareGroupStateTopic, ClusterMetadataTopic:
		return true
	}
	return false
}

// HasCollisionChars reports whether name contains '.' or '_', which metric
// names cannot tell apart (Topic.hasCollisionChars).
func HasCollisionChars(name string) bool { return strings.ContainsAny(name, "._") }

// UnifyCollisionChars replaces every '.' with '_', giving the form under which
// two names collide (Topic.unifyCollisionChars).
func UnifyCollisionChars(name string) string { return strings.ReplaceAll(name, ".", "_") }

// TopicsCollide reports whether a and b differ only by '.' versus '_' in the
// same positions (Topic.hasCollision). A name collides with itself.
func TopicsCollide(a, b string) bool { return UnifyCollisionChars(a) == UnifyCollisionChars(b) }

// CheckNewTopicName checks a name for a topic about to be created next to the
// existing topics, as the KRaft controller's createTopics does: an existing
// name gives TOPIC_ALREADY_EXISTS, an invalid one INVALID_TOPIC_EXCEPTION, and
// one that collides with an existing topic INVALID_TOPIC_EXCEPTION naming it
// (ReplicationControlManager.validateNewTopicNames). When several existing
// topics collide, the least name is reported, so the message is deterministic.
//
// warning is CollisionWarning when name contains '.' or '_', whatever the
// error; kafka-topics.sh prints it before sending the request.
func CheckNewTopicName(name string, existing []string) (warning string, err error) {
	if HasCollisionChars(name) {
		warning = CollisionWarning
	}
	colliding := ""
	for _, e := range existing {
		if e == name {
			return warning, kerr.Wrap(kerr.TopicAlreadyExists, "Topic '%s' already exists.", name)
		}
		if TopicsCollide(e, name) && (colliding == "" || e < colliding) {
			colliding = e
		}
	}
	if err := ValidateTopicName(name); err != nil {
		return warning, err
	}
	if colliding != "" {
		return warning, kerr.Wrap(kerr.InvalidTopicException, "Topic '%s' collides with existing topic: %s", name, colliding)
	}
	return warning, nil
}
