//go:build js

package cluster_test

func cpuSeconds() float64 { return 0 }
