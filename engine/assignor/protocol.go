package assignor

import (
	"encoding/binary"
	"errors"
	"fmt"
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
	slices.SortFunc(topics, javaCompare)
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(topics)))
	for _, t := range topics {
		dst = appendString(dst, t)
	}
	dst = appendNullableBytes(dst, s.UserData)
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
			dst = appendString(dst, s.Rack)
		}
	}
	return dst
}

// DecodeSubscription decodes a Subscription. As Kafka does, a version above
// HighestVersion is read as HighestVersion and trailing bytes are ignored
// (that is how newer clients stay readable), a negative version is an error,
// and a v0/v1 subscription has Generation -1.
func DecodeSubscription(b []byte) (Subscription, error) {
	r := reader{b: b}
	s := Subscription{Version: r.int16(), Generation: DefaultGeneration}
	if r.err == nil && s.Version < 0 {
		return Subscription{}, fmt.Errorf("%w: unsupported subscription version %d", ErrSchema, s.Version)
	}
	v := min(s.Version, HighestVersion)
	n := r.arrayLen(2)
	for i := 0; i < n && r.err == nil; i++ {
		s.Topics = append(s.Topics, r.string())
	}
	s.UserData = r.nullableBytes()
	if v >= 1 {
		s.Owned = r.grouped()
	}
	if v >= 2 {
		s.Generation = r.int32()
	}
	if v >= 3 {
		s.Rack = r.nullableString()
	}
	if r.err != nil {
		return Subscription{}, fmt.Errorf("%w: subscription: %v", ErrSchema, r.err)
	}
	return s, nil
}

// AppendAssignment appends a's encoding: an int16 version, the partitions
// grouped by topic in order of first appearance
// (ConsumerProtocol.serializeAssignment), then the user data.
func AppendAssignment(dst []byte, a Assignment) []byte {
	dst = binary.BigEndian.AppendUint16(dst, uint16(a.Version))
	dst = appendGrouped(dst, a.Partitions)
	return appendNullableBytes(dst, a.UserData)
}

// DecodeAssignment decodes an Assignment, with DecodeSubscription's rules
// for versions and trailing bytes. An empty byte slice (what the coordinator
// sends a member the leader left out) decodes as an empty assignment, as the
// Java consumer treats it.
func DecodeAssignment(b []byte) (Assignment, error) {
	if len(b) == 0 {
		return Assignment{}, nil
	}
	r := reader{b: b}
	a := Assignment{Version: r.int16()}
	if r.err == nil && a.Version < 0 {
		return Assignment{}, fmt.Errorf("%w: unsupported assignment version %d", ErrSchema, a.Version)
	}
	a.Partitions = r.grouped()
	a.UserData = r.nullableBytes()
	if r.err != nil {
		return Assignment{}, fmt.Errorf("%w: assignment: %v", ErrSchema, r.err)
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
		dst = appendString(dst, t)
		dst = binary.BigEndian.AppendUint32(dst, uint32(len(byTopic[t])))
		for _, p := range byTopic[t] {
			dst = binary.BigEndian.AppendUint32(dst, uint32(p))
		}
	}
	return dst
}

func appendString(dst []byte, s string) []byte {
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(s)))
	return append(dst, s...)
}

func appendNullableBytes(dst, b []byte) []byte {
	if b == nil {
		return binary.BigEndian.AppendUint32(dst, 0xffffffff)
	}
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(b)))
	return append(dst, b...)
}

// reader decodes Kafka's classic (non-flexible) primitive types; the first
// error sticks and later reads return zero values.
type reader struct {
	b   []byte
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.err = fmt.Errorf("need %d bytes, have %d", n, len(r.b))
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) int16() int16 {
	if b := r.take(2); b != nil {
		return int16(binary.BigEndian.Uint16(b))
	}
	return 0
}

func (r *reader) int32() int32 {
	if b := r.take(4); b != nil {
		return int32(binary.BigEndian.Uint32(b))
	}
	return 0
}

// arrayLen reads an array length and checks it against the bytes left,
// given the smallest encoding of one element, so a corrupt length cannot
// make the decoder allocate without bound.
func (r *reader) arrayLen(minElem int) int {
	n := int(r.int32())
	if r.err == nil && (n < 0 || n*minElem > len(r.b)) {
		r.err = fmt.Errorf("array length %d with %d bytes left", n, len(r.b))
	}
	if r.err != nil {
		return 0
	}
	return n
}

func (r *reader) string() string {
	n := int(r.int16())
	if r.err == nil && n < 0 {
		r.err = fmt.Errorf("null string where a string is required")
	}
	return string(r.take(n))
}

func (r *reader) nullableString() string {
	n := int(r.int16())
	if n < 0 {
		return ""
	}
	return string(r.take(n))
}

func (r *reader) nullableBytes() []byte {
	n := int(r.int32())
	if r.err != nil || n < 0 {
		return nil
	}
	return slices.Clone(r.take(n))
}

func (r *reader) grouped() []TopicPartition {
	var out []TopicPartition
	n := r.arrayLen(6)
	for i := 0; i < n && r.err == nil; i++ {
		t := r.string()
		m := r.arrayLen(4)
		for j := 0; j < m && r.err == nil; j++ {
			out = append(out, TopicPartition{t, r.int32()})
		}
	}
	return out
}
