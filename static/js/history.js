// How the app was built (docs/history.md): every saved version on a slider, its code (optionally
// compared with the version before or the newest) and its app in a sandboxed frame, played back
// at the press of Play. The server sends whole files at keyframes and line deltas between them
// (sandbox/store/timeline.py); `replay` turns them into every version's files, exactly as saved.
// The same dialog shows a learner's exercise work and a group project's (static/js/project.js).
import { el } from "./dom.js";
import { t, timeOfDay } from "./i18n.js";
import { Preview, assemble } from "./preview.js";

const PLAY_EVERY_MS = 350;
const PREVIEW_AFTER_MS = 120;
const MAX_DIFF_CELLS = 4_000_000; // beyond this, a comparison shows the old lines, then the new

const LINE = /[^\n]*\n|[^\n]+$/g;
const linesOf = (text) => text.match(LINE) || [];

function applyFile(old, operations) {
  const before = linesOf(old);
  const out = [];
  let at = 0;
  for (const operation of operations) {
    if (Array.isArray(operation)) out.push(...operation);
    else if (operation > 0) { out.push(...before.slice(at, at + operation)); at += operation; }
    else at -= operation;
  }
  return out.join("");
}

export function applyDelta(files, delta) {
  const out = { ...files };
  for (const [name, operations] of Object.entries(delta)) {
    if (operations === null) delete out[name];
    else out[name] = applyFile(files[name] ?? "", operations);
  }
  return out;
}

function sameFiles(a, b) {
  if (!b) return false;
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name]);
}

// Every version's files, oldest first.
export function replay(versions) {
  let files = {};
  return versions.map((version) => (files = version.files ? { ...version.files } : applyDelta(files, version.delta)));
}

// The lines of `after` marked against `before`: [{kind: "same" | "added" | "removed", text}].
export function diffLines(before, after) {
  const a = before.split("\n");
  const b = after.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const head = a.slice(0, start).map((text) => ({ kind: "same", text }));
  const tail = a.slice(endA).map((text) => ({ kind: "same", text }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  let middle;
  if (midA.length * midB.length > MAX_DIFF_CELLS) {
    middle = [...midA.map((text) => ({ kind: "removed", text })), ...midB.map((text) => ({ kind: "added", text }))];
  } else {
    // Longest common subsequence, from the end, then walked from the start.
    const n = midA.length;
    const m = midB.length;
    const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i][j] = midA[i] === midB[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    middle = [];
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) { middle.push({ kind: "same", text: midA[i] }); i++; j++; }
      else if (i < n && (j === m || table[i + 1][j] >= table[i][j + 1])) { middle.push({ kind: "removed", text: midA[i] }); i++; }
      else { middle.push({ kind: "added", text: midB[j] }); j++; }
    }
  }
  return [...head, ...middle, ...tail];
}

export class HistoryDialog {
  // `onRestore(files, number)`: on the learner's page only, where a version can be brought back.
  constructor({ onRestore = null } = {}) {
    const $ = (id) => document.getElementById(id);
    this.dialog = $("history-dialog");
    this.status = $("history-status");
    this.controls = $("history-controls");
    this.slider = $("history-slider");
    this.when = $("history-when");
    this.body = $("history-body");
    this.tabs = $("history-tabs");
    this.code = $("history-code");
    this.compare = $("history-compare");
    this.play = $("history-play");
    this.restore = $("history-restore");
    this.onRestore = onRestore;
    this.versions = [];
    this.states = [];
    this.current = null;
    this.preview = null;
    this.previewTimer = null;
    this.playing = null;

    $("history-close").addEventListener("click", () => this.dialog.close());
    this.dialog.addEventListener("close", () => this.stop());
    $("history-prev").addEventListener("click", () => this.go(this.index() - 1));
    $("history-next").addEventListener("click", () => this.go(this.index() + 1));
    this.slider.addEventListener("input", () => this.show());
    this.compare.addEventListener("change", () => this.showCode());
    this.play.addEventListener("click", () => (this.playing ? this.stop() : this.start()));
    if (this.restore) {
      this.restore.addEventListener("click", () => {
        const index = this.index();
        this.dialog.close();
        this.onRestore({ ...this.states[index] }, this.versions[index].number);
      });
    }
  }

  showTabs(files) {
    if (!files.includes(this.current)) this.current = files[0];
    this.tabs.replaceChildren(...files.map((name) => {
      const tab = el("button", "history-tab", name);
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.dataset.file = name;
      tab.addEventListener("click", () => { this.current = name; this.showCode(); });
      return tab;
    }));
  }

  index() { return Number(this.slider.value) - 1; }

  // Open on the newest version, after fetching the timeline from `url`; the app runs in `frameUrl`,
  // `files` are the exercise's file names in order.
  async open(url, frameUrl, files) {
    this.stop();
    this.showTabs(files);
    this.body.hidden = this.controls.hidden = this.when.hidden = true;
    if (this.restore) this.restore.hidden = true;
    this.status.textContent = t("history_loading");
    if (!this.dialog.open) this.dialog.showModal();
    let timeline;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(String(response.status));
      timeline = await response.json();
    } catch (error) {
      this.status.textContent = t("history_failed");
      return;
    }
    this.versions = timeline.versions;
    this.states = replay(this.versions);
    // A group project's files now, when they are not a version yet (versions are taken a few
    // seconds apart while the group types): the newest point, which cannot be brought back.
    const live = timeline.live;
    if (live && !sameFiles(live.files, this.states.at(-1))) {
      this.versions = [...this.versions, { number: null, saved_at: live.at, live: true }];
      this.states = [...this.states, { ...live.files }];
    }
    if (!this.versions.length) {
      this.status.textContent = t("history_empty");
      return;
    }
    this.status.textContent = "";
    this.slider.max = String(this.versions.length);
    this.slider.value = this.slider.max;
    this.body.hidden = this.controls.hidden = this.when.hidden = false;
    // No dialogs from a replayed app (a loop of alert() would stop the slider), and storage of its own.
    if (!this.preview) this.preview = new Preview(document.getElementById("history-screen"), { frameUrl, modals: false });
    this.preview.frameUrl = frameUrl;
    this.show();
  }

  go(index) {
    this.slider.value = String(Math.max(0, Math.min(this.versions.length - 1, index)) + 1);
    this.show();
  }

  show() {
    const index = this.index();
    const version = this.versions[index];
    const saved = new Date(version.saved_at);
    const values = { number: index + 1, count: this.versions.length, time: timeOfDay(saved) };
    this.when.textContent = t(version.live ? "history_now" : "history_version", values);
    this.slider.setAttribute("aria-valuetext", this.when.textContent);
    if (this.restore) this.restore.hidden = index === this.versions.length - 1;
    this.showCode();
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => this.preview.render(assemble(this.states[index])), PREVIEW_AFTER_MS);
  }

  showCode() {
    const index = this.index();
    const text = this.states[index]?.[this.current] ?? "";
    for (const tab of this.tabs.children) tab.setAttribute("aria-selected", String(tab.dataset.file === this.current));
    const against = this.compare.value === "previous" ? index - 1 : this.compare.value === "latest" ? this.states.length - 1 : null;
    if (against === null || against < 0 || against === index) {
      this.code.replaceChildren(text);
      return;
    }
    // Compared with an earlier version: what this one added and removed. With the newest: what
    // happened from this one to it.
    const [from, to] = against < index ? [this.states[against], this.states[index]] : [this.states[index], this.states[against]];
    const lines = diffLines(from[this.current] ?? "", to[this.current] ?? "");
    this.code.replaceChildren(...lines.map(({ kind, text: line }) => {
      const row = el("span", `history-line ${kind}`, `${kind === "added" ? "+ " : kind === "removed" ? "− " : "  "}${line}\n`);
      if (kind !== "same") row.title = t(kind === "added" ? "history_added" : "history_removed");
      return row;
    }));
  }

  start() {
    if (this.index() >= this.versions.length - 1) this.go(0);
    this.play.setAttribute("aria-pressed", "true");
    this.play.textContent = t("history_pause");
    this.playing = setInterval(() => {
      if (this.index() >= this.versions.length - 1) this.stop();
      else this.go(this.index() + 1);
    }, PLAY_EVERY_MS);
  }

  stop() {
    clearInterval(this.playing);
    this.playing = null;
    this.play.setAttribute("aria-pressed", "false");
    this.play.textContent = t("history_play");
  }
}
