// The exercise page: editor, live preview in a phone frame, console, saving.
import { setupChecking } from "./check.js";
import { t } from "./i18n.js";
import { learnerSocket, startClassroomLive } from "./classroom-live.js";
import { setupPhoneLink } from "./phone-link.js";
import { Saver } from "./save.js";
import { conflictDialog } from "./conflict.js";
import { HistoryDialog } from "./history.js";
import { setupTakeHome } from "./takehome.js";
import { setupStepStart } from "./step-start.js";
import { setupWorkspace } from "./workspace.js";
import { callJson } from "./api.js";

const data = JSON.parse(document.getElementById("page-data").textContent);
const $ = (selector) => document.querySelector(selector);

// ---- panels, console, preview, phone frame, file tabs and symbol keys (static/js/workspace.js)
const storageKey = `sandbox:preview-storage:${data.learner}:${data.exercise}`;
const workspace = setupWorkspace({
  device: data.device,
  frameUrl: data.frameUrl,
  files: data.files,
  storageKey,
  getEditor: () => editor,
  lazy: true,
  onOpenFile: () => review?.refresh(),
});
const { showPanel, showNotice, showProblems, schedulePreview, selectFileTab } = workspace;

// ---- saving
const badge = $("#save-badge");
const saver = new Saver({
  key: `sandbox:work:${data.learner}:${data.exercise}`,
  url: data.saveUrl,
  step: data.step,
  maxBytes: data.maxFileBytes,
  onState(state) {
    badge.dataset.state = state === "saved" ? "saved" : state === "saving" ? "saving" : state === "offline" ? "offline" : "error";
    // A short word in the top bar (it must stay one row on a phone); the whole sentence for
    // screen readers, as a tooltip, and beside it on a wide screen.
    const text = t(state, { limit: Math.round(data.maxFileBytes / 1024) });
    const short = state === "offline" || state === "save_failed" || state === "too_large" ? t(`${state}_short`) : text;
    const shortPart = document.createElement("span");
    shortPart.className = "short";
    shortPart.setAttribute("aria-hidden", "true");
    shortPart.textContent = short;
    const longPart = document.createElement("span");
    longPart.className = short === text ? "visually-hidden" : "long";
    longPart.textContent = text;
    badge.replaceChildren(shortPart, longPart);
    badge.title = text;
  },
});
saver.onConflict = (conflict) => showConflict(conflict);
const opened = saver.open(data.work, data.starter);
// Show the files in the exercise's order, whatever order they were stored in.
opened.files = Object.fromEntries(data.files.map((name) => [name, opened.files[name] ?? data.starter[name] ?? ""]));

function onChange() {
  saver.change(editor.getFiles());
  schedulePreview();
  phoneLink.changed();
}

// A plain text area, used if the code editor cannot load on this browser.
function textareaEditor(parent, { files, onChange: changed }) {
  const area = document.createElement("textarea");
  area.className = "fallback-editor";
  area.spellcheck = false;
  area.style.cssText = "width:100%;height:100%;font:16px monospace;border:0;padding:.5rem;resize:none";
  parent.append(area);
  let current = Object.keys(files)[0];
  const contents = { ...files };
  area.value = contents[current];
  area.addEventListener("input", () => { contents[current] = area.value; changed(current, area.value); });
  return {
    open(name) { current = name; area.value = contents[name]; },
    active: () => current,
    getFile: (name) => contents[name],
    getFiles: () => ({ ...contents }),
    setFile(name, text) { contents[name] = text; if (name === current) area.value = text; },
    setFiles(next) { Object.assign(contents, next); area.value = contents[current]; },
    insert(text) { area.setRangeText(text, area.selectionStart, area.selectionEnd, "end"); area.dispatchEvent(new Event("input")); area.focus(); },
    goTo(name, line) { this.open(name); const lines = area.value.split("\n").slice(0, line - 1).join("\n").length; area.setSelectionRange(lines + 1, lines + 1); area.focus(); },
    focus: () => area.focus(),
    setReadOnly(flag) { area.readOnly = flag; },
  };
}

// ---- open on my phone: a QR code, and the files sent to the phone as they change
// The websocket (opened below, once the editor is there): results for this learner, the class's
// pushes, broadcasts and notes, and the phone's requests.
const live = learnerSocket({ exercise: data.exercise, step: data.step, liveUrl: data.liveUrl });
const phoneLink = setupPhoneLink({
  data,
  live,
  getFiles: () => editor.getFiles(),
  getRevision: () => saver.revision,
});

let editor;
// Take it home: a zip of the saved files, or the app published for a phone's home screen. Set up
// before the editor loads (on slow Wi-Fi that takes seconds), so its button works from the start.
setupTakeHome({ data, getFiles: () => (editor ? editor.getFiles() : opened.files), flush: () => saver.save() });
// The trainer's comments on this work, beside the code (comments.js; a learner of a class only).
let review = null;
let marks = null;
try {
  const [{ createEditor }, reviewModule] = await Promise.all([
    import(data.editorUrl),
    data.review ? import(data.reviewUrl).catch(() => null) : null,
  ]);
  marks = reviewModule ? reviewModule.reviewMarks({ onOpen: (id) => review?.openThread(id) }) : null;
  editor = createEditor($("#editor"), {
    files: opened.files,
    active: data.files[0],
    onChange,
    extensions: marks ? () => [marks.extension] : undefined,
    ariaLabel: (file) => t("code_label", { file }),
    feedback: {
      workerUrl: data.checkerUrl,
      describe: (problem) => t(problem.key, problem.values),
      onProblems: showProblems,
      // The starter files are proven free of marks (tests/browser/test_syntax_feedback.py):
      // while the code is the starter's, the checker is not even fetched.
      known: data.starter,
    },
  });
} catch (error) {
  console.error("code editor failed to load, using a plain text area", error);
  editor = textareaEditor($("#editor"), { files: opened.files, onChange });
}
window.sandboxEditor = editor;

if (data.review) {
  // Only a learner of a class gets comments (from their trainer): the sheet's script comes for them.
  const { startReview } = await import("./comments.js");
  review = startReview({
    review: data.review,
    editor,
    coedit: null,
    marks,
    hideWhenEmpty: true,
    showCode(file, line) {
      showPanel("code");
      if (!editor.goTo) return;
      editor.goTo(file, line);
      selectFileTab(file);
      review?.refresh();
      editor.focus();
    },
  });
  let connected = false;
  live.listen((message) => {
    if (message.type === "comment" && message.exercise === data.exercise) {
      review.hear(message.comment);
      if (editor.active) selectFileTab(editor.active()); // the Comments button may have just appeared
    }
    // Back after a lost connection: what was said meanwhile comes over HTTP.
    else if (message.type === "hello" && connected) callJson(data.review.url).then((found) => review.load({ ...data.review, threads: found.threads })).catch(() => {});
    if (message.type === "hello") connected = true;
  });
}

// Keyboard users: Tab indents in the editor, so say once how to leave it. Touch screens have no Tab key.
const editorHint = $("#editor-hint");
const hintKey = "sandbox:editor-hint-seen";
$("#editor").addEventListener("focusin", () => {
  if (matchMedia("(pointer: coarse)").matches) return;
  try { if (localStorage.getItem(hintKey)) return; } catch (error) { /* no storage: show it */ }
  editorHint.textContent = t("editor_tab_hint");
  editorHint.hidden = false;
});
$("#editor").addEventListener("focusout", (event) => {
  if (editorHint.hidden || $("#editor").contains(event.relatedTarget)) return;
  editorHint.hidden = true;
  // Left with the keyboard: the learner knows the way out now.
  if (event.relatedTarget) try { localStorage.setItem(hintKey, "1"); } catch (error) { /* ignore */ }
});

// ---- reset to the starter files, after asking
const dialog = $("#reset-dialog");
$("#reset").addEventListener("click", () => dialog.showModal());
dialog.addEventListener("close", () => {
  if (dialog.returnValue !== "reset") return;
  const replaced = editor.getFiles();
  editor.setFiles({ ...data.starter });
  review?.refresh(); // fresh files: each comment goes where its text is
  workspace.resetStorage();
  saver.change(editor.getFiles(), "reset");
  schedulePreview();
  phoneLink.changed();
  showNotice(t("reset_done"), "info");
  stepStart.replaced(replaced);
});

// ---- how the app was built: every saved version, and bringing one back (static/js/history.js)
const historyDialog = new HistoryDialog({
  onRestore(files, number) {
    editor.setFiles(files);
    review?.refresh(); // fresh files: each comment goes where its text is
    saver.change(editor.getFiles(), "restored");
    schedulePreview();
    phoneLink.changed();
    showNotice(t("history_restored", { number }), "info");
  },
});
$("#history-open").addEventListener("click", async () => {
  await saver.flush(); // the newest change is a version too
  historyDialog.open(data.versionsUrl, data.frameUrl, data.files);
});

setupChecking({
  data,
  live,
  getFiles: () => editor.getFiles(),
  beforeCheck: () => saver.flush(3000),
  showPanel: (name) => { if (workspace.tabsShown()) showPanel(name); },
  goToLine(file, line) {
    showPanel("code");
    selectFileTab(file);
    editor.goTo(file, line);
  },
});
startClassroomLive({ learner: data.learner, exercise: data.exercise, step: data.step, socket: live });

// A step with its own starting code: carry the code over, or start from the step's (and back).
const stepStart = setupStepStart({
  data,
  getFiles: () => editor.getFiles(),
  setFiles(files, reason) {
    editor.setFiles(files);
    review?.refresh(); // fresh files: each comment goes where its text is
    saver.change(editor.getFiles(), reason);
    schedulePreview();
    phoneLink.changed();
  },
});

workspace.start();
if (opened.restored) showNotice(t("restored_local"), "info");
document.body.dataset.ready = "true";

// ---- two versions: another tab or device saved first (static/js/conflict.js)
function showConflict(conflict) {
  conflictDialog(conflict, data.files, (choice) => {
    const theirs = saver.resolve(choice);
    if (theirs) {
      editor.setFiles(theirs);
      review?.refresh(); // fresh files: each comment goes where its text is
      schedulePreview();
      phoneLink.changed();
    }
  });
}
