package producer

import (
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// requestMetadata asks a broker for the metadata of the topics the producer
// uses, unless a request is in flight. It goes to the first known broker, or
// a bootstrap broker in turn; an unanswered request is retried elsewhere
// after request.timeout.ms.
func (p *Producer) requestMetadata(env *sim.Env) {
	if p.metaInFlight != 0 {
		return
	}
	var topics []string
	seen := map[string]bool{}
	for _, pr := range p.waiting {
		if !seen[pr.topic] {
			seen[pr.topic] = true
			topics = append(topics, pr.topic)
		}
	}
	for _, name := range sortedTopics(p.topics) {
		if !seen[name] {
			topics = append(topics, name)
		}
	}
	if len(topics) == 0 || len(p.bootstrap) == 0 {
		return
	}
	// leastLoadedNode: the next bootstrap broker not in reconnect backoff;
	// if all are, the request waits for the first backoff to pass.
	now := env.Now()
	to, wait := sim.NodeID(""), int64(-1)
	for range p.bootstrap {
		n := p.bootstrap[p.metaBootstrap%len(p.bootstrap)]
		p.metaBootstrap++
		until := p.reconnects.Until(n, now)
		if until == 0 {
			to = n
			break
		}
		if wait < 0 || until-now < wait {
			wait = until - now
		}
	}
	if to == "" {
		corr := p.nextCorr()
		p.metaInFlight, p.metaTo = corr, ""
		env.After(wait, timerMetadataRetry, corr)
		return
	}
	corr := p.nextCorr()
	p.metaInFlight, p.metaTo = corr, to
	env.Send(sim.Message{To: to, API: protocol.APIMetadata, Body: &protocol.MetadataRequest{CorrelationID: corr, Topics: topics},
		Label: fmt.Sprintf("Metadata(%v)", topics)})
	env.After(p.cfg.RequestTimeoutMs, timerMetadataRetry, corr)
}

// metaStale asks for a metadata refresh, no sooner than retry.backoff.ms
// after the last metadata response (Metadata.requestUpdate and
// timeToAllowUpdate: lastRefreshMs + refreshBackoffMs): a producer whose
// metadata is old asks at once, one that just refreshed waits.
func (p *Producer) metaStale(env *sim.Env) {
	if p.metaInFlight != 0 {
		return
	}
	if p.lastMetaAt < 0 || env.Now() >= p.lastMetaAt+p.cfg.RetryBackoffMs {
		p.requestMetadata(env)
		if p.metaInFlight != 0 {
			return
		}
	}
	corr := p.nextCorr()
	p.metaInFlight, p.metaTo = corr, ""
	env.After(max(p.lastMetaAt+p.cfg.RetryBackoffMs-env.Now(), 1), timerMetadataRetry, corr)
}

// handleMetadata adopts a metadata response: brokers, leaders, and the
// topics' partition counts. Records waiting for their topic's metadata are
// partitioned now; a topic that does not exist keeps them waiting, with a
// new request after retry.backoff.ms, until max.block.ms has passed since
// the send, when they fail as KafkaProducer.waitOnMetadata fails them.
func (p *Producer) handleMetadata(env *sim.Env, resp *protocol.MetadataResponse) {
	if resp.CorrelationID != p.metaInFlight {
		return
	}
	p.metaInFlight = 0
	p.lastMetaAt = env.Now()
	for _, b := range resp.Brokers {
		p.brokers[b.NodeID] = sim.NodeID(b.Host)
	}
	for _, tm := range resp.Topics {
		t := p.topics[tm.Name]
		if tm.Err != nil {
			if t != nil {
				t.err = tm.Err
			}
			continue
		}
		if t == nil {
			chooser, err := partitioner.New(p.cfg.Partitioner, env.Rand(string(p.node)+"/partitioner/"+tm.Name))
			if err != nil {
				continue
			}
			t = &topicState{chooser: chooser}
			p.topics[tm.Name] = t
		}
		t.err = nil
		t.parts = t.parts[:0]
		t.view = partitioner.Topic{NumPartitions: len(tm.Partitions)}
		for _, pm := range tm.Partitions {
			t.parts = append(t.parts, partitionState{leader: pm.Leader, leaderEpoch: pm.LeaderEpoch})
			if pm.Leader >= 0 {
				t.view.Available = append(t.view.Available, int(pm.Partition))
			}
		}
	}
	var still []pendingRecord
	for _, pr := range p.waiting {
		t := p.topics[pr.topic]
		switch {
		case t != nil && t.err == nil && len(t.parts) > 0:
			p.accumulate(env, t, pr.index, pr.topic, &pr.rec, pr.created)
		case env.Now()-pr.created >= p.cfg.MaxBlockMs:
			p.report(env, pr.index, pr.topic, pr.rec.Partition, -1, -1,
				kerr.Wrap(kerr.UnknownTopicOrPartition, "Topic %s not present in metadata after %d ms.", pr.topic, p.cfg.MaxBlockMs))
		default:
			still = append(still, pr)
		}
	}
	p.waiting = still
	if len(p.waiting) > 0 {
		p.metaStale(env)
	}
	p.sendReady(env)
}

func sortedTopics(m map[string]*topicState) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sortStrings(names)
	return names
}

func sortStrings(s []string) { slices.Sort(s) }
