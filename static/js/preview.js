// Assemble the learner's files into one document and show it in a sandboxed frame.
import { t } from "./i18n.js";
import { guardLoops } from "./loopguard.js";

const SANDBOX = "allow-scripts allow-forms allow-modals";
// On the trainer's screens (watch view, projector) a learner's alert() in a loop would block the
// whole page; without allow-modals Chromium ignores alert/confirm/prompt in the frame.
const SANDBOX_NO_MODALS = "allow-scripts allow-forms";
const STUCK_AFTER_MS = 2500;

function attribute(tag, name) {
  const match = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  return match ? (match[2] ?? match[3] ?? match[4]) : null;
}

function localName(url, files) {
  if (!url) return null;
  const clean = url.replace(/^\.\//, "").split(/[?#]/)[0];
  return Object.prototype.hasOwnProperty.call(files, clean) ? clean : null;
}

function lineAt(text, index) {
  let line = 1;
  for (let k = 0; k < index; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

function script(code, file, attrs, firstLine = 1) {
  // Leading newlines keep line numbers equal to the learner's file (the loop guards' too, so they
  // are added before guarding); sourceURL names the file.
  const body = guardLoops("\n".repeat(firstLine - 1) + code, file) + `\n//# sourceURL=${file}\n`;
  return `<script${attrs}>${body.replace(/<\/script/gi, "<\\/script")}</script>`;
}

// One pass over scripts and stylesheet links, as sandbox/grading/assemble.py does, so a tag written
// inside a script is left alone; tests/fixtures/assembly_cases.yaml holds the two to the same cases.
const TAG = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>|<link\b[^>]*>/gi;
const SCRIPT_TYPES = ["", "text/javascript", "module", "application/javascript"];

// Return index.html with the learner's own stylesheets and scripts put inline.
export function assemble(files, entry = "index.html") {
  const html = files[entry] ?? "";
  return html.replace(TAG, (whole, attrs, inline, offset) => {
    if (attrs === undefined) {
      const rel = (attribute(whole, "rel") || "").toLowerCase();
      const name = rel === "stylesheet" ? localName(attribute(whole, "href"), files) : null;
      if (!name) return whole;
      return `<style data-file="${name}">${files[name].replace(/<\/style/gi, "<\\/style")}</style>`;
    }
    const type = (attribute(attrs, "type") || "").toLowerCase();
    if (!SCRIPT_TYPES.includes(type)) return whole; // not JavaScript: the browser does not run it
    const src = attribute(attrs, "src");
    if (src) {
      const name = localName(src, files);
      if (!name) return whole;
      const rest = attrs.replace(/\bsrc\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i, "");
      return script(files[name], name, rest);
    }
    const opening = whole.indexOf(">") + 1;
    return script(inline, entry, attrs, lineAt(html, offset + opening));
  });
}

function makeNonce() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// One preview screen. Each update loads a fresh frame (a fresh JavaScript world), kept hidden
// until it has drawn, then swapped in, so the preview never flickers or mixes old and new code.
export class Preview {
  constructor(screen, { frameUrl, storage = {}, modals = true, onMessage = () => {}, onSwap = () => {}, onStuck = () => {} }) {
    this.screen = screen;
    this.sandbox = modals ? SANDBOX : SANDBOX_NO_MODALS;
    this.frameUrl = frameUrl;
    this.storage = storage;
    this.onMessage = onMessage;
    this.onSwap = onSwap;
    this.onStuck = onStuck;
    this.active = null;
    this.pending = null;
    this.spare = null;
    window.addEventListener("message", (event) => this.receive(event));
    this.watchdog = setInterval(() => this.watch(), 500);
  }

  // Start a frame that waits, loaded and ready, for the next update: most of a preview's time
  // is loading the frame, so having one ready makes an update appear sooner after typing.
  makeFrame(html = null) {
    const frame = document.createElement("iframe");
    const load = { frame, url: this.frameUrl, nonce: makeNonce(), html, ready: false, started: performance.now(), lastAlive: performance.now(), buffered: [] };
    frame.setAttribute("sandbox", this.sandbox);
    frame.setAttribute("title", this.screen.dataset.title || t("preview_title"));
    frame.setAttribute("aria-hidden", "true");
    frame.className = "pending";
    frame.src = `${this.frameUrl}#${load.nonce}`;
    this.screen.appendChild(frame);
    return load;
  }

  render(html) {
    if (this.pending) this.pending.frame.remove();
    let load = this.spare;
    this.spare = null;
    // A frame kept ready at another address (a project's pictures changed: its frame's address did) is dropped.
    if (load && load.ready && load.url === this.frameUrl) {
      load.html = html;
      load.started = performance.now();
      load.lastAlive = load.started;
      this.send(load);
    } else {
      if (load) load.frame.remove();
      load = this.makeFrame(html);
    }
    this.pending = load;
  }

  send(load) {
    load.frame.contentWindow.postMessage({ type: "render", nonce: load.nonce, html: load.html, storage: this.storage, stopped: t("loop_stopped") }, "*");
  }

  receive(event) {
    const data = event.data;
    if (!data || typeof data !== "object") return;
    const load = [this.pending, this.active, this.spare].find(
      (l) => l && event.source === l.frame.contentWindow && data.nonce === l.nonce,
    );
    if (!load) return;
    load.lastAlive = performance.now();
    if (data.type === "ready") {
      load.ready = true;
      if (load.html !== null) this.send(load);
    } else if (data.type === "rendered") {
      if (load === this.pending) this.swap(load);
    } else if (data.type === "storage") {
      this.storage = data.data || {};
      this.onMessage(data, load === this.active);
    } else if (data.type !== "alive") {
      if (load === this.pending) load.buffered.push(data);
      else this.onMessage(data, true);
    }
  }

  swap(load) {
    if (this.active) this.active.frame.remove();
    this.active = load;
    this.pending = null;
    load.frame.className = "";
    load.frame.removeAttribute("aria-hidden");
    this.onSwap(performance.now() - load.started);
    load.buffered.forEach((data) => this.onMessage(data, true));
    load.buffered = [];
    if (!this.spare) this.spare = this.makeFrame();
  }

  watch() {
    const now = performance.now();
    if (document.hidden) {
      // Hidden pages run timers rarely; do not mistake that for a stuck app.
      [this.pending, this.active].forEach((l) => { if (l) l.lastAlive = now; });
      return;
    }
    // A frame that stopped answering is busy forever: show the last good one and say so.
    if (this.pending && now - this.pending.started > STUCK_AFTER_MS && now - this.pending.lastAlive > STUCK_AFTER_MS) {
      this.pending.frame.remove();
      this.pending = null;
      this.onStuck({});
    }
    if (this.active && now - this.active.lastAlive > STUCK_AFTER_MS) {
      this.active.frame.remove();
      this.active = null;
      this.onStuck({});
    }
  }

  resetStorage() {
    this.storage = {};
  }

  // Show someone else's app from now on: drop every frame (one still running could report its
  // storage after the switch) and start from that app's own storage.
  switchTo(storage) {
    [this.pending, this.active, this.spare].forEach((l) => l?.frame.remove());
    this.pending = this.active = this.spare = null;
    this.storage = storage;
  }
}
