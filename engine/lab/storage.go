package lab

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// TopicDefaults are the lab's broker-level topic defaults. Kafka's
// segment.bytes is 1 GiB and index.interval.bytes 4 KiB, so a learner
// would never see a second segment or an index entry; the lab rolls a
// segment every 1 KiB (about a dozen small batches) and indexes every
// 128 bytes, so the storage view has several segments with entries in
// their .index and .timeindex. kafka-topics --describe shows them as the
// topic's configs, as Kafka shows broker defaults.
var TopicDefaults = []string{"segment.bytes=1024", "index.interval.bytes=128"}

type fileKey struct {
	broker    int32
	topic     string
	partition int32
}

// A SegmentFiles is one segment of a replica's log: its base offset and the
// bytes of its three files as the broker's storage holds them now.
type SegmentFiles struct {
	Base                  int64
	LogName, IndexName    string
	TimeIndexName         string
	Log, Index, TimeIndex []byte
}

// ReplicaSegments returns broker's replica of topic-partition as segment
// files, ascending by base offset; ok is false if the broker has no such
// replica. The bytes are copies.
func (s *Session) ReplicaSegments(broker int32, topic string, partition int32) ([]SegmentFiles, bool) {
	m, ok := s.cur.files[fileKey{broker, topic, partition}]
	if !ok {
		return nil, false
	}
	names, err := m.List()
	if err != nil {
		return nil, false
	}
	var out []SegmentFiles
	for _, n := range names {
		if !strings.HasSuffix(n, log.LogSuffix) {
			continue
		}
		stem := strings.TrimSuffix(n, log.LogSuffix)
		base, err := strconv.ParseInt(stem, 10, 64) // not fmt.Sscanf: fmt's scanner costs the wasm ~20 KB
		if err != nil {
			continue
		}
		sf := SegmentFiles{Base: base, LogName: n, IndexName: stem + ".index", TimeIndexName: stem + ".timeindex"}
		sf.Log = bytesOf(m, sf.LogName)
		sf.Index = bytesOf(m, sf.IndexName)
		sf.TimeIndex = bytesOf(m, sf.TimeIndexName)
		out = append(out, sf)
	}
	slicesort.Func(out, func(a, b SegmentFiles) int { return int(a.Base - b.Base) })
	return out, true
}

func bytesOf(m *log.MemStorage, name string) []byte {
	b, ok := m.Bytes(name)
	if !ok {
		return nil
	}
	return slices.Clone(b)
}

// TraceOffset looks offset up in broker's replica of topic-partition the way
// the broker's log does (binary search over segments, floor entry in the
// offset index, scan of batch headers) and returns every step. It opens a
// copy of the replica's files, so the run is not touched.
func (s *Session) TraceOffset(broker int32, topic string, partition int32, offset int64) (log.LookupTrace, error) {
	m, ok := s.cur.files[fileKey{broker, topic, partition}]
	if !ok {
		return log.LookupTrace{}, fmt.Errorf("broker %d has no replica of %s-%d", broker, topic, partition)
	}
	cp := log.NewMemStorage()
	names, err := m.List()
	if err != nil {
		return log.LookupTrace{}, err
	}
	for _, n := range names {
		if b, ok := m.Bytes(n); ok {
			cp.PutSynced(n, slices.Clone(b))
		}
	}
	cfg := log.DefaultConfig()
	cfg.SegmentBytes, cfg.IndexIntervalBytes = 1024, 128
	l, _, err := log.Open(cp, cfg, log.Options{RecoveryPoint: 1 << 62, Name: fmt.Sprintf("%s-%d", topic, partition)})
	if err != nil {
		return log.LookupTrace{}, err
	}
	return l.TraceOffset(offset)
}
