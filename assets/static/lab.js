// kafkalab glue: fetch and start the Go WebAssembly lab, and make sure every
// failure ends up in the visible error banner instead of a silently dead page.
// No Kafka logic lives here; the Go side (wasm/) does the work.
(function () {
  "use strict";
  const script = document.currentScript;
  const banner = document.getElementById("lab-error");
  const mount = document.getElementById("lab");
  const stderr = [];

  function showError(message) {
    if (!banner) return;
    banner.hidden = false;
    const title = document.createElement("strong");
    title.textContent = "The lab stopped working. ";
    const text = document.createElement("span");
    text.className = "error-message";
    text.textContent = message;
    banner.replaceChildren(title, text);
    if (mount) mount.setAttribute("data-lab-error", "true");
  }
  // Exposed so the Go side can reuse the same banner markup.
  globalThis.kafkalabShowError = showError;

  // Keep what the Go runtime writes to stderr (panics, fatal errors) so the
  // banner can say why the program died.
  if (globalThis.fs && globalThis.fs.writeSync) {
    const decoder = new TextDecoder("utf-8");
    const original = globalThis.fs.writeSync.bind(globalThis.fs);
    globalThis.fs.writeSync = function (fd, buf) {
      if (fd === 2) {
        stderr.push(decoder.decode(buf));
        if (stderr.length > 50) stderr.shift();
      }
      return original(fd, buf);
    };
  }

  async function start() {
    if (typeof Go !== "function") {
      throw new Error("wasm_exec.js did not load (run `make wasm`, then restart the server)");
    }
    const url = script.dataset.wasm;
    const response = await fetch(url);
    if (!response.ok) {
      const body = (await response.text()).trim();
      throw new Error(`could not load ${url}: ${response.status} ${response.statusText}${body ? " — " + body : ""}`);
    }
    const go = new Go();
    const { instance } = await WebAssembly.instantiateStreaming(response, go.importObject);
    await go.run(instance);
    // go.run only returns when the Go program has exited, which the lab never
    // does on purpose.
    const tail = stderr.join("").trim().split("\n").slice(-6).join("\n");
    showError("the Go program exited" + (tail ? ": " + tail : "."));
  }

  // The live lab's controls: every learner action becomes one call to
  // kafkalab.act(name, arg); the Go side changes the session and repaints in
  // the next animation frame. Listeners are delegated to the mount, whose
  // content the wasm draws.
  function act(name, arg) {
    const api = globalThis.kafkalab;
    if (!api || typeof api.act !== "function") return null;
    return api.act(name, arg === undefined ? "" : String(arg));
  }
  // The produce form goes to Go as a URL query (topic=…&key=…).
  function formQuery(form) {
    const f = form.elements;
    return new URLSearchParams({
      topic: f.topic.value, key: f.key.value, nullKey: String(f.nullkey.checked),
      value: f.value.value, partition: f.partition.value, acks: f.acks.value,
    }).toString();
  }
  // The lookup plays one step every 700 ms until its last step.
  let lookupTimer = 0;
  function playLookup() {
    clearInterval(lookupTimer);
    mount.removeAttribute("data-lookup-done");
    act("lookup-step", "-1000");
    lookupTimer = setInterval(() => {
      act("lookup-step", "1");
      if (mount.dataset.lookupDone === "true") clearInterval(lookupTimer);
    }, 700);
  }
  // Save a Blob the wasm built (a segment file) through a temporary link.
  globalThis.kafkalabSave = function (blob, name) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };
  // Dark mode: the system's preference until the learner picks a theme with
  // the toggle; the choice is kept in localStorage and set as data-theme on
  // <html>, which lab.css reads.
  const root = document.documentElement;
  const themeKey = "kafkalab-theme";
  const themeButton = document.getElementById("theme-toggle");
  const darkQuery = globalThis.matchMedia ? matchMedia("(prefers-color-scheme: dark)") : null;
  function stored(key) { try { return localStorage.getItem(key); } catch (_) { return null; } }
  function store(key, v) { try { localStorage.setItem(key, v); } catch (_) { /* private mode */ } }
  function isDark() {
    const t = root.dataset.theme;
    return t ? t === "dark" : !!(darkQuery && darkQuery.matches);
  }
  // The language of the lab's chrome: English or Chinese, from the toggle
  // (kept in localStorage) or else the browser's language. The wasm reads
  // data-lang on the mount when it starts, and kafkalab.act("lang", …) when
  // the toggle changes it; elements of the page itself carry data-zh.
  const langKey = "kafkalab-lang";
  const langButton = document.getElementById("lang-toggle");
  const savedLang = stored(langKey);
  let lang = savedLang === "zh" || savedLang === "en" ? savedLang
    : (/^zh\b/i.test(navigator.language || "") ? "zh" : "en");
  function showLang() {
    root.lang = lang === "zh" ? "zh-Hans" : "en";
    if (mount) mount.dataset.lang = lang;
    document.querySelectorAll("[data-zh]").forEach((el) => {
      if (el.dataset.en === undefined) el.dataset.en = el.textContent;
      el.textContent = lang === "zh" ? el.dataset.zh : el.dataset.en;
    });
    // The header's links keep the language, as the server draws them
    // (web/layout.templ: the lessons' index in Chinese is /?lang=zh).
    document.querySelectorAll("a[data-href-zh]").forEach((el) => {
      el.setAttribute("href", lang === "zh" ? el.dataset.hrefZh : el.dataset.hrefEn);
    });
    if (langButton) {
      langButton.textContent = lang === "zh" ? "English" : "中文";
      langButton.lang = lang === "zh" ? "en" : "zh";
      langButton.title = lang === "zh" ? "Switch to English · 切换到英文" : "切换到中文 · Switch to Chinese";
    }
    showTheme();
  }
  function showTheme() {
    if (!themeButton) return;
    const dark = isDark();
    themeButton.setAttribute("aria-pressed", String(dark));
    themeButton.textContent = lang === "zh" ? (dark ? "◑ 浅色" : "◐ 深色") : (dark ? "◑ Light" : "◐ Dark");
    themeButton.title = lang === "zh" ? "在浅色和深色之间切换" : "Switch between light and dark";
  }
  // The learner's choice also rides in a cookie, so the server draws the
  // lab's first paint in it (cmd/server/firstpaint.go) and nothing changes
  // language when the wasm takes over.
  function rememberLang() {
    document.cookie = langKey + "=" + lang + "; path=/; max-age=31536000; samesite=lax";
  }
  if (savedLang === "zh" || savedLang === "en") rememberLang();
  showLang();
  if (langButton) langButton.addEventListener("click", () => {
    lang = lang === "zh" ? "en" : "zh";
    store(langKey, lang);
    rememberLang();
    showLang();
    act("lang", lang);
    showSide(mount && mount.dataset.side === "terminal" ? "terminal" : "panels", true);
  });
  const savedTheme = stored(themeKey);
  if (savedTheme === "dark" || savedTheme === "light") root.dataset.theme = savedTheme;
  showTheme();
  if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener("change", showTheme);
  if (themeButton) themeButton.addEventListener("click", () => {
    root.dataset.theme = isDark() ? "light" : "dark";
    store(themeKey, root.dataset.theme);
    showTheme();
  });
  // The right-hand column's tabs: the panels or the terminal. The choice is
  // data-side on the mount, which the wasm never redraws.
  function showSide(side, keepFocus) {
    if (!mount) return;
    if (side === "terminal") mount.dataset.side = "terminal";
    else delete mount.dataset.side;
    mount.querySelectorAll("[data-side]").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.side === (side === "terminal" ? "terminal" : "panels"))));
    if (side === "terminal" && !keepFocus) {
      const ta = document.getElementById("lab-term-input");
      if (ta) ta.focus();
    }
  }
  // Share links: the wasm writes the link (the lab's share code in the
  // fragment, #s=…, which never reaches the server) into the share box; the
  // clipboard may be unavailable, so the box also shows it to copy by hand.
  // On load, lab.js hands a code in the fragment to the wasm on the mount.
  const shareMatch = /^#s=([A-Za-z0-9._-]*)$/.exec(location.hash) || (location.hash.startsWith("#s=") ? [null, "bad"] : null);
  if (mount && shareMatch) mount.dataset.share = shareMatch[1] || "bad";
  addEventListener("hashchange", () => { if (location.hash.startsWith("#s=")) location.reload(); });
  function share() {
    act("share");
    const input = document.getElementById("lab-share-link");
    if (!input) return;
    input.focus();
    input.select();
    const note = document.getElementById("lab-share-note");
    const copied = lang === "zh" ? "链接已复制到剪贴板。" : "The link is on the clipboard.";
    try {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(() => {
          if (note) { note.textContent = copied; note.dataset.copied = "true"; }
        }, () => { /* no clipboard: the box shows the link */ });
      }
    } catch (_) { /* no clipboard: the box shows the link */ }
  }
  function toggleHelp() {
    const help = document.getElementById("lab-help");
    if (help) help.hidden = !help.hidden;
  }
  if (mount) {
    mount.addEventListener("click", (e) => {
      const side = e.target.closest("button[data-side]");
      if (side && mount.contains(side)) { showSide(side.dataset.side); return; }
      const el = e.target.closest("[data-action], [data-select]");
      if (!el || !mount.contains(el)) return;
      if (el.dataset.action === "help") { toggleHelp(); return; }
      if (el.dataset.action === "lookup-play") { playLookup(); return; }
      if (el.dataset.action === "share") { share(); return; }
      if (el.dataset.action) act(el.dataset.action, el.dataset.arg !== undefined ? el.dataset.arg : el.dataset.broker);
      else {
        act("select", el.dataset.select);
        // The details (of a replica, a broker, a link) are on the panels'
        // side: show them, or the click seems to do nothing.
        if (mount.dataset.side === "terminal") showSide("panels", true);
      }
    });
    mount.addEventListener("input", (e) => {
      const el = e.target;
      if (el.dataset && el.dataset.input) act(el.dataset.input, el.value);
      const form = el.closest && el.closest("form[data-form=produce]");
      if (form) act("predict", formQuery(form));
    });
    mount.addEventListener("change", (e) => {
      const el = e.target;
      if (el.dataset && el.dataset.change) {
        const res = act(el.dataset.change, el.value);
        el.classList.toggle("invalid", !!(res && res.inline));
        el.title = res && res.inline ? res.error : "";
      }
    });
    // Hovering a field of the segment inspector lights its bytes in the hex.
    mount.addEventListener("mouseover", (e) => {
      const row = e.target.closest && e.target.closest(".inspector tr[data-from]");
      const insp = row && row.closest(".inspector");
      if (!insp) return;
      insp.querySelectorAll(".hex .hov").forEach((b) => b.classList.remove("hov"));
      const from = Number(row.dataset.from), len = Number(row.dataset.len);
      for (let i = from; i < from + len; i++) {
        const b = insp.querySelector('.hex [data-b="' + i + '"]');
        if (b) b.classList.add("hov");
      }
    });
    mount.addEventListener("submit", (e) => {
      const lk = e.target.closest("form[data-form=lookup]");
      if (lk) {
        e.preventDefault();
        const res = act("lookup", lk.elements.offset.value);
        lk.elements.offset.classList.toggle("invalid", !!(res && res.inline));
        lk.elements.offset.title = res && res.inline ? res.error : "";
        return;
      }
      const tf = e.target.closest("form[data-form=topic]");
      if (tf) {
        e.preventDefault();
        const f = tf.elements;
        act("topic-create", new URLSearchParams({
          name: f.name.value, partitions: f.partitions.value, rf: f.rf.value,
          minisr: f.minisr.value, unclean: f.unclean.value,
        }).toString());
        return;
      }
      const cf = e.target.closest("form[data-form=consumer]");
      if (cf) {
        e.preventDefault();
        const f = cf.elements;
        act("consumer-add", new URLSearchParams({
          group: f.group.value, topic: f.topic.value, assignor: f.assignor.value,
          commit: f.commit.value, static: f.static.value,
        }).toString());
        return;
      }
      const form = e.target.closest("form[data-form=produce]");
      if (!form) return;
      e.preventDefault();
      act("produce", formQuery(form));
    });
  }
  // The terminal: Enter runs the input unless a heredoc (<<EOF) is still
  // open or the line ends with a backslash; Shift+Enter adds a line; ↑/↓ walk
  // the page's history when the caret is on the first or last line.
  const termHistory = [];
  let termIndex = 0, termDraft = "", termSent = false;
  function termIncomplete(text) {
    const lines = text.split("\n");
    if (/(^|[^\\])(\\\\)*\\$/.test(lines[lines.length - 1])) return true;
    for (let i = 0; i < lines.length; i++) {
      const m = lines[i].match(/<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/);
      if (!m) continue;
      let j = i + 1;
      for (; j < lines.length; j++) {
        const l = m[1] ? lines[j].replace(/^\t+/, "") : lines[j];
        if (l === m[3]) break;
      }
      if (j >= lines.length) return true;
      i = j;
    }
    return false;
  }
  function termFit(ta) {
    ta.style.height = "auto";
    ta.style.height = Math.min(ta.scrollHeight, 160) + "px";
  }
  // Tab completes the word before the caret (kafkalab.complete, a read:
  // nothing runs, nothing enters the history). Several candidates complete
  // to their common prefix, and a second Tab lists them under the output,
  // as bash does. With nothing to complete (or an empty line) Tab moves the
  // focus on as usual.
  let termTabbed = false;
  function termComplete(ta) {
    const api = globalThis.kafkalab;
    if (!api || typeof api.complete !== "function" || ta.selectionStart !== ta.selectionEnd) return false;
    const caret = ta.selectionStart, before = ta.value.slice(0, caret);
    if (before.trim() === "") return false;
    const c = api.complete(before);
    if (!c || !c.candidates || c.candidates.length === 0) return false;
    const from = caret - c.replace.length;
    if (c.insert !== c.replace) {
      ta.value = ta.value.slice(0, from) + c.insert + ta.value.slice(caret);
      ta.selectionStart = ta.selectionEnd = from + c.insert.length;
      termFit(ta);
    } else if (termTabbed) {
      termList(ta.value, c.candidates);
    }
    termTabbed = c.candidates.length > 1;
    return true;
  }
  // termList shows the candidates under the line typed so far, as bash
  // does; the next command's output replaces them.
  function termList(line, cands) {
    const out = document.getElementById("lab-terminal");
    if (!out) return;
    const old = out.querySelector("[data-testid=term-candidates]");
    if (old) old.remove();
    const box = document.createElement("div");
    box.className = "term-cands";
    box.dataset.testid = "term-candidates";
    const prompt = document.createElement("div");
    prompt.textContent = "$ " + line;
    prompt.style.opacity = ".7";
    const list = document.createElement("div");
    list.style.cssText = "display:flex;flex-wrap:wrap;gap:0 2ch;white-space:pre";
    for (const c of cands) {
      const span = document.createElement("span");
      span.textContent = c;
      list.appendChild(span);
    }
    box.append(prompt, list);
    out.appendChild(box);
    out.scrollTop = out.scrollHeight;
  }
  // Ctrl-C, as in a shell: it interrupts a running command (the wasm runs
  // long ones between the page's tasks, with data-running on the mount),
  // or else drops the line being typed. With text selected it copies.
  const running = () => !!mount && mount.dataset.running === "true";
  document.addEventListener("keydown", (e) => {
    if (!e.ctrlKey || e.altKey || e.metaKey || (e.key !== "c" && e.key !== "C")) return;
    const ta = e.target && e.target.id === "lab-term-input" ? e.target : null;
    const selected = ta ? ta.selectionStart !== ta.selectionEnd : String(getSelection ? getSelection() : "") !== "";
    if (selected) return;
    if (running()) { e.preventDefault(); act("interrupt"); return; }
    if (ta) { e.preventDefault(); ta.value = ""; termFit(ta); }
  });
  document.addEventListener("keydown", (e) => {
    const ta = e.target;
    if (!ta || ta.id !== "lab-term-input") return;
    if (e.key !== "Tab") termTabbed = false;
    if (e.key === "Enter" && !e.shiftKey && running()) {
      e.preventDefault(); // a command is running: keep what was typed
      termSent = true;
    } else if (e.key === "Enter" && !e.shiftKey && !termIncomplete(ta.value)) {
      e.preventDefault();
      termSent = true;
      const text = ta.value;
      if (text.trim() !== "" && termHistory[termHistory.length - 1] !== text) termHistory.push(text);
      termIndex = termHistory.length;
      termDraft = "";
      ta.value = "";
      termFit(ta);
      act("command", text);
    } else if (e.key === "Tab" && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey) {
      if (termComplete(ta)) e.preventDefault();
      return;
    } else if (e.key === "Escape") {
      // The way out for keyboard users, with Shift+Tab: Tab completes here.
      const tab = mount && mount.querySelector('[data-side="terminal"]');
      if (tab) tab.focus(); else ta.blur();
    } else if (e.key === "ArrowUp" && !ta.value.slice(0, ta.selectionStart).includes("\n") && termIndex > 0) {
      e.preventDefault();
      if (termIndex === termHistory.length) termDraft = ta.value;
      ta.value = termHistory[--termIndex];
      termFit(ta);
    } else if (e.key === "ArrowDown" && !ta.value.slice(ta.selectionEnd).includes("\n") && termIndex < termHistory.length) {
      e.preventDefault();
      termIndex++;
      ta.value = termIndex === termHistory.length ? termDraft : termHistory[termIndex];
      termFit(ta);
    }
  });
  // Some input paths (synthetic key events) still insert the Enter's line
  // break after keydown; a sent command leaves the input empty.
  document.addEventListener("beforeinput", (e) => {
    if (termSent && e.target && e.target.id === "lab-term-input" && /LineBreak|Paragraph/.test(e.inputType)) e.preventDefault();
  });
  document.addEventListener("keyup", (e) => { if (e.key === "Enter") termSent = false; });
  document.addEventListener("input", (e) => {
    if (e.target && e.target.id === "lab-term-input") termFit(e.target);
  });
  document.addEventListener("click", (e) => {
    const b = e.target.closest && e.target.closest("[data-term=clear]");
    if (b) { act("term-clear"); const ta = document.getElementById("lab-term-input"); if (ta) ta.focus(); }
  });
  document.addEventListener("keydown", (e) => {
    if (!mount || mount.dataset.labReady !== "true" || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(t.tagName))) {
      if (!(t.tagName === "INPUT" && t.type === "range") && !(t.tagName === "BUTTON" && e.key !== " ")) return;
      if (t.tagName === "BUTTON" && e.key === " ") return;
    }
    if (e.key === " ") { e.preventDefault(); act("play"); }
    else if (e.key === "ArrowRight") { e.preventDefault(); act("step"); }
    else if (e.key === "ArrowLeft") { e.preventDefault(); act("back"); }
    else if (e.key === "?") { toggleHelp(); }
    else if (e.key === "Enter" && t && t.getAttribute && t.getAttribute("role") === "button" && t.tagName !== "BUTTON") {
      // The diagram's focusable parts (a broker's menu, a link, a message
      // in flight) are SVG groups: Enter clicks them as it would a button.
      e.preventDefault();
      t.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    }
    else if (e.key === "t") { e.preventDefault(); showSide("terminal"); }
    else if (e.key === "Escape") { const h = document.getElementById("lab-help"); if (h) h.hidden = true; }
  });

  start().catch((err) => showError(err && err.message ? err.message : String(err)));
})();
