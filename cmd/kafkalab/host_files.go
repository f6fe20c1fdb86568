package main

import (
	"fmt"
	"io"
	"os"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// maxHostFileBytes bounds the files the tools read from the host; Kafka's
// option files are small.
const maxHostFileBytes = 1 << 20

// withHostFiles is the simulated cluster with the files of the machine
// kafkalab runs on, for the tool options that name a file
// (toolsapi.HostFiles). Embedding keeps every method of the cluster, so the
// tools find its optional interfaces as before.
type withHostFiles struct{ *cluster.Cluster }

var _ toolsapi.HostFiles = withHostFiles{}

// ReadHostFile implements toolsapi.HostFiles.
func (withHostFiles) ReadHostFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxHostFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxHostFileBytes {
		return nil, fmt.Errorf("%s: more than the %d bytes kafkalab reads", path, maxHostFileBytes)
	}
	return b, nil
}
