//go:build js && wasm

package main

import (
	"fmt"
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
	var sb strings.Builder
	for id, c := range regions {
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
	if !ok {
		return false
	}
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
