package log

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// UndefinedEpoch and UndefinedEpochOffset are what EndOffsetFor returns for an
// epoch it knows nothing about (Kafka's UNDEFINED_EPOCH and
// UNDEFINED_EPOCH_OFFSET).
const (
	UndefinedEpoch       = -1
	UndefinedEpochOffset = -1
)

// An EpochEntry records that leader epoch Epoch wrote its first batch at
// StartOffset.
type EpochEntry struct {
	Epoch       int32
	StartOffset int64
}

// An EpochCache is the leader-epoch cache (LeaderEpochFileCache.java): the
// start offset of every leader epoch present in the log, in increasing order
// of both epoch and offset. Replication uses it to find where a follower's
// log diverges from the leader's (KIP-101).
type EpochCache struct {
	entries []EpochEntry
}

// Entries returns the entries, oldest first. The slice must not be modified.
func (c *EpochCache) Entries() []EpochEntry { return c.entries }

// Earliest returns the earliest entry, if any.
func (c *EpochCache) Earliest() (EpochEntry, bool) {
	if len(c.entries) == 0 {
		return EpochEntry{}, false
	}
	return c.entries[0], true
}

// Latest returns the latest entry, if any.
func (c *EpochCache) Latest() (EpochEntry, bool) {
	if len(c.entries) == 0 {
		return EpochEntry{}, false
	}
	return c.entries[len(c.entries)-1], true
}

// Assign records that epoch starts at startOffset and reports whether the
// cache changed. As in Kafka, entries that would break monotonicity (an epoch
// ≥ epoch or a start offset ≥ startOffset) are dropped first; negative epochs
// and offsets are ignored (Kafka rejects them).
func (c *EpochCache) Assign(epoch int32, startOffset int64) bool {
	if epoch < 0 || startOffset < 0 {
		return false
	}
	if last, ok := c.Latest(); ok && last.Epoch == epoch && last.StartOffset <= startOffset {
		return false
	}
	n := len(c.entries)
	for n > 0 && (c.entries[n-1].Epoch >= epoch || c.entries[n-1].StartOffset >= startOffset) {
		n--
	}
	c.entries = append(c.entries[:n], EpochEntry{Epoch: epoch, StartOffset: startOffset})
	return true
}

// EndOffsetFor answers OffsetsForLeaderEpoch for requested, given the log end
// offset: the latest epoch ends at the log end offset; an older epoch ends
// where the next larger epoch starts, reported with the largest known epoch ≤
// requested; an epoch older than all known ones ends where the first known one
// starts; an unknown newer epoch is (UndefinedEpoch, UndefinedEpochOffset).
func (c *EpochCache) EndOffsetFor(requested int32, logEndOffset int64) (epoch int32, endOffset int64) {
	last, ok := c.Latest()
	switch {
	case requested == UndefinedEpoch || !ok:
		return UndefinedEpoch, UndefinedEpochOffset
	case requested == last.Epoch:
		return requested, logEndOffset
	}
	// higher is the first entry with an epoch > requested.
	higher := len(c.entries)
	for i, e := range c.entries {
		if e.Epoch > requested {
			higher = i
			break
		}
	}
	switch {
	case higher == len(c.entries):
		return UndefinedEpoch, UndefinedEpochOffset
	case higher == 0:
		return requested, c.entries[0].StartOffset
	}
	return c.entries[higher-1].Epoch, c.entries[higher].StartOffset
}

// TruncateFromEnd removes the entries whose start offset is ≥ endOffset, after
// the log is truncated to endOffset, and reports whether it removed any.
func (c *EpochCache) TruncateFromEnd(endOffset int64) bool {
	n := len(c.entries)
	for n > 0 && c.entries[n-1].StartOffset >= endOffset {
		n--
	}
	changed := n != len(c.entries)
	c.entries = c.entries[:n]
	return changed
}

// TruncateFromStart drops the entries wholly before startOffset after the log
// start offset moves: the last entry starting at or before startOffset is kept,
// moved up to start at startOffset.
func (c *EpochCache) TruncateFromStart(startOffset int64) bool {
	i := 0
	for i < len(c.entries) && c.entries[i].StartOffset <= startOffset {
		i++
	}
	if i == 0 {
		return false
	}
	kept := EpochEntry{Epoch: c.entries[i-1].Epoch, StartOffset: startOffset}
	changed := i > 1 || c.entries[0] != kept
	c.entries = append([]EpochEntry{kept}, c.entries[i:]...)
	return changed
}

// Clear removes every entry.
func (c *EpochCache) Clear() { c.entries = c.entries[:0] }

// MarshalCheckpoint encodes the cache as Kafka's leader-epoch-checkpoint text
// file: a version line (0), a count line, then one "epoch startOffset" line per
// entry.
func (c *EpochCache) MarshalCheckpoint() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "0\n%d\n", len(c.entries))
	for _, e := range c.entries {
		fmt.Fprintf(&b, "%d %d\n", e.Epoch, e.StartOffset)
	}
	return b.Bytes()
}

// maxCheckpointBytes bounds what we read of a checkpoint file: far more than
// any real cache needs.
const maxCheckpointBytes = 1 << 20

// ParseCheckpoint decodes a leader-epoch-checkpoint file. Entries must
// strictly increase in both epoch and start offset.
func ParseCheckpoint(b []byte) (EpochCache, error) {
	var c EpochCache
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := func() (string, bool) {
		if !sc.Scan() {
			return "", false
		}
		return sc.Text(), true
	}
	if v, ok := line(); !ok || v != "0" {
		return c, fmt.Errorf("log: leader-epoch-checkpoint: unrecognized version %q", v)
	}
	nLine, _ := line()
	n, err := strconv.Atoi(nLine)
	if err != nil || n < 0 || n > len(b) {
		return c, fmt.Errorf("log: leader-epoch-checkpoint: bad entry count %q", nLine)
	}
	for i := range n {
		l, ok := line()
		if !ok {
			return c, fmt.Errorf("log: leader-epoch-checkpoint: expected %d entries, found %d", n, i)
		}
		f := strings.Fields(l)
		if len(f) != 2 {
			return c, fmt.Errorf("log: leader-epoch-checkpoint: malformed line %q", l)
		}
		epoch, err1 := strconv.ParseInt(f[0], 10, 32)
		off, err2 := strconv.ParseInt(f[1], 10, 64)
		if err1 != nil || err2 != nil || epoch < 0 || off < 0 {
			return c, fmt.Errorf("log: leader-epoch-checkpoint: malformed line %q", l)
		}
		if last, ok := c.Latest(); ok && (int32(epoch) <= last.Epoch || off <= last.StartOffset) {
			return c, fmt.Errorf("log: leader-epoch-checkpoint: entry %q does not follow %d %d", l, last.Epoch, last.StartOffset)
		}
		c.entries = append(c.entries, EpochEntry{Epoch: int32(epoch), StartOffset: off})
	}
	if l, ok := line(); ok && strings.TrimSpace(l) != "" {
		return c, fmt.Errorf("log: leader-epoch-checkpoint: unexpected line %q after %d entries", l, n)
	}
	return c, nil
}
