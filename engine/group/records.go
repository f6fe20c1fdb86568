package group

import (
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/kafkalab/kafkalab/engine/protocol/wire"

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
	return wire.AppendString(binary.BigEndian.AppendUint16(nil, groupMetadataKeyType), groupID)
}

// GroupMetadataRecord returns the record Kafka writes for gm: a
// GroupMetadataKey and a GroupMetadataValue version 3.
func GroupMetadataRecord(gm GroupMetadata) Record {
	v := binary.BigEndian.AppendUint16(nil, groupMetadataValueVersion)
	v = wire.AppendString(v, gm.ProtocolType)
	v = binary.BigEndian.AppendUint32(v, uint32(gm.Generation))
	v = wire.AppendNullableString(v, gm.Protocol)
	v = wire.AppendNullableString(v, gm.Leader)
	v = binary.BigEndian.AppendUint64(v, uint64(gm.CurrentStateTimestamp))
	v = binary.BigEndian.AppendUint32(v, uint32(len(gm.Members)))
	for _, m := range gm.Members {
		v = wire.AppendString(v, m.MemberID)
		v = wire.AppendNullableString(v, m.GroupInstanceID)
		v = wire.AppendString(v, m.ClientID)
		v = wire.AppendString(v, m.ClientHost)
		v = binary.BigEndian.AppendUint32(v, uint32(m.RebalanceTimeoutMs))
		v = binary.BigEndian.AppendUint32(v, uint32(m.SessionTimeoutMs))
		v = wire.AppendBytes(v, m.Subscription)
		v = wire.AppendBytes(v, m.Assignment)
	}
	return Record{Key: GroupMetadataKey(gm.GroupID), Value: v}
}

// OffsetCommitKey returns the key of a committed offset's record.
func OffsetCommitKey(groupID string, tp assignor.TopicPartition) []byte {
	k := binary.BigEndian.AppendUint16(nil, offsetCommitKeyType)
	k = wire.AppendString(k, groupID)
	k = wire.AppendString(k, tp.Topic)
	return binary.BigEndian.AppendUint32(k, uint32(tp.Partition))
}

// OffsetCommitRecord returns the record Kafka writes for a committed offset:
// an OffsetCommitKey (type 1) and an OffsetCommitValue version 3.
func OffsetCommitRecord(groupID string, tp assignor.TopicPartition, o Offset) Record {
	v := binary.BigEndian.AppendUint16(nil, offsetCommitValueVersion)
	v = binary.BigEndian.AppendUint64(v, uint64(o.Offset))
	v = binary.BigEndian.AppendUint32(v, uint32(o.LeaderEpoch))
	v = wire.AppendString(v, o.Metadata)
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
	r := wire.NewReader(b)
	k := DecodedKey{Type: r.Int16()}
	switch k.Type {
	case legacyOffsetCommitKeyType, offsetCommitKeyType:
		k.GroupID = r.String(false)
		k.Partition.Topic = r.String(false)
		k.Partition.Partition = r.Int32()
	case groupMetadataKeyType:
		k.GroupID = r.String(false)
	}
	if r.Err() != nil {
		return DecodedKey{}, fmt.Errorf("%w: key: %v", ErrCorruptRecord, r.Err())
	}
	return k, nil
}

// DecodeOffsetCommitValue decodes an OffsetCommitValue of versions 0-4
// (version 4 is flexible: compact strings and tagged fields).
func DecodeOffsetCommitValue(b []byte) (Offset, error) {
	r := wire.NewReader(b)
	v := r.Int16()
	if r.Err() == nil && (v < 0 || v > 4) {
		return Offset{}, fmt.Errorf("%w: OffsetCommitValue version %d", ErrCorruptRecord, v)
	}
	flex := v >= 4
	o := Offset{Offset: r.Int64(), LeaderEpoch: -1}
	if v >= 3 {
		o.LeaderEpoch = r.Int32()
	}
	o.Metadata = r.String(flex)
	o.CommitTimestamp = r.Int64()
	if v == 1 {
		r.Int64() // expireTimestamp, ignored as Kafka ignores it now
	}
	if flex {
		r.SkipTags()
	}
	if r.Err() != nil {
		return Offset{}, fmt.Errorf("%w: OffsetCommitValue: %v", ErrCorruptRecord, r.Err())
	}
	return o, nil
}

// DecodeGroupMetadataValue decodes a GroupMetadataValue of versions 0-4.
func DecodeGroupMetadataValue(groupID string, b []byte) (GroupMetadata, error) {
	r := wire.NewReader(b)
	v := r.Int16()
	if r.Err() == nil && (v < 0 || v > 4) {
		return GroupMetadata{}, fmt.Errorf("%w: GroupMetadataValue version %d", ErrCorruptRecord, v)
	}
	flex := v >= 4
	gm := GroupMetadata{GroupID: groupID, CurrentStateTimestamp: -1}
	gm.ProtocolType = r.String(flex)
	gm.Generation = r.Int32()
	gm.Protocol = r.NullableString(flex)
	gm.Leader = r.NullableString(flex)
	if v >= 2 {
		gm.CurrentStateTimestamp = r.Int64()
	}
	n := r.ArrayLen(flex, 14)
	for i := 0; i < n && r.Err() == nil; i++ {
		m := MemberMetadata{MemberID: r.String(flex)}
		if v >= 3 {
			m.GroupInstanceID = r.NullableString(flex)
		}
		m.ClientID = r.String(flex)
		m.ClientHost = r.String(flex)
		m.RebalanceTimeoutMs = -1
		if v >= 1 {
			m.RebalanceTimeoutMs = r.Int32()
		}
		m.SessionTimeoutMs = r.Int32()
		m.Subscription = r.Bytes(flex)
		m.Assignment = r.Bytes(flex)
		if flex {
			r.SkipTags()
		}
		gm.Members = append(gm.Members, m)
	}
	if flex {
		r.SkipTags()
	}
	if r.Err() != nil {
		return GroupMetadata{}, fmt.Errorf("%w: GroupMetadataValue: %v", ErrCorruptRecord, r.Err())
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
