package lab

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/partitioner"
)

// Share codes: a lab state as a short URL-safe string, so a link reproduces
// it exactly (the seed, the brokers, the learner's inputs with their
// positions, the history's head and the position shown).
//
// Version 1 is "v1." followed by the unpadded base64url of:
//
//	uvarint seed, uvarint brokers, uvarint head, uvarint pos, uvarint #inputs
//	per input: one kind byte, uvarint At minus the previous input's At
//	(so positions never go back), then by kind:
//	  produce: str topic, one byte (0 null key, 1 key), [bytes key],
//	           bytes value, varint partition (-1: the producer chooses),
//	           varint acks
//	  broker actions: uvarint broker
//	  start- and restart-consumer: str name, group, topic, assignor,
//	           static id, commit
//	  stop- and crash-consumer: str name
//	  command: str script
//	  interrupted command (kind 20, a command stopped by Ctrl-C): str
//	           script, uvarint the steps it ran
//	  crash-controller (21), restart-controller (22): str node
//	           (controller-1 …)
//	  create-topic: str topic, varint partitions, varint replication
//	           factor, uvarint #configs, str each ("name=value")
//	  cut-link, heal-link: str from, str to, one byte (1: one way)
//	  slow-link: str from, str to, one byte (1: one way), uvarint ms
//	  drop-message: uvarint message id
//
// where str and bytes are a uvarint length then the bytes (str is UTF-8).
//
// Version 2 is "v2." followed by the unpadded base64url of
//
//	uvarint flags (1: Bare, 2: NoSettle, 4: three controllers; no other
//	bit may be set),
//	str lesson (its slug, "" for the sandbox), uvarint step (from 1; 0 for
//	none), then version 1's body from the seed on.
//
// It carries a lesson's lab: which lesson and step the link opens, and the
// session's configuration (a lesson's lab is bare and unsettled). Encode
// writes version 1 for a plain sandbox, so those links stay as they were,
// and version 2 for anything else; Decode reads both.
// Decode rejects anything else: another version, trailing bytes, an unknown
// kind, out-of-range numbers, a code longer than MaxShareChars. Whether the
// inputs make sense for the run (a broker that is already down, a topic that
// does not exist) is checked by FromShare, which replays them through the
// same checks the learner's actions pass.

// ShareVersion is the prefix of the share codes Encode writes for a plain
// sandbox; ShareVersion2 of those with a lesson or a configuration.
const (
	ShareVersion  = "v1"
	ShareVersion2 = "v2"
)

// MaxShareSlug bounds a lesson slug in a share code.
const MaxShareSlug = 100

// MaxShareStep bounds a lesson step in a share code.
const MaxShareStep = 1000

// MaxShareChars bounds a share code (about 48 KiB of inputs): it travels in
// a URL fragment.
const MaxShareChars = 64 << 10

// MaxShareInputs bounds the inputs in a share code.
const MaxShareInputs = 10_000

// A Share is what a share code holds.
type Share struct {
	Seed    uint64
	Brokers int
	Head    uint64 // the end of the history slider
	Pos     uint64 // the position shown
	Inputs  []Input
	// Version 2: the session's configuration, and the lesson (its slug) and
	// step the lab belongs to; "" and 0 for the sandbox.
	Bare, NoSettle bool
	Lesson         string
	Step           int
	Controllers    int // 1 (0 reads as 1) or 3
}

// v2 reports whether sh needs version 2.
func (sh Share) v2() bool {
	return sh.Bare || sh.NoSettle || sh.Lesson != "" || sh.Step != 0 || sh.Controllers > 1
}

// shareKinds numbers the input kinds; the numbers are part of the format.
var shareKinds = []InputKind{
	1: InputProduce, 2: InputStopBroker, 3: InputStartBroker,
	4: InputStartConsumer, 5: InputStopConsumer, 6: InputCrashConsumer, 7: InputRestartConsumer,
	8: InputCrashBroker, 9: InputPowerOffBroker, 10: InputPauseBroker, 11: InputResumeBroker,
	12: InputRestartBroker, 13: InputShutdownBroker, 14: InputCommand,
	15: InputCreateTopic, 16: InputCutLink, 17: InputHealLink, 18: InputSlowLink, 19: InputDropMessage,
	shareInterrupted: InputCommand,
	21:               InputCrashController, 22: InputRestartController,
}

// shareInterrupted is the kind byte of a command interrupted by Ctrl-C
// (long.go): InputCommand with Interrupted and its Steps.
const shareInterrupted = 20

func isLinkKind(k InputKind) bool {
	return k == InputCutLink || k == InputHealLink || k == InputSlowLink
}

func shareKind(k InputKind) (byte, bool) {
	for i, v := range shareKinds {
		if v == k && i > 0 {
			return byte(i), true
		}
	}
	return 0, false
}

func isBrokerKind(k InputKind) bool {
	switch k {
	case InputStopBroker, InputStartBroker, InputCrashBroker, InputPowerOffBroker,
		InputPauseBroker, InputResumeBroker, InputRestartBroker, InputShutdownBroker:
		return true
	}
	return false
}

// Share returns the session's share: seed, inputs, head and position.
func (s *Session) Share() Share {
	return Share{Seed: s.cfg.Seed, Brokers: s.cfg.Brokers, Head: max(s.head, s.Pos()), Pos: s.Pos(), Inputs: s.Inputs(),
		Bare: s.cfg.Bare, NoSettle: s.cfg.NoSettle, Controllers: s.cfg.Controllers}
}

// ShareCode returns the session's share code.
func (s *Session) ShareCode() (string, error) { return EncodeShare(s.Share()) }

// EncodeShare writes sh as a share code. It fails if the code would be
// longer than MaxShareChars or sh holds something Decode would reject.
func EncodeShare(sh Share) (string, error) {
	if err := sh.check(); err != nil {
		return "", err
	}
	version := ShareVersion
	w := &shareWriter{}
	if sh.v2() {
		version = ShareVersion2
		var flags uint64
		if sh.Bare {
			flags |= flagBare
		}
		if sh.NoSettle {
			flags |= flagNoSettle
		}
		if sh.Controllers == 3 {
			flags |= flagThreeControllers
		}
		w.uvarint(flags)
		w.str(sh.Lesson)
		w.uvarint(uint64(sh.Step))
	}
	w.uvarint(sh.Seed)
	w.uvarint(uint64(sh.Brokers))
	w.uvarint(sh.Head)
	w.uvarint(sh.Pos)
	w.uvarint(uint64(len(sh.Inputs)))
	var at uint64
	for _, in := range sh.Inputs {
		k, _ := shareKind(in.Kind)
		if in.Kind == InputCommand && in.Interrupted {
			k = shareInterrupted
		}
		w.byte1(k)
		w.uvarint(in.At - at)
		at = in.At
		switch {
		case in.Kind == InputProduce:
			w.str(in.Topic)
			if in.Key == nil {
				w.byte1(0)
			} else {
				w.byte1(1)
				w.str(string(in.Key))
			}
			w.str(string(in.Value))
			w.varint(int64(in.Partition))
			w.varint(int64(in.Acks))
		case isBrokerKind(in.Kind):
			w.uvarint(uint64(in.Broker))
		case in.Kind == InputStartConsumer || in.Kind == InputRestartConsumer:
			c := in.Consumer
			for _, f := range []string{c.Name, c.Group, c.Topic, c.Assignor, c.StaticID, c.Commit} {
				w.str(f)
			}
		case in.Kind == InputStopConsumer || in.Kind == InputCrashConsumer:
			w.str(in.Consumer.Name)
		case in.Kind == InputCommand:
			w.str(in.Script)
			if in.Interrupted {
				w.uvarint(in.Steps)
			}
		case in.Kind == InputCreateTopic:
			w.str(in.Topic)
			w.varint(int64(in.Partitions))
			w.varint(int64(in.RF))
			w.uvarint(uint64(len(in.Configs)))
			for _, c := range in.Configs {
				w.str(c)
			}
		case isLinkKind(in.Kind):
			w.str(in.From)
			w.str(in.To)
			if in.OneWay {
				w.byte1(1)
			} else {
				w.byte1(0)
			}
			if in.Kind == InputSlowLink {
				w.uvarint(uint64(in.DelayMs))
			}
		case in.Kind == InputDropMessage:
			w.uvarint(in.Msg)
		case isControllerKind(in.Kind):
			w.str(in.Controller)
		}
		if base64.RawURLEncoding.EncodedLen(len(w.b))+len(version)+1 > MaxShareChars {
			return "", fmt.Errorf("lab: the lab is too big to share: its link would be over %d characters", MaxShareChars)
		}
	}
	return version + "." + base64.RawURLEncoding.EncodeToString(w.b), nil
}

// shareWriter appends a share code's fields. Its methods are kept out of
// line: inlined at each of the format's fields, binary.AppendUvarint and the
// slice growth made EncodeShare 34 KB of the browser's download (a quarter
// of that now), for code that runs once per link.
type shareWriter struct{ b []byte }

//go:noinline
func (w *shareWriter) uvarint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }

//go:noinline
func (w *shareWriter) varint(v int64) { w.b = binary.AppendVarint(w.b, v) }

//go:noinline
func (w *shareWriter) byte1(c byte) { w.b = append(w.b, c) }

//go:noinline
func (w *shareWriter) str(s string) {
	w.uvarint(uint64(len(s)))
	w.b = append(w.b, s...)
}

// The flags of a version 2 code.
const (
	flagBare             = 1
	flagNoSettle         = 2
	flagThreeControllers = 4
)

// validSlug reports whether s can name a lesson: a lesson file's name
// without .md, made of lower-case letters, digits, '-', '_' and '.'.
func validSlug(s string) bool {
	if len(s) > MaxShareSlug {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// check validates what the format can say on its own.
func (sh Share) check() error {
	if sh.Brokers < cluster.MinBrokers || sh.Brokers > cluster.MaxBrokers {
		return fmt.Errorf("%d brokers: the lab runs %d to %d", sh.Brokers, cluster.MinBrokers, cluster.MaxBrokers)
	}
	if sh.Controllers != 0 && sh.Controllers != 1 && sh.Controllers != 3 {
		return fmt.Errorf("%d controllers: a lab runs 1 or 3", sh.Controllers)
	}
	if sh.Head > MaxHistory || sh.Pos > sh.Head {
		return fmt.Errorf("position %d, head %d: the position is at most the head, at most %d", sh.Pos, sh.Head, MaxHistory)
	}
	if len(sh.Inputs) > MaxShareInputs {
		return fmt.Errorf("%d inputs: at most %d", len(sh.Inputs), MaxShareInputs)
	}
	if !validSlug(sh.Lesson) {
		return fmt.Errorf("lesson %q: a lesson's name is at most %d lower-case letters, digits, '-', '_' or '.'", sh.Lesson, MaxShareSlug)
	}
	if sh.Step < 0 || sh.Step > MaxShareStep || sh.Step > 0 && sh.Lesson == "" {
		return fmt.Errorf("step %d: a step is 1 to %d, of a lesson", sh.Step, MaxShareStep)
	}
	var at uint64
	for i, in := range sh.Inputs {
		if _, ok := shareKind(in.Kind); !ok {
			return fmt.Errorf("input %d: unknown kind %q", i+1, in.Kind)
		}
		if in.At < at || in.At > sh.Head {
			return fmt.Errorf("input %d: position %d is out of order", i+1, in.At)
		}
		at = in.At
		switch {
		case in.Kind == InputProduce:
			if in.Partition < partitioner.NoPartition || in.Acks < -1 || in.Acks > 1 || !utf8.ValidString(in.Topic) {
				return fmt.Errorf("input %d: a bad produce", i+1)
			}
		case isBrokerKind(in.Kind):
			if in.Broker < 1 || int(in.Broker) > sh.Brokers {
				return fmt.Errorf("input %d: no broker %d", i+1, in.Broker)
			}
		case in.Kind == InputCommand:
			if len(in.Script) > MaxCommandBytes || !utf8.ValidString(in.Script) {
				return fmt.Errorf("input %d: a bad command", i+1)
			}
		case in.Kind == InputCreateTopic:
			ok := utf8.ValidString(in.Topic) && len(in.Configs) <= maxTopicConfigs
			for _, c := range in.Configs {
				ok = ok && utf8.ValidString(c)
			}
			if !ok {
				return fmt.Errorf("input %d: a bad topic", i+1)
			}
		case isLinkKind(in.Kind):
			if !utf8.ValidString(in.From) || !utf8.ValidString(in.To) || in.DelayMs < 0 || in.DelayMs > MaxSlowMs {
				return fmt.Errorf("input %d: a bad link", i+1)
			}
		case in.Kind == InputDropMessage:
		case isControllerKind(in.Kind):
			if !validControllerNode(in.Controller, sh.Controllers) {
				return fmt.Errorf("input %d: no controller %q", i+1, in.Controller)
			}
		default:
			c := in.Consumer
			for _, f := range []string{c.Name, c.Group, c.Topic, c.Assignor, c.StaticID, c.Commit} {
				if !utf8.ValidString(f) {
					return fmt.Errorf("input %d: a consumer field is not UTF-8", i+1)
				}
			}
		}
	}
	return nil
}

// ErrShare wraps every error DecodeShare returns.
var ErrShare = errors.New("not a kafkalab share code")

// DecodeShare reads a share code. It never panics; every error wraps
// ErrShare and says what is wrong.
func DecodeShare(code string) (Share, error) {
	sh, err := decodeShare(code)
	if err != nil {
		return Share{}, fmt.Errorf("%w: %v", ErrShare, err)
	}
	return sh, nil
}

type shareReader struct {
	b   []byte
	err error
}

func (r *shareReader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%s at byte %d", what, len(r.b))
	}
}

func (r *shareReader) uvarint(what string) uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("bad " + what)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *shareReader) varint(what string) int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("bad " + what)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *shareReader) byte1(what string) byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.fail("missing " + what)
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *shareReader) bytes(what string) []byte {
	n := r.uvarint(what + " length")
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.fail(what + " longer than the code")
		return nil
	}
	v := make([]byte, n)
	copy(v, r.b)
	r.b = r.b[n:]
	return v
}

func (r *shareReader) str(what string) string { return string(r.bytes(what)) }

func decodeShare(code string) (Share, error) {
	if len(code) > MaxShareChars {
		return Share{}, fmt.Errorf("%d characters: at most %d", len(code), MaxShareChars)
	}
	version, body, ok := strings.Cut(code, ".")
	if !ok {
		return Share{}, errors.New("no version (the code starts with v1. or v2.)")
	}
	if version != ShareVersion && version != ShareVersion2 {
		return Share{}, fmt.Errorf("unknown version %q (this lab reads %s and %s)", version, ShareVersion, ShareVersion2)
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(body)
	if err != nil {
		return Share{}, errors.New("not base64url")
	}
	r := &shareReader{b: raw}
	var sh Share
	if version == ShareVersion2 {
		flags := r.uvarint("flags")
		if flags&^(flagBare|flagNoSettle|flagThreeControllers) != 0 {
			return Share{}, fmt.Errorf("unknown flags %#x", flags)
		}
		sh.Bare, sh.NoSettle = flags&flagBare != 0, flags&flagNoSettle != 0
		if flags&flagThreeControllers != 0 {
			sh.Controllers = 3
		}
		sh.Lesson = r.str("lesson")
		step := r.uvarint("step")
		if step > MaxShareStep {
			r.fail("bad step")
		}
		sh.Step = int(step)
	}
	sh.Seed = r.uvarint("seed")
	brokers := r.uvarint("brokers")
	if brokers > cluster.MaxBrokers {
		return Share{}, fmt.Errorf("%d brokers: the lab runs %d to %d", brokers, cluster.MinBrokers, cluster.MaxBrokers)
	}
	sh.Brokers = int(brokers)
	sh.Head = r.uvarint("head")
	sh.Pos = r.uvarint("position")
	n := r.uvarint("input count")
	if r.err == nil && (n > MaxShareInputs || n > uint64(len(r.b))/2) {
		return Share{}, fmt.Errorf("%d inputs: more than the code holds or %d", n, MaxShareInputs)
	}
	var at uint64
	for i := uint64(0); i < n && r.err == nil; i++ {
		k := r.byte1("input kind")
		if r.err != nil {
			break
		}
		if int(k) >= len(shareKinds) || shareKinds[k] == "" {
			return Share{}, fmt.Errorf("input %d: unknown kind %d", i+1, k)
		}
		in := Input{Kind: shareKinds[k]}
		d := r.uvarint("position")
		if d > MaxHistory || at+d > MaxHistory {
			return Share{}, fmt.Errorf("input %d: position past %d", i+1, MaxHistory)
		}
		at += d
		in.At = at
		switch {
		case in.Kind == InputProduce:
			in.Topic = r.str("topic")
			switch r.byte1("key flag") {
			case 0:
			case 1:
				in.Key = r.bytes("key")
			default:
				r.fail("bad key flag")
			}
			in.Value = r.bytes("value")
			p, a := r.varint("partition"), r.varint("acks")
			if p < int64(partitioner.NoPartition) || p > 1<<20 || a < -1 || a > 1 {
				r.fail("bad partition or acks")
			}
			in.Partition, in.Acks = int32(p), int16(a)
		case isBrokerKind(in.Kind):
			b := r.uvarint("broker")
			if b > cluster.MaxBrokers {
				r.fail("bad broker " + strconv.FormatUint(b, 10))
			}
			in.Broker = int32(b)
		case in.Kind == InputStartConsumer || in.Kind == InputRestartConsumer:
			c := &in.Consumer
			for _, f := range []*string{&c.Name, &c.Group, &c.Topic, &c.Assignor, &c.StaticID, &c.Commit} {
				*f = r.str("consumer")
			}
		case in.Kind == InputStopConsumer || in.Kind == InputCrashConsumer:
			in.Consumer.Name = r.str("consumer")
		case in.Kind == InputCommand:
			in.Script = r.str("script")
			if k == shareInterrupted {
				in.Interrupted = true
				if in.Steps = r.uvarint("steps"); in.Steps > MaxHistory {
					r.fail("bad steps of an interrupted command")
				}
			}
		case in.Kind == InputCreateTopic:
			in.Topic = r.str("topic")
			p, f := r.varint("partitions"), r.varint("replication factor")
			if p < -1<<31 || p >= 1<<31 || f < -1<<15 || f >= 1<<15 {
				r.fail("bad partitions or replication factor")
			}
			in.Partitions, in.RF = int32(p), int16(f)
			n := r.uvarint("config count")
			if n > maxTopicConfigs {
				r.fail("too many configs")
			}
			for j := uint64(0); j < n && r.err == nil; j++ {
				in.Configs = append(in.Configs, r.str("config"))
			}
		case isLinkKind(in.Kind):
			in.From, in.To = r.str("link"), r.str("link")
			switch r.byte1("one-way flag") {
			case 0:
			case 1:
				in.OneWay = true
			default:
				r.fail("bad one-way flag")
			}
			if in.Kind == InputSlowLink {
				ms := r.uvarint("delay")
				if ms > MaxSlowMs {
					r.fail("bad delay")
				}
				in.DelayMs = int64(ms)
			}
		case in.Kind == InputDropMessage:
			in.Msg = r.uvarint("message")
		case isControllerKind(in.Kind):
			in.Controller = r.str("controller")
		}
		sh.Inputs = append(sh.Inputs, in)
	}
	if r.err != nil {
		return Share{}, r.err
	}
	if len(r.b) != 0 {
		return Share{}, fmt.Errorf("%d bytes after the last input", len(r.b))
	}
	if err := sh.check(); err != nil {
		return Share{}, err
	}
	return sh, nil
}

// FromShare rebuilds the session a share code describes and goes to its
// position. It replays the inputs through the checks the learner's actions
// pass, so a code that decodes but does not fit the run (a broker already
// down, an input past the end of the run) is an error.
// The seed and the brokers come from the code; the rest of cfg is kept.
func FromShare(cfg Config, code string) (*Session, error) {
	sh, err := DecodeShare(code)
	if err != nil {
		return nil, err
	}
	return FromShareData(cfg, sh)
}

// FromShareData is FromShare for a decoded share.
func FromShareData(cfg Config, sh Share) (*Session, error) {
	return FromShareObserved(cfg, sh, nil)
}

// FromShareObserved is FromShareData calling observe (when not nil) after
// each input is replayed and once at the end: the lesson checks that
// remember history watch a copy of the learner's run rebuilt this way, as
// they watch a lesson's script command by command.
func FromShareObserved(cfg Config, sh Share, observe func(*Session)) (*Session, error) {
	if err := sh.check(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrShare, err)
	}
	cfg.Seed, cfg.Brokers, cfg.Bare, cfg.NoSettle, cfg.Controllers = sh.Seed, sh.Brokers, sh.Bare, sh.NoSettle, sh.Controllers
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	to := func(pos uint64) error {
		for s.Pos() < pos {
			ok, err := s.Step()
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("%w: position %d is past the end of the run (%d)", ErrShare, pos, s.Pos())
			}
		}
		return nil
	}
	for i, in := range sh.Inputs {
		if err := to(in.At); err != nil {
			return nil, err
		}
		if s.Pos() != in.At {
			return nil, fmt.Errorf("%w: input %d at position %d is inside a command that ends at %d", ErrShare, i+1, in.At, s.Pos())
		}
		if err := s.replay(in); err != nil {
			return nil, fmt.Errorf("%w: input %d (%s at %d): %v", ErrShare, i+1, in.Kind, in.At, err)
		}
		if observe != nil {
			observe(s)
		}
	}
	if err := to(sh.Head); err != nil {
		return nil, err
	}
	if err := s.GoTo(sh.Pos); err != nil {
		return nil, err
	}
	if s.Pos() != sh.Pos {
		return nil, fmt.Errorf("%w: position %d is inside a command", ErrShare, sh.Pos)
	}
	if observe != nil {
		observe(s)
	}
	return s, nil
}

// replay applies in now through the action that recorded it.
func (s *Session) replay(in Input) error {
	var got Input
	var err error
	switch {
	case in.Kind == InputProduce:
		req := ProduceRequest{Topic: in.Topic, Key: string(in.Key), NullKey: in.Key == nil, Value: string(in.Value),
			Acks: strconv.Itoa(int(in.Acks))}
		if in.Partition != partitioner.NoPartition {
			req.Partition = strconv.Itoa(int(in.Partition))
		}
		got, err = s.Produce(req)
	case in.Kind == InputStopBroker:
		return s.StopBroker(in.Broker)
	case in.Kind == InputStartBroker:
		return s.StartBroker(in.Broker)
	case isBrokerKind(in.Kind):
		return s.BrokerFault(in.Kind, in.Broker)
	case in.Kind == InputStartConsumer || (in.Kind == InputRestartConsumer && in.Consumer.Group != ""):
		if in.Consumer.Name == "" || in.Consumer.Group == "" || in.Consumer.Topic == "" {
			return errors.New("a consumer needs a name, a group and a topic")
		}
		got, err = s.StartConsumer(in.Consumer)
	case in.Kind == InputCreateTopic:
		got, err = s.createTopic(Input{Kind: InputCreateTopic, Topic: in.Topic, Partitions: in.Partitions, RF: in.RF, Configs: in.Configs})
	case in.Kind == InputCutLink:
		return s.CutLink(in.From, in.To, in.OneWay)
	case in.Kind == InputHealLink:
		return s.HealLink(in.From, in.To, in.OneWay)
	case in.Kind == InputSlowLink:
		return s.SlowLink(in.From, in.To, in.DelayMs, in.OneWay)
	case in.Kind == InputDropMessage:
		return s.DropMessage(in.Msg)
	case isControllerKind(in.Kind):
		return s.ControllerFault(in.Kind, in.Controller)
	case in.Kind == InputCommand:
		got, err = s.command(Input{Kind: InputCommand, Script: in.Script, Interrupted: in.Interrupted, Steps: in.Steps})
		if err == nil && got.Result.Rejected {
			return errors.New(strings.TrimSpace(got.Result.Output))
		}
		if err == nil && (got.Interrupted != in.Interrupted || got.Interrupted && got.Steps != in.Steps) {
			return fmt.Errorf("the command ended before step %d, where the link interrupts it", in.Steps)
		}
		return err
	default:
		return s.ConsumerAction(in.Kind, in.Consumer.Name)
	}
	if err == nil && got.Kind != in.Kind {
		return fmt.Errorf("it replays as %s", got.Kind)
	}
	return err
}
