// Package record turns a sandbox session into a lesson scenario file: the
// "record a scenario" mode of the lab. A teacher starts an empty lab (bare
// and unsettled, as a lesson's lab runs), types commands into the
// terminal, steps and plays, and downloads a Markdown file in
// lessons/README.md's format: front matter with the brokers and the seed,
// and one step whose lab block replays the session exactly: each terminal
// command as typed, and the events stepped between them as `step N`.
//
// The package is light on purpose (engine/lab and the standard library):
// it runs in the browser's wasm. Its test loads the file with the lesson
// loader and replays it to the session's state hash.
//
// Every input kind is recorded. A terminal command is written as typed; a
// panel or button input (the produce panel, the broker buttons, the
// consumer panel, the cluster view's create topic, cut, heal and slow
// link, drop a message) is written as its twin lab command, `panel …`
// (engine/tools/lab_panel.go), which makes the very call the panel makes
// (engine/cluster/panel.go), so the file is one plain lab block that the
// lesson loader, go test ./lessons and the browser's lesson page replay
// with nothing new to learn. This was chosen over a separate block of
// encoded inputs: a teacher reads and edits one language, and a recorded
// line can be typed into the lab's terminal to try it. What the panel's
// producer keeps between sends is written out: the first send, and every
// send whose acks differ from the one before, carries --new-producer,
// because the panel then starts producer-1 over.
//
// A command that failed is refused: a lesson's script stops at the first
// failure. So is a key or value the lab's shell cannot quote back exactly.
package record

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kafkalab/kafkalab/engine/lab"
)

// MaxStep is the most events one `step` line takes (the tools' limit).
const MaxStep = 100_000

// An Error says why a session cannot be recorded, and which input.
type Error struct {
	Input int // 1-based; 0 for the session as a whole
	Msg   string
}

func (e *Error) Error() string {
	if e.Input > 0 {
		return fmt.Sprintf("record: input %d: %s", e.Input, e.Msg)
	}
	return "record: " + e.Msg
}

// ErrNotRecording is the session was not started for recording.
var ErrNotRecording = errors.New("record: start a recording first: only an empty lab (no order_events, commands unsettled) replays as a lesson")

// A Session is what Scenario needs of a lab.Session.
type Session interface {
	Seed() uint64
	Brokers() int
	Pos() uint64
	Inputs() []lab.Input
	Share() lab.Share
}

// Scenario writes the lesson file that replays s up to its current
// position. title names the lesson; "" gives a placeholder.
func Scenario(s Session, title string) (string, error) {
	sh := s.Share()
	if !sh.Bare || !sh.NoSettle {
		return "", ErrNotRecording
	}
	title = strings.Join(strings.Fields(title), " ") // one line: it is also the heading
	if title == "" {
		title = "Recorded scenario"
	}
	var script strings.Builder
	pos := uint64(0)
	step := func(to uint64) {
		for pos < to {
			n := min(to-pos, MaxStep)
			fmt.Fprintf(&script, "step %d\n", n)
			pos += n
		}
	}
	var prod producerState
	for i, in := range s.Inputs() {
		if in.At > s.Pos() || in.At+in.Steps > s.Pos() {
			break // recorded after the position shown (the learner went back), or not applied yet
		}
		if in.Kind == lab.InputCommand && in.Result.Status != 0 {
			return "", &Error{Input: i + 1, Msg: fmt.Sprintf("the command %q failed (exit status %d): a lesson's script stops at a failure; go back before it and record again", firstLine(in.Script), in.Result.Status)}
		}
		text, err := line(in, &prod)
		if err != nil {
			return "", &Error{Input: i + 1, Msg: err.Error()}
		}
		step(in.At)
		script.WriteString(text)
		pos = in.At + in.Steps
	}
	step(s.Pos())
	return render(title, s.Brokers(), sh.Controllers, s.Seed(), script.String()), nil
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func render(title string, brokers, controllers int, seed uint64, script string) string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %q\n", title)
	b.WriteString("summary: A scenario recorded in the lab's sandbox; say in one sentence what the learner will see.\n")
	b.WriteString("order: 99\n")
	b.WriteString("level: beginner\n")
	b.WriteString("language: en\n")
	b.WriteString("scenario:\n")
	fmt.Fprintf(&b, "  brokers: %d\n", brokers)
	if controllers > 1 {
		fmt.Fprintf(&b, "  controllers: %d\n", controllers)
	}
	fmt.Fprintf(&b, "  seed: %d\n", seed)
	b.WriteString("---\n\n")
	fmt.Fprintf(&b, "# %s\n\n", title)
	b.WriteString("Recorded in the lab's sandbox. Save this file as lessons/en/NN-name.md, write the\n")
	b.WriteString("Chinese version in lessons/zh/, add prose, predict questions and exercises\n")
	b.WriteString("(lessons/README.md), and run `go test ./lessons/`.\n\n")
	b.WriteString("## The recorded session\n\n")
	if strings.TrimSpace(script) == "" {
		script = "# nothing was recorded yet\nbrokers\n"
	}
	fence := "```"
	for strings.Contains(script, fence) {
		fence += "`"
	}
	b.WriteString(fence + "lab\n" + script + fence + "\n")
	return b.String()
}
