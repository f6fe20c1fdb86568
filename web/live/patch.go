package live

// A Patch is one element of a region to replace with outerHTML: the
// element keyed Key (its data-testid), a child of the element keyed Parent
// when Parent is not "".
type Patch struct {
	Parent, Key string
	HTML        string
}

// Selector is the CSS selector of the patched element.
func (p Patch) Selector() string {
	s := `[data-testid="` + p.Key + `"]`
	if p.Parent != "" {
		s = `[data-testid="` + p.Parent + `"] > ` + s
	}
	return s
}

// StagePatches returns the elements to replace to turn the picture split
// as was into the one split as now (both SVGChunks), or false when it
// changed shape and must be written whole. A changed child of the picture
// (a broker, the flights) is replaced whole unless only a few of its own
// keyed children changed (a broker's replica whose offsets moved): then
// just those. At 12 brokers × 200 partitions a broker holds 50 replica
// boxes, and a step changes one or two.
func StagePatches(was, now []Chunk) ([]Patch, bool) {
	changed, ok := ChunkPatch(was, now)
	if !ok {
		return nil, false
	}
	var out []Patch
	for _, i := range changed {
		if inner, ok := childPatches(was[i], now[i]); ok {
			out = append(out, inner...)
			continue
		}
		out = append(out, Patch{Key: now[i].Key, HTML: now[i].HTML})
	}
	return out, true
}

// childPatches returns the children of old and cur's element that
// changed, when the element kept its shape and at most half of its
// children changed.
func childPatches(old, cur Chunk) ([]Patch, bool) {
	a, ok := ElementChunks(old.HTML)
	if !ok {
		return nil, false
	}
	b, ok := ElementChunks(cur.HTML)
	if !ok {
		return nil, false
	}
	idx, ok := ChunkPatch(a, b)
	if !ok || len(idx) == 0 || 2*len(idx) > len(b) {
		return nil, false
	}
	out := make([]Patch, 0, len(idx))
	for _, j := range idx {
		out = append(out, Patch{Parent: cur.Key, Key: b[j].Key, HTML: b[j].HTML})
	}
	return out, true
}
