package checks

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The quorum's checks and question follow a failover: the active
// controller crashes, another wins a higher epoch.
func TestQuorumChecks(t *testing.T) {
	w, err := NewQuorumWorld(3, 3, 7)
	require.NoError(t, err)
	require.NoError(t, w.Run("run idle\n"))
	check := func(name string, p Params) Result {
		t.Helper()
		spec, ok := Lookup(name)
		require.True(t, ok, name)
		return spec.Eval(w, p)
	}
	ask, err := NewAsk("active_controller", nil)
	require.NoError(t, err)
	old, err := ask.Eval(w)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(old, "controller-"), old)
	q, _ := w.C.ActiveController()
	epoch := int64(q.Epoch)

	r := check("controller_active", Params{"node": old})
	require.True(t, r.Met, r.Why.EN)
	r = check("controller_active", Params{"min_epoch": epoch + 1})
	require.False(t, r.Met, r.Why.EN)
	require.Contains(t, r.Why.EN, "needs epoch "+strconv.FormatInt(epoch+1, 10))
	r = check("controller_down", Params{"node": old})
	require.False(t, r.Met, r.Why.EN)
	require.Equal(t, old+" is still up", r.Why.EN)

	require.NoError(t, w.Run("crash "+old+"\nrun 10s\n"))
	r = check("controller_down", Params{"node": old})
	require.True(t, r.Met, r.Why.EN)
	r = check("controller_down", Params{"node": old, "down": false})
	require.False(t, r.Met, r.Why.EN)
	r = check("controller_active", Params{"node": old})
	require.False(t, r.Met, r.Why.EN)
	r = check("controller_active", Params{"min_epoch": epoch + 1})
	require.True(t, r.Met, r.Why.EN)
	now, err := ask.Eval(w)
	require.NoError(t, err)
	require.NotEqual(t, old, now)
	require.Contains(t, r.Why.ZH, now)
	r = check("controller_down", Params{"node": "controller-9"})
	require.False(t, r.Met)
	require.Equal(t, "there is no controller controller-9", r.Why.EN)

	// With one controller, it is "controller".
	one, err := NewWorld(3, 7)
	require.NoError(t, err)
	ans, err := ask.Eval(one)
	require.NoError(t, err)
	require.Equal(t, "controller", ans)
}
