package tools

import (
	"encoding/base64"
	"errors"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/assignor"
	"github.com/kafkalab/kafkalab/engine/group"
)

// kafka-dump-log.sh --offsets-decoder prints the records of
// __consumer_offsets as JSON (DumpLogSegments.OffsetsMessageParser, Kafka
// 4.1): the key as {"type":"<record type>","data":{…}} and the value as
// {"version":"<version>","data":{…}}, with the fields the generated
// *JsonConverter classes write for that version, in the order of the
// message's JSON schema (OffsetCommitKey, OffsetCommitValue,
// GroupMetadataKey, GroupMetadataValue in group-coordinator; a consumer
// group's member subscriptions and assignments decoded as
// ConsumerProtocolSubscription and ConsumerProtocolAssignment). A deleted
// offset or group (a tombstone) prints "<DELETE>".

// errMissingKey is the RuntimeException the parser throws for a record
// without a key.
type errMissingKey struct{ offset int64 }

func (e errMissingKey) Error() string {
	return "Failed to decode message at offset " + strconv.FormatInt(e.offset, 10) + " using offset topic decoder (message had a missing key)"
}

// jsonObj builds an object from name, value pairs, in order.
func jsonObj(kv ...any) jsonValue {
	v := jsonValue{kind: 'o'}
	for i := 0; i+1 < len(kv); i += 2 {
		v.fields = append(v.fields, jsonField{name: kv[i].(string), value: kv[i+1].(jsonValue)})
	}
	return v
}

func jsonStr(s string) jsonValue { return jsonValue{kind: 's', str: s} }

// jsonNullableStr is a nullable string that the lab keeps as "" for null.
func jsonNullableStr(s string) jsonValue {
	if s == "" {
		return jsonValue{kind: 'z'}
	}
	return jsonStr(s)
}

func jsonInt(n int64) jsonValue { return jsonValue{kind: 'n', str: strconv.FormatInt(n, 10)} }

// jsonBytes is a bytes field: Jackson writes a byte[] as base64.
func jsonBytes(b []byte) jsonValue {
	if b == nil {
		return jsonValue{kind: 'z'}
	}
	return jsonStr(base64.StdEncoding.EncodeToString(b))
}

// jsonPartitions is a [TopicPartition] field: {"topic":…,"partitions":[…]}
// per topic, in the order the topics first appear.
func jsonPartitions(tps []assignor.TopicPartition) jsonValue {
	out := jsonValue{kind: 'a'}
	index := map[string]int{}
	for _, tp := range tps {
		i, ok := index[tp.Topic]
		if !ok {
			i = len(out.items)
			index[tp.Topic] = i
			out.items = append(out.items, jsonObj("topic", jsonStr(tp.Topic), "partitions", jsonValue{kind: 'a'}))
		}
		parts := &out.items[i].fields[1].value
		parts.items = append(parts.items, jsonInt(int64(tp.Partition)))
	}
	return out
}

// decodeOffsetsRecord is OffsetsMessageParser.parse.
func decodeOffsetsRecord(offset int64, key, value []byte) (k, v string, hasK, hasV bool, err error) {
	if key == nil {
		return "", "", false, false, errMissingKey{offset}
	}
	at := strconv.FormatInt(offset, 10)
	dk, err := group.DecodeKey(key)
	if err != nil {
		return "Error at offset " + at + ", skipping. " + err.Error(), "", true, false, nil
	}
	var data jsonValue
	switch dk.Type {
	case 0, 1:
		data = jsonObj("group", jsonStr(dk.GroupID), "topic", jsonStr(dk.Partition.Topic), "partition", jsonInt(int64(dk.Partition.Partition)))
	case 2:
		data = jsonObj("group", jsonStr(dk.GroupID))
	default:
		return "Unknown record type " + strconv.Itoa(int(dk.Type)) + " at offset " + at + ", skipping.", "", true, false, nil
	}
	k = jsonObj("type", jsonStr(strconv.Itoa(int(dk.Type))), "data", data).String()
	if value == nil {
		return k, "<DELETE>", true, true, nil
	}
	version := int16(-1)
	if len(value) >= 2 {
		version = int16(uint16(value[0])<<8 | uint16(value[1]))
	}
	var val jsonValue
	if dk.Type == 2 {
		val, err = groupMetadataJSON(dk.GroupID, version, value)
	} else {
		val, err = offsetCommitJSON(version, value)
	}
	if err != nil {
		return "Error at offset " + at + ", skipping. " + err.Error(), "", true, false, nil
	}
	v = jsonObj("version", jsonStr(strconv.Itoa(int(version))), "data", val).String()
	return k, v, true, true, nil
}

// offsetCommitJSON is OffsetCommitValueJsonConverter.write.
func offsetCommitJSON(version int16, value []byte) (jsonValue, error) {
	o, err := group.DecodeOffsetCommitValue(value)
	if err != nil {
		return jsonValue{}, err
	}
	v := jsonObj("offset", jsonInt(o.Offset))
	if version >= 3 {
		v.fields = append(v.fields, jsonField{"leaderEpoch", jsonInt(int64(o.LeaderEpoch))})
	}
	v.fields = append(v.fields, jsonField{"metadata", jsonStr(o.Metadata)}, jsonField{"commitTimestamp", jsonInt(o.CommitTimestamp)})
	if version == 1 {
		// The lab's decoder drops expireTimestamp; Kafka's writers put -1.
		v.fields = append(v.fields, jsonField{"expireTimestamp", jsonInt(-1)})
	}
	return v, nil
}

// groupMetadataJSON is prepareGroupMetadataValue: the GroupMetadataValue,
// with each member's subscription and assignment decoded when the group
// runs the consumer protocol (and left as base64 when they do not decode).
func groupMetadataJSON(groupID string, version int16, value []byte) (jsonValue, error) {
	gm, err := group.DecodeGroupMetadataValue(groupID, value)
	if err != nil {
		return jsonValue{}, err
	}
	v := jsonObj("protocolType", jsonStr(gm.ProtocolType), "generation", jsonInt(int64(gm.Generation)),
		"protocol", jsonNullableStr(gm.Protocol), "leader", jsonNullableStr(gm.Leader))
	if version >= 2 {
		v.fields = append(v.fields, jsonField{"currentStateTimestamp", jsonInt(gm.CurrentStateTimestamp)})
	}
	members := jsonValue{kind: 'a'}
	for _, m := range gm.Members {
		mv := jsonObj("memberId", jsonStr(m.MemberID))
		if version >= 3 {
			mv.fields = append(mv.fields, jsonField{"groupInstanceId", jsonNullableStr(m.GroupInstanceID)})
		}
		mv.fields = append(mv.fields, jsonField{"clientId", jsonStr(m.ClientID)}, jsonField{"clientHost", jsonStr(m.ClientHost)})
		if version >= 1 {
			mv.fields = append(mv.fields, jsonField{"rebalanceTimeout", jsonInt(int64(m.RebalanceTimeoutMs))})
		}
		// Both are non-nullable bytes: Jackson writes them as base64, "" when empty.
		sub, assign := jsonStr(base64.StdEncoding.EncodeToString(m.Subscription)), jsonStr(base64.StdEncoding.EncodeToString(m.Assignment))
		if gm.ProtocolType == assignor.ProtocolType {
			if s, err := subscriptionJSON(m.Subscription); err == nil {
				sub = s
			}
			if a, err := assignmentJSON(m.Assignment); err == nil {
				assign = a
			}
		}
		mv.fields = append(mv.fields, jsonField{"sessionTimeout", jsonInt(int64(m.SessionTimeoutMs))},
			jsonField{"subscription", sub}, jsonField{"assignment", assign})
		members.items = append(members.items, mv)
	}
	v.fields = append(v.fields, jsonField{"members", members})
	return v, nil
}

// subscriptionJSON is ConsumerProtocolSubscriptionJsonConverter.write for
// the version the bytes start with.
func subscriptionJSON(b []byte) (jsonValue, error) {
	if b == nil {
		return jsonValue{}, errors.New("null subscription")
	}
	s, err := assignor.DecodeSubscription(b)
	if err != nil || s.Version > assignor.HighestVersion {
		return jsonValue{}, errors.New("undecodable subscription")
	}
	topics := jsonValue{kind: 'a'}
	for _, t := range s.Topics {
		topics.items = append(topics.items, jsonStr(t))
	}
	v := jsonObj("topics", topics, "userData", jsonBytes(s.UserData))
	if s.Version >= 1 {
		v.fields = append(v.fields, jsonField{"ownedPartitions", jsonPartitions(s.Owned)})
	}
	if s.Version >= 2 {
		v.fields = append(v.fields, jsonField{"generationId", jsonInt(int64(s.Generation))})
	}
	if s.Version >= 3 {
		v.fields = append(v.fields, jsonField{"rackId", jsonNullableStr(s.Rack)})
	}
	return v, nil
}

// assignmentJSON is ConsumerProtocolAssignmentJsonConverter.write.
func assignmentJSON(b []byte) (jsonValue, error) {
	if len(b) == 0 {
		return jsonValue{}, errors.New("empty assignment")
	}
	a, err := assignor.DecodeAssignment(b)
	if err != nil || a.Version > assignor.HighestVersion {
		return jsonValue{}, errors.New("undecodable assignment")
	}
	return jsonObj("assignedPartitions", jsonPartitions(a.Partitions), "userData", jsonBytes(a.UserData)), nil
}
