package live

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/web"
)

// maxHexBytes bounds the hex view (a segment is 1 KiB in the lab).
const maxHexBytes = 4096

// hexPerLine is the hex view's width in bytes: 8 leaves room for the fields.
const hexPerLine = 8

// a lookupStep is one step of a lookup with what it points at.
type lookupStep struct {
	web.LookupStepVM
	segment int64  // segment to light, or -1
	file    string // file the step reads
	from, n int    // bytes it reads
	chosen  bool
}

func storage(s *lab.Session, st cluster.State, spec web.ClusterSpec, ui UI) web.StorageVM {
	var vm web.StorageVM
	topic, part := ui.StoreTopic, ui.StorePart
	found := false
	for _, p := range spec.Partitions {
		if p.Topic == topic && p.Partition == part {
			found = true
		}
	}
	if !found && len(spec.Partitions) > 0 {
		topic, part = spec.Partitions[0].Topic, spec.Partitions[0].Partition
	}
	vm.Topic, vm.Partition = topic, part
	var ps *web.PartitionSpec
	for i, p := range spec.Partitions {
		vm.Partitions = append(vm.Partitions, web.StorePartVM{Topic: p.Topic, Partition: p.Partition, Selected: p.Topic == topic && p.Partition == part})
		if p.Topic == topic && p.Partition == part {
			ps = &spec.Partitions[i]
		}
	}
	if ps == nil {
		vm.Empty = web.M("No topics yet.")
		return vm
	}
	b := ui.StoreBroker
	if !containsInt(ps.Replicas, b) {
		b = ps.Leader
		if b < 0 && len(ps.Replicas) > 0 {
			b = ps.Replicas[0]
		}
	}
	vm.Broker = b
	for _, id := range ps.Replicas {
		vm.Brokers = append(vm.Brokers, web.StoreBrokerVM{ID: id, Leader: id == ps.Leader, Selected: id == b})
	}
	segs, ok := s.ReplicaSegments(int32(b), topic, int32(part))
	if !ok || len(segs) == 0 {
		vm.Empty = web.M("Broker %d has no files for %s-%d yet.", b, topic, part)
		return vm
	}
	// The lookup, if one is asked for.
	var steps []lookupStep
	lookupStats, _ := ps.StatsOf(b)
	vm.Lookup.Default = max(lookupStats.LEO/2, 0)
	if ui.Lookup >= 0 {
		vm.Lookup.Active, vm.Lookup.Target = true, ui.Lookup
		tr, err := s.TraceOffset(int32(b), topic, int32(part), ui.Lookup)
		if err != nil {
			vm.Lookup.Error = kafkaName(err)
		} else {
			steps = lookupSteps(tr)
			if tr.Found {
				vm.Lookup.Answer = web.M("offset %d is in the batch at byte %d of %s (offsets %d–%d)", ui.Lookup, tr.Batch.Position,
					log.FileName(tr.Segment, log.LogSuffix), tr.Batch.BaseOffset, tr.Batch.LastOffset)
			} else {
				vm.Lookup.Answer = web.M("offset %d is not in this log (OFFSET_OUT_OF_RANGE for a consumer)", ui.Lookup)
			}
		}
	}
	cur := min(max(ui.LookupStep, 0), max(len(steps)-1, 0))
	var at *lookupStep
	chosen := int64(-1)
	for i := range steps {
		st := &steps[i]
		st.Done, st.Current = i < cur, i == cur
		if i <= cur && st.chosen {
			chosen = st.segment
		}
		vm.Lookup.Steps = append(vm.Lookup.Steps, st.LookupStepVM)
	}
	vm.Lookup.Current = cur
	if len(steps) > 0 {
		at = &steps[cur]
	}
	// Which segment and file the inspector shows: the lookup leads while one runs.
	segBase, file := ui.Segment, ui.File
	if at != nil && at.segment >= 0 && at.file != "" {
		segBase, file = at.segment, at.file
	}
	sel := len(segs) - 1
	for i, sf := range segs {
		if sf.Base == segBase {
			sel = i
		}
	}
	for i, sf := range segs {
		lv := log.InspectLog(sf.Log)
		sv := web.SegmentVM{Base: sf.Base, LogBytes: len(sf.Log), IndexSlots: len(sf.Index) / log.OffsetEntrySize,
			TimeSlots: len(sf.TimeIndex) / log.TimeEntrySize, Active: i == len(segs)-1, Selected: i == sel,
			Batches: len(lv.Batches), LogName: sf.LogName, Range: "empty",
			Lit: at != nil && at.segment == sf.Base && at.file == "", Chosen: chosen == sf.Base}
		if n := len(lv.Batches); n > 0 {
			first, last := lv.Batches[0], lv.Batches[n-1]
			lo := sf.Base
			if len(first.Records) > 0 {
				lo = first.Records[0].Offset
			}
			hi := lo
			if k := len(last.Records); k > 0 {
				hi = last.Records[k-1].Offset
			}
			sv.Range = fmt.Sprintf("%d–%d", lo, hi)
		}
		vm.Segments = append(vm.Segments, sv)
	}
	vm.Inspector = inspector(segs[sel], file, at)
	return vm
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func kafkaName(err error) string { return err.Error() }

// lookupSteps turns a LookupTrace into the steps the panel animates.
func lookupSteps(tr log.LookupTrace) []lookupStep {
	var out []lookupStep
	add := func(phase string, text web.Msg, seg int64, file string, from, n int) *lookupStep {
		out = append(out, lookupStep{LookupStepVM: web.LookupStepVM{Phase: phase, Text: text}, segment: seg, file: file, from: from, n: n})
		return &out[len(out)-1]
	}
	t := tr.Target
	for _, p := range tr.Segments {
		cmp := web.M("Binary search over segments: base %d ≤ %d: the offset is here or in a later segment", p.Base, t)
		if p.Base > t {
			cmp = web.M("Binary search over segments: base %d > %d: look in an earlier segment", p.Base, t)
		}
		add("segments", cmp, p.Base, "", -1, 0)
	}
	if tr.Segment < 0 {
		add("segments", web.M("No segment has a base offset ≤ %d.", t), -1, "", -1, 0)
		return out
	}
	add("segments", web.M("Segment %s: the last one whose base offset is ≤ %d.", log.FileName(tr.Segment, ""), t), tr.Segment, "", -1, 0).chosen = true
	for _, p := range tr.IndexProbes {
		rel := "≤"
		if p.Offset > tr.IndexTarget {
			rel = ">"
		}
		add("index", web.M(".index slot %d: offset %d at byte %d (%s %d)", p.Slot, p.Offset, p.Position, rel, tr.IndexTarget),
			tr.Segment, "index", p.Slot*log.OffsetEntrySize, log.OffsetEntrySize)
	}
	if tr.FloorSlot >= 0 {
		add("index", web.M("Floor entry: slot %d, offset %d → byte %d of the .log (the index is sparse: one entry per index.interval.bytes).",
			tr.FloorSlot, tr.IndexFloor.Offset, tr.IndexFloor.Position), tr.Segment, "index", tr.FloorSlot*log.OffsetEntrySize, log.OffsetEntrySize)
	} else {
		add("index", web.M("No index entry ≤ %d: start at byte 0 of the .log.", tr.IndexTarget), tr.Segment, "index", -1, 0)
	}
	for _, b := range tr.Skipped {
		add("scan", web.M("Scan: batch at byte %d holds offsets %d–%d, below %d: skip its %d bytes.", b.Position, b.BaseOffset, b.LastOffset, t, b.Size),
			tr.Segment, "log", int(b.Position), int(b.Size))
	}
	if tr.Found {
		add("scan", web.M("Found: the batch at byte %d holds offsets %d–%d. A fetch returns it from here.", tr.Batch.Position, tr.Batch.BaseOffset, tr.Batch.LastOffset),
			tr.Segment, "log", int(tr.Batch.Position), int(tr.Batch.Size))
	} else {
		add("scan", web.M("No batch holds offset %d.", t), tr.Segment, "log", -1, 0)
	}
	return out
}

func inspector(sf lab.SegmentFiles, file string, at *lookupStep) *web.InspectorVM {
	iv := &web.InspectorVM{File: file, Segment: sf.Base, LitFrom: -1, Download: true}
	var data []byte
	switch file {
	case "index":
		iv.Name, data = sf.IndexName, sf.Index
		for _, e := range log.InspectIndex(data, sf.Base) {
			iv.Rows = append(iv.Rows, web.FieldRowVM{Heading: true, Head: web.M("entry %d", e.Slot), Value: e.Err, Bad: e.Err != "",
				From: e.Slot * log.OffsetEntrySize, Len: log.OffsetEntrySize})
			iv.Rows = append(iv.Rows, fieldRows(e.Fields)...)
		}
	case "timeindex":
		iv.Name, data = sf.TimeIndexName, sf.TimeIndex
		for _, e := range log.InspectTimeIndex(data, sf.Base) {
			iv.Rows = append(iv.Rows, web.FieldRowVM{Heading: true, Head: web.M("entry %d", e.Slot), Value: e.Err, Bad: e.Err != "",
				From: e.Slot * log.TimeEntrySize, Len: log.TimeEntrySize})
			iv.Rows = append(iv.Rows, fieldRows(e.Fields)...)
		}
	default:
		iv.File = "log"
		iv.Name, data = sf.LogName, sf.Log
		lv := log.InspectLog(data)
		for _, b := range lv.Batches {
			h := web.M("batch at byte %d, %d bytes, %d records", b.Position, b.Size, len(b.Records))
			iv.Rows = append(iv.Rows, web.FieldRowVM{Heading: true, Head: h, Value: b.Err, Bad: !b.Valid, From: int(b.Position), Len: int(b.Size)})
			iv.Rows = append(iv.Rows, fieldRows(b.Fields)...)
			for _, r := range b.Records {
				from, n := 0, 0
				if len(r.Fields) > 0 {
					from = int(r.Fields[0].Offset)
					last := r.Fields[len(r.Fields)-1]
					n = int(last.Offset) + last.Len - from
				}
				iv.Rows = append(iv.Rows, web.FieldRowVM{Heading: true, Head: web.M("record, offset %d", r.Offset), From: from, Len: n})
				iv.Rows = append(iv.Rows, fieldRows(r.Fields)...)
			}
		}
		if lv.Trailing != nil {
			iv.Rows = append(iv.Rows, web.FieldRowVM{Heading: true, Head: web.M("torn tail"), Bad: true, From: int(lv.Trailing.Offset), Len: lv.Trailing.Len})
		}
	}
	iv.Size = len(data)
	if len(data) == 0 {
		iv.Empty = web.M("This file is empty.")
	}
	if at != nil && at.file == iv.File && at.segment == sf.Base && at.from >= 0 {
		iv.LitFrom, iv.LitLen = at.from, at.n
		for i := range iv.Rows {
			r := &iv.Rows[i]
			r.Lit = r.Heading && r.From == at.from
		}
	}
	shown := data[:min(len(data), maxHexBytes)]
	for off := 0; off < len(shown); off += hexPerLine {
		line := web.HexLineVM{Addr: fmt.Sprintf("%06x", off)}
		for i := off; i < min(off+hexPerLine, len(shown)); i++ {
			line.Bytes = append(line.Bytes, web.HexByteVM{I: i, Hex: hex2[shown[i]], Lit: iv.LitFrom >= 0 && i >= iv.LitFrom && i < iv.LitFrom+iv.LitLen})
		}
		iv.Hex = append(iv.Hex, line)
	}
	return iv
}

var hex2 = func() (t [256]string) {
	const digits = "0123456789abcdef"
	for i := range t {
		t[i] = string([]byte{digits[i>>4], digits[i&15]})
	}
	return t
}()

func fieldRows(fs []log.Field) []web.FieldRowVM {
	out := make([]web.FieldRowVM, 0, len(fs))
	for _, f := range fs {
		out = append(out, web.FieldRowVM{Name: f.Name, Value: f.Value, From: int(f.Offset), Len: f.Len})
	}
	return out
}
