package main

import (
	"errors"
	"fmt"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/tools"
)

// clusterConfig is what kafkalab's flags ask of the cluster.
type clusterConfig struct {
	Seed    uint64
	Brokers int
	DataDir string // "" keeps the logs in memory
}

// errNoCluster says the simulated cluster could not be built at all; tests
// skip on it.
var errNoCluster = errors.New("kafkalab: the simulated cluster (engine/cluster) is not available")

// newCluster builds and boots a fresh simulated cluster. It is a variable so
// that tests can run kafkalab against a stub.
var newCluster = func(cfg clusterConfig) (tools.Cluster, error) {
	c, err := cluster.New(cluster.Config{Seed: cfg.Seed, Brokers: cfg.Brokers, DataDir: cfg.DataDir})
	if err != nil {
		return nil, fmt.Errorf("kafkalab: building the cluster: %w", err)
	}
	if err := c.Start(); err != nil {
		return nil, fmt.Errorf("kafkalab: starting the cluster: %w", err)
	}
	return withHostFiles{c}, nil
}

// closeCluster closes the cluster's files, if it has any.
func closeCluster(c tools.Cluster) error {
	if cl, ok := c.(interface{ Close() error }); ok {
		return cl.Close()
	}
	return nil
}
