//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hack-pad/safejs"
	"github.com/kafkalab/kafkalab/web"
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

// A viewSpec is what the page may ask the lab to draw. The limits are the lab's
// own: a cluster has 1 to 12 brokers.
type viewSpec struct {
	Brokers           int `json:"brokers"`
	Partitions        int `json:"partitions"`
	ReplicationFactor int `json:"replicationFactor"`
}

func defaultSpec() viewSpec { return viewSpec{Brokers: 3, Partitions: 3, ReplicationFactor: 3} }

func (s viewSpec) validate() error {
	switch {
	case s.Brokers < 1 || s.Brokers > 12:
		return fmt.Errorf("brokers must be between 1 and 12, got %d", s.Brokers)
	case s.Partitions < 1 || s.Partitions > 64:
		return fmt.Errorf("partitions must be between 1 and 64, got %d", s.Partitions)
	case s.ReplicationFactor < 1 || s.ReplicationFactor > s.Brokers:
		return fmt.Errorf("replicationFactor must be between 1 and the number of brokers (%d), got %d", s.Brokers, s.ReplicationFactor)
	}
	return nil
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

// draw renders the lab view for spec into the mount.
func (a *app) draw(spec viewSpec) error {
	if err := spec.validate(); err != nil {
		return err
	}
	vm := web.LabViewVM{
		Spec:    web.DemoCluster(spec.Brokers, spec.Partitions, spec.ReplicationFactor),
		Drawer:  "wasm",
		Brokers: spec.Brokers,
	}
	var sb strings.Builder
	if err := web.LabView(vm).Render(context.Background(), &sb); err != nil {
		return fmt.Errorf("kafkalab: render: %w", err)
	}
	if err := a.mount.Set("innerHTML", sb.String()); err != nil {
		return fmt.Errorf("kafkalab: draw: %w", err)
	}
	return nil
}

// render is the page's kafkalab.render(json): redraw with a new spec.
func (a *app) render(args []safejs.Value) error {
	if len(args) != 1 || args[0].Type() != safejs.TypeString {
		return fmt.Errorf(`render expects one JSON string such as '{"brokers":3,"partitions":3,"replicationFactor":3}'`)
	}
	raw, err := args[0].String()
	if err != nil {
		return err
	}
	spec := defaultSpec()
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		return fmt.Errorf("render: bad JSON: %w", err)
	}
	if err := a.draw(spec); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return nil
}
