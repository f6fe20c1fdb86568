package cluster

import (
	"encoding/base64"
	"math/rand/v2"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

var _ toolsapi.QuorumCluster = (*Cluster)(nil)

// controllerPort is the port of the controllers' CONTROLLER listener.
const controllerPort = 9093

// ClusterID returns the cluster's id as Kafka prints it (a Uuid in
// base64url, 22 characters), derived from the seed alone so that asking
// for it draws from no simulation stream.
func (c *Cluster) ClusterID() string {
	r := rand.New(rand.NewPCG(c.cfg.Seed, 0x6b72616674)) // "kraft"
	var b [16]byte
	for i := range 2 {
		v := r.Uint64()
		for j := range 8 {
			b[i*8+j] = byte(v >> (8 * j))
		}
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// DescribeQuorum implements toolsapi.QuorumCluster from the active
// controller's state, as its DescribeQuorum answer would be
// (KafkaRaftClient.handleDescribeQuorumRequest): every voter's log end
// offset and last fetch as the leader tracked them, the brokers as
// observers at the metadata offset they replayed.
//
// Deviation: a replica's last caught-up time is its last fetch when it is
// caught up, and unknown (-1) otherwise; Kafka tracks it separately.
func (c *Cluster) DescribeQuorum() (toolsapi.QuorumDescription, error) {
	a := c.active()
	if a == nil {
		return toolsapi.QuorumDescription{}, kerr.Wrap(kerr.NotController, "no controller is active (an election is under way)")
	}
	q := a.Quorum()
	d := toolsapi.QuorumDescription{ClusterID: c.ClusterID(), LeaderID: q.ID, LeaderEpoch: q.Epoch, HighWatermark: q.HighWatermark, NowMs: c.sim.Now()}
	if len(c.controllers) == 1 {
		d.Voters = []toolsapi.QuorumReplica{{ID: q.ID, Host: string(a.ID()), Port: controllerPort, LogEndOffset: q.EndOffset, LastFetchMs: c.sim.Now(), LastCaughtUpMs: c.sim.Now()}}
	}
	for _, f := range q.Followers {
		r := toolsapi.QuorumReplica{ID: f.ID, Host: string(a.ID()), Port: controllerPort, LogEndOffset: f.EndOffset, LastFetchMs: f.LastFetchMs, LastCaughtUpMs: -1}
		for _, ctl := range c.controllers {
			if ctl.Quorum().ID == f.ID {
				r.Host = string(ctl.ID())
			}
		}
		if f.ID == q.ID {
			r.LastFetchMs = c.sim.Now()
		}
		if r.LogEndOffset >= q.EndOffset {
			r.LastCaughtUpMs = r.LastFetchMs
		}
		d.Voters = append(d.Voters, r)
	}
	for _, b := range c.brokers {
		off := b.MetadataOffset()
		r := toolsapi.QuorumReplica{ID: b.BrokerID(), Host: string(b.ID()), Port: 9092, LogEndOffset: off, LastFetchMs: -1, LastCaughtUpMs: -1}
		if c.sim.IsUp(b.ID()) {
			r.LastFetchMs = c.sim.Now()
			if off >= q.HighWatermark {
				r.LastCaughtUpMs = r.LastFetchMs
			}
		}
		d.Observers = append(d.Observers, r)
	}
	return d, nil
}

// QuorumNodes implements toolsapi.QuorumCluster.
func (c *Cluster) QuorumNodes() []toolsapi.QuorumNode {
	var out []toolsapi.QuorumNode
	for _, q := range c.Quorum() {
		out = append(out, toolsapi.QuorumNode{Node: q.Node, ID: q.ID, Up: q.Up, Role: q.Role.String(), Active: q.Active && q.Up,
			Epoch: q.Epoch, LeaderID: q.LeaderID, EndOffset: q.EndOffset, HighWatermark: q.HighWatermark})
	}
	return out
}
