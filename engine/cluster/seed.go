package cluster

// Seed returns the seed of the cluster's simulation, for the seed lab
// command.
func (c *Cluster) Seed() uint64 { return c.sim.Seed() }
