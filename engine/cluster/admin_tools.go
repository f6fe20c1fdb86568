package cluster

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// The optional interfaces of kafka-leader-election.sh, kafka-dump-log.sh
// and the ls lab command.
var (
	_ toolsapi.LeaderElector = (*Cluster)(nil)
	_ toolsapi.LogDirs       = (*Cluster)(nil)
)

// ElectLeaders implements toolsapi.LeaderElector: admin-1 sends one
// ElectLeaders request to the controller and the call waits until the
// brokers have replayed the new leaders. With all set it asks a broker's
// Metadata for every partition of every topic, internal ones included, and
// drops the ELECTION_NOT_NEEDED results, as Kafka's controller does for a
// request without partitions (ReplicationControlManager.electLeaders).
func (c *Cluster) ElectLeaders(unclean bool, partitions []toolsapi.TopicPartition, all bool) ([]toolsapi.ElectionResult, error) {
	var tps []protocol.TopicPartition
	if all {
		md, err := c.metadata(AdminNode, nil)
		if err != nil {
			return nil, err
		}
		for _, t := range md.Topics {
			for _, p := range t.Partitions {
				tps = append(tps, protocol.TopicPartition{Topic: t.Name, Partition: p.Partition})
			}
		}
	} else {
		for _, tp := range partitions {
			tps = append(tps, protocol.TopicPartition{Topic: tp.Topic, Partition: tp.Partition})
		}
	}
	kind := "preferred"
	if unclean {
		kind = "unclean"
	}
	label := fmt.Sprintf("ElectLeaders(%s, %d partitions)", kind, len(tps))
	if len(tps) == 1 {
		label = fmt.Sprintf("ElectLeaders(%s, %s)", kind, tps[0])
	}
	resp, err := c.call(AdminNode, controller.NodeID, protocol.APIElectLeaders, label, func(corr int32) any {
		return &protocol.ElectLeadersRequest{CorrelationID: corr, Unclean: unclean, Partitions: tps}
	})
	if err != nil {
		return nil, err
	}
	var out []toolsapi.ElectionResult
	for _, r := range resp.(*protocol.ElectLeadersResponse).Results {
		if all && errors.Is(r.Err, kerr.ElectionNotNeeded) {
			continue
		}
		out = append(out, toolsapi.ElectionResult{TopicPartition: toolsapi.TopicPartition{Topic: r.Topic, Partition: r.Partition}, Err: r.Err})
	}
	return out, c.waitForMetadata()
}

// LogPartitionDirs implements toolsapi.LogDirs from the broker's disk,
// which outlives its process.
func (c *Cluster) LogPartitionDirs(id int32) ([]string, error) {
	b, err := c.brokerByID(id)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", toolsapi.ErrNoSuchFile, err)
	}
	var dirs []string
	for _, tp := range b.DiskPartitions() {
		dirs = append(dirs, tp.String())
	}
	return dirs, nil
}

// LogFiles implements toolsapi.LogDirs.
func (c *Cluster) LogFiles(id int32, dir string) ([]toolsapi.LogFile, error) {
	st, err := c.diskStorage(id, dir)
	if err != nil {
		return nil, err
	}
	names, err := st.List()
	if err != nil {
		return nil, fmt.Errorf("cluster: list %s on broker %d: %w", dir, id, err)
	}
	var out []toolsapi.LogFile
	for _, n := range names {
		size, err := st.Size(n)
		if err != nil {
			return nil, fmt.Errorf("cluster: size of %s/%s on broker %d: %w", dir, n, id, err)
		}
		out = append(out, toolsapi.LogFile{Name: n, Size: size})
	}
	return out, nil
}

// maxLogFileBytes bounds what ReadLogFile reads, so a tool cannot make the
// lab allocate without bound; the lab's segments are far smaller.
const maxLogFileBytes = 64 << 20

// ReadLogFile implements toolsapi.LogDirs.
func (c *Cluster) ReadLogFile(id int32, dir, name string) ([]byte, error) {
	st, err := c.diskStorage(id, dir)
	if err != nil {
		return nil, err
	}
	size, err := st.Size(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %s/%s on broker %d", toolsapi.ErrNoSuchFile, dir, name, id)
	}
	if size > maxLogFileBytes {
		return nil, fmt.Errorf("cluster: %s/%s on broker %d has %d bytes, more than the lab reads (%d)", dir, name, id, size, maxLogFileBytes)
	}
	b := make([]byte, size)
	if err := st.ReadAt(name, b, 0); err != nil {
		return nil, fmt.Errorf("cluster: read %s/%s on broker %d: %w", dir, name, id, err)
	}
	return b, nil
}

// diskStorage finds the storage of a partition directory ("orders-0") on a
// broker's disk.
func (c *Cluster) diskStorage(id int32, dir string) (log.Storage, error) {
	b, err := c.brokerByID(id)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", toolsapi.ErrNoSuchFile, err)
	}
	for _, tp := range b.DiskPartitions() {
		if tp.String() == dir {
			st, _ := b.DiskStorage(tp)
			return st, nil
		}
	}
	return nil, fmt.Errorf("%w: no directory %s on broker %d", toolsapi.ErrNoSuchFile, strings.TrimSpace(dir), id)
}
