//go:build js && wasm

package main

import (
	"strconv"
	"testing"

	"github.com/hack-pad/safejs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/lab"
)

// fakeDOM installs a minimal document in node (which has none) with the two
// elements the lab page provides, and returns them by id.
const fakeDOM = `
	const els = {};
	function el(id) {
		return { id, attrs: {}, innerHTML: "", textContent: "", hidden: true,
			setAttribute(k, v) { this.attrs[k] = String(v); },
			getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; } };
	}
	for (const id of ids) els[id] = el(id);
	globalThis.document = { getElementById(id) { return els[id] || (id.startsWith("lab-") && els.lab ? (els[id] = el(id)) : null); } };
	delete globalThis.kafkalab;
	delete globalThis.kafkalabShowError;
	return els;`

func installDOM(t *testing.T, ids ...string) safejs.Value {
	t.Helper()
	g := safejs.Global()
	fn, err := g.Get("Function")
	require.NoError(t, err)
	mk, err := fn.New("ids", fakeDOM)
	require.NoError(t, err)
	jsIDs := make([]any, len(ids))
	for i, id := range ids {
		jsIDs[i] = id
	}
	els, err := mk.Invoke(jsIDs)
	require.NoError(t, err)
	t.Cleanup(func() { _ = g.Delete("document") })
	return els
}

func prop(t *testing.T, v safejs.Value, path ...string) safejs.Value {
	t.Helper()
	for _, p := range path {
		var err error
		v, err = v.Get(p)
		require.NoError(t, err, "get %s", p)
	}
	return v
}

func str(t *testing.T, v safejs.Value, path ...string) string {
	t.Helper()
	s, err := prop(t, v, path...).String()
	require.NoError(t, err)
	return s
}

func TestBootDrawsTheClusterAndMarksReady(t *testing.T) {
	els := installDOM(t, mountID, bannerID)
	_, err := boot(safejs.Global())
	require.NoError(t, err)

	assert.Equal(t, "true", str(t, els, mountID, "attrs", "data-lab-ready"))
	html := str(t, els, mountID, "innerHTML")
	assert.Contains(t, html, `data-testid="cluster-diagram"`)
	assert.Contains(t, html, `data-brokers="3"`)
	assert.Contains(t, html, `data-drawn-by="wasm"`)
	assert.Contains(t, html, `fill="#2E86C1"`, "leaders are blue")
	assert.Contains(t, html, `stroke-dasharray="5 5"`, "followers are dashed")
	hidden, err := prop(t, els, bannerID, "hidden").Bool()
	require.NoError(t, err)
	assert.True(t, hidden, "no error on a good boot")
}

func TestBootWithoutMountIsAnError(t *testing.T) {
	installDOM(t, bannerID)
	_, err := boot(safejs.Global())
	require.Error(t, err)
	assert.Contains(t, err.Error(), `no element with id "lab"`)
}

func callAPI(t *testing.T, path []string, args ...any) safejs.Value {
	t.Helper()
	obj := prop(t, safejs.Global(), "kafkalab")
	for _, p := range path[:len(path)-1] {
		obj = prop(t, obj, p)
	}
	res, err := obj.Call(path[len(path)-1], args...)
	require.NoError(t, err)
	return res
}

func TestBadInputAtTheBoundaryShowsTheBanner(t *testing.T) {
	els := installDOM(t, mountID, bannerID)
	_, err := boot(safejs.Global())
	require.NoError(t, err)
	before := str(t, els, mountID, "innerHTML")

	for _, tc := range []struct {
		args []any
		want string
	}{
		{[]any{"no-such-action", ""}, `kafkalab.act: unknown action "no-such-action"`},
		{nil, "kafkalab.act: act expects an action name"},
	} {
		res := callAPI(t, []string{"act"}, tc.args...)
		ok, err := prop(t, res, "ok").Bool()
		require.NoError(t, err)
		assert.False(t, ok, "%v", tc.args)
		assert.Contains(t, str(t, res, "error"), tc.want)
		assert.Contains(t, str(t, els, bannerID, "textContent"), tc.want)
		hidden, err := prop(t, els, bannerID, "hidden").Bool()
		require.NoError(t, err)
		assert.False(t, hidden, "banner shown for %v", tc.args)
	}
	// Bad input changes nothing the learner sees.
	assert.Equal(t, before, str(t, els, mountID, "innerHTML"))
	assert.Equal(t, "true", str(t, els, mountID, "attrs", "data-lab-ready"))
}

func TestProduceFormIsAURLQuery(t *testing.T) {
	f, err := parseForm("topic=order_events&key=user%201&value=a%26b&partition=&acks=-1&nullKey=false")
	require.NoError(t, err)
	assert.Equal(t, produceForm{Topic: "order_events", Key: "user 1", Value: "a&b", Acks: "-1"}, f)
	f, err = parseForm("nullKey=true")
	require.NoError(t, err)
	assert.True(t, f.NullKey)
	_, err = parseForm("topic=%zz")
	assert.ErrorContains(t, err, "produce: bad form")
}

func TestPanicInCallbackReachesTheBannerAndRuntimeSurvives(t *testing.T) {
	els := installDOM(t, mountID, bannerID)
	_, err := boot(safejs.Global())
	require.NoError(t, err)

	res := callAPI(t, []string{"debug", "panic"}, "boom from a test")
	assert.Contains(t, str(t, res, "error"), "kafkalab.panic: panic: boom from a test")
	assert.Contains(t, str(t, els, bannerID, "textContent"), "boom from a test")

	// The runtime still handles calls after the recovered panic.
	res = callAPI(t, []string{"act"}, "step", "")
	ok, err := prop(t, res, "ok").Bool()
	require.NoError(t, err)
	assert.True(t, ok)
}

func TestBannerPrefersThePageGlue(t *testing.T) {
	installDOM(t, mountID, bannerID)
	g := safejs.Global()
	fn, err := g.Get("Function")
	require.NoError(t, err)
	show, err := fn.New("msg", "globalThis.shown = msg;")
	require.NoError(t, err)
	require.NoError(t, g.Set("kafkalabShowError", show))
	t.Cleanup(func() { _ = g.Delete("kafkalabShowError"); _ = g.Delete("shown") })

	reportError(g, assert.AnError)
	assert.Equal(t, assert.AnError.Error(), str(t, g, "shown"))
}

// TestTimeTravelWithoutFrames: back, goto and a step onto a command work
// where there are no animation frames to slice them across (node): at once,
// to the state a native session reaches.
func TestTimeTravelWithoutFrames(t *testing.T) {
	els := installDOM(t, mountID, bannerID)
	_, err := boot(safejs.Global())
	require.NoError(t, err)
	act := func(args ...any) {
		t.Helper()
		res := callAPI(t, []string{"act"}, args...)
		ok, err := prop(t, res, "ok").Bool()
		require.NoError(t, err)
		require.True(t, ok, "%v", args)
	}
	native, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	require.NoError(t, err)
	_, err = native.StepN(40)
	require.NoError(t, err)
	const script = "kafka-topics.sh --bootstrap-server localhost:9092 --list"
	_, err = native.Command(script)
	require.NoError(t, err)
	_, err = native.StepN(5)
	require.NoError(t, err)
	for range 40 {
		act("step", "")
	}
	act("command", script)
	for range 5 {
		act("step", "")
	}
	pos := func() string { return str(t, els, mountID, "attrs", "data-pos") }
	hash := func() string { return str(t, els, mountID, "attrs", "data-state-hash") }
	require.Equal(t, native.StateHash().String(), hash())

	require.NoError(t, native.Back())
	act("back", "")
	assert.Equal(t, strconv.FormatUint(native.Pos(), 10), pos())
	assert.Equal(t, native.StateHash().String(), hash())

	require.NoError(t, native.GoTo(20))
	act("goto", "20")
	assert.Equal(t, "20", pos())
	assert.Equal(t, native.StateHash().String(), hash())

	require.NoError(t, native.GoTo(40))
	act("goto", "40")
	require.True(t, native.CommandDue())
	_, err = native.Step() // onto the command
	require.NoError(t, err)
	act("step", "")
	assert.Equal(t, strconv.FormatUint(native.Pos(), 10), pos())
	assert.Equal(t, native.StateHash().String(), hash())
}
