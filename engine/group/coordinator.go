package group

import (
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// A Coordinator is the classic group coordinator of one __consumer_offsets
// partition (Kafka's GroupCoordinatorShard with its GroupMetadataManager and
// OffsetMetadataManager): it holds every group whose id hashes to that
// partition. It is a pure state machine: each input method takes the current
// simulated time and returns the Outputs the host must apply. See the
// package documentation for the contract.
type Coordinator struct {
	cfg     Config
	phase   phase
	groups  map[string]*classicGroup
	timers  map[Timer]int64
	appends []pendingAppend // in append order
	nextID  uint64
	out     []Output
}

type phase int8

const (
	loading phase = iota
	active
	unloaded
)

// pendingAppend is an Append waiting for Appended.
type pendingAppend struct {
	id   uint64
	done func(now int64, err error)
}

// Errors used with a specific reason.
var (
	errUnknownMember  = kerr.UnknownMemberID
	errFencedInstance = kerr.FencedInstanceID
)

func wrap(e *kerr.Error, format string, args ...any) error { return kerr.Wrap(e, format, args...) }

// New returns the coordinator of cfg.Partition in its loading phase: the
// host replays the partition's records with Replay, then calls Loaded.
// Until then every request answers COORDINATOR_LOAD_IN_PROGRESS.
func New(cfg Config) (*Coordinator, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &Coordinator{cfg: cfg, groups: map[string]*classicGroup{}, timers: map[Timer]int64{}}, nil
}

// Loaded ends loading: the coordinator starts serving, and schedules the
// session timeout of every loaded member (GroupMetadataManager.onLoaded),
// so members that died with the previous coordinator are removed.
func (c *Coordinator) Loaded(now int64) []Output {
	if c.phase == loading {
		c.phase = active
		for _, id := range sortedKeys(c.groups) {
			g := c.groups[id]
			for _, mid := range g.order {
				c.schedule(now, heartbeatTimer(id, mid), g.members[mid].sessionTimeoutMs)
			}
		}
	}
	return c.flush()
}

// Unload ends the coordinator's term (the broker lost leadership of the
// partition): parked requests are answered NOT_COORDINATOR so clients look
// the coordinator up again, timers are cancelled, and pending appends are
// forgotten. The host then discards the Coordinator; the next leader loads
// the state from the partition.
func (c *Coordinator) Unload() []Output {
	c.phase = unloaded
	notCoord := wrap(kerr.NotCoordinator, "the coordinator of __consumer_offsets-%d moved", c.cfg.Partition)
	for _, id := range sortedKeys(c.groups) {
		g := c.groups[id]
		for _, mid := range g.order {
			m := g.members[mid]
			if m.joinRef != nil {
				c.respond(*m.joinRef, &JoinGroupResponse{Err: notCoord, MemberID: mid, GenerationID: -1})
				m.joinRef = nil
			}
			if m.syncRef != nil {
				c.respond(*m.syncRef, &SyncGroupResponse{Err: notCoord})
				m.syncRef = nil
			}
		}
	}
	for _, t := range sortedTimers(c.timers) {
		c.cancel(t)
	}
	for _, a := range c.appends {
		a.done(0, notCoord)
	}
	c.appends = nil
	return c.flush()
}

// Appended reports the outcome of the Append with the given id: err nil
// once it is committed, or the append's error. Records of a failed append
// must not reach the log's committed prefix.
func (c *Coordinator) Appended(now int64, id uint64, err error) []Output {
	i := slices.IndexFunc(c.appends, func(a pendingAppend) bool { return a.id == id })
	if i < 0 {
		return nil
	}
	a := c.appends[i]
	c.appends = slices.Delete(c.appends, i, i+1)
	a.done(now, err)
	return c.flush()
}

// append emits an Append and calls done when it completes.
func (c *Coordinator) append(records []Record, done func(now int64, err error)) {
	c.nextID++
	c.appends = append(c.appends, pendingAppend{id: c.nextID, done: done})
	c.emit(Append{ID: c.nextID, Records: records})
}

// appendError maps an append failure to the error a client sees
// (GroupMetadataManager.appendGroupMetadataErrorToResponseError).
func appendError(err error) error {
	switch kerr.Code(err) {
	case kerr.UnknownTopicOrPartition.Code, kerr.NotEnoughReplicas.Code, kerr.NotEnoughReplicasAfterAppend.Code, kerr.RequestTimedOut.Code:
		return wrap(kerr.CoordinatorNotAvailable, "appending to __consumer_offsets: %v", err)
	case kerr.NotLeaderOrFollower.Code, kerr.KafkaStorageError.Code, kerr.NotCoordinator.Code:
		return wrap(kerr.NotCoordinator, "appending to __consumer_offsets: %v", err)
	case kerr.MessageTooLarge.Code, kerr.RecordListTooLarge.Code, kerr.InvalidFetchSize.Code:
		return wrap(kerr.UnknownServerError, "appending to __consumer_offsets: %v", err)
	}
	return err
}

// check answers whether this coordinator may serve groupID now: an empty id
// is INVALID_GROUP_ID, a coordinator still loading answers
// COORDINATOR_LOAD_IN_PROGRESS, and a group of another partition (or a
// coordinator that lost its partition) NOT_COORDINATOR.
func (c *Coordinator) check(groupID string) error {
	switch {
	case groupID == "":
		return wrap(kerr.InvalidGroupID, "the group id is empty")
	case c.phase == unloaded:
		return wrap(kerr.NotCoordinator, "this broker no longer leads __consumer_offsets-%d", c.cfg.Partition)
	case c.phase == loading:
		return wrap(kerr.CoordinatorLoadInProgress, "__consumer_offsets-%d is loading", c.cfg.Partition)
	}
	if p := partitioner.CoordinatorPartition(groupID, c.cfg.NumPartitions); p != c.cfg.Partition {
		return wrap(kerr.NotCoordinator, "group %q belongs to __consumer_offsets-%d, this coordinator leads %d", groupID, p, c.cfg.Partition)
	}
	return nil
}

// Fire runs the delayed operation of timer t if it is still due: the host
// calls it when a SetTimer's time comes. Timers the coordinator cancelled
// or moved later are ignored, so late or duplicate fires are harmless.
func (c *Coordinator) Fire(now int64, t Timer) []Output {
	at, ok := c.timers[t]
	if !ok || at > now || c.phase != active {
		return nil
	}
	delete(c.timers, t)
	g, ok := c.groups[t.Group]
	if !ok {
		return nil
	}
	switch t.Kind {
	case TimerHeartbeat:
		c.expireHeartbeat(now, g, t.Member)
	case TimerJoin:
		if g.initialPhase {
			c.tryCompleteInitialRebalance(now, g)
		} else {
			c.completeJoin(now, g)
		}
	case TimerSync:
		c.expirePendingSync(now, g, g.syncGeneration)
	}
	return c.flush()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func sortedTimers(m map[Timer]int64) []Timer {
	ts := make([]Timer, 0, len(m))
	for t := range m {
		ts = append(ts, t)
	}
	slicesort.Func(ts, func(a, b Timer) int {
		if a.Group != b.Group {
			return compareStrings(a.Group, b.Group)
		}
		if a.Kind != b.Kind {
			return int(a.Kind) - int(b.Kind)
		}
		return compareStrings(a.Member, b.Member)
	})
	return ts
}

// Timers returns the timers the coordinator has set, with their times, for
// tests and the lab's view.
func (c *Coordinator) Timers() map[Timer]int64 {
	out := make(map[Timer]int64, len(c.timers))
	for t, at := range c.timers {
		out[t] = at
	}
	return out
}

func (c *Coordinator) String() string {
	return fmt.Sprintf("group coordinator of __consumer_offsets-%d (%d groups)", c.cfg.Partition, len(c.groups))
}
