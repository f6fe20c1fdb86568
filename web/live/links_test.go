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
	for range 20 {
		_, err = s.Step()
		require.NoError(t, err)
		for _, f := range b.Build(s, UI{}).Cluster.Flights {
			require.True(t, s.Cluster().Sim().InFlight(simID(f.Msg)), "flight %d is on the wire", f.Msg)
		}
	}
}

func simID(id uint64) sim.MessageID { return sim.MessageID(id) }
