package broker

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// applyRetention is the log retention task, run every
// log.retention.check.interval.ms on every replica, leader or follower
// (LogManager.cleanupLogs): whole segments past retention.ms or
// retention.bytes are deleted, never at or above the replica's high
// watermark.
func (b *Broker) applyRetention(env *sim.Env) {
	for _, tp := range b.sortedReplicas() {
		r := b.replicas[tp]
		dels, err := r.Log.DeleteOldSegments(env.Now(), r.HW)
		if err != nil {
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d: retention of %s failed", b.cfg.ID, tp), Summary: err.Error()})
			continue
		}
		for _, d := range dels {
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d deletes segment %d of %s (%s); log start offset %d", b.cfg.ID, d.Base, tp, d.Reason, r.Log.StartOffset())})
		}
	}
}
