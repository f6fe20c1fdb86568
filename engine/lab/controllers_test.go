package lab

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/cluster"
)

// activeController returns the active controller's node and epoch.
func activeController(t *testing.T, s *Session) (string, int32) {
	t.Helper()
	for _, q := range s.Cluster().Quorum() {
		if q.Up && q.Active {
			return string(q.Node), q.Epoch
		}
	}
	return "", -1
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
	var now string
	var newEpoch int32
	for range 20_000 {
		if now, newEpoch = activeController(t, s); now != "" && now != old {
			break
		}
		_, err := s.Step()
		require.NoError(t, err)
	}
	require.NotEqual(t, old, now, "another controller took over")
	assert.Greater(t, newEpoch, epoch, "with a higher epoch")
	require.NoError(t, s.ControllerFault(InputRestartController, old))
	_, err = s.StepN(500)
	require.NoError(t, err)
	hash, end := s.StateHash(), s.Pos()

	require.NoError(t, s.GoTo(0))
	require.NoError(t, s.GoTo(end))
	assert.Equal(t, hash, s.StateHash())

	code, err := s.ShareCode()
	require.NoError(t, err)
	assert.Regexp(t, `^v2\.`, code, "a 3-controller lab needs version 2")
	shared, err := FromShare(Config{}, code)
	require.NoError(t, err)
	assert.Equal(t, 3, shared.Controllers())
	assert.Equal(t, hash, shared.StateHash())
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
