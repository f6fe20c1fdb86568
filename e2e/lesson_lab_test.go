//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// viewport sets the tab to width×height CSS pixels.
func (tb *tab) viewport(t *testing.T, w, h int64) {
	t.Helper()
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(w, h)))
}

// theme picks light or dark for the pages the tab opens next.
func (tb *tab) theme(t *testing.T, theme string) {
	t.Helper()
	eval[bool](t, tb, `(localStorage.setItem("kafkalab-theme", `+jsQuote(theme)+`), true)`)
}

// typeCommand types a command into the lab's terminal and waits for its
// transcript.
func (tb *tab) typeCommand(t *testing.T, cmd string) {
	t.Helper()
	n := eval[int](t, tb, `document.querySelectorAll("[data-testid=term-entry]").length`)
	if !eval[bool](t, tb, `document.getElementById("lab-term-input").checkVisibility()`) {
		tb.click(t, `[data-testid=tab-terminal]`)
	}
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.SendKeys(`[data-testid=term-input]`, cmd+kb.Enter)))
	tb.waitFor(t, `document.querySelectorAll("[data-testid=term-entry]").length > `+itoaE(n))
}

// waitNav waits for cond on a page the tab is navigating to: a poll
// interrupted by the navigation starts again.
func (tb *tab) waitNav(t *testing.T, cond string) {
	t.Helper()
	var err error
	for range 20 {
		if _, err = chromedp.Run(tb.ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(10*time.Second))); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	require.NoError(t, err, "waiting for %s", cond)
}

// click clicks sel. A frame may replace the node between chromedp's query
// and its click (the live stage is patched element by element), which
// chromedp reports as a node it cannot find: then the click is tried again
// on the node that took its place.
func (tb *tab) click(t *testing.T, sel string) {
	t.Helper()
	var err error
	for range 5 {
		if err = chromedp.Do(tb.ctx, chromedp.Click(sel)); err == nil || !strings.Contains(err.Error(), "Could not find node") {
			break
		}
	}
	require.NoError(t, err)
}

func (tb *tab) text(t *testing.T, sel string) string {
	t.Helper()
	return eval[string](t, tb, `document.querySelector(`+jsQuote(sel)+`)?.textContent || ""`)
}

const groupsStep = "/lessons/07-consumer-groups/2"

// TestLessonExerciseInTheBrowser: the index lists the lessons and the
// sandbox; a step page starts the lesson's scenario in the browser's engine
// beside the text; an exercise checked too early says which part is not met
// and why; done through the terminal it says "goal met"; the step is marked
// done in the step navigation and on the index, and stays so after a
// reload.
func TestLessonExerciseInTheBrowser(t *testing.T) {
	tb := newTab(t)
	tb.viewport(t, 1280, 720)
	tb.open(t, "/")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.WaitVisible(`[data-testid="lesson-07-consumer-groups"]`)))
	eval[bool](t, tb, `(localStorage.clear(), true)`)
	assert.Equal(t, "/lab", eval[string](t, tb, `new URL(document.querySelector("[data-testid=open-lab]").href).pathname`), "the sandbox is linked from the index")
	tb.click(t, `[data-testid="lesson-07-consumer-groups"] h3 a`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.WaitVisible(`[data-testid="lesson-body"]`)))
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(`#step-2 .lesson-step-link a`), chromedp.WaitVisible(`[data-testid=lesson-with-lab]`)))
	tb.waitReady(t)
	require.Equal(t, groupsStep, eval[string](t, tb, `location.pathname`))
	start := tb.hash(t)

	// The lab is the lesson's: orders, and billing with c1 and c2 (step 1
	// played), no order_events.
	require.Equal(t, "07-consumer-groups", eval[string](t, tb, `document.getElementById("lab").dataset.lesson`))
	assert.True(t, eval[bool](t, tb, `!!document.querySelector('[data-testid^="replica-orders-"]')`), "the scenario's topic is drawn")
	assert.False(t, eval[bool](t, tb, `!!document.querySelector('[data-testid^="replica-order_events-"]')`), "a lesson's lab has no order_events")
	// Text and lab side by side at 1280×720.
	text := eval[map[string]float64](t, tb, `(() => { const r = document.querySelector(".lesson-text").getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width} })()`)
	labCol := eval[map[string]float64](t, tb, `(() => { const r = document.querySelector(".lesson-lab-col").getBoundingClientRect(); return {left: r.left, top: r.top, width: r.width} })()`)
	assert.Greater(t, labCol["left"], text["right"]-1, "the lab is beside the text")
	assert.Greater(t, text["width"], 330.0, "the text column stays readable")
	assert.Less(t, labCol["top"], 200.0, "the lab is above the fold")
	viewportShot(t, tb, "lesson-step-en-light")

	// Too early: the goal is not met, and the reason says why.
	tb.click(t, `[data-testid=exercise-check]`)
	tb.waitFor(t, `!!document.querySelector("[data-testid=goal-unmet]")`)
	reason := tb.text(t, `[data-testid=goal-reason]`)
	assert.Regexp(t, `^c[12] owns 2 partitions, the goal needs exactly one each$`, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(reason), "✗")))
	assert.Equal(t, "unmet", eval[string](t, tb, `document.querySelector("[data-block=exercise]").dataset.goal`))
	viewportShot(t, tb, "lesson-goal-unmet-en")

	// Through the terminal, as a learner would.
	tb.typeCommand(t, "consumer start c3 --group billing --topic orders")
	tb.typeCommand(t, "run idle")
	tb.click(t, `[data-testid=exercise-check]`)
	tb.waitFor(t, `!!document.querySelector("[data-testid=goal-met]")`)
	assert.Equal(t, "met", eval[string](t, tb, `document.querySelector("[data-block=exercise]").dataset.goal`))
	assert.Equal(t, "true", eval[string](t, tb, `document.querySelector('[data-step-mark="2"]').dataset.done`), "the step is marked done")
	saved := eval[map[string]any](t, tb, `JSON.parse(localStorage.getItem("kafkalab-progress")).lessons["07-consumer-groups"].exercises["2.0"]`)
	assert.Equal(t, true, saved["solved"])
	assert.Contains(t, saved["share"], "v2.")
	log, _ := saved["log"].([]any)
	require.Len(t, log, 2, "the solving attempt's action log: the two commands typed")
	assert.Contains(t, log[0], "consumer start c3 --group billing --topic orders")
	viewportShot(t, tb, "lesson-goal-met-en")

	// A reload keeps the progress and the lab's state, and offers the
	// solution's link.
	solved := tb.hash(t)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Reload()))
	tb.waitReady(t)
	assert.Equal(t, solved, tb.hash(t), "the lab comes back as it was")
	assert.Equal(t, "true", eval[string](t, tb, `document.getElementById("lab").dataset.restored`))
	assert.Equal(t, "true", eval[string](t, tb, `document.querySelector('[data-step-mark="2"]').dataset.done`))
	assert.Contains(t, tb.text(t, `[data-testid=solved-before]`), "You solved this before")
	assert.Contains(t, eval[string](t, tb, `document.querySelector("[data-testid=solution-link]").getAttribute("href")`), "#s=v2.")

	// Start the step again: the step's start, exactly.
	eval[bool](t, tb, `(window.__before = true)`)
	tb.click(t, `[data-testid=lesson-restart]`)
	tb.waitNav(t, `!window.__before && document.getElementById("lab")?.dataset.labReady === "true"`)
	assert.Equal(t, "", eval[string](t, tb, `document.getElementById("lab").dataset.restored || ""`))
	assert.Equal(t, start, tb.hash(t))

	// The whole lesson's page marks the step too.
	tb.open(t, "/lessons/07-consumer-groups")
	tb.waitFor(t, `document.querySelector('#step-2 [data-step-mark]').dataset.done === "true"`)
	assert.Equal(t, "false", eval[string](t, tb, `document.querySelector('#step-4 [data-step-mark]').dataset.done`))

	// The index marks the lesson as started.
	tb.open(t, "/")
	tb.waitFor(t, `document.querySelector('[data-testid="lesson-07-consumer-groups"]').dataset.progress === "started"`)
	assert.Equal(t, "1 of 4 steps", tb.text(t, `[data-testid="lesson-07-consumer-groups"] [data-progress-mark]`))
	assert.Equal(t, "none", eval[string](t, tb, `document.querySelector('[data-testid="lesson-01-meet-kafka"]').dataset.progress`))
	viewportShot(t, tb, "lesson-index-progress-en")
	tb.requireNoProblems(t)
}

// TestLessonPredictAndLanguage: a predict question reveals the engine's
// answer after the learner picks; in Chinese the lab's chrome and the
// exercise's reason are Chinese.
func TestLessonPredictAndLanguage(t *testing.T) {
	tb := newTab(t)
	tb.viewport(t, 1280, 720)
	tb.open(t, "/lessons/07-consumer-groups/3")
	tb.waitReady(t)
	before := tb.hash(t)
	tb.click(t, `[data-testid=predict-choice]`) // "0": wrong, the engine says 1
	tb.waitFor(t, `!!document.querySelector("[data-testid=predict-answer]")`)
	assert.Equal(t, "1", eval[string](t, tb, `document.querySelector("[data-testid=predict-answer]").dataset.answer`))
	assert.Equal(t, "false", eval[string](t, tb, `document.querySelector("[data-testid=predict-answer]").dataset.right`))
	assert.NotEqual(t, before, tb.hash(t), "the reveal ran c4 in the lab")
	assert.True(t, eval[bool](t, tb, `document.querySelector("[data-testid=explain]").open`))
	viewportShot(t, tb, "lesson-predict-en")
	// After a reload the page remembers the answer.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Reload()))
	tb.waitReady(t)
	assert.Equal(t, "You answered 0 before; the engine's answer was 1.", tb.text(t, `[data-testid=answered-before]`))
	tb.open(t, "/lessons/07-consumer-groups/3")
	tb.waitReady(t)

	// Switch language with the page's language links.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(`[data-testid=languages] a`), chromedp.WaitVisible(`[data-page-lang=zh]`)))
	tb.waitReady(t)
	require.Equal(t, "?lang=zh", eval[string](t, tb, `location.search`))
	require.Equal(t, "zh", eval[string](t, tb, `document.getElementById("lab").dataset.lang`), "the lab follows the lesson's language")
	tb.open(t, groupsStep+"?lang=zh")
	tb.waitReady(t)
	tb.click(t, `[data-testid=exercise-check]`)
	tb.waitFor(t, `!!document.querySelector("[data-testid=goal-unmet]")`)
	assert.Contains(t, tb.text(t, `[data-testid=goal-unmet]`), "还没有达成")
	reason := tb.text(t, `[data-testid=goal-reason]`)
	assert.Contains(t, reason, "目标要求每个成员恰好一个", reason)
	assert.Regexp(t, `\p{Han}`, reason, "the reason is in Chinese")
	assert.Contains(t, tb.text(t, `[data-testid=exercise-check]`), "检查")
	viewportShot(t, tb, "lesson-goal-unmet-zh")
	tb.requireNoProblems(t)
}

// TestLessonShareLink: the teacher's link opens the lesson at that step with
// the exact state; a link for another step says so and starts fresh.
func TestLessonShareLink(t *testing.T) {
	tb := newTab(t)
	tb.open(t, groupsStep)
	tb.waitReady(t)
	tb.typeCommand(t, "consumer start c3 --group billing --topic orders")
	for range 40 {
		tb.act(t, "step", "")
	}
	hash, pos := tb.hash(t), eval[string](t, tb, `document.getElementById("lab").dataset.pos`)
	tb.click(t, `[data-testid=lesson-share]`)
	tb.waitFor(t, `!!document.querySelector("[data-testid=lesson-share-link]")`)
	link := eval[string](t, tb, `document.querySelector("[data-testid=lesson-share-link]").value`)
	require.Contains(t, link, groupsStep+"#s=v2.")
	tb.requireNoProblems(t)

	other := newTab(t)
	other.open(t, link[strings.Index(link, "/lessons/"):])
	other.waitReady(t)
	require.Equal(t, hash, other.hash(t), "the same state")
	require.Equal(t, pos, eval[string](t, other, `document.getElementById("lab").dataset.pos`))
	// The student's run goes on to the goal from there.
	other.typeCommand(t, "run idle")
	other.click(t, `[data-testid=exercise-check]`)
	other.waitFor(t, `!!document.querySelector("[data-testid=goal-met]")`)
	other.requireNoProblems(t)

	wrong := newTab(t)
	code := link[strings.Index(link, "#s="):]
	wrong.open(t, "/lessons/07-consumer-groups/3"+code)
	wrong.waitReady(t)
	assert.Contains(t, eval[string](t, wrong, `document.querySelector("[data-testid=share-error]")?.textContent || ""`), "another lesson or step")
	assert.True(t, eval[bool](t, wrong, `document.querySelector("[data-testid=share-error]").checkVisibility()`), "the reason is shown")
	viewportShot(t, wrong, "lesson-share-wrong-step-en")
	wrong.requireNoProblems(t)
}

// TestLessonProgressExportImport: progress goes to a file and comes back
// from one; a bad file is refused with an inline error and the page keeps
// working; reset erases it.
func TestLessonProgressExportImport(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.WaitVisible(`[data-testid=progress-bar]`)))
	good := `{"format":"kafkalab-progress","version":1,"lessons":{"01-meet-kafka":{"steps":{"1":{"done":true},"2":{"done":true}},"exercises":{"2.1":{"solved":true,"share":"v2.AwAABwMAAAA","log":["@0 command: run idle"]}}}}}`
	eval[bool](t, tb, `(localStorage.setItem("kafkalab-progress", `+jsQuote(good)+`), true)`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Reload()))
	tb.waitFor(t, `document.querySelector('[data-testid="lesson-01-meet-kafka"]').dataset.progress !== undefined`)
	mark := tb.text(t, `[data-testid="lesson-01-meet-kafka"] [data-progress-mark]`)
	assert.Regexp(t, `^(2 of \d+ steps|✓ done)$`, mark)

	// Export: the download is the stored progress.
	exported, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`new Promise((resolve) => {
		const orig = URL.createObjectURL;
		URL.createObjectURL = (blob) => { blob.text().then(resolve); URL.createObjectURL = orig; return orig(blob); };
		document.querySelector("[data-testid=progress-export]").click();
	})`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.Contains(t, exported, `"01-meet-kafka"`)
	assert.Contains(t, exported, `"format": "kafkalab-progress"`)

	// Reset needs a second click.
	tb.click(t, `[data-testid=progress-reset]`)
	assert.NotNil(t, eval[any](t, tb, `localStorage.getItem("kafkalab-progress")`))
	tb.click(t, `[data-testid=progress-reset]`)
	assert.Nil(t, eval[any](t, tb, `localStorage.getItem("kafkalab-progress")`))
	assert.Equal(t, "none", eval[string](t, tb, `document.querySelector('[data-testid="lesson-01-meet-kafka"]').dataset.progress`))

	// Import a bad file, then the exported one.
	importFile := func(body string) {
		eval[bool](t, tb, `(() => {
			const dt = new DataTransfer();
			dt.items.add(new File([`+jsQuote(body)+`], "p.json", {type: "application/json"}));
			const input = document.querySelector("[data-testid=progress-import]");
			input.files = dt.files;
			input.dispatchEvent(new Event("change"));
			return true;
		})()`)
	}
	importFile(`{"format":"kafkalab-progress","version":1,"lessons":{"../etc":{}}}`)
	tb.waitFor(t, `!document.querySelector("[data-testid=progress-error]").hidden`)
	assert.Contains(t, tb.text(t, `[data-testid=progress-error]`), "could not be imported: bad lesson name")
	importFile(`not json`)
	tb.waitFor(t, `document.querySelector("[data-testid=progress-error]").textContent.includes("not JSON")`)
	viewportShot(t, tb, "lesson-import-error-en")
	importFile(strings.ReplaceAll(strings.ReplaceAll(exported, "\n", " "), "'", ""))
	tb.waitFor(t, `document.querySelector("[data-testid=progress-error]").hidden`)
	assert.Contains(t, tb.text(t, `[data-testid=progress-note]`), "Imported progress for 1 lessons")
	assert.Equal(t, mark, tb.text(t, `[data-testid="lesson-01-meet-kafka"] [data-progress-mark]`))
	tb.requireNoProblems(t)
}

// TestLessonScreenshots: a step page at 1280×720 in English and Chinese,
// light and dark, and stacked below 1100 px.
func TestLessonScreenshots(t *testing.T) {
	tb := newTab(t)
	tb.open(t, "/")
	for _, theme := range []string{"light", "dark"} {
		tb.theme(t, theme)
		for _, lang := range []string{"en", "zh"} {
			tb.viewport(t, 1280, 720)
			tb.open(t, "/lessons/04-replicas-and-leaders/2?lang="+lang)
			tb.waitReady(t)
			viewportShot(t, tb, "lesson-step-"+lang+"-"+theme)
			tb.open(t, "/?lang="+lang)
			require.NoError(t, chromedp.Do(tb.ctx, chromedp.WaitVisible(`[data-testid=lesson-list]`)))
			viewportShot(t, tb, "lesson-index-"+lang+"-"+theme)
		}
	}
	tb.theme(t, "light")
	// The quorum lesson's lab draws its three controllers and their links.
	tb.viewport(t, 1280, 720)
	tb.open(t, "/lessons/14-controller-quorum/4")
	tb.waitReady(t)
	assert.Equal(t, 3, eval[int](t, tb, `document.querySelectorAll(".qnode").length`), "three controller cards")
	assert.Equal(t, 3, eval[int](t, tb, `document.querySelectorAll('[data-testid^="link-controller-"]').length`), "a link between every two controllers")
	viewportShot(t, tb, "lesson-quorum-en-light")
	tb.viewport(t, 1000, 900)
	tb.open(t, groupsStep)
	tb.waitReady(t)
	text := eval[float64](t, tb, `document.querySelector(".lesson-text").getBoundingClientRect().bottom`)
	labTop := eval[float64](t, tb, `document.querySelector(".lesson-lab-col").getBoundingClientRect().top`)
	assert.GreaterOrEqual(t, labTop, text-1, "below 1100 px the lab comes after the text")
	tb.screenshot(t, "lesson-step-stacked-1000")
	tb.requireNoProblems(t)
}
