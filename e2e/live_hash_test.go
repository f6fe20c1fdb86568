//go:build e2e

package e2e

import (
	"fmt"
	"testing"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/stretchr/testify/require"
)

// TestLiveSameHashesAsNative runs the same seed and inputs natively (here,
// in the test process, built from the same tree as the wasm) and in the
// browser, and compares the state hash after every step.
func TestLiveSameHashesAsNative(t *testing.T) {
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	require.NoError(t, err)
	var native []string
	record := func() { native = append(native, s.StateHash().String()) }
	_, err = s.Produce(lab.ProduceRequest{Topic: "order_events", Key: "user-2", Value: "v", Acks: "all"})
	require.NoError(t, err)
	for range 40 {
		_, err := s.Step()
		require.NoError(t, err)
		record()
	}
	require.NoError(t, s.StopBroker(2))
	native[len(native)-1] = s.StateHash().String()
	for range 200 {
		_, err := s.Step()
		require.NoError(t, err)
		record()
	}

	tb := newTab(t)
	tb.open(t, "/lab")
	tb.waitReady(t)
	browser := eval[[]string](t, tb, `(() => {
	  const lab = document.getElementById("lab"), out = [];
	  const r = kafkalab.act("produce", new URLSearchParams({topic: "order_events", key: "user-2", value: "v", acks: "all"}).toString());
	  if (!r.ok) throw new Error(r.error);
	  for (let i = 0; i < 40; i++) { kafkalab.act("step"); out.push(lab.dataset.stateHash); }
	  kafkalab.act("broker-stop", "2"); out[out.length - 1] = lab.dataset.stateHash;
	  for (let i = 0; i < 200; i++) { kafkalab.act("step"); out.push(lab.dataset.stateHash); }
	  return out;
	})()`)
	require.Len(t, browser, len(native))
	for i := range native {
		require.Equal(t, native[i], browser[i], fmt.Sprintf("state hash after step %d", i+1))
	}
	tb.requireNoProblems(t)
}
