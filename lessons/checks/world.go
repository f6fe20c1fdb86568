// Package checks holds the named checks a lesson's exercises and steps use to
// look at the lab's cluster ("group g1 is stable with 3 members, one partition
// each"), the predict questions whose answers the engine computes ("which
// partition will key user-1 go to?"), and the World they run against: one
// simulated cluster driven by the lab's command language (engine/tools).
//
// Everything here is deterministic, like the engine: the same scenario and the
// same commands give the same cluster, so a predict answer is computed by
// running the scenario again in a copy.
package checks

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/engine/tools"
)

// A World is one lab cluster with the Runner that drives it, and what the
// checks must remember between commands: the writes that were acknowledged
// and the ones a later truncation took away.
type World struct {
	C *cluster.Cluster
	R *tools.Runner
	// Out is the transcript of every command run so far.
	Out bytes.Buffer

	acked map[ackKey]bool // acknowledged writes: topic, partition, offset
	lost  map[ackKey]bool // acknowledged writes a leader's log no longer holds

	proc procLog // the records each group processed (groups_more.go)
}

type ackKey struct {
	Topic     string
	Partition int32
	Offset    int64
}

// NewWorld starts a cluster of brokers brokers (0 means 3) from seed, with the
// lab's topic defaults (small segments, so lessons see several).
func NewWorld(brokers int, seed uint64) (*World, error) { return NewQuorumWorld(brokers, 1, seed) }

// NewQuorumWorld is NewWorld with a quorum of controllers controllers (1
// or 3).
func NewQuorumWorld(brokers, controllers int, seed uint64) (*World, error) {
	c, err := cluster.New(cluster.Config{Seed: seed, Brokers: brokers, Controllers: controllers, TopicDefaults: lab.TopicDefaults})
	if err != nil {
		return nil, err
	}
	if err := c.Start(); err != nil {
		return nil, err
	}
	w := &World{C: c, acked: map[ackKey]bool{}, lost: map[ackKey]bool{}}
	w.R = tools.NewRunner(c, &w.Out)
	return w, nil
}

// A CommandError is a lab command that failed (non-zero exit status).
type CommandError struct {
	Line   int    // the command's line within its script
	Text   string // the command
	Status int
	Output string // what it printed
}

func (e *CommandError) Error() string {
	return fmt.Sprintf("line %d: %q exited %d: %s", e.Line, e.Text, e.Status, strings.TrimSpace(e.Output))
}

// Run runs a script of lab commands, one at a time, and stops at the first
// that fails.
func (w *World) Run(script string) error {
	cmds, err := tools.Parse(script)
	if err != nil {
		return err
	}
	for _, cmd := range cmds {
		start := w.Out.Len()
		if status := w.R.Exec(cmd); status != 0 {
			return &CommandError{Line: cmd.Line, Text: cmd.Text, Status: status, Output: w.Out.String()[start:]}
		}
		w.observe()
	}
	return nil
}

// observe records the producer's acknowledgements and any acknowledged write
// that a partition's leader no longer holds.
func (w *World) observe() {
	w.observeProcessing()
	for _, r := range w.C.ProducerReports() {
		if r.Err == nil && r.Offset >= 0 {
			w.acked[ackKey{r.Topic, r.Partition, r.Offset}] = true
		}
	}
	for k := range w.acked {
		if w.lost[k] {
			continue
		}
		if l, ok := w.leader(k.Topic, k.Partition); ok && l.LEO <= k.Offset {
			w.lost[k] = true
		}
	}
}

// leader returns the replica state of the partition's leader, as the leader
// itself reports it; ok is false when no broker that is up leads it.
func (w *World) leader(topic string, partition int32) (broker.ReplicaState, bool) {
	for _, b := range w.C.Snapshot().Brokers {
		if !b.Up {
			continue
		}
		for _, r := range b.Replicas {
			if r.Topic == topic && r.Partition == partition && r.Role == broker.RoleLeader {
				return r, true
			}
		}
	}
	return broker.ReplicaState{}, false
}

// partitions returns the topic's partitions as the controller knows them,
// ascending, with their replicas, ISR and leader.
func (w *World) partitions(topic string) ([]partition, bool) {
	st := w.C.Snapshot()
	for _, t := range st.Controller.Topics {
		if t.Name != topic {
			continue
		}
		var out []partition
		for i, p := range t.Partitions {
			out = append(out, partition{ID: int32(i), Leader: p.Leader, Replicas: slices.Clone(p.Replicas), ISR: slices.Clone(p.ISR)})
		}
		return out, true
	}
	return nil, false
}

type partition struct {
	ID       int32
	Leader   int32
	Replicas []int32
	ISR      []int32
}

// Lost returns the acknowledged writes that were lost, as "topic-P@offset",
// sorted.
func (w *World) Lost(topic string) []string {
	var out []string
	for k := range w.lost {
		if topic == "" || k.Topic == topic {
			out = append(out, fmt.Sprintf("%s-%d@%d", k.Topic, k.Partition, k.Offset))
		}
	}
	slices.Sort(out)
	return out
}

// Attach returns a World over a cluster driven by someone else: the
// browser's lab session, whose inputs run the lesson's commands. Call
// Observe after the cluster moves, as Run does after each command, so the
// checks that remember history (acked_write_lost, records_redelivered,
// records_skipped) see it. Such a World has no Runner of its own.
func Attach(c *cluster.Cluster) *World {
	return &World{C: c, acked: map[ackKey]bool{}, lost: map[ackKey]bool{}}
}

// Observe records what happened since the last observation: the writes
// acknowledged, the acknowledged writes a leader no longer holds and the
// records each group processed.
func (w *World) Observe() { w.observe() }
