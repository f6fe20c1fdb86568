package protocol

// A ProduceRequest carries record batches from a producer to the leaders of
// their partitions (ProduceRequest.json, API key 0).
type ProduceRequest struct {
	CorrelationID int32
	ClientID      string
	Acks          int16 // -1 (all), 0 or 1
	TimeoutMs     int32 // how long the leader may wait for acks=all
	Partitions    []ProducePartition
}

// A ProducePartition is the batches for one partition of a ProduceRequest.
type ProducePartition struct {
	TopicPartition
	Records []byte // one or more RecordBatch v2, as the producer encoded them
}

// A ProduceResponse answers a ProduceRequest with acks 1 or -1; acks=0 gets
// no response at all.
type ProduceResponse struct {
	CorrelationID int32
	Partitions    []ProducePartitionResponse
}

// A ProducePartitionResponse is the outcome for one partition.
type ProducePartitionResponse struct {
	TopicPartition
	Err            error // nil, or a kerr value
	BaseOffset     int64 // offset of the first record appended, or -1
	LogAppendTime  int64 // the broker's timestamp for LogAppendTime topics, else -1
	LogStartOffset int64
}
