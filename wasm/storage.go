//go:build js && wasm

package main

import (
	"fmt"

	"github.com/hack-pad/safejs"
)

type mountEl struct{ v safejs.Value }

func (l *liveLab) mount() mountEl { return mountEl{l.a.mount} }

func (m mountEl) setAttr(name, value string) { _, _ = m.v.Call("setAttribute", name, value) }

// download hands the learner the selected segment file, byte for byte as the
// replica's storage holds it: a Blob built here, saved through a temporary
// link. The last download is also left on kafkalab.lastDownload ({name,
// size, blob}) for tests, since headless browsers make downloads awkward.
func (l *liveLab) download(file string) error {
	ui := l.ui
	if file != "" {
		ui.File = file
	}
	vm := l.b.Build(l.s, ui)
	if vm.Storage == nil || vm.Storage.Inspector == nil {
		return fmt.Errorf("download: open the storage tab and choose a segment first")
	}
	iv := vm.Storage.Inspector
	segs, ok := l.s.ReplicaSegments(int32(vm.Storage.Broker), vm.Storage.Topic, int32(vm.Storage.Partition))
	if !ok {
		return fmt.Errorf("download: broker %d has no replica of %s-%d", vm.Storage.Broker, vm.Storage.Topic, vm.Storage.Partition)
	}
	var data []byte
	for _, sf := range segs {
		if sf.Base != iv.Segment {
			continue
		}
		switch iv.File {
		case "index":
			data = sf.Index
		case "timeindex":
			data = sf.TimeIndex
		default:
			data = sf.Log
		}
	}
	g := l.a.global
	u8, err := g.Get("Uint8Array")
	if err != nil {
		return err
	}
	arr, err := u8.New(len(data))
	if err != nil {
		return err
	}
	if _, err := safejs.CopyBytesToJS(arr, data); err != nil {
		return err
	}
	blobCtor, err := g.Get("Blob")
	if err != nil {
		return err
	}
	parts, err := safejs.ValueOf([]any{safejs.Unsafe(arr)})
	if err != nil {
		return err
	}
	opts, err := safejs.ValueOf(map[string]any{"type": "application/octet-stream"})
	if err != nil {
		return err
	}
	blob, err := blobCtor.New(parts, opts)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s-%d.broker-%d.%s", vm.Storage.Topic, vm.Storage.Partition, vm.Storage.Broker, iv.Name)
	info, err := safejs.ValueOf(map[string]any{"name": name, "size": len(data)})
	if err != nil {
		return err
	}
	_ = info.Set("blob", blob)
	if api, err := g.Get("kafkalab"); err == nil {
		_ = api.Set("lastDownload", info)
	}
	if fn, err := g.Get("kafkalabSave"); err == nil && fn.Type() == safejs.TypeFunction {
		_, _ = fn.Invoke(blob, name)
	}
	return nil
}

// scrollLit scrolls the inspector so the row the lookup reads is in view,
// without moving the page.
func (l *liveLab) scrollLit() {
	body, err := l.a.mount.Call("querySelector", ".inspector .insp-body")
	if err != nil || body.IsNull() {
		return
	}
	row, err := body.Call("querySelector", "tr.lit")
	if err != nil || row.IsNull() {
		return
	}
	top, err := row.Get("offsetTop")
	if err != nil {
		return
	}
	t, _ := top.Float()
	_ = body.Set("scrollTop", max(t-24, 0))
	hex, err := body.Call("querySelector", ".hex")
	if err != nil || hex.IsNull() {
		return
	}
	if b, err := hex.Call("querySelector", "span.lit"); err == nil && !b.IsNull() {
		if top, err := b.Get("offsetTop"); err == nil {
			t, _ := top.Float()
			_ = hex.Set("scrollTop", max(t-24, 0))
		}
	}
}
