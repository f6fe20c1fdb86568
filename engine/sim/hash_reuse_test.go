package sim_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// StateHashReusing is StateHash when the nodes said to be unchanged are,
// encoding again only the others; a node said to be unchanged that did
// change keeps its old encoding (the caller's promise is what counts).
func TestStateHashReusing(t *testing.T) {
	s := sim.New(sim.Config{Seed: 3})
	for _, id := range []sim.NodeID{"a", "b", "c"} {
		require.NoError(t, s.AddNode(&recorder{id: id}))
	}
	var nc sim.NodeStates
	none := func(sim.NodeID) bool { return false }
	all := func(sim.NodeID) bool { return true }
	assert.Equal(t, s.StateHash(), s.StateHashReusing(&nc, all), "nothing kept yet: every node encoded")
	assert.Equal(t, s.StateHash(), s.StateHashReusing(&nc, all))

	send(t, s, "a", "b", "m")
	s.Step() // the input at a
	s.Step() // the delivery to b: b's state changed
	onlyB := func(n sim.NodeID) bool { return n != "b" && n != "a" }
	assert.Equal(t, s.StateHash(), s.StateHashReusing(&nc, onlyB), "a and b encoded again")

	before := s.StateHashReusing(&nc, none)
	send(t, s, "a", "c", "m2")
	s.Step()
	s.Step()
	assert.NotEqual(t, s.StateHash(), s.StateHashReusing(&nc, all), "c's old encoding: a broken promise gives a wrong hash")
	assert.Equal(t, s.StateHash(), s.StateHashReusing(&nc, none))
	assert.NotEqual(t, before, s.StateHash())

	other := sim.New(sim.Config{Seed: 3})
	require.NoError(t, other.AddNode(&recorder{id: "a"}))
	assert.Equal(t, other.StateHash(), other.StateHashReusing(&nc, all), "another Sim starts from nothing")
}
