package main

import (
	"errors"
	"fmt"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/tools"
)

// clusterConfig is what kafkalab's flags ask of the cluster.
type clusterConfig struct {
	Seed        uint64
	Brokers     int
	Controllers int    // 1, 3 or 5
	DataDir     string // "" keeps the logs in memory
}

// errNoCluster says the simulated cluster could not be built at all; tests
// skip on it.
var errNoCluster = errors.New("kafkalab: the simulated cluster (engine/cluster) is not available")

// newCluster builds and boots a fresh simulated cluster. It is a variable so
// that tests can run kafkalab against a stub.
var newCluster = func(cfg clusterConfig) (tools.Cluster, error) {
	c, err := cluster.New(cluster.Config{Seed: cfg.Seed, Brokers: cfg.Brokers, Controllers: cfg.Controllers, DataDir: cfg.DataDir})
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

// reseed is the seed command's hook: a fresh cluster of the same size with
// the new seed. A cluster whose logs are files in -data-dir is not
// replaced: the new one would find the old one's files.
func reseed(r *tools.Runner, o options) func(seed uint64) (tools.Cluster, error) {
	return func(seed uint64) (tools.Cluster, error) {
		if o.dataDir != "" {
			return nil, errors.New("kafkalab keeps this cluster's logs in -data-dir; run kafkalab -seed N with a fresh directory instead")
		}
		c, err := newCluster(clusterConfig{Seed: seed, Brokers: o.brokers})
		if err != nil {
			return nil, err
		}
		if err := closeCluster(r.Cluster); err != nil {
			return nil, err
		}
		return c, nil
	}
}
