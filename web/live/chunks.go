package live

import "strings"

// A Chunk is a stretch of rendered HTML: one top-level child of a region's
// first <svg> that carries a data-testid (Key), or the markup between them
// (Key "").
type Chunk struct {
	Key  string
	HTML string
}

// SVGChunks splits html (as templ renders it: attribute values and text
// escaped, every element closed) into chunks: the markup up to and including
// the first <svg ...> start tag, then each of the svg's top-level children
// (keyed by its data-testid when it has one, with the text between them
// unkeyed), then the rest. The chunks concatenate to html. ok is false when
// html has no <svg> or its tags do not balance.
//
// The wasm uses it to redraw only the children of the cluster picture that
// changed (a broker whose replica advanced, the messages in flight) instead
// of the whole picture, whose 600 replica boxes at 12 brokers × 200
// partitions cost tens of ms to parse and lay out again.
func SVGChunks(html string) (chunks []Chunk, ok bool) {
	start := strings.Index(html, "<svg")
	if start < 0 {
		return nil, false
	}
	return childChunks(html, start)
}

// ElementChunks splits html, one element as templ renders it (a broker's
// group in the cluster picture), the same way: its start tag, each of its
// children (keyed by data-testid, the text between them unkeyed), its end
// tag. The wasm uses it to redraw only the replicas of a broker that
// changed. ok is false when html does not start with a start tag or its
// tags do not balance.
func ElementChunks(html string) (chunks []Chunk, ok bool) {
	if !strings.HasPrefix(html, "<") || strings.HasPrefix(html, "</") || strings.HasPrefix(html, "<!") {
		return nil, false
	}
	return childChunks(html, 0)
}

// childChunks splits html around the children of the element whose start
// tag is at start.
func childChunks(html string, start int) (chunks []Chunk, ok bool) {
	end := strings.IndexByte(html[start:], '>')
	if end < 0 {
		return nil, false
	}
	i := start + end + 1
	chunks = append(chunks, Chunk{HTML: html[:i]})
	text := i // start of the unkeyed text before the next child
	depth := 0
	childStart := -1
	for i < len(html) {
		lt := strings.IndexByte(html[i:], '<')
		if lt < 0 {
			return nil, false
		}
		i += lt
		if strings.HasPrefix(html[i:], "<!--") {
			e := strings.Index(html[i:], "-->")
			if e < 0 {
				return nil, false
			}
			i += e + 3
			continue
		}
		gt := strings.IndexByte(html[i:], '>')
		if gt < 0 {
			return nil, false
		}
		tag := html[i : i+gt+1]
		switch {
		case strings.HasPrefix(tag, "</"):
			depth--
			if depth < 0 { // the svg's end tag
				if text < i {
					chunks = append(chunks, Chunk{HTML: html[text:i]})
				}
				return append(chunks, Chunk{HTML: html[i:]}), true
			}
			if depth == 0 {
				child := html[childStart : i+gt+1]
				chunks = append(chunks, Chunk{Key: testID(html[childStart:]), HTML: child})
				text = i + gt + 1
			}
		case strings.HasSuffix(tag, "/>"):
			if depth == 0 {
				if text < i {
					chunks = append(chunks, Chunk{HTML: html[text:i]})
				}
				chunks = append(chunks, Chunk{HTML: tag})
				text = i + gt + 1
			}
		default:
			if depth == 0 {
				if text < i {
					chunks = append(chunks, Chunk{HTML: html[text:i]})
				}
				childStart = i
			}
			depth++
		}
		i += gt + 1
	}
	return nil, false
}

// testID returns the data-testid of the start tag html begins with, or "".
func testID(html string) string {
	tag := html[:strings.IndexByte(html, '>')]
	const attr = ` data-testid="`
	k := strings.Index(tag, attr)
	if k < 0 {
		return ""
	}
	v := tag[k+len(attr):]
	if e := strings.IndexByte(v, '"'); e >= 0 {
		return v[:e]
	}
	return ""
}

// ChunkPatch compares a region's chunks before and after: when they have
// the same shape (the same keys in the same order, keys unique, the unkeyed
// markup unchanged) it returns the keys whose HTML changed and true; else
// false, and the region must be written whole.
func ChunkPatch(old, cur []Chunk) ([]int, bool) {
	if len(old) != len(cur) || len(old) == 0 {
		return nil, false
	}
	seen := map[string]bool{}
	var changed []int
	for i := range cur {
		if old[i].Key != cur[i].Key {
			return nil, false
		}
		if cur[i].Key == "" {
			if old[i].HTML != cur[i].HTML {
				return nil, false
			}
			continue
		}
		if seen[cur[i].Key] {
			return nil, false
		}
		seen[cur[i].Key] = true
		if old[i].HTML != cur[i].HTML {
			changed = append(changed, i)
		}
	}
	return changed, true
}
