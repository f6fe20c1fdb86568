package group

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/assignor"
)

// The record types of __consumer_offsets keys: the int16 that starts every
// key is the key's version, which Kafka 3.7+ calls the coordinator record
// type (CoordinatorRecordType).
const (
	legacyOffsetCommitKeyType = 0 // LegacyOffsetCommitKey, same layout as OffsetCommitKey
	offsetCommitKeyType       = 1 // OffsetCommitKey
	groupMetadataKeyType      = 2 // GroupMetadataKey
)

// The value versions the coordinator writes: Kafka writes the highest
// non-flexible versions (MetadataVersion.offsetCommitValueVersion and
// groupMetadataValueVersion: 3 and 3).
const (
	offsetCommitValueVersion  = 3
	groupMetadataValueVersion = 3
)

// ErrCorruptRecord is the class of __consumer_offsets decoding errors.
var ErrCorruptRecord = errors.New("group: corrupt __consumer_offsets record")

// GroupMetadata is the group state Kafka persists in a GroupMetadataValue
// record (GroupMetadataValue.json): the generation, its protocol and
// leader, and each member's subscription and assignment.
type GroupMetadata struct {
	GroupID               string
	ProtocolType          string
	Generation            int32
	Protocol              string // "" is written as null
	Leader                string // "" is written as null
	CurrentStateTimestamp int64
	Members               []MemberMetadata
}

// MemberMetadata is one member of a GroupMetadataValue.
type MemberMetadata struct {
	MemberID           string
	GroupInstanceID    string // "" is written as null
	ClientID           string
	ClientHost         string
	RebalanceTimeoutMs int32
	SessionTimeoutMs   int32
	Subscription       []byte // the member's metadata for the group's protocol
	Assignment         []byte
}

// snapshot is the group's GroupMetadataValue (GroupCoordinatorRecordHelpers.newGroupMetadataRecord).
func (g *classicGroup) snapshot() GroupMetadata {
	gm := GroupMetadata{
		GroupID: g.id, ProtocolType: g.protocolType, Generation: g.generation,
		Protocol: g.protocol, Leader: g.leader, CurrentStateTimestamp: g.stateTime,
		Members: []MemberMetadata{},
	}
	for _, id := range g.order {
		m := g.members[id]
		gm.Members = append(gm.Members, MemberMetadata{
			MemberID: id, GroupInstanceID: m.instanceID, ClientID: m.clientID, ClientHost: m.clientHost,
			RebalanceTimeoutMs: m.rebalanceTimeoutMs, SessionTimeoutMs: m.sessionTimeoutMs,
			Subscription: m.metadata(g.protocol), Assignment: m.assignment,
		})
	}
	return gm
}

// GroupMetadataKey returns the key of a group's GroupMetadata record.
func GroupMetadataKey(groupID string) []byte {
	return appendString(binary.BigEndian.AppendUint16(nil, groupMetadataKeyType), groupID)
}

// GroupMetadataRecord returns the record Kafka writes for gm: a
// GroupMetadataKey and a GroupMetadataValue version 3.
func GroupMetadataRecord(gm GroupMetadata) Record {
	v := binary.BigEndian.AppendUint16(nil, groupMetadataValueVersion)
	v = appendString(v, gm.ProtocolType)
	v = binary.BigEndian.AppendUint32(v, uint32(gm.Generation))
	v = appendNullableString(v, gm.Protocol)
	v = appendNullableString(v, gm.Leader)
	v = binary.BigEndian.AppendUint64(v, uint64(gm.CurrentStateTimestamp))
	v = binary.BigEndian.AppendUint32(v, uint32(len(gm.Members)))
	for _, m := range gm.Members {
		v = appendString(v, m.MemberID)
		v = appendNullableString(v, m.GroupInstanceID)
		v = appendString(v, m.ClientID)
		v = appendString(v, m.ClientHost)
		v = binary.BigEndian.AppendUint32(v, uint32(m.RebalanceTimeoutMs))
		v = binary.BigEndian.AppendUint32(v, uint32(m.SessionTimeoutMs))
		v = appendBytes(v, m.Subscription)
		v = appendBytes(v, m.Assignment)
	}
	return Record{Key: GroupMetadataKey(gm.GroupID), Value: v}
}

// OffsetCommitKey returns the key of a committed offset's record.
func OffsetCommitKey(groupID string, tp assignor.TopicPartition) []byte {
	k := binary.BigEndian.AppendUint16(nil, offsetCommitKeyType)
	k = appendString(k, groupID)
	k = appendString(k, tp.Topic)
	return binary.BigEndian.AppendUint32(k, uint32(tp.Partition))
}

// OffsetCommitRecord returns the record Kafka writes for a committed offset:
// an OffsetCommitKey (type 1) and an OffsetCommitValue version 3.
func OffsetCommitRecord(groupID string, tp assignor.TopicPartition, o Offset) Record {
	v := binary.BigEndian.AppendUint16(nil, offsetCommitValueVersion)
	v = binary.BigEndian.AppendUint64(v, uint64(o.Offset))
	v = binary.BigEndian.AppendUint32(v, uint32(o.LeaderEpoch))
	v = appendString(v, o.Metadata)
	v = binary.BigEndian.AppendUint64(v, uint64(o.CommitTimestamp))
	return Record{Key: OffsetCommitKey(groupID, tp), Value: v}
}

// A DecodedKey is a decoded __consumer_offsets key.
type DecodedKey struct {
	Type      int16 // 0 or 1: offset commit; 2: group metadata; others are KIP-848/share records
	GroupID   string
	Partition assignor.TopicPartition // for offset commits
}

// DecodeKey decodes a __consumer_offsets key. Keys of record types the
// classic coordinator does not use decode with only their Type set.
func DecodeKey(b []byte) (DecodedKey, error) {
	r := reader{b: b}
	k := DecodedKey{Type: r.int16()}
	switch k.Type {
	case legacyOffsetCommitKeyType, offsetCommitKeyType:
		k.GroupID = r.string(false)
		k.Partition.Topic = r.string(false)
		k.Partition.Partition = r.int32()
	case groupMetadataKeyType:
		k.GroupID = r.string(false)
	}
	if r.err != nil {
		return DecodedKey{}, fmt.Errorf("%w: key: %v", ErrCorruptRecord, r.err)
	}
	return k, nil
}

// DecodeOffsetCommitValue decodes an OffsetCommitValue of versions 0-4
// (version 4 is flexible: compact strings and tagged fields).
func DecodeOffsetCommitValue(b []byte) (Offset, error) {
	r := reader{b: b}
	v := r.int16()
	if r.err == nil && (v < 0 || v > 4) {
		return Offset{}, fmt.Errorf("%w: OffsetCommitValue version %d", ErrCorruptRecord, v)
	}
	flex := v >= 4
	o := Offset{Offset: r.int64(), LeaderEpoch: -1}
	if v >= 3 {
		o.LeaderEpoch = r.int32()
	}
	o.Metadata = r.string(flex)
	o.CommitTimestamp = r.int64()
	if v == 1 {
		r.int64() // expireTimestamp, ignored as Kafka ignores it now
	}
	if flex {
		r.tags()
	}
	if r.err != nil {
		return Offset{}, fmt.Errorf("%w: OffsetCommitValue: %v", ErrCorruptRecord, r.err)
	}
	return o, nil
}

// DecodeGroupMetadataValue decodes a GroupMetadataValue of versions 0-4.
func DecodeGroupMetadataValue(groupID string, b []byte) (GroupMetadata, error) {
	r := reader{b: b}
	v := r.int16()
	if r.err == nil && (v < 0 || v > 4) {
		return GroupMetadata{}, fmt.Errorf("%w: GroupMetadataValue version %d", ErrCorruptRecord, v)
	}
	flex := v >= 4
	gm := GroupMetadata{GroupID: groupID, CurrentStateTimestamp: -1}
	gm.ProtocolType = r.string(flex)
	gm.Generation = r.int32()
	gm.Protocol = r.nullableString(flex)
	gm.Leader = r.nullableString(flex)
	if v >= 2 {
		gm.CurrentStateTimestamp = r.int64()
	}
	n := r.arrayLen(flex, 14)
	for i := 0; i < n && r.err == nil; i++ {
		m := MemberMetadata{MemberID: r.string(flex)}
		if v >= 3 {
			m.GroupInstanceID = r.nullableString(flex)
		}
		m.ClientID = r.string(flex)
		m.ClientHost = r.string(flex)
		m.RebalanceTimeoutMs = -1
		if v >= 1 {
			m.RebalanceTimeoutMs = r.int32()
		}
		m.SessionTimeoutMs = r.int32()
		m.Subscription = r.bytes(flex)
		m.Assignment = r.bytes(flex)
		if flex {
			r.tags()
		}
		gm.Members = append(gm.Members, m)
	}
	if flex {
		r.tags()
	}
	if r.err != nil {
		return GroupMetadata{}, fmt.Errorf("%w: GroupMetadataValue: %v", ErrCorruptRecord, r.err)
	}
	if gm.Members == nil {
		gm.Members = []MemberMetadata{}
	}
	return gm, nil
}

// Replay applies one record of the coordinator's __consumer_offsets
// partition, in log order, while loading (GroupCoordinatorShard.replay). A
// nil value is a tombstone. Records of other coordinators' types (KIP-848
// consumer groups, share groups) are skipped.
func (c *Coordinator) Replay(key, value []byte) error {
	if c.phase != loading {
		return errors.New("group: Replay after Loaded")
	}
	k, err := DecodeKey(key)
	if err != nil {
		return err
	}
	switch k.Type {
	case legacyOffsetCommitKeyType, offsetCommitKeyType:
		g := c.groups[k.GroupID]
		if value == nil {
			if g != nil {
				delete(g.offsets, k.Partition)
			}
			return nil
		}
		o, err := DecodeOffsetCommitValue(value)
		if err != nil {
			return err
		}
		if g == nil {
			// Offsets alone make a "simple" group (OffsetMetadataManager.replay).
			g = newGroup(k.GroupID, o.CommitTimestamp)
			c.groups[k.GroupID] = g
		}
		g.offsets[k.Partition] = o
	case groupMetadataKeyType:
		if value == nil {
			delete(c.groups, k.GroupID)
			return nil
		}
		gm, err := DecodeGroupMetadataValue(k.GroupID, value)
		if err != nil {
			return err
		}
		c.loadGroup(gm)
	}
	return nil
}

// loadGroup rebuilds a group from its GroupMetadataValue
// (ClassicGroup.fromRecord): Empty without members, Stable with them.
func (c *Coordinator) loadGroup(gm GroupMetadata) {
	g := newGroup(gm.GroupID, gm.CurrentStateTimestamp)
	if old, ok := c.groups[gm.GroupID]; ok {
		g.offsets = old.offsets
	}
	g.protocolType, g.generation, g.protocol, g.leader = gm.ProtocolType, gm.Generation, gm.Protocol, gm.Leader
	for _, mm := range gm.Members {
		m := &member{
			id: mm.MemberID, instanceID: mm.GroupInstanceID, clientID: mm.ClientID, clientHost: mm.ClientHost,
			rebalanceTimeoutMs: mm.RebalanceTimeoutMs, sessionTimeoutMs: mm.SessionTimeoutMs,
			protocolType: gm.ProtocolType, protocols: []Protocol{{Name: gm.Protocol, Metadata: mm.Subscription}},
			assignment: mm.Assignment,
		}
		g.members[m.id] = m
		g.order = append(g.order, m.id)
		if m.instanceID != "" {
			g.static[m.instanceID] = m.id
		}
	}
	if len(g.members) > 0 {
		g.state, g.prevState = Stable, CompletingRebalance
		if _, ok := g.members[g.leader]; !ok {
			g.leader = g.order[0]
		}
	} else {
		g.leader = ""
	}
	c.groups[gm.GroupID] = g
}

func appendString(dst []byte, s string) []byte {
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(s)))
	return append(dst, s...)
}

func appendNullableString(dst []byte, s string) []byte {
	if s == "" {
		return binary.BigEndian.AppendUint16(dst, 0xffff)
	}
	return appendString(dst, s)
}

func appendBytes(dst, b []byte) []byte {
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(b)))
	return append(dst, b...)
}

// reader decodes Kafka's primitive types, classic or flexible (compact
// lengths as unsigned varints plus one); the first error sticks.
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
	out := r.b[:n:n]
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

func (r *reader) int64() int64 {
	if b := r.take(8); b != nil {
		return int64(binary.BigEndian.Uint64(b))
	}
	return 0
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// length reads a string/bytes length: int16/int32 classic, or compact
// (n+1, 0 meaning null). It returns -1 for null.
func (r *reader) length(flex, wide bool) int {
	if flex {
		n := r.uvarint()
		if n > uint64(len(r.b))+1 {
			r.err = fmt.Errorf("length %d with %d bytes left", n-1, len(r.b))
			return 0
		}
		return int(n) - 1
	}
	if wide {
		return int(r.int32())
	}
	return int(r.int16())
}

func (r *reader) string(flex bool) string {
	n := r.length(flex, false)
	if r.err == nil && n < 0 {
		r.err = errors.New("null where a string is required")
	}
	return string(r.take(n))
}

func (r *reader) nullableString(flex bool) string {
	n := r.length(flex, false)
	if n < 0 {
		return ""
	}
	return string(r.take(n))
}

func (r *reader) bytes(flex bool) []byte {
	n := r.length(flex, true)
	if r.err == nil && n < 0 {
		r.err = errors.New("null where bytes are required")
	}
	return slices.Clone(r.take(n))
}

// arrayLen reads an array length, bounded by the bytes left.
func (r *reader) arrayLen(flex bool, minElem int) int {
	var n int
	if flex {
		n = int(r.uvarint()) - 1
	} else {
		n = int(r.int32())
	}
	if r.err == nil && (n < 0 || n > len(r.b)/minElem) {
		r.err = fmt.Errorf("array length %d with %d bytes left", n, len(r.b))
	}
	if r.err != nil {
		return 0
	}
	return n
}

// tags skips a tagged-field section.
func (r *reader) tags() {
	n := r.uvarint()
	for i := uint64(0); i < n && r.err == nil; i++ {
		r.uvarint()
		size := r.uvarint()
		if size > uint64(len(r.b)) {
			r.err = errors.New("tag longer than the record")
			return
		}
		r.take(int(size))
	}
}
