package toolsapi

import "github.com/kafkalab/kafkalab/engine/sim"

// A QuorumCluster is a cluster with a KRaft controller quorum that can
// describe it and crash and restart its controllers. engine/cluster
// implements it.
type QuorumCluster interface {
	// DescribeQuorum answers as the active controller answers
	// DescribeQuorum (kafka-metadata-quorum.sh describe); an error when no
	// controller is active.
	DescribeQuorum() (QuorumDescription, error)
	// QuorumNodes returns every controller node's own view, in order.
	QuorumNodes() []QuorumNode
	CrashController(n sim.NodeID) error
	RestartController(n sim.NodeID) error
}

// A QuorumDescription is DescribeQuorumResponse as the tool prints it.
type QuorumDescription struct {
	ClusterID     string
	LeaderID      int32
	LeaderEpoch   int32
	HighWatermark int64
	Voters        []QuorumReplica // by id
	Observers     []QuorumReplica // the brokers, by id
	NowMs         int64           // the simulated time, for lags
}

// A QuorumReplica is one voter or observer as the leader tracks it;
// LastFetchMs and LastCaughtUpMs are -1 when unknown.
type QuorumReplica struct {
	ID             int32
	Host           string
	Port           int32
	LogEndOffset   int64
	LastFetchMs    int64
	LastCaughtUpMs int64
}

// A QuorumNode is one controller node's own view of the quorum.
type QuorumNode struct {
	Node          sim.NodeID
	ID            int32
	Up            bool
	Role          string // Leader, Follower, Candidate, Unattached
	Active        bool
	Epoch         int32
	LeaderID      int32 // -1: unknown
	EndOffset     int64
	HighWatermark int64
}
