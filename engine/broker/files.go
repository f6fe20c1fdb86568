package broker

import (
	"maps"

	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// DiskPartitions lists the partitions whose log directory is on the
// broker's disk, sorted. The disk outlives the process, so a crashed
// broker's partitions are still listed (kafka-dump-log.sh reads them).
func (b *Broker) DiskPartitions() []protocol.TopicPartition {
	return slicesort.SortedFunc(maps.Keys(b.disk.storages), protocol.TopicPartition.Compare)
}

// DiskStorage returns the files of tp's log directory on the broker's disk,
// for tools that read them as files; callers must not write to it.
func (b *Broker) DiskStorage(tp protocol.TopicPartition) (log.Storage, bool) {
	st, ok := b.disk.storages[tp]
	return st, ok
}
