package assignor

import (
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/kafkalab/kafkalab/engine/protocol/wire"
	"github.com/kafkalab/kafkalab/engine/slicesort"
	"slices"
)

// ProtocolType is the JoinGroup protocol type of Kafka consumers
// (ConsumerProtocol.PROTOCOL_TYPE).
const ProtocolType = "consumer"

// HighestVersion is the highest ConsumerProtocolSubscription and
// ConsumerProtocolAssignment version (Kafka 3.x/4.x: 3).
const HighestVersion = 3

// A Subscription is the metadata a consumer sends for each protocol in
// JoinGroup, and the leader receives for every member
// (ConsumerPartitionAssignor.Subscription, ConsumerProtocolSubscription.json).
type Subscription struct {
	Version    int16            // 0-3; encoding a higher version writes HighestVersion's fields
	Topics     []string         // v0+
	UserData   []byte           // v0+, nullable: assignor-specific bytes
	Owned      []TopicPartition // v1+: ownedPartitions
	Generation int32            // v2+: generationId, -1 when unknown
	Rack       string           // v3+: rackId; "" encodes as null
}

// An Assignment is what the leader sends for each member in SyncGroup, and
// the member receives back (ConsumerPartitionAssignor.Assignment,
// ConsumerProtocolAssignment.json). Its fields are the same in v0-v3.
type Assignment struct {
	Version    int16
	Partitions []TopicPartition
	UserData   []byte // nullable
}

// ErrSchema is the class of decoding errors (Kafka's SchemaException).
var ErrSchema = errors.New("assignor: malformed consumer protocol")

// AppendSubscription appends s's encoding: an int16 version, then the fields
// of that version, as ConsumerProtocol.serializeSubscription writes them
// (topics sorted, owned partitions sorted and grouped by topic).
func AppendSubscription(dst []byte, s Subscription) []byte {
	v := min(s.Version, HighestVersion)
	dst = binary.BigEndian.AppendUint16(dst, uint16(s.Version))
	topics := slices.Clone(s.Topics)
	slicesort.Func(topics, javaCompare)
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(topics)))
	for _, t := range topics {
		dst = wire.AppendString(dst, t)
	}
	dst = wire.AppendNullableBytes(dst, s.UserData)
	if v >= 1 {
		owned := slices.Clone(s.Owned)
		SortPartitions(owned)
		dst = appendGrouped(dst, owned)
	}
	if v >= 2 {
		dst = binary.BigEndian.AppendUint32(dst, uint32(s.Generation))
	}
	if v >= 3 {
		if s.Rack == "" {
			dst = binary.BigEndian.AppendUint16(dst, 0xffff)
		} else {
			dst = wire.AppendString(dst, s.Rack)
		}
	}
	return dst
}

// DecodeSubscription decodes a Subscription. As Kafka does, a version above
// HighestVersion is read as HighestVersion and trailing bytes are ignored
// (that is how newer clients stay readable), a negative version is an error,
// and a v0/v1 subscription has Generation -1.
func DecodeSubscription(b []byte) (Subscription, error) {
	r := wire.NewReader(b)
	s := Subscription{Version: r.Int16(), Generation: DefaultGeneration}
	if r.Err() == nil && s.Version < 0 {
		return Subscription{}, fmt.Errorf("%w: unsupported subscription version %d", ErrSchema, s.Version)
	}
	v := min(s.Version, HighestVersion)
	n := r.ArrayLen(false, 2)
	for i := 0; i < n && r.Err() == nil; i++ {
		s.Topics = append(s.Topics, r.String(false))
	}
	s.UserData = r.NullableBytes(false)
	if v >= 1 {
		s.Owned = readGrouped(r)
	}
	if v >= 2 {
		s.Generation = r.Int32()
	}
	if v >= 3 {
		s.Rack = r.NullableString(false)
	}
	if r.Err() != nil {
		return Subscription{}, fmt.Errorf("%w: subscription: %v", ErrSchema, r.Err())
	}
	return s, nil
}

// AppendAssignment appends a's encoding: an int16 version, the partitions
// grouped by topic in order of first appearance
// (ConsumerProtocol.serializeAssignment), then the user data.
func AppendAssignment(dst []byte, a Assignment) []byte {
	dst = binary.BigEndian.AppendUint16(dst, uint16(a.Version))
	dst = appendGrouped(dst, a.Partitions)
	return wire.AppendNullableBytes(dst, a.UserData)
}

// DecodeAssignment decodes an Assignment, with DecodeSubscription's rules
// for versions and trailing bytes. An empty byte slice (what the coordinator
// sends a member the leader left out) decodes as an empty assignment, as the
// Java consumer treats it.
func DecodeAssignment(b []byte) (Assignment, error) {
	if len(b) == 0 {
		return Assignment{}, nil
	}
	r := wire.NewReader(b)
	a := Assignment{Version: r.Int16()}
	if r.Err() == nil && a.Version < 0 {
		return Assignment{}, fmt.Errorf("%w: unsupported assignment version %d", ErrSchema, a.Version)
	}
	a.Partitions = readGrouped(r)
	a.UserData = r.NullableBytes(false)
	if r.Err() != nil {
		return Assignment{}, fmt.Errorf("%w: assignment: %v", ErrSchema, r.Err())
	}
	return a, nil
}

// appendGrouped writes [topic [partition]] grouping tps by topic in order
// of first appearance.
func appendGrouped(dst []byte, tps []TopicPartition) []byte {
	var topics []string
	byTopic := map[string][]int32{}
	for _, tp := range tps {
		if _, ok := byTopic[tp.Topic]; !ok {
			topics = append(topics, tp.Topic)
		}
		byTopic[tp.Topic] = append(byTopic[tp.Topic], tp.Partition)
	}
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(topics)))
	for _, t := range topics {
		dst = wire.AppendString(dst, t)
		dst = binary.BigEndian.AppendUint32(dst, uint32(len(byTopic[t])))
		for _, p := range byTopic[t] {
			dst = binary.BigEndian.AppendUint32(dst, uint32(p))
		}
	}
	return dst
}

// readGrouped reads topics with their partitions, as ConsumerProtocol groups
// owned and assigned partitions.
func readGrouped(r *wire.Reader) []TopicPartition {
	var out []TopicPartition
	n := r.ArrayLen(false, 6)
	for i := 0; i < n && r.Err() == nil; i++ {
		t := r.String(false)
		m := r.ArrayLen(false, 4)
		for j := 0; j < m && r.Err() == nil; j++ {
			out = append(out, TopicPartition{t, r.Int32()})
		}
	}
	return out
}
