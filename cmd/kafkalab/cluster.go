package main

import (
	"errors"

	"github.com/kafkalab/kafkalab/engine/tools"
)

// clusterConfig is what kafkalab's flags ask of the cluster.
type clusterConfig struct {
	Seed    uint64
	Brokers int
	DataDir string // "" keeps the logs in memory
}

// errNoCluster says the simulated cluster (engine/cluster) has not landed.
var errNoCluster = errors.New("kafkalab: the simulated cluster (engine/cluster) is not available yet; the script parsed, but there is nothing to run it against")

// newCluster builds a fresh simulated cluster. It is a variable so that tests
// can run kafkalab against a fake cluster.
var newCluster = func(cfg clusterConfig) (tools.Cluster, error) {
	return nil, errNoCluster
}
