package lab

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// The cluster view's actions: create a topic, cut or heal a link, slow a
// link, drop a message in flight. Each is an input like a produce: checked
// first (a mistake is an error with Kafka's name and records nothing),
// then recorded with its position and replayed exactly by step-back and
// share links.
const (
	InputCreateTopic InputKind = "create-topic"
	InputCutLink     InputKind = "cut-link"
	InputHealLink    InputKind = "heal-link"
	InputSlowLink    InputKind = "slow-link"
	InputDropMessage InputKind = "drop-message"
)

// MaxSlowMs bounds the delay of a slow link.
const MaxSlowMs = 60_000

// maxTopicConfigs bounds the --config overrides of one create-topic input.
const maxTopicConfigs = 16

// A TopicRequest is what the create-topic form sends; empty fields take
// the lab's defaults (3 partitions, replication factor min(3, brokers), no
// config overrides).
type TopicRequest struct {
	Name              string
	Partitions        string
	ReplicationFactor string
	MinISR            string // min.insync.replicas
	Unclean           string // unclean.leader.election.enable: "", "true" or "false"
}

// CreateTopic checks req as the controller would (in Kafka's order: the
// name, the configs, the partitions and the replication factor over the
// unfenced brokers) and queues a CreateTopics request from admin-1; the
// learner steps through the controller's answer and the brokers learning
// of the topic. A mistake is a *kerr.Error-wrapped error:
// INVALID_TOPIC_EXCEPTION, TOPIC_ALREADY_EXISTS, INVALID_CONFIG,
// INVALID_PARTITIONS or INVALID_REPLICATION_FACTOR.
func (s *Session) CreateTopic(req TopicRequest) (Input, error) {
	in := Input{Kind: InputCreateTopic, Topic: req.Name, Partitions: 3, RF: int16(min(3, s.cfg.Brokers))}
	if v := strings.TrimSpace(req.Partitions); v != "" {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil {
			return in, kerr.Wrap(kerr.InvalidPartitions, "Number of partitions must be a whole number, got %q.", v)
		}
		in.Partitions = int32(n)
	}
	if v := strings.TrimSpace(req.ReplicationFactor); v != "" {
		n, err := strconv.ParseInt(v, 10, 16)
		if err != nil {
			return in, kerr.Wrap(kerr.InvalidReplicationFactor, "Replication factor must be a whole number, got %q.", v)
		}
		in.RF = int16(n)
	}
	if v := strings.TrimSpace(req.MinISR); v != "" {
		in.Configs = append(in.Configs, "min.insync.replicas="+v)
	}
	if v := strings.TrimSpace(req.Unclean); v != "" {
		in.Configs = append(in.Configs, "unclean.leader.election.enable="+v)
	}
	return s.createTopic(in)
}

// createTopic checks and records a create-topic input.
func (s *Session) createTopic(in Input) (Input, error) {
	if err := s.checkTopic(in); err != nil {
		return in, err
	}
	return in, s.record(in)
}

// checkTopic is the controller's createTopic check (engine/controller,
// createtopics.go) against the current metadata, without placing replicas.
func (s *Session) checkTopic(in Input) error {
	st := s.cur.c.Snapshot().Controller
	var names []string
	for _, t := range st.Topics {
		names = append(names, t.Name)
	}
	if _, err := metadata.CheckNewTopicName(in.Topic, names); err != nil {
		return err
	}
	if len(in.Configs) > maxTopicConfigs {
		return kerr.Wrap(kerr.InvalidConfig, "%d config overrides: at most %d", len(in.Configs), maxTopicConfigs)
	}
	if _, err := metadata.ParseTopicConfig(in.Configs); err != nil {
		if errors.Is(err, kerr.InvalidConfig) {
			return err
		}
		// A malformed "name=value" is kafka-topics.sh's own check, with no
		// Kafka code; the form only makes well-formed ones.
		return kerr.Wrap(kerr.InvalidConfig, "%s", strings.TrimPrefix(err.Error(), "metadata: "))
	}
	var usable []int32
	for _, b := range st.Brokers {
		if !b.Fenced {
			usable = append(usable, b.ID)
		}
	}
	if len(usable) == 0 && in.Partitions > 0 && in.RF > 0 {
		return kerr.Wrap(kerr.InvalidReplicationFactor, "Unable to replicate the partition %d time(s): All brokers are currently fenced.", in.RF)
	}
	_, err := metadata.AssignReplicas(usable, int(in.Partitions), int(in.RF), metadata.Layout{})
	return err
}

// CutLink cuts the network link from → to, and to → from unless oneWay:
// messages on it are dropped until HealLink.
func (s *Session) CutLink(from, to string, oneWay bool) error {
	return s.link(Input{Kind: InputCutLink, From: from, To: to, OneWay: oneWay})
}

// HealLink heals a link CutLink cut.
func (s *Session) HealLink(from, to string, oneWay bool) error {
	return s.link(Input{Kind: InputHealLink, From: from, To: to, OneWay: oneWay})
}

// SlowLink adds ms of delay to every message from → to, and to → from
// unless oneWay; 0 restores the link's speed.
func (s *Session) SlowLink(from, to string, ms int64, oneWay bool) error {
	if ms < 0 || ms > MaxSlowMs {
		return fmt.Errorf("lab: a delay is 0 to %d ms, got %d", MaxSlowMs, ms)
	}
	return s.link(Input{Kind: InputSlowLink, From: from, To: to, OneWay: oneWay, DelayMs: ms})
}

func (s *Session) link(in Input) error {
	if err := s.checkLink(in.From, in.To); err != nil {
		return err
	}
	return s.record(in)
}

// checkLink accepts a link the cluster view draws: between two brokers, a
// broker and a controller, or (with a quorum) two controllers, whose Raft
// fetches and votes run over it.
func (s *Session) checkLink(from, to string) error {
	ok := func(n string) bool {
		if slices.Contains(s.cur.c.ControllerNodes(), sim.NodeID(n)) {
			return true
		}
		id, err := strconv.Atoi(strings.TrimPrefix(n, "broker-"))
		return strings.HasPrefix(n, "broker-") && err == nil && id >= 1 && id <= s.cfg.Brokers
	}
	switch {
	case !ok(from) || !ok(to):
		return fmt.Errorf("lab: no link %s → %s: links join brokers (broker-1 …) and %s", from, to, s.controllerNames())
	case from == to:
		return fmt.Errorf("lab: a link joins two nodes, got %s twice", from)
	}
	return nil
}

// controllerNames names the lab's controllers for an error message.
func (s *Session) controllerNames() string {
	if s.cfg.Controllers < 2 {
		return "the controller"
	}
	return fmt.Sprintf("the controllers (controller-1 to controller-%d)", s.cfg.Controllers)
}

// DropMessage loses message id on the wire: it never arrives, and the
// trace shows the drop.
func (s *Session) DropMessage(id uint64) error {
	if !s.cur.c.Sim().InFlight(sim.MessageID(id)) {
		return fmt.Errorf("lab: message %d is not in flight (delivered, dropped, or held by a paused broker)", id)
	}
	return s.record(Input{Kind: InputDropMessage, Msg: id})
}

// applyAction applies the inputs of this file.
func (r *run) applyAction(in *Input) error {
	from, to := sim.NodeID(in.From), sim.NodeID(in.To)
	switch in.Kind {
	case InputCreateTopic:
		return r.c.PanelCreateTopic(toolsapi.CreateTopic{Name: in.Topic, Partitions: in.Partitions, ReplicationFactor: in.RF,
			Configs: slices.Clone(in.Configs)})
	case InputCutLink, InputHealLink, InputSlowLink:
		return r.c.PanelLink(in.Kind.panelAction(), from, to, in.OneWay, in.DelayMs)
	case InputDropMessage:
		return r.c.PanelDrop(in.Msg)
	}
	return fmt.Errorf("lab: unknown input %q", in.Kind)
}
