//go:build !js

package cluster

import (
	"fmt"
	"path/filepath"

	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/protocol"
)

// dirStorage keeps a partition's log under DataDir/broker-<id>/<topic>-<partition>.
func (c *Cluster) dirStorage(id int32, tp protocol.TopicPartition) (log.Storage, error) {
	d, err := log.NewDirStorage(filepath.Join(c.cfg.DataDir, fmt.Sprintf("broker-%d", id), tp.String()))
	if err != nil {
		return nil, err
	}
	c.dirs = append(c.dirs, d)
	return d, nil
}
