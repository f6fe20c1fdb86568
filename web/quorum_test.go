package web

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func quorumSpec() ClusterSpec {
	spec := DemoCluster(3, 3, 3)
	spec.Live = true
	spec.Quorum = []QuorumNodeSpec{
		{Node: "controller-1", ID: 3000, Up: true, Role: "Follower", Epoch: 3, LeaderID: 3001, EndOffset: 12, HighWatermark: 12},
		{Node: "controller-2", ID: 3001, Up: true, Role: "Leader", Active: true, Epoch: 3, LeaderID: 3001, EndOffset: 12, HighWatermark: 12},
		{Node: "controller-3", ID: 3002, Up: false, Role: "Follower", Epoch: 1, EndOffset: 11, HighWatermark: 7},
	}
	return spec
}

// TestQuorumCards: three controllers draw three cards inside the controller
// box, the active one marked, each with the button its state calls for;
// one controller keeps the single box.
func TestQuorumCards(t *testing.T) {
	vm := LayoutCluster(quorumSpec())
	require.Len(t, vm.Quorum, 3)
	for _, q := range vm.Quorum {
		assert.True(t, q.X >= vm.Controller.X && q.X+q.W <= vm.Controller.X+vm.Controller.W, "%s inside the box", q.Node)
		assert.True(t, q.Y+q.H <= vm.Controller.Y+vm.Controller.H, "%s inside the box", q.Node)
	}
	x, y, ok := vm.anchor("controller-2")
	assert.True(t, ok)
	assert.Equal(t, vm.Quorum[1].X+vm.Quorum[1].W/2, x)
	assert.Equal(t, vm.Quorum[1].Y+vm.Quorum[1].H, y)

	doc := render(t, ClusterDiagram(vm))
	cards := find(doc, "controller-")
	states := map[string]string{}
	for _, c := range cards {
		if attr(c, "data-state") != "" {
			states[attr(c, "data-testid")] = attr(c, "data-state")
		}
	}
	assert.Equal(t, map[string]string{"controller-1": "follower", "controller-2": "active", "controller-3": "down"}, states)
	assert.Equal(t, "controller-crash", attr(find(doc, "controller-2-power")[0], "data-action"))
	assert.Equal(t, "controller-restart", attr(find(doc, "controller-3-power")[0], "data-action"))
	assert.Equal(t, "controller-3", attr(find(doc, "controller-3-power")[0], "data-arg"))
	assert.Contains(t, textOf(find(doc, "controller-2")[0]), "controller-2  ★ active")
	assert.Equal(t, "Leader · epoch 3", textOf(find(doc, "controller-2-role")[0]))

	// The quorum keeps the note on the ZooKeeper ensemble the articles draw,
	// under the cards and inside the box.
	noted := quorumSpec()
	noted.Note = "The articles draw a ZooKeeper ensemble here; Kafka 4 removed ZooKeeper and keeps metadata in this Raft quorum."
	nvm := LayoutCluster(noted)
	assert.Contains(t, textOf(find(render(t, ClusterDiagram(nvm)), "controller")[0]), "The articles draw a ZooKeeper ensemble here")
	for _, q := range nvm.Quorum {
		assert.Less(t, q.Y+q.H, nvm.Controller.Y+nvm.Controller.H-20, "%s leaves room for the note", q.Node)
	}

	zh := render(t, withLang("zh", ClusterDiagram(vm)))
	assert.Equal(t, "领导者 (leader) · epoch 3", textOf(find(zh, "controller-2-role")[0]))
	assert.Contains(t, textOf(find(zh, "controller-3-role")[0]), "日志和投票仍在磁盘上")

	for _, l := range vm.Links {
		assert.NotEqual(t, "controller", l.B, "no broker–controller line with a quorum: %v", l)
	}

	one := quorumSpec()
	one.Quorum = one.Quorum[:1]
	assert.Empty(t, LayoutCluster(one).Quorum, "one controller keeps the single box")
}
