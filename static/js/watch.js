// The trainer's view of one learner: their code read-only (one tab per file) and their app in a
// sandboxed phone frame, both updated on every autosave, a box to send them a note, and comments
// on lines of their code, which they see beside those lines (comments.js, docs/mentors.md).
// The learner's code only ever runs inside the preview frame (preview.js: sandboxed, no
// same-origin); here it is text in a read-only editor, or in a <pre> if the editor cannot load.
import { callJson } from "./api.js";
import { startReview } from "./comments.js";
import { el } from "./dom.js";
import { t, timeOfDay } from "./i18n.js";
import { HistoryDialog } from "./history.js";
import { Preview, assemble } from "./preview.js";

const PREVIEW_AFTER_MS = 150;
const MAX_CONSOLE_LINES = 30;

// A read-only <pre> with the same few methods as the editor, for browsers where it cannot load.
function preViewer(parent, { files, active }) {
  const pre = el("pre", "watch-pre");
  parent.append(pre);
  let contents = { ...files };
  let current = active;
  const show = () => { pre.textContent = contents[current] ?? ""; };
  show();
  return {
    open(name) { current = name; show(); },
    active: () => current,
    setFiles(next) { contents = { ...next }; if (!(current in contents)) current = Object.keys(contents)[0]; show(); },
  };
}

// The line (from 1) where `after` starts to differ from `before`; null when nothing changed.
export function firstChangedLine(before, after) {
  if (before == null || after == null || before === after) return null;
  const old = before.split("\n");
  const now = after.split("\n");
  let line = 0;
  while (line < old.length && line < now.length && old[line] === now[line]) line += 1;
  return Math.min(line, now.length - 1) + 1;
}

export class WatchPanel {
  constructor({ editorUrl, reviewUrl, apiBase, api, send, isLive, ago, onClose = () => {} }) {
    this.editorUrl = editorUrl;
    this.reviewUrl = reviewUrl;
    this.review = null; // the comments on the shown learner's work on the shown exercise
    this.reviewFor = null; // "learner/exercise" of the threads the sheet holds
    this.apiBase = apiBase;
    this.api = api;
    this.send = send;
    this.isLive = isLive;
    this.ago = ago;
    this.onClose = onClose;
    this.learner = null;
    this.storages = new Map(); // learner id -> what their app stored in this view
    this.previewOf = null; // whose app the preview shows (kept while the view is closed)
    this.name = "";
    this.exercise = null;
    this.revision = -1;
    this.savedAt = null;
    this.files = {};
    this.order = [];
    this.editor = null;
    this.preview = null;
    this.previewTimer = null;
    this.queue = Promise.resolve();
    this.device = { width: 360, height: 640 };

    const $ = (id) => document.getElementById(id);
    this.root = $("watch");
    this.title = $("watch-title");
    this.where = $("watch-where");
    this.status = $("watch-status");
    this.tabs = $("watch-tabs");
    this.editorBox = $("watch-editor");
    this.stage = $("watch-stage");
    this.phone = $("watch-phone");
    this.phoneBox = $("watch-phone-box");
    this.screen = $("watch-screen");
    this.console = $("watch-console");
    this.consoleLines = $("watch-console-lines");
    this.noteLabel = $("note-label");
    this.noteText = $("note-text");
    this.noteStatus = $("note-status");
    this.noteList = $("note-list");

    $("watch-close").addEventListener("click", () => this.close());
    // Every version the learner saved of this exercise, replayed (static/js/history.js).
    this.historyButton = $("watch-history");
    this.history = new HistoryDialog();
    this.historyButton.addEventListener("click", () => {
      if (this.learner === null || !this.exercise || !this.preview) return;
      const url = `${this.apiBase}/learners/${this.learner}/versions/${encodeURIComponent(this.exercise)}`;
      this.history.open(url, this.preview.frameUrl, this.order);
    });
    this.root.addEventListener("keydown", (event) => { if (event.key === "Escape") this.close(); });
    $("note-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.sendNote();
    });
    this.console.querySelector("summary").textContent = t("watch_errors");
    new ResizeObserver(() => this.fitPhone()).observe(this.stage);
    setInterval(() => this.showSaved(), 15000);
  }

  open(learner, name) {
    if (this.preview && this.previewOf !== learner) {
      // Each learner's app keeps its own storage here, as on their own device.
      this.storages.set(this.previewOf, this.preview.storage);
      this.preview.switchTo(this.storages.get(learner) ?? {});
    }
    this.previewOf = learner;
    if (this.learner !== learner) {
      this.learner = learner;
      this.exercise = null;
      this.historyButton.hidden = true;
      this.revision = -1;
      this.files = {};
      this.tabs.replaceChildren();
      this.noteList.replaceChildren();
      this.noteStatus.textContent = "";
      this.where.textContent = "";
      this.status.textContent = "";
      this.clearConsole();
    }
    this.name = name;
    this.root.hidden = false;
    this.root.dataset.learner = String(learner);
    this.title.textContent = t("watch_title", { name });
    this.noteLabel.textContent = t("note_to", { name });
    this.send({ type: "watch", learner });
    this.refresh();
    this.loadNotes();
    this.root.querySelector("#watch-close").focus();
  }

  close() {
    if (this.learner === null) return;
    this.send({ type: "unwatch" });
    this.learner = null;
    this.root.hidden = true;
    delete this.root.dataset.learner;
    this.onClose();
  }

  // Read the learner's files over HTTP: on opening (the socket's copy may be on its way) and
  // every few seconds while the socket is down.
  async refresh() {
    const learner = this.learner;
    try {
      const event = await this.api(`/learners/${learner}/work`);
      if (learner === this.learner) this.update(event);
    } catch (error) {
      /* the socket or the next refresh brings it */
    }
  }

  update(event) {
    this.queue = this.queue.then(() => this.apply(event)).catch((error) => console.error(error));
    return this.queue;
  }

  async apply(event) {
    if (event.learner !== this.learner) return;
    if (!event.exercise) {
      this.where.textContent = t("watch_nothing");
      return;
    }
    const sameExercise = event.exercise === this.exercise;
    if (sameExercise && typeof event.revision === "number" && event.revision < this.revision) return;
    this.exercise = event.exercise;
    this.historyButton.hidden = !event.exercise;
    this.revision = typeof event.revision === "number" ? event.revision : this.revision;
    this.where.textContent = event.step_number
      ? t("watch_where", { exercise: event.exercise_title, number: event.step_number, step: event.step_title })
      : event.exercise_title;
    this.started = event.started !== false;
    this.savedAt = event.at || null;
    this.showSaved();

    const previous = sameExercise ? this.files : {};
    this.files = { ...event.files };
    if (!sameExercise) {
      this.order = event.order || Object.keys(this.files);
      this.device = event.device || this.device;
      this.buildTabs();
      this.setFrame(event.frame_url);
    }
    await this.ensureEditor();
    if (sameExercise && this.editor.setFile) {
      // File by file, as one change each: the editor maps the comments' marks with the text.
      for (const [name, text] of Object.entries(this.files)) this.editor.setFile(name, text);
    } else {
      this.editor.setFiles(this.files);
    }
    const active = this.editor.active();
    // The trainer sees what the learner just changed: the open file scrolls to it and the line flashes.
    const changedLine = sameExercise ? firstChangedLine(previous[active], this.files[active]) : null;
    if (changedLine && this.editor.goTo) this.editor.goTo(active, changedLine);
    this.tabs.querySelectorAll(".file-tab").forEach((tab) => {
      const name = tab.dataset.file;
      tab.setAttribute("aria-selected", String(name === active));
      if (sameExercise && name !== active && previous[name] !== this.files[name]) tab.dataset.changed = "true";
    });
    this.root.dataset.revision = String(this.revision);
    this.loadComments();
    this.review?.refresh();
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => this.preview.render(assemble(this.files)), PREVIEW_AFTER_MS);
  }

  showSaved() {
    if (this.learner === null || !this.exercise) return;
    this.status.textContent = this.started && this.savedAt ? t("watch_saved", { ago: this.ago(this.savedAt) }) : t("watch_starter");
  }

  buildTabs() {
    this.chosen = null; // the file the trainer picked, even before the editor has loaded
    this.tabs.replaceChildren();
    for (const name of this.order) {
      const tab = el("button", "file-tab", name);
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.dataset.file = name;
      tab.addEventListener("click", () => {
        this.chosen = name;
        this.editor?.open(name);
        this.review?.refresh();
        delete tab.dataset.changed;
        this.tabs.querySelectorAll(".file-tab").forEach((other) => other.setAttribute("aria-selected", String(other === tab)));
      });
      this.tabs.append(tab);
    }
  }

  // The editor loads once (two snapshots arriving while it loads make one editor), and opens on
  // the file the trainer picked meanwhile.
  ensureEditor() {
    this.editorLoading ??= (async () => {
      let createEditor = preViewer;
      let marks = null;
      try {
        const [editorModule, reviewModule] = await Promise.all([
          import(this.editorUrl),
          import(this.reviewUrl).catch(() => null),
        ]);
        createEditor = editorModule.createEditor;
        marks = reviewModule ? reviewModule.reviewMarks({ onOpen: (id) => this.review?.openThread(id) }) : null;
      } catch (error) {
        console.error("code editor failed to load, showing plain text", error);
      }
      const options = {
        files: this.files,
        active: this.chosen ?? this.order[0],
        readOnly: true,
        ariaLabel: (file) => t("code_label", { file }),
        extensions: marks ? () => [marks.extension] : undefined,
      };
      try {
        this.editor = createEditor(this.editorBox, options);
      } catch (error) {
        console.error("code editor failed to start, showing plain text", error);
        this.editor = preViewer(this.editorBox, options);
      }
      this.review = startReview({
        review: { url: this.commentsUrl(), threads: [], mayStart: true },
        editor: this.editor,
        coedit: null,
        marks: this.editor.view ? marks : null,
        showCode: (file, line) => {
          if (!this.editor.goTo) return;
          this.editor.goTo(file, line);
          this.tabs.querySelectorAll(".file-tab").forEach((tab) => tab.setAttribute("aria-selected", String(tab.dataset.file === file)));
          this.review.refresh();
          this.editor.focus?.();
        },
      });
    })();
    return this.editorLoading;
  }

  // ---- comments on the learner's work (docs/mentors.md)
  commentsUrl() {
    return `${this.apiBase}/learners/${this.learner}/comments/${encodeURIComponent(this.exercise ?? "")}`;
  }

  // The threads on this learner's work on this exercise, when the view first shows it.
  async loadComments() {
    if (!this.review || this.learner === null || !this.exercise) return;
    const key = `${this.learner}/${this.exercise}`;
    if (this.reviewFor === key) return;
    this.reviewFor = key;
    const url = this.commentsUrl();
    this.review.load({ url, threads: [], mayStart: true });
    try {
      const { threads } = await callJson(url);
      if (this.reviewFor === key) this.review.load({ url, threads, mayStart: true });
    } catch (error) {
      this.reviewFor = null; // the next snapshot tries again
    }
  }

  // A thread on a learner's work, new or changed (the dashboard socket, while watching them).
  hearComment(message) {
    if (message.learner !== this.learner || message.exercise !== this.exercise || !this.review) return;
    this.review.hear(message.comment);
  }

  setFrame(frameUrl) {
    this.screen.dataset.title = t("watch_app", { name: this.name });
    if (!this.preview) {
      this.preview = new Preview(this.screen, {
        frameUrl,
        modals: false,
        storage: this.storages.get(this.learner) ?? {},
        onSwap: () => {
          this.clearConsole();
          this.root.dataset.previews = String(Number(this.root.dataset.previews || 0) + 1);
        },
        onMessage: (message, current) => {
          if (!current) return;
          if (message.type === "error" || (message.type === "console" && message.level === "error")) {
            this.addConsoleLine(message);
          }
        },
        onStuck: () => this.addConsoleLine({ text: t("stuck") }),
      });
    } else if (this.preview.frameUrl !== frameUrl) {
      // Another exercise: its frame serves that exercise's assets. Drop the frame kept ready.
      this.preview.frameUrl = frameUrl;
      if (this.preview.spare) {
        this.preview.spare.frame.remove();
        this.preview.spare = null;
      }
    }
    this.screen.style.width = `${this.device.width}px`;
    this.screen.style.height = `${this.device.height}px`;
    this.fitPhone();
  }

  fitPhone() {
    const available = { width: this.stage.clientWidth - 16, height: this.stage.clientHeight - 16 };
    if (available.width <= 0 || available.height <= 0) return;
    const natural = { width: this.phone.offsetWidth, height: this.phone.offsetHeight };
    if (!natural.width || !natural.height) return;
    const scale = Math.min(1, available.width / natural.width, available.height / natural.height);
    this.phone.style.transform = `scale(${scale})`;
    this.phoneBox.style.width = `${natural.width * scale}px`;
    this.phoneBox.style.height = `${natural.height * scale}px`;
  }

  clearConsole() {
    this.consoleLines.replaceChildren();
    this.console.hidden = true;
  }

  addConsoleLine({ text, file, line }) {
    if (this.consoleLines.children.length >= MAX_CONSOLE_LINES) this.consoleLines.firstElementChild.remove();
    const where = file && line ? `${t("error_in", { file, line })}: ` : "";
    this.consoleLines.append(el("li", "error", where + String(text ?? "").slice(0, 500)));
    this.console.hidden = false;
  }

  async loadNotes() {
    const learner = this.learner;
    try {
      const { notes } = await this.api(`/learners/${learner}/notes`);
      if (learner === this.learner) this.noteList.replaceChildren(...notes.map((note) => this.noteItem(note)));
    } catch (error) {
      /* not important: the note box still works */
    }
  }

  noteItem(note) {
    const item = el("li", "sent-item");
    const when = new Date(note.at);
    item.append(
      el("time", "", timeOfDay(when)),
      el("span", "text", note.text),
    );
    return item;
  }

  async sendNote() {
    const text = this.noteText.value.trim();
    if (!text || this.learner === null) return;
    try {
      const note = await this.api(`/learners/${this.learner}/note`, { text });
      this.noteList.prepend(this.noteItem(note));
      this.noteText.value = "";
      this.noteStatus.textContent = t("note_sent");
      this.noteStatus.dataset.kind = "ok";
    } catch (error) {
      this.noteStatus.textContent = error.message;
      this.noteStatus.dataset.kind = "error";
    }
  }
}
