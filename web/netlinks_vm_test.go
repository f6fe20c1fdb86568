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

// With a quorum, every two controllers are joined; each broker draws its
// link to the controller it sends to, and a link to another controller
// only while it is impaired or selected; nothing is drawn to a node
// called "controller".
func TestQuorumLinksLayout(t *testing.T) {
	spec := liveSpec(map[[2]string]LinkDir{{"broker-1", "controller-3"}: {Cut: true}, {"controller-3", "controller-1"}: {SlowMs: 200}})
	for k := 1; k <= 3; k++ {
		spec.Quorum = append(spec.Quorum, QuorumNodeSpec{Node: "controller-" + itoa(k), Up: true, Role: "Follower"})
	}
	spec.Routes = []string{"controller-2", "controller-2", "controller-2"}
	spec.Selected = "link-broker-2-controller-1"
	vm := LayoutCluster(spec)
	got := map[string]NetLinkVM{}
	for _, l := range vm.Links {
		got[l.ID()] = l
	}
	want := []string{
		"link-controller-1-controller-2", "link-controller-2-controller-3", "link-controller-1-controller-3",
		"link-broker-1-controller-2", "link-broker-2-controller-2", "link-broker-3-controller-2",
		"link-broker-1-controller-3", "link-broker-2-controller-1",
		"link-broker-1-broker-2", "link-broker-2-broker-3", "link-broker-1-broker-3",
	}
	if len(got) != len(want) {
		t.Fatalf("%d links, want %d: %v", len(got), len(want), vm.Links)
	}
	for _, id := range want {
		if _, ok := got[id]; !ok {
			t.Errorf("no %s", id)
		}
	}
	if s := got["link-broker-1-controller-3"].Mark(); s != "✂ b1→c3" {
		t.Errorf("one-way mark %q", s)
	}
	if s := got["link-controller-1-controller-3"].State(); s != "slow" {
		t.Errorf("controller-1 ⇄ controller-3 is %s", s)
	}
	box := vm.Controller
	for _, id := range want[:3] {
		l := got[id]
		if l.MY <= vm.Quorum[0].Y+vm.Quorum[0].H || l.MY >= box.Y+box.H || l.MX <= box.X || l.MX >= box.X+box.W {
			t.Errorf("%s: mark at %d,%d, not in the band under the cards of %+v", id, l.MX, l.MY, box)
		}
	}
	for _, id := range want[3:8] {
		l := got[id]
		if l.MY <= box.Y+box.H || l.MY >= vm.Brokers[0].Y {
			t.Errorf("%s: mark at y %d, not between the box (%d) and the panels (%d)", id, l.MY, box.Y+box.H, vm.Brokers[0].Y)
		}
	}
	// The cards' neighbours are apart enough to click the line between them.
	if gap := vm.Quorum[1].X - (vm.Quorum[0].X + vm.Quorum[0].W); gap < 20 {
		t.Errorf("gap between cards %d px", gap)
	}
	raft := LinkCard(got["link-controller-1-controller-2"])
	if !raft.Raft || raft.Controller {
		t.Errorf("controllers' link card %+v", raft)
	}
	if c := LinkCard(got["link-broker-1-controller-2"]); !c.Controller || c.Raft {
		t.Errorf("broker–controller link card %+v", c)
	}
	en := context.Background()
	if !strings.Contains(linkNote(en, raft), "controller.quorum.fetch.timeout.ms") ||
		!strings.Contains(linkNote(en, LinkCard(got["link-broker-1-controller-2"])), "active controller") ||
		!strings.Contains(linkNote(en, LinkCard(NetLinkVM{A: "broker-1", B: "controller"})), "the controller fences") {
		t.Error("link notes")
	}
}
