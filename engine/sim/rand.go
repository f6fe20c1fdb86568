package sim

import (
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// The standard streams. Any other name is a stream too; a node that wants
// draws independent of the other nodes uses its own name, such as
// "producer-1/retry".
const (
	StreamNetwork  = "network"  // latency jitter and random message loss
	StreamWorkload = "workload" // keys, values and timing of test workloads
	StreamFaults   = "faults"   // which fault to inject, where and when
	StreamIDs      = "ids"      // topic ids, member ids, producer ids (NewUUID)
	StreamJitter   = "jitter"   // election timeouts, backoff and other jitter
)

// A stream is one named, independently seeded PRNG.
type stream struct {
	name string
	pcg  *rand.PCG
	rand *rand.Rand
}

// streams derives every stream from one seed. A stream's sequence depends
// only on the seed and its name, never on the order in which streams were
// first used or on draws from other streams.
type streams struct {
	seed   uint64
	byName map[string]*stream
	sorted []*stream // by name, for the state hash
	last   *stream   // the stream get returned last: most calls repeat it
	ids    idReader
}

func newStreams(seed uint64) *streams {
	ss := &streams{seed: seed, byName: map[string]*stream{}}
	ss.ids = idReader{ss.get(StreamIDs)}
	return ss
}

// get returns the stream called name, creating it on first use.
func (ss *streams) get(name string) *rand.Rand {
	if ss.last != nil && ss.last.name == name {
		return ss.last.rand
	}
	if st, ok := ss.byName[name]; ok {
		ss.last = st
		return st.rand
	}
	hi, lo := streamSeed(ss.seed, name)
	pcg := rand.NewPCG(hi, lo)
	st := &stream{name: name, pcg: pcg, rand: rand.New(pcg)}
	ss.byName[name] = st
	i, _ := slices.BinarySearchFunc(ss.sorted, name, func(s *stream, n string) int {
		return strings.Compare(s.name, n)
	})
	ss.sorted = slices.Insert(ss.sorted, i, st)
	return st.rand
}

// streamSeed derives the two 64-bit words of a stream's PCG state from the
// run's seed and the stream's name. PCG's two seeds are simply the high and
// low halves of its 128-bit state, so rand.NewPCG(seed, nameConstant) would
// give seeds 1 and 2 states that differ only in the high half, and an LCG
// keeps such a difference in the high half forever: the low halves would be
// equal at every draw. SplitMix64 spreads both the seed and the name over
// both words.
func streamSeed(seed uint64, name string) (hi, lo uint64) {
	c := fnv64a(name)
	hi = splitmix64(seed ^ splitmix64(c))
	lo = splitmix64(hi ^ c)
	return hi, lo
}

// splitmix64 is the SplitMix64 finalizer (Steele, Lea and Flood, 2014).
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// fnv64a is FNV-1a, 64 bits.
func fnv64a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// idReader is an io.Reader of bytes from the ids stream, for
// uuid.NewRandomFromReader.
type idReader struct{ r *rand.Rand }

// Read fills p with pseudo-random bytes; it never fails.
func (ir idReader) Read(p []byte) (int, error) {
	for i := 0; i < len(p); i += 8 {
		v := ir.r.Uint64()
		for j := i; j < i+8 && j < len(p); j++ {
			p[j] = byte(v)
			v >>= 8
		}
	}
	return len(p), nil
}

// newUUID draws a version 4 UUID from the ids stream.
func (ss *streams) newUUID() uuid.UUID {
	id, err := uuid.NewRandomFromReader(ss.ids)
	if err != nil { // idReader never fails
		panic("sim: drawing a UUID: " + err.Error())
	}
	return id
}
