package log

import (
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/record"
)

// A Log is one partition's log on one broker (UnifiedLog.scala and
// LocalLog.scala): an ordered list of segments, the log start offset, the log
// end offset (LEO) and the leader-epoch cache. It is a plain state machine:
// it does no I/O except through its Storage, never reads a clock (callers pass
// the time in milliseconds) and is not safe for concurrent use.
type Log struct {
	cfg           Config
	st            Storage
	segs          []*Segment // sorted by base offset; never empty
	start         int64      // log start offset
	recoveryPoint int64      // offsets below it are flushed
	epochs        EpochCache
	jitterSeed    uint64
	// failed is set when a storage error left memory and files possibly out of
	// step; like Kafka taking a log directory offline, the log then refuses
	// every operation until it is reopened (and recovered).
	failed error
	buf    [record.HeaderSize]byte
	// scratch holds what validateLeader learnt of each batch of an append,
	// reused so that appends do not allocate.
	scratch []leaderBatch
	// hdrs holds the log's patched copies of an append's batch headers,
	// parts the slices an append writes, wbuf their concatenation for
	// storages that need one: all reused so that appends do not allocate.
	hdrs  []byte
	parts [][]byte
	wbuf  []byte
	name  string // Options.Name
	// shared is set during AppendSharedAsFollower: the parts written never
	// change, so MemStorage may keep them instead of copying them.
	shared bool
}

// Options are the inputs to Open besides the storage and the config.
type Options struct {
	// RecoveryPoint is the offset below which the log was known flushed (Kafka's
	// recovery-point-offset-checkpoint). Open fully checks every segment from the
	// one holding it onwards, and always the last segment. 0 checks everything.
	RecoveryPoint int64
	// LogStartOffset is the log start offset the caller last saw (Kafka's
	// log-start-offset-checkpoint, kept per log directory by the broker). The
	// reopened log starts at the larger of it and the first segment's base
	// offset; if the log ends before it, the log is emptied and restarted
	// there, as LogLoader does.
	LogStartOffset int64
	// NowMs is the current time, used as the creation time of new segments.
	NowMs int64
	// JitterSeed seeds the per-segment segment.jitter.ms draw.
	JitterSeed uint64
	// Name is the partition's name as Kafka prints a TopicPartition
	// ("orders-0"), for error messages that name it; empty is shown as
	// "the log".
	Name string
}

// Name returns the partition's name given to Open, or "the log".
func (l *Log) Name() string {
	if l.name == "" {
		return "the log"
	}
	return l.name
}

// Config returns the log's config.
func (l *Log) Config() Config { return l.cfg }

// SetConfig changes the log's config, as kafka-configs.sh --alter does. A new
// segment.index.bytes applies to segments created afterwards.
func (l *Log) SetConfig(cfg Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	l.cfg = cfg
	return nil
}

// Storage returns the log's storage.
func (l *Log) Storage() Storage { return l.st }

// StartOffset returns the log start offset: the earliest offset a reader may
// fetch.
func (l *Log) StartOffset() int64 { return l.start }

// EndOffset returns the log end offset (LEO): the offset the next record gets.
func (l *Log) EndOffset() int64 { return l.active().next }

// RecoveryPoint returns the offset below which everything has been flushed.
func (l *Log) RecoveryPoint() int64 { return l.recoveryPoint }

// Segments returns the segments, oldest first. Callers must not modify them.
func (l *Log) Segments() []*Segment { return l.segs }

// Segment returns the segment whose base offset is base.
func (l *Log) Segment(base int64) (*Segment, bool) {
	i := l.floorSegment(base, nil)
	if i < 0 || l.segs[i].base != base {
		return nil, false
	}
	return l.segs[i], true
}

// Size returns the total size of the segments' .log files.
func (l *Log) Size() int64 {
	var n int64
	for _, s := range l.segs {
		n += s.size
	}
	return n
}

// Epochs returns the leader-epoch cache. Callers must not modify it.
func (l *Log) Epochs() *EpochCache { return &l.epochs }

// LatestEpoch returns the latest leader epoch in the log, or -1 if none.
func (l *Log) LatestEpoch() int32 {
	if e, ok := l.epochs.Latest(); ok {
		return e.Epoch
	}
	return UndefinedEpoch
}

// EndOffsetForEpoch answers OffsetsForLeaderEpoch; see EpochCache.EndOffsetFor.
func (l *Log) EndOffsetForEpoch(epoch int32) (int32, int64) {
	return l.epochs.EndOffsetFor(epoch, l.EndOffset())
}

func (l *Log) active() *Segment { return l.segs[len(l.segs)-1] }

// floorSegment returns the index of the last segment whose base is ≤ offset,
// or -1, recording each base it compares in probes.
func (l *Log) floorSegment(offset int64, probes *[]int64) int {
	lo, hi := 0, len(l.segs)-1
	found := -1
	for lo <= hi {
		mid := int(uint(lo+hi) >> 1)
		b := l.segs[mid].base
		if probes != nil {
			*probes = append(*probes, b)
		}
		if b <= offset {
			found = mid
			lo = mid + 1
		} else {
			hi = mid - 1
		}
	}
	return found
}

// fail marks the log offline after a storage error and returns err.
func (l *Log) fail(err error) error {
	if l.failed == nil {
		l.failed = err
	}
	return err
}

func (l *Log) check() error {
	if l.failed != nil {
		return kerr.Wrap(kerr.KafkaStorageError, "log: offline after an earlier storage error (%v); reopen it", l.failed)
	}
	return nil
}

// Flush makes everything written so far durable and moves the recovery point
// to the log end offset.
func (l *Log) Flush() error {
	if err := l.check(); err != nil {
		return err
	}
	for _, s := range l.segs {
		if s.next <= l.recoveryPoint && s != l.active() {
			continue // flushed when it rolled
		}
		if err := s.sync(l.st); err != nil {
			return l.fail(err)
		}
	}
	if err := l.st.Sync(EpochCheckpointFile); err != nil {
		return l.fail(storageErr("sync "+EpochCheckpointFile, err))
	}
	l.recoveryPoint = l.EndOffset()
	return nil
}

// writeEpochs rewrites the leader-epoch-checkpoint file. Kafka replaces it
// atomically and syncs it on every new epoch, so it is synced here too.
func (l *Log) writeEpochs() error {
	if err := l.st.Remove(EpochCheckpointFile); err != nil {
		return storageErr("write "+EpochCheckpointFile, err)
	}
	if err := l.st.Append(EpochCheckpointFile, l.epochs.MarshalCheckpoint()); err != nil {
		return storageErr("write "+EpochCheckpointFile, err)
	}
	if err := l.st.Sync(EpochCheckpointFile); err != nil {
		return storageErr("sync "+EpochCheckpointFile, err)
	}
	return nil
}

// Roll closes the active segment and starts a new one at the log end offset,
// as Kafka's UnifiedLog.roll does; an empty active segment is kept as is.
func (l *Log) Roll(nowMs int64) error {
	if err := l.check(); err != nil {
		return err
	}
	return l.roll(nowMs)
}

func (l *Log) roll(nowMs int64) error {
	old := l.active()
	if old.size == 0 {
		return nil // already a fresh segment at the log end offset
	}
	if err := old.becomeInactive(l.st); err != nil {
		return l.fail(err)
	}
	l.recoveryPoint = max(l.recoveryPoint, old.next)
	s := newSegment(old.next, l.cfg, nowMs, segmentJitter(l.cfg, l.jitterSeed, old.next))
	if err := s.create(l.st); err != nil {
		return l.fail(err)
	}
	l.segs = append(l.segs, s)
	return nil
}

// Close finishes the log as a clean shutdown does (LogSegment.close): the
// active segment's largest timestamp goes into its time index, and
// everything is flushed. The log may still be used afterwards.
func (l *Log) Close() error {
	if err := l.check(); err != nil {
		return err
	}
	if _, err := l.active().maybeAppendTimeIndex(l.st, true); err != nil {
		return l.fail(err)
	}
	return l.Flush()
}
