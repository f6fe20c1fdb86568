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

  start().catch((err) => showError(err && err.message ? err.message : String(err)));
})();
