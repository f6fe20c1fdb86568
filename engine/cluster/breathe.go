package cluster

// Breathe lets the host pause during long work outside the simulation (a
// tool preparing its records): it calls the simulation's step hook
// (sim.Sim.Breathe). It changes nothing.
func (c *Cluster) Breathe() { c.sim.Breathe() }
