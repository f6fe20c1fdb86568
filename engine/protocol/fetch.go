package protocol

// A FetchRequest reads records from partition leaders (FetchRequest.json,
// API key 1). Followers fetch with their broker id as ReplicaID, which is how
// they replicate: the leader never pushes. Consumers fetch with ReplicaID -1
// and see records up to the high watermark only.
type FetchRequest struct {
	CorrelationID int32
	ReplicaID     int32 // the fetching broker, or ConsumerReplicaID
	ReplicaEpoch  int64 // the follower's broker epoch (ReplicaState, v15+)
	MaxWaitMs     int32 // how long the leader may hold the fetch when no data is ready
	MinBytes      int32 // the least data worth answering for
	MaxBytes      int32 // the most data for the whole response
	Partitions    []FetchPartition
}

// A FetchPartition asks for one partition's records from FetchOffset on.
type FetchPartition struct {
	TopicPartition
	// CurrentLeaderEpoch is the leader epoch the fetcher knows, so that a
	// stale leader or a stale fetcher is detected (KIP-320); -1 skips the check.
	CurrentLeaderEpoch int32
	FetchOffset        int64
	// LastFetchedEpoch is the epoch of the last batch the follower holds, so
	// the leader can tell a diverging log (KIP-595, IBP 2.7); -1 for none.
	LastFetchedEpoch  int32
	LogStartOffset    int64 // the follower's log start offset
	PartitionMaxBytes int32
}

// A FetchResponse answers a FetchRequest.
type FetchResponse struct {
	CorrelationID int32
	Partitions    []FetchPartitionResponse
}

// A FetchPartitionResponse is one partition's answer.
type FetchPartitionResponse struct {
	TopicPartition
	Err              error
	HighWatermark    int64
	LastStableOffset int64
	LogStartOffset   int64
	// DivergingEpoch is set when the follower's log diverged from the
	// leader's: it must truncate to EndOffset before fetching again.
	DivergingEpoch *EpochEndOffset
	Records        []byte // whole batches; may start before FetchOffset
}

// An EpochEndOffset is where an epoch ends in the leader's log.
type EpochEndOffset struct {
	Epoch     int32
	EndOffset int64
}

// A ListOffsetsRequest asks a leader for offsets by timestamp
// (ListOffsetsRequest.json, API key 2): -1 latest (the high watermark for a
// consumer), -2 earliest, -3 the record with the largest timestamp, or the
// first offset whose timestamp is at least the given one.
type ListOffsetsRequest struct {
	CorrelationID int32
	ReplicaID     int32
	Partitions    []ListOffsetsPartition
}

// A ListOffsetsPartition is one partition of a ListOffsetsRequest.
type ListOffsetsPartition struct {
	TopicPartition
	Timestamp int64
}

// A ListOffsetsResponse answers a ListOffsetsRequest.
type ListOffsetsResponse struct {
	CorrelationID int32
	Partitions    []ListOffsetsPartitionResponse
}

// A ListOffsetsPartitionResponse is one partition's answer; Offset is -1 when
// no record qualifies.
type ListOffsetsPartitionResponse struct {
	TopicPartition
	Err         error
	Timestamp   int64
	Offset      int64
	LeaderEpoch int32
}
