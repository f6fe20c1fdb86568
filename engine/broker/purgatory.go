package broker

import (
	"slices"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/replica"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// A delayedProduce is an acks=all produce waiting in the purgatory
// (DelayedProduce.scala) until every partition's high watermark passes its
// batch, or until the request's timeout.
type delayedProduce struct {
	from  sim.NodeID
	req   *protocol.ProduceRequest
	parts []produceStatus
	timer sim.TimerID
}

type produceStatus struct {
	tp       protocol.TopicPartition
	appended bool
	required int64 // the high watermark that commits the batch: last offset + 1
	done     bool
	resp     protocol.ProducePartitionResponse
}

func (dp *delayedProduce) done() bool {
	for _, st := range dp.parts {
		if !st.done {
			return false
		}
	}
	return true
}

func (b *Broker) park(env *sim.Env, dp *delayedProduce) {
	dp.timer = env.After(int64(dp.req.TimeoutMs), timerProduceTimeout, dp)
	for _, st := range dp.parts {
		if !st.done {
			b.produces[st.tp] = append(b.produces[st.tp], dp)
		}
	}
}

func (b *Broker) unpark(dp *delayedProduce) {
	for _, st := range dp.parts {
		list := b.produces[st.tp]
		if i := slices.Index(list, dp); i >= 0 {
			list = slices.Delete(list, i, i+1)
			if len(list) == 0 {
				delete(b.produces, st.tp)
			} else {
				b.produces[st.tp] = list
			}
		}
	}
}

// completeProduces answers the waiting produces that r's high watermark
// now satisfies.
func (b *Broker) completeProduces(env *sim.Env, r *replica.Partition) {
	list := b.produces[r.TP]
	if len(list) == 0 {
		return
	}
	var ready []*delayedProduce
	for _, dp := range list {
		for i := range dp.parts {
			if dp.parts[i].tp == r.TP {
				b.checkProduce(r, &dp.parts[i])
			}
		}
		if dp.done() {
			ready = append(ready, dp)
		}
	}
	for _, dp := range ready {
		b.unpark(dp)
		env.Cancel(dp.timer)
		b.respondProduce(env, dp)
	}
}

// expireProduce answers a produce whose timeout passed: the partitions not
// yet committed get REQUEST_TIMED_OUT, although their records stay in the log
// and may still be committed later.
func (b *Broker) expireProduce(env *sim.Env, dp *delayedProduce) {
	b.unpark(dp)
	for i := range dp.parts {
		if st := &dp.parts[i]; !st.done {
			st.fail(kerr.Wrap(kerr.RequestTimedOut, "the high watermark of %s did not reach %d within %d ms", st.tp, st.required, dp.req.TimeoutMs))
		}
	}
	b.respondProduce(env, dp)
}

// failProduces answers every produce waiting on tp with err, as a leader that
// loses leadership does.
func (b *Broker) failProduces(env *sim.Env, tp protocol.TopicPartition, err *kerr.Error) {
	list := slices.Clone(b.produces[tp])
	for _, dp := range list {
		for i := range dp.parts {
			if st := &dp.parts[i]; st.tp == tp && !st.done {
				st.fail(err)
			}
		}
		if dp.done() {
			b.unpark(dp)
			env.Cancel(dp.timer)
			b.respondProduce(env, dp)
		}
	}
}
