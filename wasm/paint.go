//go:build js && wasm

package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/a-h/templ"
	"github.com/kafkalab/kafkalab/web"
	"github.com/kafkalab/kafkalab/web/live"
)

// paintProf adds up where paint's time goes, for kafkalab.debug.measure.
type paintProf struct {
	build, render, dom float64 // ms
	writes, skipped    int
	patches            int // children of the picture redrawn alone
}

// stageOf is the stage's component: drawn with the brokers' cache, unless
// a measurement asks for the whole picture every time.
func (l *liveLab) stageOf(vm web.LiveVM) templ.Component {
	l.stageCached = !l.redrawAll && l.stage.Draws(vm)
	if l.redrawAll {
		return web.LiveStage(vm)
	}
	return l.stage.Stage(vm)
}

// paintRegions renders each region and writes the ones whose HTML changed,
// each with one innerHTML: an unchanged region (the sequence while the
// cluster only heartbeats, a details card, the diagram of a quiet cluster)
// costs its render but no DOM parse, layout or style work.
func (l *liveLab) paintRegions(regions map[string]templ.Component) error {
	if l.drawn == nil {
		l.drawn = map[string]string{}
		l.stageChunks = nil
	}
	t0 := l.now()
	html := make(map[string]string, len(regions))
	var stage []live.Chunk // the stage as the cache drew it, never joined into one 200 KB string unless written whole
	var sb strings.Builder
	for id, c := range regions {
		if id == "lab-stage" && l.stageCached {
			if err := c.Render(renderCtx, io.Discard); err != nil {
				return fmt.Errorf("kafkalab: render %s: %w", id, err)
			}
			if ch, ok := l.stage.Chunks(); ok {
				stage = ch
				continue
			}
		}
		sb.Reset()
		sb.Grow(len(l.drawn[id]) + 1024) // about last frame's size: no regrowing a 200 KB picture
		if err := c.Render(renderCtx, &sb); err != nil {
			return fmt.Errorf("kafkalab: render %s: %w", id, err)
		}
		html[id] = sb.String()
	}
	t1 := l.now()
	if l.redrawAll {
		clear(l.drawn)
	}
	if stage != nil {
		if err := l.writeStage(stage); err != nil {
			return err
		}
	}
	for id, h := range html {
		old, had := l.drawn[id]
		if had && old == h {
			l.prof.skipped++
			continue
		}
		l.drawn[id] = h
		if id == "lab-stage" {
			was := l.stageChunks
			l.stageChunks = l.chunksOf(h)
			if had && l.patchChildren(id, old, was, l.stageChunks) {
				continue
			}
		}
		if err := l.regions[id].Set("innerHTML", h); err != nil {
			return fmt.Errorf("kafkalab: draw %s: %w", id, err)
		}
		l.prof.writes++
	}
	l.prof.render += t1 - t0
	l.prof.dom += l.now() - t1
	return nil
}

// writeStage puts the stage drawn by the cache, split as now, on the page:
// nothing when no chunk changed, the changed elements when the picture kept
// its shape, else the whole region. l.drawn holds "" for it then: its
// markup is l.stageChunks.
func (l *liveLab) writeStage(now []live.Chunk) error {
	const id = "lab-stage"
	if _, had := l.drawn[id]; had && l.stageChunks != nil {
		if patches, ok := live.StagePatches(l.stageChunks, now); ok {
			if len(patches) == 0 {
				l.stageChunks = now
				l.prof.skipped++
				return nil
			}
			if l.applyPatches(id, patches) {
				l.stageChunks = now
				return nil
			}
		}
	}
	n := 0
	for _, c := range now {
		n += len(c.HTML)
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, c := range now {
		sb.WriteString(c.HTML)
	}
	l.drawn[id], l.stageChunks = "", now
	if err := l.regions[id].Set("innerHTML", sb.String()); err != nil {
		return fmt.Errorf("kafkalab: draw %s: %w", id, err)
	}
	l.prof.writes++
	return nil
}

// chunksOf returns the stage's HTML h split into chunks: the stage
// cache's own split when it drew h, else live.SVGChunks(h); nil when h does
// not split.
func (l *liveLab) chunksOf(h string) []live.Chunk {
	if l.redrawAll {
		return nil // every region is written whole
	}
	if c, ok := l.stage.Chunks(); ok {
		n := 0
		for _, x := range c {
			n += len(x.HTML)
		}
		if n == len(h) { // the cache drew h (its chunks concatenate to what it wrote)
			return c
		}
	}
	c, _ := live.SVGChunks(h)
	return c
}

// patchChildren redraws only the children of the region's picture that
// changed (live.SVGChunks), or only their children that changed (a
// broker's replicas: live.StagePatches), each with one outerHTML; it
// reports false when the picture changed shape and the region must be
// written whole. was and
// now are old and cur split (nil: not known or not splittable).
func (l *liveLab) patchChildren(id, old string, was, now []live.Chunk) bool {
	if was == nil {
		was, _ = live.SVGChunks(old)
	}
	if was == nil || now == nil {
		return false
	}
	patches, ok := live.StagePatches(was, now)
	return ok && l.applyPatches(id, patches)
}

// applyPatches replaces each patched element of region id with one
// outerHTML; false when one is not on the page (the region must then be
// written whole).
func (l *liveLab) applyPatches(id string, patches []live.Patch) bool {
	region := l.regions[id]
	for _, p := range patches {
		el, err := region.Call("querySelector", p.Selector())
		if err != nil || el.IsNull() || el.IsUndefined() {
			return false
		}
		if err := el.Set("outerHTML", p.HTML); err != nil {
			return false
		}
		l.prof.patches++
	}
	return true
}
