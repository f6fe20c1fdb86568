package live

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/kafkalab/kafkalab/web"
)

// A StageCache draws the stage (web.LiveStage) reusing the markup of every
// broker whose view model did not change since the last frame. At 12
// brokers × 200 partitions the picture holds 600 replica boxes, and a step
// changes one or two brokers (a fetch answered, a high watermark moved):
// rendering the others again cost most of a frame.
//
// It renders web.LiveStage once with the unchanged brokers' replicas left
// out, and the network links replaced by one blank link when they did not
// change either (78 links at 12 brokers, which change only when a learner
// cuts, slows or selects one), then puts their markup from the last frame
// back in place (SVGChunks). The result is byte for byte web.LiveStage's
// (TestStageCacheDrawsWhatLiveStageDraws). The zero StageCache is ready.
//
// It relies on two properties of web.ClusterDiagram: a broker's group (the
// <g data-testid="broker-N"> element) is drawn from that broker's BrokerVM
// and the language alone, and the links' group (<g data-testid="netlinks">)
// from ClusterVM.Links and the language alone. Markup inside them that
// reads anything else of the ClusterVM would be reused stale; draw such
// things outside these groups (as the flights and consumer links are), or
// add them to BrokerVM or NetLinkVM.
type StageCache struct {
	lang    string
	brokers map[int]cachedBroker
	chunks  []Chunk // what the last render wrote, split (Chunks)
	size    int     // the last reduced stage's length, to size the next
	// links and linksHTML are the last frame's network links and their
	// group's markup ("" when none was drawn).
	links     []web.NetLinkVM
	linksHTML string
}

// linksKey is the test id of the network links' group.
const linksKey = "netlinks"

type cachedBroker struct {
	vm   web.BrokerVM
	html string
}

// Draws reports whether Stage draws vm's stage through the cache (the
// cluster tab) rather than as web.LiveStage (the storage and groups tabs).
func (sc *StageCache) Draws(vm web.LiveVM) bool { return vm.Tab != "storage" && vm.Tab != "groups" }

// Stage returns the stage of vm as a component.
func (sc *StageCache) Stage(vm web.LiveVM) templ.Component {
	sc.chunks = nil
	if !sc.Draws(vm) {
		return web.LiveStage(vm)
	}
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return sc.render(ctx, w, vm)
	})
}

func (sc *StageCache) render(ctx context.Context, w io.Writer, vm web.LiveVM) error {
	if lang := web.LangOf(ctx); lang != sc.lang || sc.brokers == nil {
		sc.lang, sc.brokers, sc.linksHTML = lang, map[int]cachedBroker{}, ""
	}
	reuseLinks := len(vm.Cluster.Links) > 0 && sc.linksHTML != "" && slices.Equal(sc.links, vm.Cluster.Links)
	reuse := map[int]string{}
	brokers := slices.Clone(vm.Cluster.Brokers)
	for i, b := range brokers {
		if c, ok := sc.brokers[b.ID]; ok && sameBroker(c.vm, b) {
			reuse[b.ID] = c.html
			brokers[i].Replicas = nil // drawn from the cache
		}
	}
	reduced := vm
	reduced.Cluster.Brokers = brokers
	if reuseLinks {
		reduced.Cluster.Links = []web.NetLinkVM{{}} // keeps the group in its place, drawn from the cache
	}
	var sb strings.Builder
	sb.Grow(sc.size + 1024) // no doubling through a 100 KB picture
	if err := web.LiveStage(reduced).Render(ctx, &sb); err != nil {
		return err
	}
	sc.size = sb.Len()
	chunks, ok := SVGChunks(sb.String())
	if !ok {
		sc.brokers, sc.chunks, sc.linksHTML = nil, nil, ""
		return web.LiveStage(vm).Render(ctx, w)
	}
	byKey := map[string]web.BrokerVM{}
	for _, b := range vm.Cluster.Brokers {
		byKey["broker-"+itoa(b.ID)] = b
	}
	next := make(map[int]cachedBroker, len(vm.Cluster.Brokers))
	linksHTML := ""
	for i, c := range chunks {
		if b, ok := byKey[c.Key]; ok {
			if old, ok := reuse[b.ID]; ok {
				chunks[i].HTML = old
			}
			next[b.ID] = cachedBroker{vm: b, html: chunks[i].HTML}
		}
		if c.Key == linksKey && len(vm.Cluster.Links) > 0 {
			if reuseLinks {
				chunks[i].HTML = sc.linksHTML
			}
			linksHTML = chunks[i].HTML
		}
	}
	if reuseLinks && linksHTML == "" { // the links' group is not where the cache expects it
		sc.brokers, sc.chunks, sc.linksHTML = nil, nil, ""
		return web.LiveStage(vm).Render(ctx, w)
	}
	sc.brokers, sc.chunks = next, chunks
	sc.links, sc.linksHTML = slices.Clone(vm.Cluster.Links), linksHTML
	for _, c := range chunks {
		if _, err := io.WriteString(w, c.HTML); err != nil {
			sc.brokers, sc.chunks, sc.linksHTML = nil, nil, ""
			return err
		}
	}
	return nil
}

// Chunks returns what the stage last rendered by the cache wrote, split as
// SVGChunks splits it, and true; false when the last stage was not drawn
// by the cache (another tab, a picture it could not split). The wasm
// compares them with the last frame's instead of splitting both pictures
// again (200 KB each at 12 brokers × 200 partitions).
func (sc *StageCache) Chunks() ([]Chunk, bool) { return sc.chunks, sc.chunks != nil }

// sameBroker reports whether two brokers draw the same: every field of
// the view model (TestSameBrokerComparesEveryField fails when one added
// later is not compared). The replicas are plain values compared with ==;
// reflect's DeepEqual did the same at ten times the cost.
func sameBroker(a, b web.BrokerVM) bool {
	return a.BoxVM == b.BoxVM && a.ID == b.ID && a.Down == b.Down && a.Fenced == b.Fenced && a.Paused == b.Paused &&
		a.Live == b.Live && a.Selected == b.Selected && slices.Equal(a.Replicas, b.Replicas)
}

func itoa(n int) string { return strconv.Itoa(n) }
