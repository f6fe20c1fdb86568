package broker

import (
	"fmt"
	"math/rand/v2"

	"github.com/google/uuid"

	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

const (
	timerHeartbeat      = "heartbeat"
	timerISRExpiration  = "isr-expiration"
	timerRetention      = "log retention"
	timerProduceTimeout = "produce timeout"
	timerFetchWait      = "fetch max wait"
	timerFetcherBackoff = "replica fetch backoff"
	// metadataFetchTimeoutMs is when an unanswered metadata fetch is resent
	// (the fetch waits up to 500 ms at the controller).
	metadataFetchTimeoutMs = 2 * DefaultHeartbeatIntervalMs
)

// handleRegistrationResponse starts the broker's two loops with the
// controller once it is registered (BrokerLifecycleManager): heartbeats every
// broker.heartbeat.interval.ms, and the metadata log fetch.
func (b *Broker) handleRegistrationResponse(env *sim.Env, resp *protocol.BrokerRegistrationResponse) {
	if b.epoch != 0 || resp.CorrelationID != b.regCorr {
		return // an answer to an earlier registration, already resent
	}
	if resp.Err != nil {
		b.controllerMoved(env, resp.Err)
		// BrokerLifecycleManager retries after a backoff: the next lifecycle tick.
		b.regSentAt = -registrationTimeoutMs
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d cannot register: %s; it retries", b.cfg.ID, protocol.ErrName(resp.Err))})
		return
	}
	b.epoch = resp.BrokerEpoch
	b.fenced = true
	b.sendHeartbeat(env)
	b.fetchMetadata(env)
}

// incarnationStream is the PRNG stream of the brokers' incarnation ids. It
// is not the ids stream, so that booting a broker process does not shift the
// topic and member ids every transcript shows.
const incarnationStream = "broker/incarnation"

// newIncarnation draws the incarnation id of a new broker process (Kafka's
// BrokerLifecycleManager takes Uuid.randomUuid() at startup).
func newIncarnation(env *sim.Env) uuid.UUID {
	id, err := uuid.NewRandomFromReader(randReader{env.Rand(incarnationStream)})
	if err != nil { // randReader never fails
		panic("broker: drawing an incarnation id: " + err.Error())
	}
	return id
}

// randReader is an io.Reader over a PRNG stream.
type randReader struct{ r *rand.Rand }

func (rr randReader) Read(p []byte) (int, error) {
	for i := range p {
		if i%8 == 0 {
			v := rr.r.Uint64()
			for j := i; j < i+8 && j < len(p); j++ {
				p[j] = byte(v)
				v >>= 8
			}
		}
	}
	return len(p), nil
}

// sendRegistration sends BrokerRegistration; the lifecycle tick resends it
// if no answer came within registrationTimeoutMs (timeouts.go).
func (b *Broker) sendRegistration(env *sim.Env) {
	b.regCorr, b.regSentAt = b.nextCorr(), env.Now()
	env.Send(sim.Message{To: b.controller(), API: protocol.APIBrokerRegistration,
		Body:  &protocol.BrokerRegistrationRequest{CorrelationID: b.regCorr, BrokerID: b.cfg.ID, Host: b.cfg.Host, Port: b.cfg.Port, IncarnationID: b.incarnation},
		Label: fmt.Sprintf("BrokerRegistration(broker %d)", b.cfg.ID)})
}

// sendHeartbeat sends a BrokerHeartbeat reporting how far the broker has
// replayed the metadata log, and schedules the next.
func (b *Broker) sendHeartbeat(env *sim.Env) {
	env.Send(sim.Message{To: b.controller(), API: protocol.APIBrokerHeartbeat,
		Body: &protocol.BrokerHeartbeatRequest{CorrelationID: b.nextCorr(), BrokerID: b.cfg.ID, BrokerEpoch: b.epoch,
			CurrentMetadataOffset: b.metaOffset - 1, WantShutDown: b.shuttingDown},
		Label: fmt.Sprintf("BrokerHeartbeat(broker %d)", b.cfg.ID)})
	if b.heartbeatTimer != 0 {
		env.Cancel(b.heartbeatTimer)
	}
	b.heartbeatTimer = env.After(b.cfg.HeartbeatIntervalMs, timerHeartbeat, nil)
}

func (b *Broker) handleHeartbeatResponse(env *sim.Env, resp *protocol.BrokerHeartbeatResponse) {
	if resp.Err != nil || b.epoch == 0 { // not registered: an answer to the previous process
		b.controllerMoved(env, resp.Err)
		return
	}
	if b.fenced && !resp.IsFenced {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d is unfenced: it may lead partitions and join ISRs", b.cfg.ID)})
	}
	b.fenced = resp.IsFenced
	if resp.ShouldShutDown && b.shuttingDown && !b.shutDown {
		b.completeShutdown(env)
	}
}

// fetchMetadata asks the controller for metadata records from the next
// offset the broker has not replayed; the controller holds the request until
// there is something new.
func (b *Broker) fetchMetadata(env *sim.Env) {
	b.metaFetchAt, b.metaCorr = env.Now(), b.nextCorr()
	env.Send(sim.Message{To: b.controller(), API: protocol.APIMetadataFetch,
		Body:  &protocol.MetadataFetchRequest{CorrelationID: b.metaCorr, BrokerID: b.cfg.ID, FetchOffset: b.metaOffset, MaxWaitMs: metadataFetchMaxWaitMs},
		Label: fmt.Sprintf("Fetch(__cluster_metadata, offset %d)", b.metaOffset)})
}

// handleMetadataFetchResponse replays the fetched records in order, then
// fetches again.
//
// Only the answer to the fetch in flight counts: an earlier fetch's answer
// (resent after metadataFetchTimeoutMs, or sent by the process before a
// crash, which Kafka's new process never sees since its connection died)
// is dropped. Replaying it would apply old partition records as if new —
// after a crash, from offset 0 without the loading guard — and walk the
// leader epoch back, each older epoch's AssignEpochStart erasing the
// leader-epoch cache entries of the newer ones (seed 1284 with the phase-2
// bounce: an endless diverging-epoch loop).
func (b *Broker) handleMetadataFetchResponse(env *sim.Env, resp *protocol.MetadataFetchResponse) {
	if resp.CorrelationID != b.metaCorr || b.epoch == 0 {
		return
	}
	if b.controllerMoved(env, resp.Err) {
		// Fetch again from the new controller at the next lifecycle tick.
		b.metaRetry = true
		return
	}
	for i := range resp.Records {
		r := &resp.Records[i]
		if r.Offset != b.metaOffset {
			continue // already replayed, or a gap: refetch from metaOffset
		}
		b.replay(env, r)
		b.metaOffset++
	}
	if b.loading && b.metaOffset >= resp.HighWatermark {
		b.loading = false
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d has replayed the metadata log to offset %d and loads its partitions", b.cfg.ID, b.metaOffset)})
		b.publish(env)
	}
	if b.shuttingDown {
		b.heartbeatSoon = true
	}
	b.kickFetchers(env)
	b.syncCoordinators(env)
	b.fetchMetadata(env)
	if b.heartbeatSoon {
		b.heartbeatSoon = false
		b.sendHeartbeat(env)
	}
}

// MetadataOffset returns how many metadata records the broker has replayed.
func (b *Broker) MetadataOffset() int64 { return b.metaOffset }
