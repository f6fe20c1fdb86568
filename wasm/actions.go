//go:build js && wasm

package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/internal/urlquery"
	"github.com/kafkalab/kafkalab/web"
)

// The cluster view's actions: create a topic, cut, heal or slow a link,
// drop a message in flight. Each is a session input (engine/lab,
// actions.go); a mistake is shown inline, never in the error banner.

// clusterAction runs one of them; handled is false for any other name.
func (l *liveLab) clusterAction(name, arg string) (handled bool, err error) {
	switch name {
	case "topic-create":
		return true, l.createTopic(arg)
	case "link-cut", "link-heal":
		a, b, oneWay, err := linkArg(arg)
		if err != nil {
			return true, err
		}
		if name == "link-cut" {
			return true, l.s.CutLink(a, b, oneWay)
		}
		return true, l.s.HealLink(a, b, oneWay)
	case "link-slow":
		i := strings.LastIndex(arg, "|")
		if i < 0 {
			return true, fmt.Errorf("link-slow expects a|b|ms, got %q", arg)
		}
		d, perr := strconv.ParseInt(arg[i+1:], 10, 64)
		if perr != nil {
			return true, fmt.Errorf("link-slow expects a|b|ms, got %q", arg)
		}
		a, b, oneWay, err := linkArg(arg[:i])
		if err != nil {
			return true, err
		}
		return true, l.s.SlowLink(a, b, d, oneWay)
	case "drop":
		id, perr := strconv.ParseUint(arg, 10, 64)
		if perr != nil {
			return true, fmt.Errorf("drop expects a message id, got %q", arg)
		}
		return true, l.s.DropMessage(id)
	}
	return false, nil
}

// linkArg reads a link: "a|b" is both ways, "a>b" one way.
func linkArg(arg string) (a, b string, oneWay bool, err error) {
	if a, b, ok := strings.Cut(arg, ">"); ok {
		return a, b, true, nil
	}
	if a, b, ok := strings.Cut(arg, "|"); ok {
		return a, b, false, nil
	}
	return "", "", false, fmt.Errorf("a link is a|b or a>b, got %q", arg)
}

// createTopic reads the form (a URL query) and queues CreateTopics; the
// form's message says what happened or shows Kafka's error.
func (l *liveLab) createTopic(raw string) error {
	q, err := urlquery.Parse(raw)
	if err != nil {
		return fmt.Errorf("topic: bad form: %w", err)
	}
	req := lab.TopicRequest{Name: strings.TrimSpace(q.Get("name")), Partitions: q.Get("partitions"),
		ReplicationFactor: q.Get("rf"), MinISR: q.Get("minisr"), Unclean: q.Get("unclean")}
	in, err := l.s.CreateTopic(req)
	var msg web.TopicMsgVM
	if err != nil {
		msg.Error = kafkaMessage(err)
	} else {
		msg.Sent = fmt.Sprintf(web.Tr(web.LangOf(renderCtx), "Queued at step %d: CreateTopics(%s) to the controller. Step (→) or play to watch it appear."), in.At, in.Topic)
	}
	_ = setHTML(l.regions["lab-topic-msg"], web.TopicMessage(msg))
	return err
}

// paintSequence redraws the sequence view when what it shows changed: it
// is the page's biggest region, and most steps add nothing to it.
func (l *liveLab) paintSequence(vm web.SequenceVM) error {
	key := vm.Key()
	if key == l.seqKey {
		return nil
	}
	l.seqKey = key
	return setHTML(l.regions["lab-sequence"], web.Sequence(vm))
}
