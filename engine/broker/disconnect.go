package broker

import (
	"fmt"
	"maps"
	"slices"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// Disconnected implements sim.Disconnecter: a peer's process crashed, or
// refused the connection. The replica fetcher's request in flight to that
// leader fails at once, as a closed connection fails it in
// AbstractFetcherThread.processFetchRequest: its partitions back off for
// replica.fetch.backoff.ms and the fetcher fetches again (a fetch to a
// leader still down is refused again, until the controller fences it and
// the metadata names a new leader). Connections from clients need nothing:
// the server side of a closed connection only drops what it would answer.
//
// Deviation: the controller's connection is not watched (the lab never
// crashes the controller's process); its requests rely on their timeouts.
func (b *Broker) Disconnected(env *sim.Env, peer sim.NodeID, _ bool) {
	for _, id := range slices.Sorted(maps.Keys(b.fetchers)) {
		if f := b.fetchers[id]; NodeID(id) == peer && f.inFlight {
			b.failFetch(env, f, fmt.Sprintf("failed: the connection to %s closed (its process is down)", peer))
		}
	}
}
