//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/hack-pad/safejs"
)

// export publishes globalThis.kafkalab: the functions the page may call.
func (a *app) export() error {
	api, err := safejs.ValueOf(map[string]any{"version": "0"})
	if err != nil {
		return fmt.Errorf("kafkalab: export: %w", err)
	}
	debugAPI, err := safejs.ValueOf(map[string]any{})
	if err != nil {
		return fmt.Errorf("kafkalab: export: %w", err)
	}
	for _, f := range []struct {
		on   safejs.Value
		name string
		fn   func(args []safejs.Value) error
	}{
		{api, "act", func(args []safejs.Value) error { return a.live.act(args) }},
		// debug.panic exists so tests (and curious learners) can prove that a Go
		// panic reaches the error banner instead of killing the page silently.
		{debugAPI, "panic", func(args []safejs.Value) error {
			msg := "debug.panic called"
			if len(args) > 0 {
				if s, err := args[0].String(); err == nil {
					msg = s
				}
			}
			panic(msg)
		}},
	} {
		fn, err := a.guard(f.name, f.fn)
		if err != nil {
			return fmt.Errorf("kafkalab: export %s: %w", f.name, err)
		}
		if err := f.on.Set(f.name, fn.Value()); err != nil {
			return fmt.Errorf("kafkalab: export %s: %w", f.name, err)
		}
		a.funcs = append(a.funcs, fn)
	}
	// debug.bench(n) and debug.back(n) measure the live lab for
	// BENCHMARKS.md: the mean ms of one step plus its paint, and the ms to go
	// back one event from n events (without, then with, checkpoints).
	bench, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) (res any) {
		defer func() {
			if r := recover(); r != nil {
				reportError(a.global, fmt.Errorf("kafkalab.debug.bench: panic: %v", r))
				res = -1
			}
		}()
		n := 100
		if len(args) > 0 {
			n, _ = args[0].Int()
		}
		if !a.live.abandonIdle() {
			return -1 // a command is running
		}
		return a.live.bench(max(n, 1))
	})
	if err != nil {
		return err
	}
	back, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) (res any) {
		defer func() {
			if r := recover(); r != nil {
				reportError(a.global, fmt.Errorf("kafkalab.debug.back: panic: %v", r))
				res = -1
			}
		}()
		n := 10000
		if len(args) > 0 {
			n, _ = args[0].Int()
		}
		if !a.live.abandonIdle() {
			return -1 // a command is running
		}
		return a.live.measureBack(n)
	})
	if err != nil {
		return err
	}
	a.funcs = append(a.funcs, bench, back)
	_ = debugAPI.Set("bench", bench.Value())
	_ = debugAPI.Set("back", back.Value())
	if err := a.exportMeasure(debugAPI); err != nil {
		return err
	}
	if err := a.exportComplete(api); err != nil {
		return err
	}
	if err := api.Set("debug", debugAPI); err != nil {
		return fmt.Errorf("kafkalab: export: %w", err)
	}
	if err := a.global.Set("kafkalab", api); err != nil {
		return fmt.Errorf("kafkalab: export: %w", err)
	}
	return nil
}

// guard wraps fn as a JavaScript function that never lets a Go panic or error
// escape: either becomes the error banner, and the caller gets
// {ok: false, error: message} instead of {ok: true}.
func (a *app) guard(name string, fn func(args []safejs.Value) error) (safejs.Func, error) {
	return safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				err := fmt.Errorf("kafkalab.%s: panic: %v", name, r)
				println(err.Error() + "\n" + string(debug.Stack()))
				reportError(a.global, err)
				result = map[string]any{"ok": false, "error": err.Error()}
			}
		}()
		if err := fn(args); err != nil {
			var inline inlineError
			if errors.As(err, &inline) {
				return map[string]any{"ok": false, "error": kafkaMessage(inline.err), "inline": true}
			}
			err = fmt.Errorf("kafkalab.%s: %w", name, err)
			reportError(a.global, err)
			return map[string]any{"ok": false, "error": err.Error()}
		}
		return map[string]any{"ok": true}
	})
}

// reportError shows err in the page's error banner. It prefers lab.js's
// kafkalabShowError so the banner has one look, falls back to filling the banner
// itself, and as a last resort logs to the console; it never panics.
func reportError(global safejs.Value, err error) {
	msg := err.Error()
	if show, e := global.Get("kafkalabShowError"); e == nil && show.Type() == safejs.TypeFunction {
		if _, e := show.Invoke(msg); e == nil {
			return
		}
	}
	if doc, e := global.Get("document"); e == nil && !doc.IsUndefined() && !doc.IsNull() {
		if banner, e := doc.Call("getElementById", bannerID); e == nil && !banner.IsNull() && !banner.IsUndefined() {
			_ = banner.Set("textContent", "The lab stopped working. "+msg)
			_ = banner.Set("hidden", false)
			return
		}
	}
	println("kafkalab: " + msg)
}
