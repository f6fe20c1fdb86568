package protocol

import (
	"errors"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// The KRaft quorum's own APIs, between controller nodes
// (raft/KafkaRaftClient.java). A voter fetching the metadata log from the
// leader is a Fetch of __cluster_metadata on the wire; the lab names it
// apart from a broker's (observer's) fetch because it carries the
// LastFetchedEpoch the leader checks for a diverging log.
const (
	APIVote             = "Vote"
	APIBeginQuorumEpoch = "BeginQuorumEpoch"
	APIQuorumFetch      = "Fetch(__cluster_metadata, voter)"
)

// A VoteRequest is a candidate asking a voter for its vote in
// CandidateEpoch (VoteRequest.json). LastOffsetEpoch and LastOffset
// describe the candidate's log: the epoch of its last record and its end
// offset; a voter grants only if that log is at least as up to date as its
// own.
type VoteRequest struct {
	CandidateEpoch  int32
	CandidateID     int32
	LastOffsetEpoch int32
	LastOffset      int64
}

// A VoteResponse answers a VoteRequest with the voter's epoch and the leader
// it knows (-1: none).
type VoteResponse struct {
	Err         error
	LeaderEpoch int32
	LeaderID    int32
	VoteGranted bool
}

// A BeginQuorumEpochRequest is a new leader telling the voters it won
// LeaderEpoch, so they start fetching from it at once
// (BeginQuorumEpochRequest.json).
type BeginQuorumEpochRequest struct {
	LeaderEpoch int32
	LeaderID    int32
}

// A QuorumFetchRequest is a voter fetching the metadata log from the leader
// (FetchRequest.json, as KafkaRaftClient.buildFetchRequest fills it):
// FetchOffset is its log end offset, LastFetchedEpoch the epoch of its last
// record, CurrentLeaderEpoch the epoch it believes in.
type QuorumFetchRequest struct {
	ReplicaID          int32
	CurrentLeaderEpoch int32
	FetchOffset        int64
	LastFetchedEpoch   int32
	MaxWaitMs          int32
}

// A QuorumFetchResponse carries records from FetchOffset on and the
// leader's high watermark; or, when the follower's log diverges from the
// leader's, the epoch and end offset the follower must truncate to
// (DivergingEpoch, DivergingEndOffset ≥ 0), and no records.
type QuorumFetchResponse struct {
	Err                error
	LeaderEpoch        int32
	LeaderID           int32
	HighWatermark      int64
	Records            []MetadataRecord
	DivergingEpoch     int32
	DivergingEndOffset int64 // -1: no divergence
}

// A LeaderChangeRecord is the control record a new KRaft leader appends at
// the start of its epoch (LeaderChangeMessage.json). Until it is committed
// the leader does not act as the active controller.
type LeaderChangeRecord struct {
	LeaderID    int32
	LeaderEpoch int32
	Voters      []int32
}

// A NotControllerError is NOT_CONTROLLER (or NOT_LEADER_OR_FOLLOWER on a
// metadata fetch) with the leader the answering controller knows, as
// Kafka's responses carry CurrentLeader: Leader is its node name, "" when no
// leader is known. Clients and brokers retry against it.
type NotControllerError struct {
	Code     *kerr.Error
	LeaderID int32
	Leader   string
}

func (e *NotControllerError) Error() string {
	if e.Leader == "" {
		return e.Code.Name + ": no controller leader is known"
	}
	return e.Code.Name + ": the active controller is " + e.Leader
}

func (e *NotControllerError) Unwrap() error { return e.Code }

// LeaderHint returns the leader a NOT_CONTROLLER or NOT_LEADER_OR_FOLLOWER
// answer names, and whether err is such an answer.
func LeaderHint(err error) (leader string, ok bool) {
	var nc *NotControllerError
	if errors.As(err, &nc) {
		return nc.Leader, true
	}
	return "", errors.Is(err, kerr.NotController)
}
