package producer

import (
	"fmt"
	"maps"
	"slices"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// Disconnected implements sim.Disconnecter, as NetworkClient handles a lost
// connection:
//
//   - a broker's process closed the connection (it crashed): every Produce
//     in flight on it fails at once with NETWORK_EXCEPTION ("Disconnected
//     from node N"), which the Sender retries after retry.backoff.ms and
//     which refreshes the metadata (NetworkException is an
//     InvalidMetadataException);
//   - the connection was refused (the process is down): the request was
//     never read, so its batches go back to the front of their queues
//     without using a retry, as batches wait in the accumulator while
//     NetworkClient.ready says no; only delivery.timeout.ms ends them;
//   - either way the broker is not tried again before reconnect.backoff.ms
//     (doubling to reconnect.backoff.max.ms while it keeps failing), a
//     metadata request in flight to it goes to the next bootstrap broker at
//     once, and the metadata is refreshed.
func (p *Producer) Disconnected(env *sim.Env, peer sim.NodeID, refused bool) {
	wait := p.reconnects.Failed(peer, env.Now())
	var requeue []*batch
	for _, corr := range slices.Sorted(maps.Keys(p.inFlight)) {
		req := p.inFlight[corr]
		if p.brokers[req.node] != peer {
			continue
		}
		env.Cancel(req.timer)
		p.finishRequest(corr)
		if refused {
			requeue = append(requeue, req.batches...)
			continue
		}
		for _, b := range req.batches {
			p.retryOrFail(env, b, kerr.Wrap(kerr.NetworkException, "Disconnected from node %d", req.node))
		}
	}
	// Back to the front of their queues in their original order: the
	// earliest request's batch ends up first.
	for i := len(requeue) - 1; i >= 0; i-- {
		p.queue(requeue[i].tp).pushFront(requeue[i])
	}
	if len(requeue) > 0 {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("%s: connection to %s refused: %d batch(es) wait, no retry used; reconnect after reconnect.backoff.ms (%d ms)", p.node, peer, len(requeue), wait)})
	}
	if p.metaInFlight != 0 && p.metaTo == peer {
		p.metaInFlight, p.metaTo = 0, ""
		p.requestMetadata(env)
	}
	if t := p.topicsLed(peer); t {
		p.metaStale(env)
	}
	p.sendReady(env)
}

// topicsLed reports whether peer leads a partition the producer writes to.
func (p *Producer) topicsLed(peer sim.NodeID) bool {
	for _, t := range p.topics {
		for _, pt := range t.parts {
			if p.brokers[pt.leader] == peer {
				return true
			}
		}
	}
	return false
}
