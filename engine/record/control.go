package record

import (
	"encoding/binary"
	"strconv"
)

// A ControlType is the type in a control record's key (ControlRecordType.java).
type ControlType int16

// The control record types Kafka defines.
const (
	ControlAbort          ControlType = 0 // a transaction was aborted
	ControlCommit         ControlType = 1 // a transaction was committed
	ControlLeaderChange   ControlType = 2 // KRaft: a new leader
	ControlSnapshotHeader ControlType = 3 // KRaft: snapshot start
	ControlSnapshotFooter ControlType = 4 // KRaft: snapshot end
	ControlKRaftVersion   ControlType = 5 // KRaft: kraft.version change
	ControlKRaftVoters    ControlType = 6 // KRaft: voter set change
)

// String returns Kafka's name for t.
func (t ControlType) String() string {
	names := [...]string{"ABORT", "COMMIT", "LEADER_CHANGE", "SNAPSHOT_HEADER", "SNAPSHOT_FOOTER", "KRAFT_VERSION", "KRAFT_VOTERS"}
	if t >= 0 && int(t) < len(names) {
		return names[t]
	}
	return "UNKNOWN(" + strconv.Itoa(int(t)) + ")"
}

// AppendControlKey appends the key of a control record of type t: an int16
// version (0) and the int16 type.
func AppendControlKey(dst []byte, t ControlType) []byte {
	dst = binary.BigEndian.AppendUint16(dst, 0)
	return binary.BigEndian.AppendUint16(dst, uint16(t))
}

// ParseControlKey returns the type in a control record's key. Like
// ControlRecordType.parse it needs at least four bytes and a non-negative
// version and reads keys of newer versions by their first four bytes; it
// returns types it does not know as they are. Errors match
// kerr.InvalidRecord.
func ParseControlKey(key []byte) (ControlType, error) {
	if len(key) < 4 {
		return 0, invalid("control record key has %d bytes; it needs at least 4", len(key))
	}
	if v := int16(binary.BigEndian.Uint16(key)); v < 0 {
		return 0, invalid("control record key has a negative version %d", v)
	}
	return ControlType(binary.BigEndian.Uint16(key[2:])), nil
}

// AppendEndTxnMarker appends the value of an ABORT or COMMIT control record
// (EndTransactionMarker.java, version 0): an int16 version and the int32
// epoch of the transaction coordinator that wrote it.
func AppendEndTxnMarker(dst []byte, coordinatorEpoch int32) []byte {
	dst = binary.BigEndian.AppendUint16(dst, 0)
	return binary.BigEndian.AppendUint32(dst, uint32(coordinatorEpoch))
}

// ParseEndTxnMarker returns the coordinator epoch in the value of an ABORT
// or COMMIT control record. It needs at least six bytes and a non-negative
// version; errors match kerr.InvalidRecord.
func ParseEndTxnMarker(value []byte) (coordinatorEpoch int32, err error) {
	if len(value) < 6 {
		return 0, invalid("end transaction marker has %d bytes; it needs at least 6", len(value))
	}
	if v := int16(binary.BigEndian.Uint16(value)); v < 0 {
		return 0, invalid("end transaction marker has a negative version %d", v)
	}
	return int32(binary.BigEndian.Uint32(value[2:])), nil
}
