//go:build js

package cluster

import (
	"errors"

	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/protocol"
)

// errNoDataDir is what a DataDir gets in the WebAssembly build.
var errNoDataDir = errors.New("cluster: DataDir: the browser build keeps logs in memory only")

// dirStorage refuses a DataDir in the WebAssembly build: the browser has no
// directories to keep Kafka's files in, and linking log.DirStorage (os file
// I/O, directory listing) would only add to the wasm the learner downloads.
func (c *Cluster) dirStorage(int32, protocol.TopicPartition) (log.Storage, error) {
	return nil, errNoDataDir
}
