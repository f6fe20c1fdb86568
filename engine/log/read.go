package log

import "github.com/kafkalab/kafkalab/engine/kerr"

// A ReadResult is what Read returns: whole batches from one segment.
type ReadResult struct {
	Records  []byte // concatenated batches; empty when nothing is visible
	Segment  int64  // base offset of the segment read from
	Position int64  // position of the first batch in that segment
	// FirstOffset is the base offset of the first batch returned, which may be
	// below the requested offset: reads return whole batches and consumers
	// skip the records they did not ask for.
	FirstOffset int64
	Batches     int // number of batches returned
}

// Read returns the batches from the one containing offset onwards, as a fetch
// does (LocalLog.read): whole batches from a single segment, no more than
// maxBytes unless the first batch alone is larger, which is still returned
// (KIP-74), and only batches wholly below upTo, the caller's visible end (the
// log end offset for followers, the high watermark for consumers). Reading at
// upTo returns nothing; an offset below the log start offset or beyond the
// log end offset is OFFSET_OUT_OF_RANGE.
//
// Kafka hands out a byte range of the file that may end in a partial batch,
// which clients discard; Read returns whole batches only. An upTo beyond the
// log end offset is treated as the log end offset.
//
// The returned Records are read-only. With MemStorage they are usually a
// view of the segment's own bytes, not a copy (Kafka's FileRecords.slice is
// likewise a view of the file): a fetch response can carry them to a
// follower, which appends them, without the leader copying them first. A
// view stays valid and unchanged for as long as anyone holds it, whatever
// the log does afterwards: appends write only past it, and MemStorage never
// rewrites or reuses memory a view may hold — truncation (truncateTo, a
// power loss), retention and segment deletion give the kept part of a
// viewed chunk a fresh chunk and leave released viewed chunks to the
// garbage collector. So a response in flight while the leader truncates,
// deletes segments or crashes still carries the bytes it was built with,
// as the bytes Kafka already put on the wire. Writing into Records would
// corrupt the log: nothing in the engine does (Append and AppendAsFollower
// never modify their input), and the log's tests check every batch's CRC
// after every operation to catch it. Records' capacity ends with it, so
// appending to it copies. Other storages return a fresh copy.
func (l *Log) Read(offset int64, maxBytes int, upTo int64) (ReadResult, error) {
	res := ReadResult{FirstOffset: offset}
	if err := l.check(); err != nil {
		return res, err
	}
	if err := l.checkRange(offset); err != nil {
		return res, err
	}
	if maxBytes < 0 {
		return res, kerr.Wrap(kerr.InvalidRequest, "log: negative max bytes %d", maxBytes)
	}
	upTo = min(upTo, l.EndOffset())
	if offset >= upTo {
		res.Segment = l.segs[l.floorSegment(offset, nil)].base
		return res, nil
	}
	seg, pos, h, ok, err := l.locate(offset, nil)
	if err != nil {
		return res, l.corrupted(err)
	}
	s := l.segs[seg]
	res.Segment, res.Position = s.base, pos
	if !ok || h.LastOffset() >= upTo {
		return res, nil
	}
	res.FirstOffset = h.BaseOffset
	end := pos
	for end < s.size {
		if end > pos {
			var err error
			if h, err = s.headerAt(l.st, &l.buf, end); err != nil {
				return res, l.corrupted(err)
			}
		}
		if h.LastOffset() >= upTo || (end > pos && end+int64(h.Size())-pos > int64(maxBytes)) {
			break
		}
		end += int64(h.Size())
		res.Batches++
	}
	if res.Records, err = readView(l.st, s.LogName(), pos, end-pos); err != nil {
		return res, l.fail(storageErr("read "+s.LogName(), err))
	}
	return res, nil
}

// corrupted passes on an error found while walking a segment; a storage
// failure takes the log offline, while corrupt bytes (which recovery should
// have removed) are reported as they are.
func (l *Log) corrupted(err error) error {
	if kerr.Code(err) == kerr.KafkaStorageError.Code {
		return l.fail(err)
	}
	return err
}
