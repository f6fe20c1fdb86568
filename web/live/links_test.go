package live

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/web"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The picture's links show the session's cut and slow links; a selected
// link has its card; a follower's card knows the delay to its leader; a
// message in flight carries its id.
func TestLinksFollowTheSession(t *testing.T) {
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	require.NoError(t, err)
	require.NoError(t, s.CutLink("broker-2", "broker-1", true))
	require.NoError(t, s.SlowLink("broker-1", "broker-3", 200, false))
	var b Builder
	vm := b.Build(s, UI{Selected: web.LinkID("broker-1", "broker-2")})
	assert.Equal(t, "slow broker-3 → broker-1 by 200 ms", vm.Status.Event, "the status says what the last action did")
	states := map[string]string{}
	for _, l := range vm.Cluster.Links {
		states[l.ID()] = l.State()
	}
	assert.Equal(t, "one-way", states["link-broker-1-broker-2"])
	assert.Equal(t, "slow", states["link-broker-1-broker-3"])
	assert.Equal(t, "up", states["link-broker-2-broker-3"])
	assert.Equal(t, "up", states["link-broker-1-controller"])
	require.NotNil(t, vm.Link)
	assert.Equal(t, "up", vm.Link.AB.DirText())
	assert.Equal(t, "cut", vm.Link.BA.DirText())

	// order_events-2 is led by broker 3; its follower on broker 1 is slow.
	vm = b.Build(s, UI{Selected: "replica-order_events-2-b1"})
	require.NotNil(t, vm.Details)
	assert.Equal(t, int64(200), vm.Details.SlowMs)
	assert.Nil(t, vm.Link)

	_, err = s.Produce(lab.ProduceRequest{Topic: lab.DefaultTopic, Key: "k", Value: "v", Acks: "all"})
	require.NoError(t, err)
	var drop uint64
	for range 20 {
		_, err = s.Step()
		require.NoError(t, err)
		for _, f := range b.Build(s, UI{}).Cluster.Flights {
			require.True(t, s.Cluster().Sim().InFlight(simID(f.Msg)), "flight %d is on the wire", f.Msg)
			if f.API == "Produce" {
				drop = f.Msg
			}
		}
		if drop != 0 {
			break
		}
	}
	require.NotZero(t, drop, "the ProduceRequest was on the wire")
	require.NoError(t, s.DropMessage(drop))
	vm = b.Build(s, UI{})
	assert.Contains(t, vm.Status.Event, "dropped in flight (producer-1 → broker-")
	assert.Contains(t, vm.Status.Event, "ProduceRequest")
	for _, f := range vm.Cluster.Flights {
		assert.NotEqual(t, drop, f.Msg, "no longer drawn in flight")
	}
	_, err = s.Step()
	require.NoError(t, err)
	assert.NotContains(t, b.Build(s, UI{}).Status.Event, "dropped in flight", "the next step shows its own event")
}

func simID(id uint64) sim.MessageID { return sim.MessageID(id) }
