package log

// AssignEpochStart records that leader epoch epoch starts at startOffset,
// as a new leader does when it takes over (UnifiedLog.maybeAssignEpochStartOffset,
// called from Partition.makeLeader with the log end offset): from then on the
// leader can tell a follower where any older epoch ends (KIP-101), even
// before it appends its first batch. The leader-epoch-checkpoint file is
// rewritten when the cache changes.
func (l *Log) AssignEpochStart(epoch int32, startOffset int64) error {
	if !l.epochs.Assign(epoch, startOffset) {
		return nil
	}
	if err := l.writeEpochs(); err != nil {
		return l.fail(err)
	}
	return nil
}
