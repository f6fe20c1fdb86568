// kafkalab lessons: the learner's progress, kept in this browser
// (localStorage), the lesson buttons beside the live lab, and the index's
// marks with export, import and reset. The engine work (running a step's
// commands, checking an exercise, answering a predict question) is the
// wasm's: the buttons call kafkalab.act("lesson-…") and the wasm reports
// back through kafkalabLessonEvent.
(function () {
  "use strict";
  const KEY = "kafkalab-progress";
  const FORMAT = "kafkalab-progress";
  const VERSION = 1;
  const SLUG = /^[a-z0-9._-]{1,100}$/;
  const BLOCK = /^[0-9]{1,4}\.[0-9]{1,4}$/;
  const STEP = /^[0-9]{1,4}$/;
  const MAX_BYTES = 2 << 20;

  const mount = document.getElementById("lab");
  const pageLang = mount && mount.dataset.pageLang;
  const lang = pageLang || (document.documentElement.lang || "en").slice(0, 2);
  const zh = lang === "zh";
  function t(en, zhText) { return zh ? zhText : en; }

  // The lab's chrome follows the lesson's language: lab.js reads it from
  // localStorage when it starts, after this script.
  if (pageLang) { try { localStorage.setItem("kafkalab-lang", pageLang); } catch (_) { /* private mode */ } }

  function empty() { return { format: FORMAT, version: VERSION, lessons: {} }; }

  // validate returns the error in a progress document, or "" when it is
  // good: the shape export writes, nothing else.
  function validate(p) {
    if (!p || typeof p !== "object" || Array.isArray(p)) return t("the file is not a progress file (not a JSON object)", "该文件不是进度文件（不是 JSON 对象）");
    if (p.format !== FORMAT) return t("the file is not a kafkalab progress file (format is missing)", "该文件不是 kafkalab 进度文件（缺少 format）");
    if (p.version !== VERSION) return t("progress version " + p.version + " is not one this lab reads (1)", "进度版本 " + p.version + " 不受支持（应为 1）");
    if (!p.lessons || typeof p.lessons !== "object" || Array.isArray(p.lessons)) return t("lessons must be an object", "lessons 必须是对象");
    for (const [slug, l] of Object.entries(p.lessons)) {
      if (!SLUG.test(slug)) return t("bad lesson name " + JSON.stringify(slug.slice(0, 40)), "课程名无效：" + JSON.stringify(slug.slice(0, 40)));
      if (!l || typeof l !== "object" || Array.isArray(l)) return t("lesson " + slug + " is not an object", "课程 " + slug + " 不是对象");
      for (const k of Object.keys(l)) {
        if (!["steps", "exercises", "predicts", "ran"].includes(k)) return t("lesson " + slug + ": unknown field " + JSON.stringify(k), "课程 " + slug + "：未知字段 " + JSON.stringify(k));
        const m = l[k];
        if (!m || typeof m !== "object" || Array.isArray(m)) return t("lesson " + slug + ": " + k + " must be an object", "课程 " + slug + "：" + k + " 必须是对象");
        for (const [id, v] of Object.entries(m)) {
          const ok = k === "steps" ? STEP.test(id) : BLOCK.test(id);
          if (!ok) return t("lesson " + slug + ": bad " + k + " key " + JSON.stringify(id.slice(0, 20)), "课程 " + slug + "：" + k + " 的键无效 " + JSON.stringify(id.slice(0, 20)));
          if (!v || typeof v !== "object" || Array.isArray(v)) return t("lesson " + slug + ": " + k + " " + id + " must be an object", "课程 " + slug + "：" + k + " " + id + " 必须是对象");
          if (k === "exercises" && v.log !== undefined && (!Array.isArray(v.log) || v.log.some((x) => typeof x !== "string"))) return t("lesson " + slug + ": the log of exercise " + id + " must be a list of strings", "课程 " + slug + "：练习 " + id + " 的日志必须是字符串列表");
          if (k === "exercises" && v.share !== undefined && (typeof v.share !== "string" || !/^v[12]\.[A-Za-z0-9_-]*$/.test(v.share))) return t("lesson " + slug + ": exercise " + id + " has a bad share code", "课程 " + slug + "：练习 " + id + " 的分享码无效");
        }
      }
    }
    return "";
  }

  function load() {
    let raw = null;
    try { raw = localStorage.getItem(KEY); } catch (_) { return empty(); }
    if (!raw) return empty();
    try {
      const p = JSON.parse(raw);
      return validate(p) === "" ? p : empty();
    } catch (_) { return empty(); }
  }
  function save(p) { try { localStorage.setItem(KEY, JSON.stringify(p)); } catch (_) { /* private mode: progress lives for this page only */ } }
  function lesson(p, slug) {
    const l = p.lessons[slug] || (p.lessons[slug] = {});
    for (const k of ["steps", "exercises", "predicts", "ran"]) if (!l[k]) l[k] = {};
    return l;
  }
  function stepsDone(p, slug) {
    const l = p.lessons[slug];
    return l && l.steps ? Object.values(l.steps).filter((s) => s && s.done).length : 0;
  }

  // ---- A step page with the live lab. ----
  const section = document.querySelector('section[data-live="true"]');
  const article = document.querySelector("article[data-lesson]");
  const slug = (mount && mount.dataset.lesson) || (article && article.dataset.lesson);
  const step = section ? section.dataset.step : "";

  // stepComplete: every lab block ran, every exercise solved, every
  // predict question answered (a step with none is done when visited).
  function stepComplete(l) {
    if (!section) return false;
    for (const b of section.querySelectorAll("[data-block-index]")) {
      const id = step + "." + b.dataset.blockIndex;
      if (b.dataset.block === "lab" && !l.ran[id]) return false;
      if (b.dataset.block === "exercise" && !(l.exercises[id] && l.exercises[id].solved)) return false;
      if (b.dataset.block === "predict" && !l.predicts[id]) return false;
    }
    return true;
  }
  function markSteps(p) {
    document.querySelectorAll("[data-step-mark]").forEach((el) => {
      const l = p.lessons[slug];
      const done = !!(l && l.steps && l.steps[el.dataset.stepMark] && l.steps[el.dataset.stepMark].done);
      el.classList.toggle("done", done);
      el.dataset.done = String(done);
    });
  }
  // showSaved shows what an earlier visit achieved on this step.
  function showSaved(p) {
    const l = p.lessons[slug];
    if (!l || !section) return;
    section.querySelectorAll("[data-block=exercise]").forEach((b) => {
      const e = l.exercises && l.exercises[step + "." + b.dataset.blockIndex];
      if (!e || !e.solved || b.dataset.goal) return;
      b.dataset.solvedBefore = "true";
      const box = b.querySelector("[data-goal-status]");
      if (!box) return;
      const p1 = document.createElement("p");
      p1.className = "goal-before";
      p1.dataset.testid = "solved-before";
      p1.textContent = t("✓ You solved this before. ", "✓ 你之前已完成此练习。");
      if (e.share) {
        const a = document.createElement("a");
        a.href = location.pathname + location.search + "#s=" + e.share;
        a.textContent = t("Open your solution", "打开你的答案");
        a.dataset.testid = "solution-link";
        p1.appendChild(a);
      }
      box.replaceChildren(p1);
    });
    section.querySelectorAll("[data-block=predict]").forEach((b) => {
      const a = l.predicts && l.predicts[step + "." + b.dataset.blockIndex];
      const box = b.querySelector("[data-predict-result]");
      if (!a || !box || b.dataset.revealed) return;
      const p2 = document.createElement("p");
      p2.className = "goal-before";
      p2.dataset.testid = "answered-before";
      p2.textContent = (a.choice ? t("You answered " + a.choice + " before; ", "你之前的回答是 " + a.choice + "；") : "") +
        t("the engine's answer was " + a.answer + ".", "引擎的答案是 " + a.answer + "。");
      box.replaceChildren(p2);
    });
    section.querySelectorAll("[data-block=lab]").forEach((b) => {
      const ran = b.querySelector("[data-testid=lesson-ran]");
      if (ran && l.ran && l.ran[step + "." + b.dataset.blockIndex]) { ran.hidden = false; ran.textContent = t("✓ ran before", "✓ 之前运行过"); }
    });
  }
  function record(fn) {
    const p = load();
    const l = lesson(p, slug);
    fn(l);
    if (stepComplete(l)) l.steps[step] = { done: true, at: new Date().toISOString() };
    save(p);
    markSteps(p);
  }
  // The lab's state for this tab (sessionStorage): a reload comes back to
  // it; "Start the step again" forgets it; a share link in the URL wins.
  const stateKey = "kafkalab-lab:" + slug + "/" + step;
  function session(fn) { try { return fn(sessionStorage); } catch (_) { return null; } }
  if (section && mount && !location.hash) {
    const code = session((s) => s.getItem(stateKey));
    if (code && /^v2\.[A-Za-z0-9_-]+$/.test(code)) { mount.dataset.share = code; mount.dataset.restored = "true"; }
  }
  let restarting = false;
  if (section && mount) addEventListener("pagehide", () => { if (!restarting && mount.dataset.labReady === "true") act("lesson-save"); });
  // The wasm calls this after a lesson action.
  globalThis.kafkalabLessonEvent = function (d) {
    if (!d || d.lesson !== slug || String(d.step) !== step) return;
    if (d.kind === "state") { session((s) => s.setItem(stateKey, String(d.share || ""))); return; }
    const id = step + "." + d.block;
    record((l) => {
      if (d.kind === "ran") l.ran[id] = { at: new Date().toISOString() };
      if (d.kind === "predicted") l.predicts[id] = { choice: String(d.choice || ""), answer: String(d.answer || "") };
      if (d.kind === "solved") {
        l.exercises[id] = { solved: true, at: new Date().toISOString(), share: String(d.share || ""), hash: String(d.hash || ""),
          log: Array.isArray(d.log) ? d.log.map(String) : [] };
      }
    });
  };
  if (!section && slug) markSteps(load());
  if (section && slug) {
    const p = load();
    if (stepComplete(lesson(p, slug)) && !p.lessons[slug].steps[step]) { p.lessons[slug].steps[step] = { done: true, at: new Date().toISOString() }; save(p); }
    markSteps(p);
    showSaved(p);
  }
  function act(name, arg) {
    const api = globalThis.kafkalab;
    if (!api || typeof api.act !== "function") return null;
    return api.act(name, arg === undefined ? "" : String(arg));
  }
  document.addEventListener("click", (e) => {
    const b = e.target.closest && e.target.closest("[data-lesson-action]");
    if (b) {
      e.preventDefault();
      if (b.classList.contains("choice")) {
        b.closest(".lesson-choices").querySelectorAll(".choice").forEach((c) => c.setAttribute("aria-pressed", String(c === b)));
      }
      act(b.dataset.lessonAction, b.dataset.arg);
      if (b.dataset.lessonAction === "lesson-share") {
        const input = document.getElementById("lesson-share-link");
        if (input) { input.focus(); input.select(); try { navigator.clipboard.writeText(input.value).catch(() => {}); } catch (_) { /* no clipboard */ } }
      }
      return;
    }
    if (e.target.closest && e.target.closest("#lesson-restart")) restart();
  });
  function restart() {
    restarting = true;
    session((s) => s.removeItem(stateKey));
    history.replaceState(null, "", location.pathname + location.search);
    location.reload();
  }
  if (section && mount) {
    // The lab's reset goes back to the start of the step, not to an empty
    // cluster: caught before lab.js sees it.
    mount.addEventListener("click", (e) => {
      const r = e.target.closest && e.target.closest('[data-action="reset"]');
      if (r) { e.stopImmediatePropagation(); e.preventDefault(); restart(); }
    }, true);
    // The produce panel starts on the lesson's first topic.
    const topic = mount.dataset.topic;
    if (topic) {
      const setTopic = () => {
        const f = mount.querySelector("form[data-form=produce]");
        if (!f || !f.elements.topic || f.dataset.lessonTopic) return;
        f.dataset.lessonTopic = "true";
        f.elements.topic.value = topic;
        f.elements.topic.dispatchEvent(new Event("input", { bubbles: true }));
        const c = mount.querySelector("form[data-form=consumer]");
        if (c && c.elements.topic) c.elements.topic.value = topic;
      };
      new MutationObserver(setTopic).observe(mount, { attributes: true, attributeFilter: ["data-lab-ready"] });
    }
  }

  // ---- The index: marks, export, import, reset. ----
  const list = document.querySelector("[data-testid=lesson-list]");
  function markIndex() {
    if (!list) return;
    const p = load();
    let started = 0, finished = 0;
    list.querySelectorAll("li[data-lesson-slug]").forEach((li) => {
      const n = Number(li.dataset.steps) || 0;
      const done = stepsDone(p, li.dataset.lessonSlug);
      const mark = li.querySelector("[data-progress-mark]");
      li.dataset.progress = done === 0 ? "none" : (done >= n ? "done" : "started");
      if (done > 0) started++;
      if (n > 0 && done >= n) finished++;
      if (!mark) return;
      mark.hidden = done === 0;
      mark.textContent = done >= n && n > 0 ? t("✓ done", "✓ 已完成") : t(done + " of " + n + " steps", n + " 步中已完成 " + done + " 步");
    });
    const sum = document.querySelector("[data-progress-summary]");
    if (sum) sum.textContent = started === 0 ? t("No progress yet in this browser.", "此浏览器中还没有进度。")
      : t(finished + " lessons done, " + (started - finished) + " started", "已完成 " + finished + " 课，进行中 " + (started - finished) + " 课");
  }
  function note(text) {
    const n = document.querySelector("[data-progress-note]");
    if (n) { n.textContent = text; n.hidden = !text; }
  }
  function showError(text) {
    const el = document.querySelector("[data-progress-error]");
    if (el) { el.textContent = text; el.hidden = !text; }
  }
  if (list) {
    markIndex();
    let resetArmed = false;
    document.addEventListener("click", (e) => {
      const b = e.target.closest && e.target.closest("[data-progress-action]");
      if (!b) return;
      showError("");
      if (b.dataset.progressAction === "export") {
        const blob = new Blob([JSON.stringify(load(), null, 2) + "\n"], { type: "application/json" });
        const url = URL.createObjectURL(blob);
        const a = document.createElement("a");
        a.href = url;
        a.download = "kafkalab-progress.json";
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        note(t("Progress saved to kafkalab-progress.json.", "进度已保存为 kafkalab-progress.json。"));
      } else if (b.dataset.progressAction === "reset") {
        if (!resetArmed) {
          resetArmed = true;
          b.dataset.armed = "true";
          b.textContent = t("Click again to erase all progress", "再点一次以清除全部进度");
          return;
        }
        resetArmed = false;
        delete b.dataset.armed;
        b.textContent = t("Reset progress", "重置进度");
        try { localStorage.removeItem(KEY); } catch (_) { /* private mode */ }
        markIndex();
        note(t("Progress erased.", "进度已清除。"));
      }
    });
    const input = document.querySelector("[data-progress-import]");
    if (input) input.addEventListener("change", () => {
      const f = input.files && input.files[0];
      input.value = "";
      if (!f) return;
      showError("");
      note("");
      if (f.size > MAX_BYTES) { showError(t("That file is too big to be a progress file.", "该文件太大，不是进度文件。")); return; }
      f.text().then((text) => {
        let p;
        try { p = JSON.parse(text); } catch (err) {
          showError(t("That file could not be imported: it is not JSON (", "无法导入该文件：它不是 JSON（") + err.message + t(").", "）。"));
          return;
        }
        const why = validate(p);
        if (why) { showError(t("That file could not be imported: ", "无法导入该文件：") + why + t(".", "。")); return; }
        save(p);
        markIndex();
        note(t("Imported progress for " + Object.keys(p.lessons).length + " lessons.", "已导入 " + Object.keys(p.lessons).length + " 课的进度。"));
      }, (err) => showError(String(err)));
    });
  }
})();

// The sandbox's recorder: /lab?record=1 starts an empty lab that runs as a
// lesson's does (the wasm reads data-record on the mount), and the download
// button asks the wasm for the lesson file that replays it.
(function () {
  "use strict";
  const box = document.querySelector("[data-record-box]");
  const mount = document.getElementById("lab");
  if (!box || !mount) return;
  // A share link of a recording (a v2 code whose flags say bare, with no
  // lesson: its first two bytes) opens in recording mode again.
  function sharedRecording() {
    const m = /^#s=v2\.([A-Za-z0-9_-]{3,})/.exec(location.hash);
    if (!m) return false;
    try {
      const b = atob(m[1].slice(0, 4).replace(/-/g, "+").replace(/_/g, "/"));
      return (b.charCodeAt(0) & 1) === 1 && b.charCodeAt(1) === 0;
    } catch (_) { return false; }
  }
  const fresh = new URLSearchParams(location.search).get("record") === "1" && !location.hash;
  if (!fresh && !sharedRecording()) return;
  if (fresh) mount.dataset.record = "true";
  box.hidden = false;
  const start = document.getElementById("record-start");
  if (start) start.hidden = true;
  const err = box.querySelector("[data-record-error]");
  const note = box.querySelector("[data-record-note]");
  globalThis.kafkalabRecorded = function (text, error) {
    err.hidden = !error;
    err.textContent = error || "";
    note.hidden = !!error;
    if (error) return;
    const name = "recorded-scenario.md";
    const blob = new Blob([text], { type: "text/markdown" });
    box.dataset.recorded = text;
    if (globalThis.kafkalabSave) globalThis.kafkalabSave(blob, name);
    note.textContent = (document.documentElement.lang || "").startsWith("zh")
      ? "已下载 " + name + "：保存到 lessons/en/ 并运行 go test ./lessons/。"
      : "Downloaded " + name + ": save it into lessons/en/ and run go test ./lessons/.";
  };
  box.querySelector("[data-record-download]").addEventListener("click", () => {
    const api = globalThis.kafkalab;
    if (!api || typeof api.act !== "function") return;
    api.act("record", box.querySelector("[data-record-title]").value);
  });
})();
