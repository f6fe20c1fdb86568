//go:build js

package cluster

import (
	"errors"
	"testing"

	"github.com/kafkalab/kafkalab/engine/protocol"
)

func TestDataDirRefusedInWasm(t *testing.T) {
	c := &Cluster{cfg: Config{DataDir: "/tmp/kafka"}}
	s, err := c.dirStorage(1, protocol.TopicPartition{Topic: "t", Partition: 0})
	if s != nil || !errors.Is(err, errNoDataDir) || len(c.dirs) != 0 {
		t.Fatalf("dirStorage = %v, %v (dirs %d)", s, err, len(c.dirs))
	}
}
