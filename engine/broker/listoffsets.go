package broker

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// ListOffsets timestamps of tiered storage (KIP-1005, ListOffsetsRequest.java).
const (
	earliestLocalTimestamp = -4
	latestTieredTimestamp  = -5
)

// handleListOffsets serves ListOffsets (Partition.fetchOffsetForTimestamp):
// the leader answers -2 (earliest) with the log start offset, -1 (latest)
// with the high watermark for a consumer (the LEO for a broker), -3 with the
// record of the largest timestamp, -4 with the log start offset and -5 with
// -1 (the lab has no tiered storage), and a timestamp with the first offset at
// or after it — visible to consumers only below the high watermark, otherwise
// offset -1.
func (b *Broker) handleListOffsets(env *sim.Env, from sim.NodeID, req *protocol.ListOffsetsRequest) {
	resp := &protocol.ListOffsetsResponse{CorrelationID: req.CorrelationID}
	for _, lp := range req.Partitions {
		pr := protocol.ListOffsetsPartitionResponse{TopicPartition: lp.TopicPartition, Timestamp: -1, Offset: -1, LeaderEpoch: -1}
		r := b.replicas[lp.TopicPartition]
		_, _, known := b.image.partition(lp.TopicPartition)
		switch {
		case !known:
			pr.Err = kerr.Wrap(kerr.UnknownTopicOrPartition, "broker %d does not know %s", b.cfg.ID, lp.TopicPartition)
		case r == nil || !r.IsLeader():
			pr.Err = kerr.Wrap(kerr.NotLeaderOrFollower, "broker %d is not the leader of %s", b.cfg.ID, lp.TopicPartition)
		default:
			pr.LeaderEpoch = r.LeaderEpoch
			visible := r.HW
			if req.ReplicaID >= 0 {
				visible = r.LEO()
			}
			switch lp.Timestamp {
			case log.LatestTimestamp:
				pr.Offset = visible
			case log.EarliestTimestamp:
				pr.Offset = r.Log.StartOffset()
			case earliestLocalTimestamp:
				// Without tiered storage the local log starts at the log start offset.
				pr.Offset = r.Log.StartOffset()
			case latestTieredTimestamp:
				// Nothing is tiered: UnifiedLog answers offset -1 when remote storage is off.
			default:
				res, ok, err := r.Log.OffsetForTimestamp(lp.Timestamp)
				switch {
				case err != nil:
					pr.Err = err
				case ok && res.Offset < visible:
					pr.Offset, pr.Timestamp = res.Offset, res.Timestamp
				}
			}
		}
		resp.Partitions = append(resp.Partitions, pr)
	}
	label := "ListOffsetsResponse"
	if len(resp.Partitions) == 1 {
		p := resp.Partitions[0]
		label = fmt.Sprintf("ListOffsetsResponse(%s): offset %d %s", p.TopicPartition, p.Offset, protocol.ErrName(p.Err))
	}
	env.Send(sim.Message{To: from, API: protocol.Response(protocol.APIListOffsets), Body: resp, Label: label})
}
