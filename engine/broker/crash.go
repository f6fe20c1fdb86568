package broker

import (
	"errors"
	"fmt"
	"maps"
	"math"

	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/replica"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// Kafka's defaults for flushing and the broker's checkpoint files
// (ServerLogConfigs.java, ReplicationConfigs.java).
const (
	// log.flush.interval.messages: Kafka relies on replication and does
	// not fsync per message by default; the operating system flushes when it
	// likes, and the lab's page cache never does, so a power loss loses every
	// unflushed byte.
	DefaultFlushIntervalMessages = math.MaxInt64
	// replica.high.watermark.checkpoint.interval.ms: the
	// replication-offset-checkpoint file (each partition's HW).
	DefaultHWCheckpointIntervalMs = 5000
	// log.flush.offset.checkpoint.interval.ms and
	// log.flush.start.offset.checkpoint.interval.ms: the
	// recovery-point-offset-checkpoint and log-start-offset-checkpoint files.
	DefaultFlushOffsetCheckpointIntervalMs = 60000
)

// A disk is what a broker keeps across a process crash: each partition's
// log files (in their Storage, whose page cache survives a crash and whose
// unsynced bytes a power loss takes), and the three checkpoint files a Kafka
// broker writes per log directory. Kafka writes each checkpoint to a temp
// file, fsyncs it and renames it, so a checkpoint survives a power loss; the
// lab keeps them as maps written at the same moments.
type disk struct {
	storages      map[protocol.TopicPartition]log.Storage
	recoveryPoint map[protocol.TopicPartition]int64 // recovery-point-offset-checkpoint
	logStart      map[protocol.TopicPartition]int64 // log-start-offset-checkpoint
	hw            map[protocol.TopicPartition]int64 // replication-offset-checkpoint
	hwAt          int64                             // when replication-offset-checkpoint was last written
	offsetsAt     int64                             // when the other two were
}

func newDisk() disk {
	return disk{storages: map[protocol.TopicPartition]log.Storage{}, recoveryPoint: map[protocol.TopicPartition]int64{},
		logStart: map[protocol.TopicPartition]int64{}, hw: map[protocol.TopicPartition]int64{}}
}

func (d *disk) forget(tp protocol.TopicPartition) {
	delete(d.storages, tp)
	delete(d.recoveryPoint, tp)
	delete(d.logStart, tp)
	delete(d.hw, tp)
}

// maybeFlush flushes r's log once log.flush.interval.messages records are
// unflushed (LogManager's flush check, done here after each append).
func (b *Broker) maybeFlush(lg *log.Log) {
	if lg.EndOffset()-lg.RecoveryPoint() >= b.cfg.FlushIntervalMessages {
		_ = lg.Flush()
	}
}

// maybeCheckpoint writes the checkpoint files whose interval has passed; the
// heartbeat timer drives it (Kafka runs them as scheduler tasks).
func (b *Broker) maybeCheckpoint(now int64) {
	if now-b.disk.hwAt >= b.cfg.HWCheckpointIntervalMs {
		b.checkpointHW(now)
	}
	if now-b.disk.offsetsAt >= b.cfg.FlushOffsetCheckpointIntervalMs {
		b.checkpointOffsets(now)
	}
}

// checkpointHW writes replication-offset-checkpoint
// (ReplicaManager.checkpointHighWatermarks).
func (b *Broker) checkpointHW(now int64) {
	b.disk.hwAt = now
	for tp, r := range b.replicas {
		b.disk.hw[tp] = r.HW
	}
}

// checkpointOffsets writes recovery-point-offset-checkpoint and
// log-start-offset-checkpoint (LogManager.checkpointLogRecoveryOffsets and
// checkpointLogStartOffsets).
func (b *Broker) checkpointOffsets(now int64) {
	b.disk.offsetsAt = now
	for tp, r := range b.replicas {
		b.disk.recoveryPoint[tp] = r.Log.RecoveryPoint()
		b.disk.logStart[tp] = r.Log.StartOffset()
	}
}

// Crash ends the broker's process. Everything it held in memory is gone:
// the metadata image, its replicas' in-memory state (leader and follower
// state, HW), the fetchers, purgatory, the group coordinators and the
// broker epoch. What is on disk stays: the log files as the page cache has
// them, and the checkpoint files as last written. With powerLoss the
// machine lost power too: every storage that models fsync (log.MemStorage)
// falls back to what was synced, so the unflushed tail of each log is lost.
// The caller stops the node (sim.Stop) first; Start then boots a new process
// that reopens every log with recovery.
func (b *Broker) Crash(powerLoss bool) {
	for _, tp := range slicesort.SortedFunc(maps.Keys(b.disk.storages), protocol.TopicPartition.Compare) {
		switch st := b.disk.storages[tp].(type) {
		case interface{ PowerLoss() }:
			if powerLoss {
				st.PowerLoss()
			}
		}
	}
	partitions := b.groups.partitions
	b.epoch, b.fenced, b.metaOffset = 0, false, 0
	b.heartbeatSoon, b.heartbeatTimer = false, 0
	b.image = newImage()
	b.replicas = map[protocol.TopicPartition]*replica.Partition{}
	b.sorted = nil
	b.fetchers = map[int32]*fetcher{}
	b.produces = map[protocol.TopicPartition][]*delayedProduce{}
	b.parkedFetches = map[protocol.TopicPartition][]*delayedFetch{}
	b.alters = map[int32]*alterInFlight{}
	b.groups = coordinatorHost{partitions: partitions}
	b.shuttingDown, b.shutDown = false, false
	b.crashed = true
}

// Crashed reports whether the broker's process is gone (Crash) and Start
// will boot a new one.
func (b *Broker) Crashed() bool { return b.crashed }

// loadLog opens tp's log from the broker's disk, recovering it from the
// checkpointed recovery point and log start offset (LogManager.loadLogs),
// and returns it with the checkpointed HW clamped to the log.
func (b *Broker) loadLog(env *sim.Env, tp protocol.TopicPartition, cfg log.Config) (*log.Log, int64, error) {
	st, known := b.disk.storages[tp]
	if !known {
		var err error
		if st, err = b.cfg.Storage(b.cfg.ID, tp); err != nil {
			return nil, 0, fmt.Errorf("broker: storage for %s: %w", tp, err)
		}
	}
	opts := log.Options{NowMs: env.Now(), JitterSeed: env.Rand(string(b.node) + "/segment-jitter").Uint64(),
		RecoveryPoint: b.disk.recoveryPoint[tp], LogStartOffset: b.disk.logStart[tp]}
	lg, rep, err := log.Open(st, cfg, opts)
	if err != nil {
		return nil, 0, err
	}
	b.disk.storages[tp] = st
	hw := min(max(b.disk.hw[tp], lg.StartOffset()), lg.EndOffset())
	if known {
		label := fmt.Sprintf("broker %d loads the log of %s: LEO %d, HW %d from replication-offset-checkpoint, recovery point %d",
			b.cfg.ID, tp, lg.EndOffset(), hw, b.disk.recoveryPoint[tp])
		summary := ""
		if rep.Recovered() {
			summary = rep.String()
		}
		env.Record(sim.TraceEntry{Label: label, Summary: summary})
	}
	return lg, hw, nil
}

// publish applies the whole metadata image at once, as a restarted broker
// does once it has caught up with the metadata log
// (BrokerMetadataPublisher's first publish): it opens and recovers the logs
// of the partitions it hosts and becomes their leader or follower. Logs on
// disk for partitions it no longer hosts are deleted.
func (b *Broker) publish(env *sim.Env) {
	hosted := map[protocol.TopicPartition]bool{}
	for _, name := range b.image.topicNames() {
		t := b.image.topics[name]
		for p := range t.parts {
			tp := protocol.TopicPartition{Topic: name, Partition: int32(p)}
			if t.parts[p].IsReplica(b.cfg.ID) {
				hosted[tp] = true
				b.applyPartition(env, t, tp, t.parts[p])
			}
		}
	}
	for _, tp := range slicesort.SortedFunc(maps.Keys(b.disk.storages), protocol.TopicPartition.Compare) {
		if !hosted[tp] {
			st := b.disk.storages[tp]
			if names, err := st.List(); err == nil {
				for _, n := range names {
					_ = st.Remove(n)
				}
			}
			b.disk.forget(tp)
		}
	}
}

// BeginControlledShutdown starts a clean shutdown (KafkaServer.shutdown →
// BrokerLifecycleManager.beginControlledShutdown): the broker asks the
// controller, in its heartbeats, to move its leaderships away; the
// controller answers ShouldShutDown once it has, and the broker then
// finishes (ShutDown reports it). Call it from an input with the broker's
// Env.
func (b *Broker) BeginControlledShutdown(env *sim.Env) {
	if b.shuttingDown || b.epoch == 0 {
		return
	}
	b.shuttingDown = true
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d begins a controlled shutdown", b.cfg.ID)})
	b.sendHeartbeat(env)
}

// completeShutdown finishes a clean shutdown: every log is flushed and
// closed and the checkpoints written, so the next start needs no recovery.
func (b *Broker) completeShutdown(env *sim.Env) {
	b.shutDown = true
	for _, tp := range b.sortedReplicas() {
		_ = b.replicas[tp].Log.Close()
	}
	b.checkpointHW(env.Now())
	b.checkpointOffsets(env.Now())
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d completes its controlled shutdown: logs flushed and closed, checkpoints written", b.cfg.ID)})
}

// ShutDown reports whether a controlled shutdown has completed.
func (b *Broker) ShutDown() bool { return b.shutDown }

// FlushAndCheckpoint flushes every log and writes the checkpoint files now,
// as a clean shutdown without the controller's help does (the cluster uses
// it when the controller cannot be reached).
func (b *Broker) FlushAndCheckpoint(env *sim.Env) {
	for _, tp := range b.sortedReplicas() {
		_ = b.replicas[tp].Log.Close()
	}
	b.checkpointHW(env.Now())
	b.checkpointOffsets(env.Now())
}

// appendAsFollower appends fetched batches to a follower's log, handling
// log.UnexpectedAppendOffsetError as Kafka does
// (Partition.appendRecordsToFollowerOrFutureReplica): when the log is empty
// and the first batch straddles its end, the log restarts at the batch's
// base offset and the append is retried; otherwise the partition is marked
// failed and the fetcher stops fetching it (AbstractFetcherThread
// markPartitionFailed) until the next leader change. A successful append
// may flush the log (log.flush.interval.messages).
// appendAsFollower appends fetched records. They are always a fetch
// response's records, which the leader's Log.Read returned and which never
// change, so the follower may keep them by reference (AppendSharedAsFollower)
// instead of copying: replicas in one simulation share the bytes.
func (b *Broker) appendAsFollower(env *sim.Env, f *fetcher, r *replica.Partition, records []byte, now int64) (log.AppendInfo, error) {
	info, err := r.Log.AppendSharedAsFollower(records, now)
	var ue *log.UnexpectedAppendOffsetError
	if errors.As(err, &ue) {
		if ue.LogEndOffset == r.Log.StartOffset() && ue.FirstOffset < ue.LogEndOffset && ue.LogEndOffset <= ue.LastOffset {
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("follower broker-%d restarts its empty log of %s at %d: the fetched batch straddles its end", b.cfg.ID, r.TP, ue.FirstOffset)})
			if err = r.Log.TruncateFullyAndStartAt(ue.FirstOffset, now); err == nil {
				info, err = r.Log.AppendSharedAsFollower(records, now)
			}
		} else {
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("follower broker-%d marks %s failed and stops fetching it", b.cfg.ID, r.TP), Summary: err.Error()})
			b.stopFetching(r.TP, f.leader)
		}
	}
	if err == nil {
		b.maybeFlush(r.Log)
	}
	return info, err
}
