package protocol

import "github.com/kafkalab/kafkalab/engine/group"

// API names of the group coordinator's APIs (ApiKeys.java).
const (
	APIFindCoordinator = "FindCoordinator"
	APIJoinGroup       = "JoinGroup"
	APISyncGroup       = "SyncGroup"
	APIHeartbeat       = "Heartbeat"
	APILeaveGroup      = "LeaveGroup"
	APIOffsetCommit    = "OffsetCommit"
	APIOffsetFetch     = "OffsetFetch"
	APIDescribeGroups  = "DescribeGroups"
	APIListGroups      = "ListGroups"
	APIDeleteGroups    = "DeleteGroups"
)

// OffsetsTopic is Kafka's internal topic of committed offsets and group
// metadata; its partition leaders are the group coordinators.
const OffsetsTopic = "__consumer_offsets"

// CoordinatorKeyGroup is FindCoordinator's KeyType for a consumer group
// (1 is a transactional id, not modelled).
const CoordinatorKeyGroup int8 = 0

// A FindCoordinatorRequest asks any broker which broker coordinates a group
// (FindCoordinatorRequest.json, API key 10). The broker answers with the
// leader of partition abs(hash(group.id)) % offsets.topic.num.partitions of
// __consumer_offsets, creating the topic on first use as Kafka's
// AutoTopicCreationManager does.
type FindCoordinatorRequest struct {
	CorrelationID int32
	Key           string // the group id
	KeyType       int8
}

// A FindCoordinatorResponse names the coordinator, or says why there is none
// yet (COORDINATOR_NOT_AVAILABLE while the topic is created or the partition
// has no leader).
type FindCoordinatorResponse struct {
	CorrelationID int32
	Err           error
	NodeID        int32
	Host          string
	Port          int32
}

// The group APIs carry engine/group's request and response structs, which
// follow Kafka's JSON definitions, with a correlation id.
type (
	JoinGroupRequest struct {
		CorrelationID int32
		group.JoinGroupRequest
	}
	JoinGroupResponse struct {
		CorrelationID int32
		group.JoinGroupResponse
	}
	SyncGroupRequest struct {
		CorrelationID int32
		group.SyncGroupRequest
	}
	SyncGroupResponse struct {
		CorrelationID int32
		group.SyncGroupResponse
	}
	HeartbeatRequest struct {
		CorrelationID int32
		group.HeartbeatRequest
	}
	HeartbeatResponse struct {
		CorrelationID int32
		group.HeartbeatResponse
	}
	LeaveGroupRequest struct {
		CorrelationID int32
		group.LeaveGroupRequest
	}
	LeaveGroupResponse struct {
		CorrelationID int32
		group.LeaveGroupResponse
	}
	OffsetCommitRequest struct {
		CorrelationID int32
		group.OffsetCommitRequest
	}
	OffsetCommitResponse struct {
		CorrelationID int32
		Err           error // a request-level error (NOT_COORDINATOR …) set on every partition by Kafka; here once
		group.OffsetCommitResponse
	}
	OffsetFetchRequest struct {
		CorrelationID int32
		group.OffsetFetchRequest
	}
	OffsetFetchResponse struct {
		CorrelationID int32
		group.OffsetFetchResponse
	}
	DescribeGroupsRequest struct {
		CorrelationID int32
		group.DescribeGroupsRequest
	}
	DescribeGroupsResponse struct {
		CorrelationID int32
		Err           error // NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS for all groups
		group.DescribeGroupsResponse
	}
	ListGroupsRequest struct {
		CorrelationID int32
		group.ListGroupsRequest
	}
	ListGroupsResponse struct {
		CorrelationID int32
		group.ListGroupsResponse
	}
	DeleteGroupsRequest struct {
		CorrelationID int32
		group.DeleteGroupsRequest
	}
	DeleteGroupsResponse struct {
		CorrelationID int32
		Err           error
		group.DeleteGroupsResponse
	}
)

// GroupOf returns the group id a group request is about, and false for other
// messages (ListGroups and FindCoordinator name no single group).
func GroupOf(body any) (string, bool) {
	switch r := body.(type) {
	case *JoinGroupRequest:
		return r.GroupID, true
	case *SyncGroupRequest:
		return r.GroupID, true
	case *HeartbeatRequest:
		return r.GroupID, true
	case *LeaveGroupRequest:
		return r.GroupID, true
	case *OffsetCommitRequest:
		return r.GroupID, true
	case *OffsetFetchRequest:
		return r.GroupID, true
	case *DescribeGroupsRequest:
		if len(r.Groups) > 0 {
			return r.Groups[0], true
		}
	case *DeleteGroupsRequest:
		if len(r.Groups) > 0 {
			return r.Groups[0], true
		}
	}
	return "", false
}
