package tools

// javaSplittableRandom is java.util.SplittableRandom, which
// kafka-producer-perf-test.sh seeds with 0 to fill its payloads: the lab
// draws the same letters, so its records carry the bytes Kafka's would.
// It is a value of the tool's run, not global state.
type javaSplittableRandom struct{ seed, gamma uint64 }

func newJavaSplittableRandom(seed int64) *javaSplittableRandom {
	return &javaSplittableRandom{seed: uint64(seed), gamma: 0x9e3779b97f4a7c15}
}

func (r *javaSplittableRandom) nextSeed() uint64 {
	r.seed += r.gamma
	return r.seed
}

// mix32 is SplittableRandom.mix32.
func mix32(z uint64) int32 {
	z = (z ^ (z >> 33)) * 0x62a9d9ed799705f5
	return int32(((z ^ (z >> 28)) * 0xcb24d0a5c88c35b3) >> 32)
}

// nextInt is nextInt(bound) for bound > 0 (RandomSupport.boundedNextInt).
func (r *javaSplittableRandom) nextInt(bound int32) int32 {
	v := mix32(r.nextSeed())
	m := bound - 1
	if bound&m == 0 {
		return v & m
	}
	u := int32(uint32(v) >> 1)
	for {
		v = u % bound
		if u+m-v >= 0 { // no int overflow: u is accepted
			return v
		}
		u = int32(uint32(mix32(r.nextSeed())) >> 1)
	}
}
