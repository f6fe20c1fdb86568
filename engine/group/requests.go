package group

// The request and response types mirror the fields of Kafka's JoinGroup,
// SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch,
// DescribeGroups, ListGroups and DeleteGroups messages that the classic
// coordinator reads or writes. Err fields hold a *kerr.Error (possibly
// wrapped with the specific reason); kerr.Code gives the wire code, nil is
// NONE.

// A Protocol is one (name, metadata) pair of a JoinGroup request: for
// consumers, an assignor name and an encoded assignor.Subscription.
type Protocol struct {
	Name     string
	Metadata []byte
}

// JoinGroupRequest is JoinGroup (API 11).
type JoinGroupRequest struct {
	// Version is the request's API version. v4+ makes a new dynamic member
	// get MEMBER_ID_REQUIRED first (KIP-394); v9+ lets the coordinator set
	// SkipAssignment (KIP-814). The Java consumer of Kafka 3.x/4.x sends v9.
	Version            int16
	GroupID            string
	SessionTimeoutMs   int32
	RebalanceTimeoutMs int32 // v1+; v0 requests use SessionTimeoutMs
	MemberID           string
	GroupInstanceID    string // group.instance.id of a static member (v5+); "" for none
	ProtocolType       string // "consumer"
	Protocols          []Protocol
	Reason             string // v8+
	ClientID           string // from the request header
	ClientHost         string
}

// JoinGroupMember is one member in the leader's JoinGroup response.
type JoinGroupMember struct {
	MemberID        string
	GroupInstanceID string
	Metadata        []byte
}

// JoinGroupResponse answers JoinGroup.
type JoinGroupResponse struct {
	Err            error
	GenerationID   int32
	ProtocolType   string
	ProtocolName   string
	Leader         string
	SkipAssignment bool
	MemberID       string
	Members        []JoinGroupMember // only for the leader
}

// SyncGroupAssignment is one member's assignment in the leader's SyncGroup.
type SyncGroupAssignment struct {
	MemberID   string
	Assignment []byte
}

// SyncGroupRequest is SyncGroup (API 14).
type SyncGroupRequest struct {
	Version         int16
	GroupID         string
	GenerationID    int32
	MemberID        string
	GroupInstanceID string
	ProtocolType    string // v5+; "" for unset
	ProtocolName    string // v5+; "" for unset
	Assignments     []SyncGroupAssignment
}

// SyncGroupResponse answers SyncGroup.
type SyncGroupResponse struct {
	Err          error
	ProtocolType string
	ProtocolName string
	Assignment   []byte
}

// HeartbeatRequest is Heartbeat (API 12).
type HeartbeatRequest struct {
	GroupID         string
	GenerationID    int32
	MemberID        string
	GroupInstanceID string
}

// HeartbeatResponse answers Heartbeat.
type HeartbeatResponse struct {
	Err error
}

// LeaveMember is one member leaving in a LeaveGroup batch (v3+).
type LeaveMember struct {
	MemberID        string
	GroupInstanceID string
	Reason          string
}

// LeaveGroupRequest is LeaveGroup (API 13).
type LeaveGroupRequest struct {
	GroupID string
	Members []LeaveMember
}

// LeaveMemberResponse is the result for one LeaveMember.
type LeaveMemberResponse struct {
	MemberID        string
	GroupInstanceID string
	Err             error
}

// LeaveGroupResponse answers LeaveGroup.
type LeaveGroupResponse struct {
	Err     error
	Members []LeaveMemberResponse
}

// OffsetCommitPartition is one partition's commit.
type OffsetCommitPartition struct {
	Partition   int32
	Offset      int64 // the next offset to consume: last processed + 1
	LeaderEpoch int32 // -1 if unknown
	Metadata    string
}

// OffsetCommitTopic groups a topic's partitions.
type OffsetCommitTopic struct {
	Name       string
	Partitions []OffsetCommitPartition
}

// OffsetCommitRequest is OffsetCommit (API 8).
type OffsetCommitRequest struct {
	GroupID         string
	GenerationID    int32 // -1 for a "simple" commit outside group management
	MemberID        string
	GroupInstanceID string
	Topics          []OffsetCommitTopic
}

// OffsetCommitPartitionResponse is one partition's result.
type OffsetCommitPartitionResponse struct {
	Topic     string
	Partition int32
	Err       error
}

// OffsetCommitResponse answers OffsetCommit, one entry per partition in
// request order.
type OffsetCommitResponse struct {
	Partitions []OffsetCommitPartitionResponse
}

// OffsetFetchTopic names partitions to fetch.
type OffsetFetchTopic struct {
	Name       string
	Partitions []int32
}

// OffsetFetchRequest is OffsetFetch (API 9) for one group. Nil Topics asks
// for every committed offset of the group.
type OffsetFetchRequest struct {
	GroupID string
	Topics  []OffsetFetchTopic
}

// OffsetFetchPartition is one partition's committed offset, -1 if none.
type OffsetFetchPartition struct {
	Topic       string
	Partition   int32
	Offset      int64
	LeaderEpoch int32
	Metadata    string
}

// OffsetFetchResponse answers OffsetFetch.
type OffsetFetchResponse struct {
	Err        error
	Partitions []OffsetFetchPartition
}

// DescribeGroupsRequest is DescribeGroups (API 15).
type DescribeGroupsRequest struct {
	Groups []string
}

// DescribedMember is one member of a described group. Metadata and
// Assignment are only filled in Stable, as Kafka does.
type DescribedMember struct {
	MemberID        string
	GroupInstanceID string
	ClientID        string
	ClientHost      string
	Metadata        []byte
	Assignment      []byte
}

// DescribedGroup is one group of DescribeGroups.
type DescribedGroup struct {
	Err          error
	GroupID      string
	State        string // "Stable", "PreparingRebalance", …, "Dead" if unknown
	ProtocolType string
	Protocol     string // only in Stable
	Members      []DescribedMember
}

// DescribeGroupsResponse answers DescribeGroups.
type DescribeGroupsResponse struct {
	Groups []DescribedGroup
}

// ListGroupsRequest is ListGroups (API 16).
type ListGroupsRequest struct {
	StatesFilter []string // v4+; empty lists all
}

// ListedGroup is one group of ListGroups.
type ListedGroup struct {
	GroupID      string
	ProtocolType string
	State        string
}

// ListGroupsResponse answers ListGroups, sorted by group id.
type ListGroupsResponse struct {
	Err    error
	Groups []ListedGroup
}

// DeleteGroupsRequest is DeleteGroups (API 42).
type DeleteGroupsRequest struct {
	Groups []string
}

// DeletedGroup is one group's result.
type DeletedGroup struct {
	GroupID string
	Err     error
}

// DeleteGroupsResponse answers DeleteGroups.
type DeleteGroupsResponse struct {
	Results []DeletedGroup
}
