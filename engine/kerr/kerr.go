package kerr

import (
	"errors"
	"fmt"
)

// An Error is one Kafka protocol error code.
type Error struct {
	Name        string // Kafka's name, e.g. "NOT_LEADER_OR_FOLLOWER"
	Code        int16  // the code on the wire
	Retriable   bool   // whether Kafka marks it retriable (a RetriableException)
	Description string // Kafka's message for the code
}

func (e *Error) Error() string { return e.Name + ": " + e.Description }

// Is lets errors.Is match an *Error by code, so a copy of a value still matches.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// The codes the lab uses, with Kafka's names, numbers, retriability and
// descriptions (Errors.java).
var (
	UnknownServerError           = &Error{"UNKNOWN_SERVER_ERROR", -1, false, "The server experienced an unexpected error when processing the request."}
	OffsetOutOfRange             = &Error{"OFFSET_OUT_OF_RANGE", 1, false, "The requested offset is not within the range of offsets maintained by the server."}
	CorruptMessage               = &Error{"CORRUPT_MESSAGE", 2, true, "This message has failed its CRC checksum, exceeds the valid size, has a null key for a compacted topic, or is otherwise corrupt."}
	UnknownTopicOrPartition      = &Error{"UNKNOWN_TOPIC_OR_PARTITION", 3, true, "This server does not host this topic-partition."}
	InvalidFetchSize             = &Error{"INVALID_FETCH_SIZE", 4, false, "The requested fetch size is invalid."}
	LeaderNotAvailable           = &Error{"LEADER_NOT_AVAILABLE", 5, true, "There is no leader for this topic-partition as we are in the middle of a leadership election."}
	NotLeaderOrFollower          = &Error{"NOT_LEADER_OR_FOLLOWER", 6, true, "For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition."}
	RequestTimedOut              = &Error{"REQUEST_TIMED_OUT", 7, true, "The request timed out."}
	BrokerNotAvailable           = &Error{"BROKER_NOT_AVAILABLE", 8, false, "The broker is not available."}
	ReplicaNotAvailable          = &Error{"REPLICA_NOT_AVAILABLE", 9, true, "The replica is not available for the requested topic-partition. Produce/Fetch requests and other requests intended only for the leader or follower return NOT_LEADER_OR_FOLLOWER if the broker is not a replica of the topic-partition."}
	MessageTooLarge              = &Error{"MESSAGE_TOO_LARGE", 10, false, "The request included a message larger than the max message size the server will accept."}
	NetworkException             = &Error{"NETWORK_EXCEPTION", 13, true, "The server disconnected before a response was received."}
	CoordinatorLoadInProgress    = &Error{"COORDINATOR_LOAD_IN_PROGRESS", 14, true, "The coordinator is loading and hence can't process requests."}
	CoordinatorNotAvailable      = &Error{"COORDINATOR_NOT_AVAILABLE", 15, true, "The coordinator is not available."}
	NotCoordinator               = &Error{"NOT_COORDINATOR", 16, true, "This is not the correct coordinator."}
	InvalidTopicException        = &Error{"INVALID_TOPIC_EXCEPTION", 17, false, "The request attempted to perform an operation on an invalid topic."}
	RecordListTooLarge           = &Error{"RECORD_LIST_TOO_LARGE", 18, false, "The request included message batch larger than the configured segment size on the server."}
	NotEnoughReplicas            = &Error{"NOT_ENOUGH_REPLICAS", 19, true, "Messages are rejected since there are fewer in-sync replicas than required."}
	NotEnoughReplicasAfterAppend = &Error{"NOT_ENOUGH_REPLICAS_AFTER_APPEND", 20, true, "Messages are written to the log, but to fewer in-sync replicas than required."}
	InvalidRequiredAcks          = &Error{"INVALID_REQUIRED_ACKS", 21, false, "Produce request specified an invalid value for required acks."}
	IllegalGeneration            = &Error{"ILLEGAL_GENERATION", 22, false, "Specified group generation id is not valid."}
	InconsistentGroupProtocol    = &Error{"INCONSISTENT_GROUP_PROTOCOL", 23, false, "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list."}
	InvalidGroupID               = &Error{"INVALID_GROUP_ID", 24, false, "The configured groupId is invalid."}
	UnknownMemberID              = &Error{"UNKNOWN_MEMBER_ID", 25, false, "The coordinator is not aware of this member."}
	InvalidSessionTimeout        = &Error{"INVALID_SESSION_TIMEOUT", 26, false, "The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms)."}
	RebalanceInProgress          = &Error{"REBALANCE_IN_PROGRESS", 27, false, "The group is rebalancing, so a rejoin is needed."}
	InvalidCommitOffsetSize      = &Error{"INVALID_COMMIT_OFFSET_SIZE", 28, false, "The committing offset data size is not valid."}
	InvalidTimestamp             = &Error{"INVALID_TIMESTAMP", 32, false, "The timestamp of the message is out of acceptable range."}
	UnsupportedVersion           = &Error{"UNSUPPORTED_VERSION", 35, false, "The version of API is not supported."}
	TopicAlreadyExists           = &Error{"TOPIC_ALREADY_EXISTS", 36, false, "Topic with this name already exists."}
	InvalidPartitions            = &Error{"INVALID_PARTITIONS", 37, false, "Number of partitions is below 1."}
	InvalidReplicationFactor     = &Error{"INVALID_REPLICATION_FACTOR", 38, false, "Replication factor is below 1 or larger than the number of available brokers."}
	InvalidReplicaAssignment     = &Error{"INVALID_REPLICA_ASSIGNMENT", 39, false, "Replica assignment is invalid."}
	InvalidConfig                = &Error{"INVALID_CONFIG", 40, false, "Configuration is invalid."}
	NotController                = &Error{"NOT_CONTROLLER", 41, true, "This is not the correct controller for this cluster."}
	InvalidRequest               = &Error{"INVALID_REQUEST", 42, false, "This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details."}
	UnsupportedForMessageFormat  = &Error{"UNSUPPORTED_FOR_MESSAGE_FORMAT", 43, false, "The message format version on the broker does not support the request."}
	OutOfOrderSequenceNumber     = &Error{"OUT_OF_ORDER_SEQUENCE_NUMBER", 45, false, "The broker received an out of order sequence number."}
	DuplicateSequenceNumber      = &Error{"DUPLICATE_SEQUENCE_NUMBER", 46, false, "The broker received a duplicate sequence number."}
	InvalidProducerEpoch         = &Error{"INVALID_PRODUCER_EPOCH", 47, false, "Producer attempted to produce with an old epoch."}
	KafkaStorageError            = &Error{"KAFKA_STORAGE_ERROR", 56, true, "Disk error when trying to access log file on the disk."}
	UnknownProducerID            = &Error{"UNKNOWN_PRODUCER_ID", 59, false, "This exception is raised by the broker if it could not locate the producer metadata associated with the producerId in question. This could happen if, for instance, the producer's records were deleted because their retention time had elapsed. Once the last records of the producerId are removed, the producer's metadata is removed from the broker, and future appends by the producer will return this exception."}
	GroupIDNotFound              = &Error{"GROUP_ID_NOT_FOUND", 69, false, "The group id does not exist."}
	FencedLeaderEpoch            = &Error{"FENCED_LEADER_EPOCH", 74, true, "The leader epoch in the request is older than the epoch on the broker."}
	UnknownLeaderEpoch           = &Error{"UNKNOWN_LEADER_EPOCH", 75, true, "The leader epoch in the request is newer than the epoch on the broker."}
	UnsupportedCompressionType   = &Error{"UNSUPPORTED_COMPRESSION_TYPE", 76, false, "The requesting client does not support the compression type of given partition."}
	StaleBrokerEpoch             = &Error{"STALE_BROKER_EPOCH", 77, false, "Broker epoch has changed."}
	NonEmptyGroup                = &Error{"NON_EMPTY_GROUP", 68, false, "The group is not empty."}
	PreferredLeaderNotAvailable  = &Error{"PREFERRED_LEADER_NOT_AVAILABLE", 80, true, "The preferred leader was not available."}
	ElectionNotNeeded            = &Error{"ELECTION_NOT_NEEDED", 84, false, "Leader election not needed for topic partition."}
	InvalidUpdateVersion         = &Error{"INVALID_UPDATE_VERSION", 95, false, "The given update version was invalid."}
	IneligibleReplica            = &Error{"INELIGIBLE_REPLICA", 107, false, "The new ISR contains at least one ineligible replica."}
	NewLeaderElected             = &Error{"NEW_LEADER_ELECTED", 108, false, "The AlterPartition request successfully updated the partition state but the leader has changed."}
	MemberIDRequired             = &Error{"MEMBER_ID_REQUIRED", 79, false, "The group member needs to have a valid member id before actually entering a consumer group."}
	GroupMaxSizeReached          = &Error{"GROUP_MAX_SIZE_REACHED", 81, false, "The consumer group has reached its max size."}
	FencedInstanceID             = &Error{"FENCED_INSTANCE_ID", 82, false, "The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id."}
	InvalidRecord                = &Error{"INVALID_RECORD", 87, false, "This record has failed the validation on broker and hence will be rejected."}
	UnknownTopicID               = &Error{"UNKNOWN_TOPIC_ID", 100, true, "This server does not host this topic ID."}
	DuplicateBrokerRegistration  = &Error{"DUPLICATE_BROKER_REGISTRATION", 101, false, "This broker ID is already in use."}
	InconsistentTopicID          = &Error{"INCONSISTENT_TOPIC_ID", 103, true, "The log's topic ID did not match the topic ID in the request."}
)

// all lists every Error above, in code order, for lookups by code or name.
var all = []*Error{
	UnknownServerError, OffsetOutOfRange, CorruptMessage, UnknownTopicOrPartition,
	InvalidFetchSize, LeaderNotAvailable, NotLeaderOrFollower, RequestTimedOut,
	BrokerNotAvailable, ReplicaNotAvailable, MessageTooLarge, NetworkException,
	CoordinatorLoadInProgress, CoordinatorNotAvailable, NotCoordinator,
	InvalidTopicException, RecordListTooLarge, NotEnoughReplicas,
	NotEnoughReplicasAfterAppend, InvalidRequiredAcks, IllegalGeneration,
	InconsistentGroupProtocol, InvalidGroupID, UnknownMemberID, InvalidSessionTimeout,
	RebalanceInProgress, InvalidCommitOffsetSize, InvalidTimestamp, UnsupportedVersion,
	TopicAlreadyExists, InvalidPartitions, InvalidReplicationFactor,
	InvalidReplicaAssignment, InvalidConfig, NotController, InvalidRequest,
	UnsupportedForMessageFormat, OutOfOrderSequenceNumber, DuplicateSequenceNumber,
	InvalidProducerEpoch, KafkaStorageError, UnknownProducerID, NonEmptyGroup, GroupIDNotFound,
	FencedLeaderEpoch, UnknownLeaderEpoch, UnsupportedCompressionType, StaleBrokerEpoch,
	MemberIDRequired, PreferredLeaderNotAvailable, GroupMaxSizeReached, FencedInstanceID,
	ElectionNotNeeded, InvalidRecord, InvalidUpdateVersion, UnknownTopicID, DuplicateBrokerRegistration, InconsistentTopicID,
	IneligibleReplica, NewLeaderElected,
}

// ForCode returns the Error with the given wire code, or false if the lab does
// not know the code.
func ForCode(code int16) (*Error, bool) {
	for _, e := range all {
		if e.Code == code {
			return e, true
		}
	}
	return nil, false
}

// Code returns the Kafka error code carried by err: 0 (NONE) for nil, the code
// of the first *Error in err's chain, or UNKNOWN_SERVER_ERROR (-1) otherwise, as
// a Kafka broker answers an unexpected exception.
func Code(err error) int16 {
	if err == nil {
		return 0
	}
	var ke *Error
	if errors.As(err, &ke) {
		return ke.Code
	}
	return UnknownServerError.Code
}

// Wrap returns an error that matches e under errors.Is and reads
// "NAME: detail", for errors whose Kafka description is less useful to a
// learner than the specific reason.
func Wrap(e *Error, format string, args ...any) error {
	return &detailed{kind: e, detail: fmt.Sprintf(format, args...)}
}

type detailed struct {
	kind   *Error
	detail string
}

func (d *detailed) Error() string { return d.kind.Name + ": " + d.detail }
func (d *detailed) Unwrap() error { return d.kind }
