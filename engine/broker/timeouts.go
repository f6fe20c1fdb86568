package broker

import (
	"fmt"
	"maps"
	"slices"

	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// Request timeouts. A broker's requests to other servers travel over
// connections that Kafka's NetworkClient watches: a request unanswered for
// its request timeout fails, and a closed connection fails every request on
// it at once. In the simulation a message is lost silently (a cut link, a
// crashed peer), so without timeouts one lost message would stall a follower
// or a broker until it restarted. Each kind of request is retried as Kafka
// retries it:
//
//   - the replica fetcher's Fetch times out after replica.socket.timeout.ms
//     (30000); the fetcher then backs its partitions off for
//     replica.fetch.backoff.ms (1000) and fetches again
//     (AbstractFetcherThread.processFetchRequest, handlePartitionsWithErrors).
//     A leader that restarted closed the connection, so a fetch in flight to
//     it fails as soon as the follower sees the leader's new registration;
//   - AlterPartition is resent, unchanged, after controller.socket.timeout.ms
//     (30000): AlterPartitionManager's channel to the controller retries a
//     request until it is answered;
//   - BrokerRegistration is resent after registrationTimeoutMs
//     (BrokerLifecycleManager's channel gives up after
//     broker.session.timeout.ms / 2, KAFKA-14392, and registers again), and
//     after an error answer at the next tick;
//   - the metadata fetch is resent after metadataFetchTimeoutMs (the KRaft
//     client's fetch timeout).
//
// Deviation: the timeouts are checked on the broker's lifecycle tick (the
// heartbeat timer, every broker.heartbeat.interval.ms), so a request times
// out up to one interval late; a timer per request would cost two heap
// operations per follower fetch for an event that almost never happens.
const (
	registrationTimeoutMs = 2 * DefaultHeartbeatIntervalMs
)

// alterInFlight is an AlterPartition sent to the controller and not yet answered.
type alterInFlight struct {
	tp     protocol.TopicPartition
	req    *protocol.AlterPartitionRequest
	label  string
	sentAt int64
	// retryAt, if set, is when to resend a request refused because no
	// controller was active (an election under way).
	retryAt int64
}

// expireRequests times out the requests unanswered for too long and sends
// them again.
func (b *Broker) expireRequests(env *sim.Env) {
	now := env.Now()
	if b.epoch == 0 {
		if now-b.regSentAt >= registrationTimeoutMs {
			if b.regSentAt >= 0 { // not an error answer's retry: a timeout
				b.nextController(env, "BrokerRegistration timed out")
			}
			b.sendRegistration(env)
		}
		return
	}
	if b.metaFetchAt > 0 && (b.metaRetry || now-b.metaFetchAt > metadataFetchTimeoutMs) {
		if !b.metaRetry {
			b.nextController(env, "its metadata fetch timed out")
		}
		b.metaRetry = false
		b.fetchMetadata(env)
	}
	for _, id := range slices.Sorted(maps.Keys(b.fetchers)) {
		f := b.fetchers[id]
		if f.inFlight && now-f.sentAt >= b.cfg.ReplicaSocketTimeoutMs {
			b.failFetch(env, f, fmt.Sprintf("timed out after replica.socket.timeout.ms (%d ms)", b.cfg.ReplicaSocketTimeoutMs))
		}
	}
	for _, corr := range slices.Sorted(maps.Keys(b.alters)) {
		a := b.alters[corr]
		retry := a.retryAt > 0 && now >= a.retryAt
		if !retry && (a.retryAt > 0 || now-a.sentAt < b.cfg.ControllerSocketTimeoutMs) {
			continue
		}
		delete(b.alters, corr)
		r := b.replicas[a.tp]
		if r == nil || !r.IsLeader() || !slices.Equal(r.PendingISR, a.req.NewISR) {
			continue // the partition moved on; nobody waits for this answer
		}
		if !retry {
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("leader broker-%d: AlterPartition(%s) timed out after controller.socket.timeout.ms (%d ms); it sends it again",
				b.cfg.ID, a.tp, b.cfg.ControllerSocketTimeoutMs)})
			b.nextController(env, "AlterPartition timed out")
		}
		b.sendAlter(env, a.tp, a.req.AlterPartition, a.label)
	}
}

// failFetch fails the fetcher's request in flight (a timeout or a closed
// connection): every partition waits replica.fetch.backoff.ms, then the
// fetcher fetches again.
func (b *Broker) failFetch(env *sim.Env, f *fetcher, why string) {
	f.inFlight = false
	now := env.Now()
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("follower broker-%d: its Fetch to broker-%d %s; it fetches again after replica.fetch.backoff.ms (%d ms)",
		b.cfg.ID, f.leader, why, b.cfg.ReplicaFetchBackoffMs)})
	for _, st := range f.parts {
		st.backoffUntil = max(st.backoffUntil, now+b.cfg.ReplicaFetchBackoffMs)
	}
	b.sendFetch(env, f) // sets the backoff timer
}

// leaderRestarted fails the fetch in flight to a broker that registered
// again: its old process is gone, and with it the connection.
func (b *Broker) leaderRestarted(env *sim.Env, id int32) {
	if f := b.fetchers[id]; f != nil && f.inFlight {
		b.failFetch(env, f, fmt.Sprintf("failed: broker %d restarted (a new registration), which closed the connection", id))
	}
}

// alterInFlightFor reports whether an AlterPartition for tp awaits its answer
// (AlterPartitionManager keeps one per partition).
func (b *Broker) alterInFlightFor(tp protocol.TopicPartition) bool {
	for _, a := range b.alters {
		if a.tp == tp {
			return true
		}
	}
	return false
}
