//go:build js && wasm

package main

import (
	"fmt"

	"github.com/hack-pad/safejs"
)

// Element ids shared with web.Lab.
const (
	mountID  = "lab"
	bannerID = "lab-error"
)

// An app is the running lab client.
type app struct {
	global safejs.Value
	mount  safejs.Value
	funcs  []safejs.Func // kept so they are never collected
	live   *liveLab
}

// boot finds the mount, draws the first picture, exports the API and marks the
// page ready.
func boot(global safejs.Value) (*app, error) {
	doc, err := global.Get("document")
	if err != nil || doc.IsUndefined() || doc.IsNull() {
		return nil, fmt.Errorf("kafkalab: boot: no document (is this running in a browser?)")
	}
	mount, err := doc.Call("getElementById", mountID)
	if err != nil {
		return nil, fmt.Errorf("kafkalab: boot: find #%s: %w", mountID, err)
	}
	if mount.IsNull() || mount.IsUndefined() {
		return nil, fmt.Errorf("kafkalab: boot: the page has no element with id %q to draw into", mountID)
	}
	a := &app{global: global, mount: mount}
	if err := a.bootLive(); err != nil {
		return nil, err
	}
	if err := a.export(); err != nil {
		return nil, err
	}
	// The boot time (ms since navigation start) lets tools measure start-up
	// without timing the page from outside; absent where there is no
	// performance clock (node tests).
	if perf, err := global.Get("performance"); err == nil && perf.Type() == safejs.TypeObject {
		if now, err := perf.Call("now"); err == nil {
			if ms, err := now.Float(); err == nil {
				_, _ = mount.Call("setAttribute", "data-lab-boot-ms", fmt.Sprintf("%.1f", ms))
			}
		}
	}
	if _, err := mount.Call("setAttribute", "data-lab-ready", "true"); err != nil {
		return nil, fmt.Errorf("kafkalab: boot: mark ready: %w", err)
	}
	return a, nil
}
