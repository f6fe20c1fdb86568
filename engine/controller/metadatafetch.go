package controller

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

const timerMetadataFetch = "metadata fetch wait"

type parkedFetch struct {
	from  sim.NodeID
	req   *protocol.MetadataFetchRequest
	timer sim.TimerID
}

// handleMetadataFetch serves the metadata log to a broker, as the KRaft
// leader serves Fetch on __cluster_metadata to an observer: records from the
// fetch offset on, or, when the broker is caught up, a long poll answered by
// the next append or after MaxWaitMs. The fetch offset doubles as the broker's
// acknowledgement of what it has replayed. A broker sees only committed
// records: below the high watermark, which in a quorum trails the log end
// until a majority of the voters has the records.
func (c *Controller) handleMetadataFetch(env *sim.Env, from sim.NodeID, req *protocol.MetadataFetchRequest) {
	if req.FetchOffset < c.hw || req.MaxWaitMs <= 0 {
		c.answerFetch(env, from, req)
		return
	}
	c.parked = append(c.parked, parkedFetch{from: from, req: req, timer: env.After(int64(req.MaxWaitMs), timerMetadataFetch, nil)})
}

func (c *Controller) answerFetch(env *sim.Env, to sim.NodeID, req *protocol.MetadataFetchRequest) {
	resp := &protocol.MetadataFetchResponse{CorrelationID: req.CorrelationID, HighWatermark: c.hw}
	from := max(0, req.FetchOffset)
	end := min(c.hw, from+maxMetadataRecordsPerFetch)
	if from < end {
		resp.Records = c.log[from:end]
	}
	label := "FetchResponse(__cluster_metadata): nothing new"
	if n := len(resp.Records); n > 0 {
		label = fmt.Sprintf("FetchResponse(__cluster_metadata): %d record(s) from offset %d", n, from)
	}
	env.Send(sim.Message{To: to, API: protocol.Response(protocol.APIMetadataFetch), Body: resp, Label: label})
}

// answerParked answers every parked fetch after the high watermark moved.
func (c *Controller) answerParked(env *sim.Env) {
	if len(c.parked) == 0 {
		return
	}
	parked := c.parked
	c.parked = nil
	for _, p := range parked {
		env.Cancel(p.timer)
		c.answerFetch(env, p.from, p.req)
	}
}

// expireParked answers the parked fetch whose wait ran out.
func (c *Controller) expireParked(env *sim.Env, id sim.TimerID) {
	for i, p := range c.parked {
		if p.timer == id {
			c.parked = append(c.parked[:i], c.parked[i+1:]...)
			c.answerFetch(env, p.from, p.req)
			return
		}
	}
}
