package live

import (
	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/web"
)

// quorum is the controller quorum for the cluster picture: every
// controller node's process state and Raft view (cluster.Quorum, reads
// only).
func quorum(c *cluster.Cluster) []web.QuorumNodeSpec {
	qs := c.Quorum()
	out := make([]web.QuorumNodeSpec, len(qs))
	for i, q := range qs {
		out[i] = web.QuorumNodeSpec{Node: string(q.Node), ID: q.ID, Up: q.Up, Role: q.Role.String(), Active: q.Active,
			Epoch: q.Epoch, LeaderID: q.LeaderID, EndOffset: q.EndOffset, HighWatermark: q.HighWatermark}
	}
	return out
}
