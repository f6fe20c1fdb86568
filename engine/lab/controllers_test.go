package lab

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// activeController returns the active controller's node and epoch.
func activeController(t *testing.T, s *Session) (string, int32) {
	t.Helper()
	if q, ok := s.Cluster().ActiveController(); ok {
		return string(q.Node), q.Epoch
	}
	return "", -1
}

// stepUntilAnotherLeads steps s until a controller other than old is
// active (at most 20,000 steps) and returns it and its epoch.
func stepUntilAnotherLeads(t *testing.T, s *Session, old string) (string, int32) {
	t.Helper()
	for range 20_000 {
		if now, epoch := activeController(t, s); now != "" && now != old {
			return now, epoch
		}
		_, err := s.Step()
		require.NoError(t, err)
	}
	return activeController(t, s)
}

// TestControllerFailover: a 3-controller lab crashes its active controller;
// stepping on, another is elected with a higher epoch; going back and a
// share link replay it exactly.
func TestControllerFailover(t *testing.T) {
	s, err := New(Config{Seed: DefaultSeed, Controllers: 3})
	require.NoError(t, err)
	require.Len(t, s.Cluster().Quorum(), 3)
	old, epoch := activeController(t, s)
	require.NotEmpty(t, old, "an active controller after setup")

	require.NoError(t, s.ControllerFault(InputCrashController, old))
	assert.ErrorContains(t, s.ControllerFault(InputCrashController, old), "already down")
	now, newEpoch := stepUntilAnotherLeads(t, s, old)
	require.NotEqual(t, old, now, "another controller took over")
	assert.Greater(t, newEpoch, epoch, "with a higher epoch")
	require.NoError(t, s.ControllerFault(InputRestartController, old))
	_, err = s.StepN(500)
	require.NoError(t, err)
	code, shared := requireReplays(t, s)
	assert.Regexp(t, `^v2\.`, code, "a 3-controller lab needs version 2")
	assert.Equal(t, 3, shared.Controllers())
}

func TestControllerFaultErrors(t *testing.T) {
	one, err := New(Config{Seed: DefaultSeed})
	require.NoError(t, err)
	assert.Equal(t, cluster.DefaultControllers, one.Controllers())
	assert.ErrorContains(t, one.ControllerFault(InputCrashController, "controller"), "one controller")
	_, err = New(Config{Seed: DefaultSeed, Controllers: 5})
	assert.ErrorContains(t, err, "1 or 3")

	s, err := New(Config{Seed: DefaultSeed, Controllers: 3})
	require.NoError(t, err)
	assert.ErrorContains(t, s.ControllerFault(InputCrashController, "controller-4"), "no controller")
	assert.ErrorContains(t, s.ControllerFault(InputRestartController, "controller-1"), "running")
	assert.ErrorContains(t, s.ControllerFault(InputCrashBroker, "controller-1"), "not a controller fault")
	assert.Empty(t, s.Inputs(), "a refused fault is not recorded")

	// A share code may only name a controller its quorum has.
	sh := s.Share()
	sh.Inputs = []Input{{Kind: InputCrashController, Controller: "controller-1"}}
	sh.Controllers = 1
	_, err = EncodeShare(sh)
	assert.Error(t, err)
}

func TestSetControllers(t *testing.T) {
	s, err := New(Config{Seed: DefaultSeed})
	require.NoError(t, err)
	_, err = s.StepN(10)
	require.NoError(t, err)
	require.NoError(t, s.SetControllers(3))
	assert.Equal(t, 3, s.Controllers())
	assert.Len(t, s.Cluster().Quorum(), 3)
	assert.Zero(t, s.Pos(), "a fresh lab")
	fresh, err := New(Config{Seed: DefaultSeed, Controllers: 3})
	require.NoError(t, err)
	assert.Equal(t, fresh.StateHash(), s.StateHash())
	assert.Error(t, s.SetControllers(2))
	assert.Equal(t, 3, s.Controllers())
}

// TestQuorumLinks: with 3 controllers the links the picture draws join
// brokers and controller-N nodes, and two controllers; cutting the active
// controller off from the other two makes them elect a new leader with a
// higher epoch, the brokers turn to it, and going back and a share link
// replay it exactly.
func TestQuorumLinks(t *testing.T) {
	s, err := New(Config{Seed: DefaultSeed, Controllers: 3})
	require.NoError(t, err)
	for _, l := range [][2]string{{"controller", "broker-1"}, {"controller-4", "broker-1"}, {"controller-0", "controller-1"}, {"controller-2", "controller-2"}} {
		assert.Error(t, s.CutLink(l[0], l[1], false), "%v", l)
	}
	assert.ErrorContains(t, s.CutLink("controller", "broker-1", false), "controller-1 to controller-3")
	require.Empty(t, s.Inputs())

	old, epoch := activeController(t, s)
	require.NotEmpty(t, old)
	for _, b := range s.Cluster().Snapshot().Brokers {
		require.Equal(t, old, string(b.Controller), "broker %d sends to the active controller", b.ID)
	}
	for _, n := range s.Cluster().ControllerNodes() {
		if string(n) != old {
			require.NoError(t, s.CutLink(old, string(n), false))
		}
	}
	now, newEpoch := stepUntilAnotherLeads(t, s, old)
	t.Logf("%s (epoch %d) cut off; %s leads in epoch %d at step %d", old, epoch, now, newEpoch, s.Pos())
	require.NotEqual(t, old, now, "the two cut off from the leader elected another")
	assert.Greater(t, newEpoch, epoch)
	moved := func() bool {
		for _, b := range s.Cluster().Snapshot().Brokers {
			if string(b.Controller) != now {
				return false
			}
		}
		return true
	}
	for i := 0; i < 20_000 && !moved(); i++ {
		_, err := s.Step()
		require.NoError(t, err)
	}
	require.True(t, moved(), "every broker turned to the new active controller")

	// Healed, the quorum settles on one leader again: without pre-vote the
	// cut-off controller's higher epoch forces one more election.
	var cutEpoch int32
	for _, q := range s.Cluster().Quorum() {
		cutEpoch = max(cutEpoch, q.Epoch)
	}
	for _, n := range s.Cluster().ControllerNodes() {
		if string(n) != old {
			require.NoError(t, s.HealLink(old, string(n), false))
		}
	}
	_, err = s.StepN(5000)
	require.NoError(t, err)
	leader, healed := activeController(t, s)
	require.NotEmpty(t, leader)
	assert.GreaterOrEqual(t, healed, cutEpoch, "no epoch goes back")
	for _, q := range s.Cluster().Quorum() {
		assert.Equal(t, healed, q.Epoch, "%s is in the leader's epoch", q.Node)
		assert.Equal(t, q.Node == sim.NodeID(leader), q.Active)
	}

	requireReplays(t, s)
}

// requireReplays checks that going back to the start and forward again,
// and s's share link, reach s's state exactly; it returns the code and the
// shared session.
func requireReplays(t *testing.T, s *Session) (string, *Session) {
	t.Helper()
	hash, end := s.StateHash(), s.Pos()
	require.NoError(t, s.GoTo(0))
	require.NoError(t, s.GoTo(end))
	assert.Equal(t, hash, s.StateHash(), "back and forward again")
	code, err := s.ShareCode()
	require.NoError(t, err)
	shared, err := FromShare(Config{}, code)
	require.NoError(t, err)
	assert.Equal(t, hash, shared.StateHash(), "the share link")
	return code, shared
}
