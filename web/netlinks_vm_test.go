package web

import (
	"context"
	"strings"
	"testing"
)

func liveSpec(links map[[2]string]LinkDir) ClusterSpec {
	return ClusterSpec{Brokers: []int{1, 2, 3}, Live: true, Controller: "c", NetLinks: links,
		Down: map[int]bool{}, Fenced: map[int]bool{}, Paused: map[int]bool{}}
}

// The live picture has a link per broker pair and per broker and the
// controller, each with its faults; the static pictures have none.
func TestNetLinksLayout(t *testing.T) {
	vm := LayoutCluster(liveSpec(map[[2]string]LinkDir{
		{"broker-1", "broker-2"}: {Cut: true}, {"broker-2", "broker-1"}: {Cut: true},
		{"broker-2", "broker-3"}:   {Cut: true},
		{"broker-3", "controller"}: {SlowMs: 1000}, {"controller", "broker-3"}: {SlowMs: 1000},
	}))
	got := map[string]NetLinkVM{}
	for _, l := range vm.Links {
		got[l.ID()] = l
	}
	want := map[string]string{
		"link-broker-1-broker-2": "cut", "link-broker-2-broker-3": "one-way", "link-broker-1-broker-3": "up",
		"link-broker-1-controller": "up", "link-broker-2-controller": "up", "link-broker-3-controller": "slow",
	}
	if len(got) != len(want) {
		t.Fatalf("links: %v", got)
	}
	for id, state := range want {
		if got[id].State() != state {
			t.Errorf("%s: %s, want %s", id, got[id].State(), state)
		}
	}
	if m := got["link-broker-2-broker-3"].Mark(); m != "✂ b2→b3" {
		t.Errorf("one-way mark %q", m)
	}
	if m := got["link-broker-3-controller"].Mark(); m != "+1 s" {
		t.Errorf("slow mark %q", m)
	}
	if m := got["link-broker-1-broker-2"].Mark(); m != "✂" {
		t.Errorf("cut mark %q", m)
	}
	// Every link stays inside the picture and above the legend.
	for id, l := range got {
		if l.MY <= 0 || l.MY >= vm.LegendY() || l.MX <= 0 || l.MX >= vm.Width {
			t.Errorf("%s mark at %d,%d outside the picture %dx%d", id, l.MX, l.MY, vm.Width, vm.LegendY())
		}
		if !strings.HasPrefix(l.Path, "M") {
			t.Errorf("%s path %q", id, l.Path)
		}
	}
	static := LayoutCluster(ClusterSpec{Brokers: []int{1, 2, 3}, Controller: "c"})
	if len(static.Links) != 0 {
		t.Errorf("a static picture has links: %v", static.Links)
	}
	if static.Height >= vm.Height {
		t.Errorf("the live picture makes room for the links under the panels")
	}
}

func TestLinkCard(t *testing.T) {
	c := LinkCard(NetLinkVM{A: "broker-1", B: "controller", AB: LinkDir{Cut: true}, BA: LinkDir{SlowMs: 200}})
	if !c.Controller || c.State != "one-way" || c.AB.DirText() != "cut" || c.BA.DirText() != "slow +200 ms" {
		t.Errorf("%+v", c)
	}
	if LinkCard(NetLinkVM{A: "broker-1", B: "broker-2"}).Controller {
		t.Error("a broker pair's link carries replication")
	}
	if SlowLabel(0) != "0" || SlowLabel(200) != "200 ms" || SlowLabel(1000) != "1 s" {
		t.Error("slow labels")
	}
}

func TestLinkDirInChinese(t *testing.T) {
	zhCtx := WithLang(context.Background(), "zh")
	if got := dirText(zhCtx, LinkDir{SlowMs: 200}); got != "减慢 +200 ms" {
		t.Errorf("slow: %q", got)
	}
	if got := dirText(zhCtx, LinkDir{Cut: true, SlowMs: 200}); got != "已切断" {
		t.Errorf("cut: %q", got)
	}
	if got := dirText(context.Background(), LinkDir{SlowMs: 1000}); got != "slow +1 s" {
		t.Errorf("English: %q", got)
	}
}
