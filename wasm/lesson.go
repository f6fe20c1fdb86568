//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/hack-pad/safejs"
	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/lessons/checks"
	"github.com/kafkalab/kafkalab/lessons/record"
	"github.com/kafkalab/kafkalab/web"
)

// The live lab beside a lesson's step. The server puts the lesson, the step
// and where the browser's engine starts on the mount (web.LessonLabVM): a
// bare, unsettled session (lessons.Lesson.LabConfig) and the prelude's
// scripts, each applied as one terminal command, so that the slider,
// step-back and share links replay them like any input. The step's blocks
// are in the page; their buttons call kafkalab.act("lesson-…").
//
// Exercises and predict questions are evaluated on the live cluster when
// their checks only read it, and otherwise (checks.Spec.Replay) on a copy
// of the learner's run rebuilt from its inputs: those checks ask the group
// coordinator (a DescribeGroups request through the simulated network,
// which would change the live cluster outside the recorded inputs) or
// remember history the copy observes input by input.
type lessonLab struct {
	slug     string
	step     int
	prelude  int               // the session's first inputs are the prelude's
	answers  map[string]string // predict block → the engine's answer, once revealed
	boundary safejs.Value      // the step's section
}

// bootLesson starts the lab of the page's lesson step. shared is the
// session a share link rebuilt (nil without one); a link of another
// lesson's lab is refused with a message and the step starts fresh. It
// returns a nil lessonLab on a page without a lesson.
func (a *app) bootLesson(shared *lab.Session, shareVM *web.ShareVM) (*lessonLab, *lab.Session, error) {
	slug := mountAttr(a, "data-lesson")
	if slug == "" {
		if shared == nil && mountAttr(a, "data-record") == "true" {
			// Recording a scenario: an empty lab that runs as a lesson's does.
			s, err := lab.New(lab.Config{Seed: lab.DefaultSeed, Bare: true, NoSettle: true})
			return nil, s, err
		}
		return nil, shared, nil
	}
	step, _ := strconv.Atoi(mountAttr(a, "data-step"))
	doc, err := a.global.Get("document")
	if err != nil {
		return nil, nil, err
	}
	section, err := doc.Call("querySelector", `section[data-live="true"]`)
	if err != nil || section.IsNull() {
		return nil, nil, errors.New("kafkalab: the lesson page has no live step")
	}
	prelude, err := texts(doc, "#lesson-prelude pre")
	if err != nil {
		return nil, nil, err
	}
	les := &lessonLab{slug: slug, step: step, prelude: len(prelude), answers: map[string]string{}, boundary: section}
	if shared != nil {
		sh, _ := lab.DecodeShare(mountAttr(a, "data-share"))
		if sh.Lesson != slug || sh.Step != step || len(sh.Inputs) < len(prelude) {
			println("kafkalab: share link of " + sh.Lesson + " step " + strconv.Itoa(sh.Step) + " on " + slug)
			shareVM.Error = "This share link is for another lesson or step; the step started fresh instead."
			shared = nil
		}
	}
	if shared != nil {
		return les, shared, nil
	}
	seed, err1 := strconv.ParseUint(mountAttr(a, "data-seed"), 10, 64)
	brokers, err2 := strconv.Atoi(mountAttr(a, "data-brokers"))
	controllers, err3 := strconv.Atoi(mountAttr(a, "data-controllers"))
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, nil, fmt.Errorf("kafkalab: the lesson's lab: %w", err)
	}
	s, err := lab.New(lab.Config{Seed: seed, Brokers: brokers, Controllers: controllers, Bare: true, NoSettle: true})
	if err != nil {
		return nil, nil, fmt.Errorf("kafkalab: start the lesson's engine: %w", err)
	}
	for i, script := range prelude {
		in, err := s.Command(script)
		if err != nil {
			return nil, nil, err
		}
		if in.Result.Rejected || in.Result.Status != 0 {
			return nil, nil, fmt.Errorf("kafkalab: the lesson's setup (script %d) failed: %s", i+1, in.Result.Output)
		}
	}
	return les, s, nil
}

// texts returns the text of every element sel matches.
func texts(doc safejs.Value, sel string) ([]string, error) {
	list, err := doc.Call("querySelectorAll", sel)
	if err != nil {
		return nil, err
	}
	n, _ := list.Get("length")
	count, _ := n.Int()
	var out []string
	for i := range count {
		el, err := list.Call("item", i)
		if err != nil {
			return nil, err
		}
		t, _ := el.Get("textContent")
		s, _ := t.String()
		out = append(out, s)
	}
	return out, nil
}

func attr(el safejs.Value, name string) string {
	v, err := el.Call("getAttribute", name)
	if err != nil || v.Type() != safejs.TypeString {
		return ""
	}
	s, _ := v.String()
	return s
}

// block returns the step's block element i.
func (les *lessonLab) block(i string) (safejs.Value, error) {
	if _, err := strconv.Atoi(i); err != nil {
		return safejs.Value{}, fmt.Errorf("lesson: bad block %q", i)
	}
	el, err := les.boundary.Call("querySelector", `[data-block-index="`+i+`"]`)
	if err != nil || el.IsNull() {
		return safejs.Value{}, fmt.Errorf("lesson: the step has no block %s", i)
	}
	return el, nil
}

func render(el safejs.Value, sel string, c templ.Component) error {
	target, err := el.Call("querySelector", sel)
	if err != nil || target.IsNull() {
		return fmt.Errorf("lesson: no %s", sel)
	}
	return setHTML(target, c)
}

// lessonAct runs a lesson action: lesson-run (a lab block's commands),
// lesson-solution (an exercise's), lesson-check (an exercise's checks),
// lesson-predict ("i|choice": reveal the engine's answer), lesson-share and
// lesson-save (hand lesson.js the lab's share code).
func (l *liveLab) lessonAct(name, arg string) error {
	if name == "record" {
		l.recordScenario(arg)
		return nil
	}
	les := l.lesson
	if les == nil {
		return fmt.Errorf("%s: this page has no lesson", name)
	}
	idx, choice, _ := strings.Cut(arg, "|")
	if name == "lesson-share" {
		return l.lessonShare()
	}
	if name == "lesson-save" {
		// lesson.js keeps the lab's state for this tab, so a reload
		// comes back to it.
		if code, err := l.lessonCode(); err == nil {
			l.lessonEvent("state", "", map[string]any{"share": code})
		}
		return nil
	}
	el, err := les.block(idx)
	if err != nil {
		return err
	}
	switch name {
	case "lesson-run", "lesson-solution":
		script := attr(el, "data-commands")
		if name == "lesson-solution" {
			script = attr(el, "data-solution")
		}
		l.ui.Playing = false
		l.command(script)
		_, _ = el.Call("setAttribute", "data-ran", "true")
		if ran, err := el.Call("querySelector", "[data-testid=lesson-ran]"); err == nil && !ran.IsNull() {
			_ = ran.Set("hidden", false)
		}
		if name == "lesson-run" {
			l.lessonEvent("ran", idx, nil)
		}
		return nil
	case "lesson-check":
		return l.lessonCheck(idx, el)
	case "lesson-predict":
		return l.lessonPredict(idx, choice, el)
	}
	return fmt.Errorf("unknown action %q", name)
}

// world returns the World to evaluate on: the live cluster, or with
// replay a copy rebuilt from the learner's inputs (checks.Replayed).
func (l *liveLab) world(replay bool) (*checks.World, error) {
	if replay {
		return checks.Replayed(l.s)
	}
	return checks.Attach(l.s.Cluster()), nil
}

func (l *liveLab) lessonCheck(idx string, el safejs.Value) error {
	lang := web.LangOf(renderCtx)
	items, err := el.Call("querySelectorAll", "li[data-check]")
	if err != nil {
		return err
	}
	n, _ := items.Get("length")
	count, _ := n.Int()
	vm := web.GoalVM{Met: true}
	var cs []checks.Check
	replay := false
	for i := range count {
		li, _ := items.Call("item", i)
		c, err := checks.ParseCheck(attr(li, "data-check"), attr(li, "data-args"))
		if err != nil {
			return fmt.Errorf("lesson: %w", err)
		}
		cs = append(cs, c)
		replay = replay || c.Replays()
	}
	w, werr := l.world(replay)
	if werr != nil {
		vm.Error = web.Tr(lang, werr.Error())
		vm.Met = false
	}
	for _, c := range cs {
		if werr != nil {
			break
		}
		r := c.Eval(w)
		vm.Met = vm.Met && r.Met
		vm.Checks = append(vm.Checks, web.GoalCheckVM{Name: c.Name, Met: r.Met, Why: r.Why.In(lang)})
	}
	state := "unmet"
	if vm.Met && vm.Error == "" {
		state = "met"
	}
	_, _ = el.Call("setAttribute", "data-goal", state)
	if err := render(el, "[data-goal-status]", web.GoalStatus(vm)); err != nil {
		return err
	}
	if state == "met" {
		code, _ := l.lessonCode()
		l.lessonEvent("solved", idx, map[string]any{"share": code, "log": l.actionLog(), "hash": l.s.StateHash().String()})
	}
	return nil
}

func (l *liveLab) lessonPredict(idx, choice string, el safejs.Value) error {
	les := l.lesson
	vm := web.PredictResultVM{Picked: choice}
	ans, ok := les.answers[idx]
	if !ok {
		if script := attr(el, "data-commands"); strings.TrimSpace(script) != "" {
			l.ui.Playing = false
			l.command(script)
		}
		ask, err := checks.ParseAsk(attr(el, "data-ask"), attr(el, "data-args"))
		if err != nil {
			return fmt.Errorf("lesson: %w", err)
		}
		w, err := l.world(ask.Replays())
		if err == nil {
			ans, err = ask.Eval(w)
		}
		if err != nil {
			vm.Error = err.Error()
		} else {
			les.answers[idx] = ans
		}
	}
	vm.Answer = ans
	_, _ = el.Call("setAttribute", "data-revealed", "true")
	if err := render(el, "[data-predict-result]", web.PredictResult(vm)); err != nil {
		return err
	}
	if ex, err := el.Call("querySelector", "details.lesson-explain"); err == nil && !ex.IsNull() {
		_ = ex.Set("open", true)
	}
	if vm.Error == "" {
		l.lessonEvent("predicted", idx, map[string]any{"choice": choice, "answer": ans})
	}
	return nil
}

// lessonCode is the share code of the lesson's lab as it is now.
func (l *liveLab) lessonCode() (string, error) {
	sh := l.s.Share()
	sh.Lesson, sh.Step = l.lesson.slug, l.lesson.step
	return lab.EncodeShare(sh)
}

func (l *liveLab) lessonShare() error {
	vm := web.LessonShareVM{}
	code, err := l.lessonCode()
	if err != nil {
		vm.Error = err.Error()
	} else {
		loc, _ := l.a.global.Get("location")
		href := ""
		if loc.Type() == safejs.TypeObject {
			for _, k := range []string{"origin", "pathname", "search"} {
				v, _ := loc.Get(k)
				s, _ := v.String()
				href += s
			}
		}
		vm.Link = href + "#s=" + code
	}
	doc, err := l.a.global.Get("document")
	if err != nil {
		return err
	}
	box, err := doc.Call("querySelector", "[data-lesson-share-box]")
	if err != nil || box.IsNull() {
		return errors.New("lesson: no share box")
	}
	_ = box.Set("hidden", false)
	return setHTML(box, web.LessonShareBox(vm))
}

// actionLog describes the learner's own inputs (after the prelude), one
// line each: what a solution was.
func (l *liveLab) actionLog() []any {
	var out []any
	ins := l.s.Inputs()
	for _, in := range ins[min(l.lesson.prelude, len(ins)):] {
		if in.At > l.s.Pos() {
			break
		}
		d := "@" + strconv.FormatUint(in.At, 10) + " " + string(in.Kind)
		switch {
		case in.Kind == lab.InputCommand:
			d += ": " + in.Script
		case in.Kind == lab.InputProduce:
			d += " " + in.Topic + " " + string(in.Key) + ":" + string(in.Value)
		case in.Consumer.Name != "":
			d += " " + in.Consumer.Name
		case in.Broker != 0:
			d += " broker-" + strconv.Itoa(int(in.Broker))
		}
		out = append(out, d)
	}
	return out
}

// lessonEvent tells lesson.js (which keeps the learner's progress) what
// happened: kind is ran, solved or predicted.
func (l *liveLab) lessonEvent(kind, idx string, detail map[string]any) {
	fn, err := l.a.global.Get("kafkalabLessonEvent")
	if err != nil || fn.Type() != safejs.TypeFunction {
		return
	}
	if detail == nil {
		detail = map[string]any{}
	}
	detail["kind"], detail["lesson"], detail["step"], detail["block"] = kind, l.lesson.slug, l.lesson.step, idx
	v, err := safejs.ValueOf(detail)
	if err != nil {
		println("kafkalab: lesson event: " + err.Error())
		return
	}
	_, _ = fn.Invoke(v)
}

// recordScenario hands lesson.js the lesson file that replays the sandbox
// session (lessons/record), or why it cannot: kafkalabRecorded(text, error).
func (l *liveLab) recordScenario(title string) {
	text, err := record.Scenario(l.s, title)
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	fn, gerr := l.a.global.Get("kafkalabRecorded")
	if gerr != nil || fn.Type() != safejs.TypeFunction {
		return
	}
	_, _ = fn.Invoke(text, msg)
}
