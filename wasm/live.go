//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/hack-pad/safejs"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/internal/urlquery"
	"github.com/kafkalab/kafkalab/web"
	"github.com/kafkalab/kafkalab/web/live"
)

// The live lab: one lab.Session driven from the page.
//
// A frame: the page calls kafkalab.act(name, arg) for a learner's action (one
// JS→Go call per action); the action changes the session and marks the view
// dirty; Go asks for an animation frame; in the frame it plays the events
// due at the current speed, builds the view model once, renders the changed
// regions with templ and writes each with one innerHTML. CSS transitions
// and animations (transform, opacity) do the motion, and none run under
// prefers-reduced-motion.
type liveLab struct {
	a        *app
	s        *lab.Session
	b        live.Builder
	ui       live.UI
	regions  map[string]safejs.Value
	slider   safejs.Value
	play     safejs.Value
	seed     safejs.Value
	raf      safejs.Value
	perf     safejs.Value
	frameFn  safejs.Func
	pending  bool
	dirty    bool
	lastTS   float64
	carry    float64
	lastPred web.PredictionVM
	consErr  string // the consumer panel's last error
	term     terminal
	lesson   *lessonLab // the lesson step beside the lab (lesson.go); nil on /lab
	// FrameMs is what the last paint cost (build + render + DOM writes).
	lastFrameMs float64
	seqKey      string            // what the sequence view shows, to repaint only on change
	drawn       map[string]string // each region's HTML as last written (paint.go)
	stageChunks []live.Chunk      // the stage on the page, split (paint.go)
	stageCached bool              // the stage is drawn by l.stage, as chunks (paint.go)
	prof        paintProf
	stage       live.StageCache
	redrawAll   bool // kafkalab.debug.measure's redraw=1: no caches (paint.go)

	// Long work (long.go).
	busy      *busy         // work parked between the page's tasks (long.go)
	finishing bool          // long work ended: the next paint clears data-running
	resume    chan struct{} // the frame that resumes it
	waiting   bool          // it waits on resume
	resumeFn  safejs.Func
	seekTo    uint64 // the latest target of time travel (seek.go)
}

// bootLive starts the session and draws the whole live lab into the mount.
func (a *app) bootLive() error {
	// lab.js puts a share code from the URL's fragment (#s=…) on the mount.
	var shareVM web.ShareVM
	var s *lab.Session
	if code := mountAttr(a, "data-share"); code != "" {
		var err error
		if s, err = lab.FromShare(lab.Config{}, code); err != nil {
			s = nil
			println("kafkalab: share link: " + err.Error())
			shareVM.Error = "This share link could not be opened; a fresh lab started instead."
		}
	}
	les, s, err := a.bootLesson(s, &shareVM)
	if err != nil {
		return err
	}
	if s == nil {
		var err error
		if s, err = lab.New(lab.Config{Seed: lab.DefaultSeed}); err != nil {
			return fmt.Errorf("kafkalab: start the engine: %w", err)
		}
	}
	l := &liveLab{a: a, s: s, ui: live.DefaultUI(), regions: map[string]safejs.Value{}, lesson: les}
	// lab.js puts the learner's language on the mount before the wasm starts.
	if v, err := a.mount.Call("getAttribute", "data-lang"); err == nil && v.Type() == safejs.TypeString {
		lang, _ := v.String()
		setLang(lang)
	}
	l.lastPred = l.prediction(defaultForm) // drawn with the lab, as the server's first paint has it
	if err := l.drawAll(); err != nil {
		return err
	}
	if shareVM.Error != "" {
		shareVM.Error = web.Tr(web.LangOf(renderCtx), shareVM.Error)
		_ = setHTML(l.regions["lab-share"], web.ShareBox(shareVM))
		_, _ = a.mount.Call("setAttribute", "data-share-error", "true")
	}
	if l.raf, err = a.global.Get("requestAnimationFrame"); err != nil || l.raf.Type() != safejs.TypeFunction {
		l.raf = safejs.Value{} // node tests: paint synchronously
	} else if l.raf, err = l.raf.Call("bind", a.global); err != nil {
		return err
	}
	if perf, err := a.global.Get("performance"); err == nil && perf.Type() == safejs.TypeObject {
		l.perf = perf
	}
	if err := l.initLong(); err != nil {
		return err
	}
	l.frameFn, err = safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		defer func() {
			if r := recover(); r != nil {
				err := fmt.Errorf("kafkalab frame: panic: %v", r)
				println(err.Error() + "\n" + string(debug.Stack()))
				reportError(a.global, err)
			}
		}()
		ts := 0.0
		if len(args) > 0 {
			ts, _ = args[0].Float()
		}
		l.frame(ts)
		return nil
	})
	if err != nil {
		return err
	}
	a.funcs = append(a.funcs, l.frameFn)
	a.live = l
	l.dirty = true
	l.predict(defaultForm)
	return l.paint()
}

func setHTML(el safejs.Value, c templ.Component) error {
	var sb strings.Builder
	if err := c.Render(renderCtx, &sb); err != nil {
		return fmt.Errorf("kafkalab: render: %w", err)
	}
	return el.Set("innerHTML", sb.String())
}

func (l *liveLab) now() float64 {
	if l.perf.Type() != safejs.TypeObject {
		return 0
	}
	v, err := l.perf.Call("now")
	if err != nil {
		return 0
	}
	f, _ := v.Float()
	return f
}

// schedule asks for one animation frame, unless one is pending.
func (l *liveLab) schedule() {
	if l.pending {
		return
	}
	if l.raf.Type() != safejs.TypeFunction {
		_ = l.paint()
		return
	}
	l.pending = true
	if _, err := l.raf.Invoke(l.frameFn.Value()); err != nil {
		l.pending = false
		reportError(l.a.global, err)
	}
}

// frame is one animation frame: play the events due, paint if anything
// changed, then spend spare time building checkpoints for going back.
func (l *liveLab) frame(ts float64) {
	l.pending = false
	if l.busy != nil {
		return // the work paints when it ends
	}
	if err := l.long("", func() error {
		l.busy.slice = seekSliceMs // Idle's replays: a seek's slices (seek.go)
		l.frameWork(ts)
		return nil
	}); err != nil {
		l.fail(err)
	}
}

// frameWork is frame's work, on long's goroutine: replaying a command
// (stepping onto one, building a checkpoint past one) can take seconds.
func (l *liveLab) frameWork(ts float64) {
	start := l.now()
	if l.ui.Playing {
		if l.lastTS > 0 {
			l.carry += (ts - l.lastTS) / 1000 * live.Rate(l.ui.Speed)
		}
		l.lastTS = ts
		n := int(l.carry)
		l.carry -= float64(n)
		if n > 0 {
			moved := 0
			for moved < n {
				ok, err := l.s.Step()
				if err != nil {
					l.fail(err)
					break
				}
				if !ok {
					l.ui.Playing = false
					break
				}
				moved++
				if moved%64 == 0 && l.now()-start > 10 { // keep the frame under budget
					l.carry = 0
					break
				}
			}
			l.dirty = true
		}
	}
	if l.dirty {
		if err := l.paint(); err != nil {
			l.fail(err)
		}
	}
	if l.finishing {
		l.finishing = false
		_, _ = l.a.mount.Call("removeAttribute", "data-running")
		l.endSeek()
	}
	more := false
	if !l.ui.Playing {
		var err error
		if l.busy != nil {
			l.busy.idle = true
		}
		more, err = l.s.Idle(400)
		if l.busy != nil {
			l.busy.idle = false
		}
		if err != nil {
			l.fail(err)
		}
	}
	if l.ui.Playing || more || l.dirty {
		l.schedule()
	}
}

func (l *liveLab) fail(err error) {
	l.ui.Playing = false
	reportError(l.a.global, err)
}

// paint renders the regions that follow the run. The controls stay.
func (l *liveLab) paint() error {
	start := l.now()
	l.dirty = false
	vm := l.b.Build(l.s, l.ui)
	built := l.now()
	if err := l.paintRegions(map[string]templ.Component{
		"lab-status":    web.LiveStatus(vm.Status),
		"lab-stage":     l.stageOf(vm),
		"lab-metrics":   web.MetricsStrip(vm.Metrics),
		"lab-details":   web.SideDetails(vm),
		"lab-consumers": web.ConsumerList(vm.Consumers, l.consErr),
	}); err != nil {
		return err
	}
	if err := l.paintSequence(vm.Sequence); err != nil {
		return err
	}
	l.prof.build += built - start
	if err := l.paintTerminal(); err != nil {
		return err
	}
	if vm.Storage != nil && vm.Storage.Inspector != nil && vm.Storage.Inspector.LitFrom >= 0 {
		l.scrollLit()
	}
	_ = l.slider.Set("max", strconv.FormatUint(vm.Status.Head, 10))
	_ = l.slider.Set("value", strconv.FormatUint(vm.Status.Pos, 10))
	label := "▶ Play"
	if l.ui.Playing {
		label = "⏸ Pause"
	}
	_ = l.play.Set("textContent", web.Tr(web.LangOf(renderCtx), label))
	m := l.a.mount
	_, _ = m.Call("setAttribute", "data-state-hash", vm.Status.Hash)
	_, _ = m.Call("setAttribute", "data-pos", strconv.FormatUint(vm.Status.Pos, 10))
	_, _ = m.Call("setAttribute", "data-paint-pos", strconv.FormatUint(vm.Status.Pos, 10)) // what is drawn; data-pos may run ahead
	_, _ = m.Call("setAttribute", "data-head", strconv.FormatUint(vm.Status.Head, 10))
	_, _ = m.Call("setAttribute", "data-playing", strconv.FormatBool(l.ui.Playing))
	l.lastFrameMs = l.now() - start
	_, _ = m.Call("setAttribute", "data-paint-ms", strconv.FormatFloat(l.lastFrameMs, 'f', 2, 64))
	return nil
}

// A produceForm is what lab.js reads from the produce panel.
type produceForm struct {
	Topic, Key, Value, Partition, Acks string
	NullKey                            bool
}

func (f produceForm) request() lab.ProduceRequest {
	return lab.ProduceRequest{Topic: strings.TrimSpace(f.Topic), Key: f.Key, NullKey: f.NullKey, Value: f.Value,
		Partition: strings.TrimSpace(f.Partition), Acks: f.Acks}
}

// parseForm reads the panel's fields, sent by lab.js as a URL query
// (topic=…&key=…): net/url is in the binary anyway, where a JSON decoder
// would cost the wasm budget.
func parseForm(raw string) (produceForm, error) {
	q, err := urlquery.Parse(raw)
	if err != nil {
		return produceForm{}, fmt.Errorf("produce: bad form: %w", err)
	}
	return produceForm{Topic: q.Get("topic"), Key: q.Get("key"), Value: q.Get("value"),
		Partition: q.Get("partition"), Acks: q.Get("acks"), NullKey: q.Get("nullKey") == "true"}, nil
}

// inlineError is a learner's mistake: shown next to the input, not in the
// error banner.
type inlineError struct{ err error }

func (e inlineError) Error() string { return e.err.Error() }

// kafkaMessage is an error as the panel shows it: Kafka's error name first.
func kafkaMessage(err error) string {
	var ke *kerr.Error
	if errors.As(err, &ke) {
		msg := err.Error()
		if !strings.Contains(msg, ke.Name) {
			msg = ke.Name + ": " + msg
		}
		return msg
	}
	return err.Error()
}

// defaultForm is the produce panel's defaults, as lab.js sends them
// (live.DefaultProduce).
const defaultForm = "topic=order_events&key=user-2&acks=all"

func (l *liveLab) predict(raw string) {
	l.lastPred = l.prediction(raw)
	_ = setHTML(l.regions["lab-predict"], web.Prediction(l.lastPred))
}

// prediction is the produce panel's hint for the form raw, keeping the
// confirmation of the last send.
func (l *liveLab) prediction(raw string) web.PredictionVM {
	f, err := parseForm(raw)
	vm := web.PredictionVM{Partition: -1}
	if err == nil {
		var p lab.Prediction
		p, err = l.s.Predict(f.request())
		vm.Partition, vm.Reason = int(p.Partition), p.Reason
	}
	if err != nil {
		vm.Error = kafkaMessage(err)
	}
	vm.Sent = l.lastPred.Sent
	return vm
}

// act is kafkalab.act(name, arg): every learner action.
func (l *liveLab) act(args []safejs.Value) error {
	if len(args) < 1 {
		return fmt.Errorf("act expects an action name")
	}
	name, err := args[0].String()
	if err != nil {
		return err
	}
	arg := ""
	if len(args) > 1 && args[1].Type() == safejs.TypeString {
		arg, _ = args[1].String()
	} else if len(args) > 1 && args[1].Type() == safejs.TypeNumber {
		f, _ := args[1].Float()
		arg = strconv.FormatFloat(f, 'f', -1, 64)
	}
	if name == "interrupt" {
		l.interrupt()
		return nil
	}
	if l.finishing && l.busy == nil {
		// The long work has ended and only its paint is pending: the lab
		// is no longer busy, so the page stops saying so before this action
		// runs (the next frame paints both). Otherwise an action in that
		// frame would be taken while the page still shows a command running.
		l.finishing = false
		l.dirty = true
		_, _ = l.a.mount.Call("removeAttribute", "data-running")
		l.endSeek()
	}
	busyMsg := "A command is running: wait for it, or press Ctrl-C in the terminal to stop it."
	if l.busy != nil && l.busy.seek {
		busyMsg = "Going back in the history: wait for it to land."
	}
	busyErr := inlineError{errors.New(web.Tr(web.LangOf(renderCtx), busyMsg))}
	if name == "back" || name == "goto" || name == "step" {
		ok, err := l.travel(name, arg)
		if !ok {
			return busyErr
		}
		return err
	}
	if !l.abandonIdle() {
		return busyErr
	}
	if name != "command" {
		// Inline, as before: scripts and lessons chain actions and read
		// their results at once. Only a terminal command may be long
		// enough to need the page back while it runs.
		return l.do(name, arg)
	}
	return l.long(strings.TrimRight(arg, "\n"), func() error { return l.do(name, arg) })
}

// do is one action (a terminal command's on long's goroutine). Back, goto
// and a step onto a command are travel's (seek.go).
func (l *liveLab) do(name, arg string) error {
	var err error
	broker := func() (int32, error) {
		n, err := strconv.Atoi(arg)
		return int32(n), err
	}
	switch name {
	case "step":
		l.ui.Playing = false
		_, err = l.s.Step()
	case "play":
		l.ui.Playing = !l.ui.Playing
		l.lastTS, l.carry = 0, 0
	case "pause":
		l.ui.Playing = false
	case "reset":
		l.ui.Playing = false
		err = l.s.Reset()
	case "seed":
		var seed uint64
		seed, err = strconv.ParseUint(strings.TrimSpace(arg), 10, 64)
		if err != nil {
			return inlineError{fmt.Errorf("the seed is a whole number ≥ 0, got %q", arg)}
		}
		l.ui.Playing = false
		err = l.s.SetSeed(seed)
	case "controllers":
		n, cerr := strconv.Atoi(strings.TrimSpace(arg))
		if l.lesson != nil {
			return inlineError{errors.New("a lesson's lab runs its scenario's controllers")}
		}
		if cerr != nil {
			return inlineError{fmt.Errorf("controllers: 1 or 3, got %q", arg)}
		}
		l.ui.Playing = false
		if err := l.s.SetControllers(n); err != nil {
			return inlineError{err}
		}
	case "controller-crash", "controller-restart":
		kind := lab.InputCrashController
		if name == "controller-restart" {
			kind = lab.InputRestartController
		}
		if err := l.s.ControllerFault(kind, arg); err != nil {
			l.ui.ActionError = kafkaMessage(err)
			l.dirty = true
			l.schedule()
			return inlineError{err}
		}
		l.ui.ActionError = ""
	case "speed":
		var v int
		v, err = strconv.Atoi(arg)
		l.ui.Speed = max(0, min(v, 12))
	case "select":
		l.ui.ActionError = ""
		if l.ui.Selected == arg {
			l.ui.Selected = ""
		} else {
			l.ui.Selected = arg
		}
	case "broker-stop", "broker-start":
		var id int32
		if id, err = broker(); err == nil {
			if name == "broker-stop" {
				err = l.s.StopBroker(id)
			} else {
				err = l.s.StartBroker(id)
			}
		}
	case "broker-crash", "broker-poweroff", "broker-pause", "broker-resume", "broker-restart", "broker-shutdown":
		var id int32
		if id, err = broker(); err == nil {
			err = l.s.BrokerFault(brokerFaults[name], id)
		}
		if err != nil {
			return inlineError{err}
		}
	case "consumer-add":
		q, perr := urlquery.Parse(arg)
		if perr != nil {
			return perr
		}
		req := lab.ConsumerRequest{Group: strings.TrimSpace(q.Get("group")), Topic: strings.TrimSpace(q.Get("topic")),
			Assignor: q.Get("assignor"), StaticID: strings.TrimSpace(q.Get("static")), Commit: q.Get("commit"), Name: strings.TrimSpace(q.Get("name"))}
		l.consErr = ""
		if _, err = l.s.StartConsumer(req); err != nil {
			l.consErr = kafkaMessage(err)
			l.dirty = true
			l.schedule()
			return inlineError{err}
		}
	case "consumer-stop", "consumer-crash", "consumer-restart":
		l.consErr = ""
		kind := map[string]lab.InputKind{"consumer-stop": lab.InputStopConsumer, "consumer-crash": lab.InputCrashConsumer,
			"consumer-restart": lab.InputRestartConsumer}[name]
		if err = l.s.ConsumerAction(kind, arg); err != nil {
			return inlineError{err}
		}
	case "tab":
		l.ui.Tab = arg
	case "store-part":
		topic, p, ok := strings.Cut(arg, "/")
		n, perr := strconv.Atoi(p)
		if !ok || perr != nil {
			return fmt.Errorf("store-part expects topic/partition, got %q", arg)
		}
		l.ui.StoreTopic, l.ui.StorePart = topic, n
		l.ui.Segment, l.ui.Lookup, l.ui.LookupStep = -1, -1, 0
	case "store-broker":
		var id int32
		if id, err = broker(); err == nil {
			l.ui.StoreBroker = int(id)
			l.ui.Segment, l.ui.Lookup, l.ui.LookupStep = -1, -1, 0
		}
	case "segment":
		l.ui.Segment, err = strconv.ParseInt(arg, 10, 64)
		l.ui.Lookup, l.ui.LookupStep = -1, 0
	case "file":
		l.ui.File = arg
		l.ui.Lookup, l.ui.LookupStep = -1, 0
	case "lookup":
		off, perr := strconv.ParseInt(strings.TrimSpace(arg), 10, 64)
		if perr != nil || off < 0 {
			return inlineError{fmt.Errorf("an offset is a whole number ≥ 0, got %q", arg)}
		}
		l.ui.Lookup, l.ui.LookupStep = off, 0
	case "lookup-step":
		d, _ := strconv.Atoi(arg)
		l.ui.LookupStep = max(0, l.ui.LookupStep+d)
		vm := l.b.Build(l.s, l.ui)
		if vm.Storage != nil {
			l.ui.LookupStep = min(l.ui.LookupStep, max(len(vm.Storage.Lookup.Steps)-1, 0))
			l.mount().setAttr("data-lookup-step", strconv.Itoa(l.ui.LookupStep))
			l.mount().setAttr("data-lookup-done", strconv.FormatBool(l.ui.LookupStep >= len(vm.Storage.Lookup.Steps)-1))
		}
	case "download":
		return l.download(arg)
	case "predict":
		l.predict(arg)
		return nil
	case "command":
		l.ui.Playing = false
		l.command(arg)
	case "lang":
		// The chrome is drawn once; a new language draws it all again. The
		// produce form starts from its defaults; the terminal keeps its view.
		setLang(arg)
		if err := l.drawAll(); err != nil {
			return err
		}
		l.term.key = ""
		l.lastPred = web.PredictionVM{}
		l.predict(defaultForm)
	case "share":
		l.share()
		return nil
	case "lesson-run", "lesson-solution", "lesson-check", "lesson-predict", "lesson-share", "lesson-save", "record":
		err = l.lessonAct(name, arg)
	case "term-clear":
		l.term.clear(l.s)
	case "produce":
		var f produceForm
		if f, err = parseForm(arg); err != nil {
			return err
		}
		var in lab.Input
		in, err = l.s.Produce(f.request())
		if err != nil {
			l.predict(arg)
			return inlineError{err}
		}
		key := "null"
		if in.Key != nil {
			key = strconv.Quote(string(in.Key))
		}
		l.lastPred.Sent = web.M("Queued at step %d: key %s → %s. Step (→) or play to watch it travel.", in.At, key, in.Topic).In(web.LangOf(renderCtx))
		l.predict(arg)
	default:
		l.ui.ActionError = ""
		handled, aerr := l.clusterAction(name, arg)
		if !handled {
			return fmt.Errorf("unknown action %q", name)
		}
		if aerr != nil {
			if name != "topic-create" { // the form shows its own
				l.ui.ActionError = kafkaMessage(aerr)
			}
			l.dirty = true
			l.schedule()
			return inlineError{aerr}
		}
	}
	l.dirty = true
	l.mark()
	l.schedule()
	return err
}

// brokerFaults maps the broker menu's actions to the session's inputs.
var brokerFaults = map[string]lab.InputKind{
	"broker-crash": lab.InputCrashBroker, "broker-poweroff": lab.InputPowerOffBroker, "broker-pause": lab.InputPauseBroker,
	"broker-resume": lab.InputResumeBroker, "broker-restart": lab.InputRestartBroker, "broker-shutdown": lab.InputShutdownBroker,
}

// mark puts the position and state hash on the mount at once, so tools and
// tests read them right after an action, before the frame paints.
func (l *liveLab) mark() {
	_, _ = l.a.mount.Call("setAttribute", "data-state-hash", l.s.StateHash().String())
	_, _ = l.a.mount.Call("setAttribute", "data-pos", strconv.FormatUint(l.s.Pos(), 10))
}

// bench steps n events, painting after each, and returns the mean cost in ms
// of one step plus its paint (BENCHMARKS.md).
func (l *liveLab) bench(n int) float64 {
	start := l.now()
	for range n {
		if _, err := l.s.Step(); err != nil {
			break
		}
		_ = l.paint()
	}
	return (l.now() - start) / float64(n)
}

// measureBack builds a fresh session n events into a run with a produce,
// and returns the ms one step back takes from the seed alone and then from
// a checkpoint, as {rebuild, checkpoint}.
func (l *liveLab) measureBack(n int) map[string]any {
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	if err != nil {
		return map[string]any{"error": err.Error()}
	}
	_, _ = s.Produce(lab.ProduceRequest{Topic: lab.DefaultTopic, Key: "user-2", Value: "v", Acks: "all"})
	_, _ = s.StepN(n + 1)
	t0 := l.now()
	_ = s.Back()
	rebuild := l.now() - t0
	for more := true; more; {
		more, _ = s.Idle(10_000)
	}
	_, _ = s.Step()
	t0 = l.now()
	_ = s.Back()
	return map[string]any{"rebuild": rebuild, "checkpoint": l.now() - t0, "pos": float64(s.Pos())}
}

// renderCtx carries the chrome's language (web.WithLang) into every render.
var renderCtx = context.Background()

func setLang(lang string) { renderCtx = web.WithLang(context.Background(), lang) }

// drawAll draws the whole live lab into the mount, in the current language,
// and finds the regions the frames redraw.
func (l *liveLab) drawAll() error {
	a := l.a
	vm := l.b.Build(l.s, l.ui)
	pred := l.lastPred
	vm.Prediction = &pred
	if err := setHTML(a.mount, web.LiveLab(vm)); err != nil {
		return err
	}
	l.seqKey = vm.Sequence.Key()
	l.drawn = nil // every region is new
	doc, err := a.global.Get("document")
	if err != nil {
		return err
	}
	get := func(id string) (safejs.Value, error) {
		el, err := doc.Call("getElementById", id)
		if err != nil || el.IsNull() || el.IsUndefined() {
			return safejs.Value{}, fmt.Errorf("kafkalab: the live lab has no #%s", id)
		}
		return el, nil
	}
	for _, id := range []string{"lab-status", "lab-stage", "lab-metrics", "lab-details", "lab-sequence", "lab-predict", "lab-consumers", "lab-terminal", "lab-share", "lab-topic-msg"} {
		if l.regions[id], err = get(id); err != nil {
			return err
		}
	}
	if l.slider, err = get("lab-slider"); err != nil {
		return err
	}
	if l.play, err = get("lab-play"); err != nil {
		return err
	}
	if l.seed, err = get("lab-seed"); err != nil {
		return err
	}
	return nil
}

// mountAttr returns the mount's attribute name, or "".
func mountAttr(a *app, name string) string {
	v, err := a.mount.Call("getAttribute", name)
	if err != nil || v.Type() != safejs.TypeString {
		return ""
	}
	str, _ := v.String()
	return str
}

// share shows the link to this lab (its share code in the URL's fragment,
// which never reaches the server) in the share box; lab.js copies it.
func (l *liveLab) share() {
	vm := web.ShareVM{}
	code, err := l.s.ShareCode()
	if err != nil {
		vm.Error = err.Error()
	} else {
		base := "/lab"
		if loc, err := l.a.global.Get("location"); err == nil && loc.Type() == safejs.TypeObject {
			origin, _ := loc.Get("origin")
			path, _ := loc.Get("pathname")
			o, _ := origin.String()
			p, _ := path.String()
			if p != "" {
				base = o + p
			}
		}
		vm.Link = base + "#s=" + code
	}
	_ = setHTML(l.regions["lab-share"], web.ShareBox(vm))
}
