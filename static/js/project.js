// A group project's page: the technical assignment and its board beside the editor and the phone
// preview. The editor and the preview frame are the exercise page's (editor bundle, preview.js);
// the files are one co-edited document (vendor/coedit.js) over the project's own socket, so every
// member sees the others' typing and cursors; the class's sprint countdown and the trainer's
// messages come over the learner's socket. Everything learners typed is set as text, never as HTML.
import { callJson } from "./api.js";
import { learnerSocket, startClassroomLive } from "./classroom-live.js";
import { startReview } from "./comments.js";
import { conflictDialog } from "./conflict.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";
import { Preview, assemble } from "./preview.js";
import { Saver } from "./save.js";
import { LiveSocket } from "./socket.js";
import { SprintClock } from "./sprint.js";
import { savedWithin, setupTakeHome } from "./takehome.js";

const data = JSON.parse(document.getElementById("page-data").textContent);
const $ = (selector) => document.querySelector(selector);
const PREVIEW_AFTER_MS = 40;
const STATUSES = ["todo", "doing", "done"];

// ---- panels as tabs on small screens; the plan's own tabs (assignment, board) everywhere
const workspace = $(".workspace");
function showPanel(name) {
  workspace.dataset.panel = name;
  document.body.dataset.panel = name;
  document.querySelectorAll(".panel-tabs [role=tab]").forEach((tab) => {
    tab.setAttribute("aria-selected", String(tab.getAttribute("aria-controls") === name));
  });
  if (name === "preview") {
    fitPhone();
    if (previewStale) renderPreview();
  }
}
document.querySelectorAll(".panel-tabs [role=tab]").forEach((tab) => {
  tab.addEventListener("click", () => showPanel(tab.getAttribute("aria-controls")));
});
function showPlanPart(id) {
  document.querySelectorAll(".plan-tabs [role=tab]").forEach((tab) => {
    const chosen = tab.getAttribute("aria-controls") === id;
    tab.setAttribute("aria-selected", String(chosen));
    document.getElementById(tab.getAttribute("aria-controls")).hidden = !chosen;
  });
}
document.querySelectorAll(".plan-tabs [role=tab]").forEach((tab) => {
  tab.addEventListener("click", () => showPlanPart(tab.getAttribute("aria-controls")));
});

// ---- the badge: Saved (the server stored every change), Saving…, Offline (kept here meanwhile)
const badge = $("#save-badge");
function showState(state) {
  badge.dataset.state = ["saved", "saving", "offline"].includes(state) ? state : "error";
  const text = t(state, { limit: Math.round(data.maxFileBytes / 1024) });
  badge.textContent = ["offline", "save_failed", "too_large"].includes(state) ? t(`${state}_short`) : text;
  badge.title = text;
  document.body.dataset.coedit = state; // for tests
}

// ---- console: the app's errors and logs, and the mistakes found while typing
const consoleLines = $("#console-lines");
const consoleProblems = $("#console-problems");
const consoleCount = $("#console-count");
let errors = 0;
function clearConsole() {
  errors = 0;
  consoleCount.hidden = true;
  consoleLines.replaceChildren(el("li", "empty", t("console_empty")));
}
function addConsoleLine({ level, text, file, line }) {
  consoleLines.querySelector(".empty")?.remove();
  if (consoleLines.children.length > 200) consoleLines.firstElementChild.remove();
  const where = file && line ? `${t("error_in", { file, line })}: ` : "";
  consoleLines.append(el("li", level, where + String(text).slice(0, 2000)));
  if (level === "error") {
    errors += 1;
    consoleCount.textContent = String(errors);
    consoleCount.hidden = false;
  }
}
function showProblems(problems) {
  consoleProblems.replaceChildren(
    ...problems.map((problem) => el("li", `problem ${problem.severity === "warning" ? "warn" : "error"}`,
      `${t("error_in", { file: problem.file, line: problem.line })}: ${problem.message}`)),
  );
  consoleProblems.hidden = problems.length === 0;
}

// ---- preview: the files assembled in the browser, in a sandboxed frame
const notice = $("#notice");
const screen = $("#screen");
screen.dataset.title = t("preview_title");
let appStorage = {};
const storageKey = `sandbox:project-storage:${data.viewer}:${data.project}`;
try { appStorage = JSON.parse(localStorage.getItem(storageKey) || "{}"); } catch { appStorage = {}; }
const preview = new Preview(screen, {
  frameUrl: data.frameUrl,
  storage: appStorage,
  onSwap() {
    clearConsole();
    if (notice.dataset.kind === "stuck") notice.hidden = true;
    document.body.dataset.previews = String(Number(document.body.dataset.previews || 0) + 1);
  },
  onMessage(message, current) {
    if (message.type === "storage") {
      try { localStorage.setItem(storageKey, JSON.stringify(message.data)); } catch { /* full */ }
      return;
    }
    if (!current) return;
    if (message.type === "console") addConsoleLine(message);
    else if (message.type === "error") addConsoleLine({ ...message, level: "error" });
    else if (message.type === "stuck") showStuck(message);
  },
  onStuck: showStuck,
});
function showStuck({ file, line }) {
  notice.textContent = file && line ? t("stuck_at", { file, line }) : t("stuck");
  notice.dataset.kind = "stuck";
  notice.hidden = false;
}
// Building a preview takes the page's main thread for a while (a new frame, the app's start): on a
// phone's Code tab, where the preview is out of sight, it is built when the Preview tab opens, so
// the others' typing reaches the editor without waiting behind previews no one sees.
const previewPanel = $("#preview");
let previewStale = false;
let previewTimer = null;
function renderPreview() {
  if (previewPanel.offsetWidth === 0) {
    previewStale = true;
    return;
  }
  previewStale = false;
  preview.render(assemble(editor.getFiles()));
}
function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(renderPreview, PREVIEW_AFTER_MS);
}
// The others' typing redraws the app at most this often: while four members type at once, a
// phone would otherwise build a new frame for every one of their keystrokes.
const OTHERS_PREVIEW_MS = 400;
let othersTimer = null;
function previewOthersTyping() {
  if (othersTimer) return;
  othersTimer = setTimeout(() => {
    othersTimer = null;
    // When the page is idle: what the socket brought meanwhile goes into the editor first.
    if (window.requestIdleCallback) requestIdleCallback(schedulePreview, { timeout: 400 });
    else schedulePreview();
  }, OTHERS_PREVIEW_MS);
}

const phone = $("#phone");
const phoneBox = $("#phone-box");
const stage = $("#stage");
function fitPhone() {
  screen.style.width = `${data.device.width}px`;
  screen.style.height = `${data.device.height}px`;
  const available = { width: stage.clientWidth - 24, height: stage.clientHeight - 24 };
  if (available.width <= 0 || available.height <= 0) return;
  const natural = { width: phone.offsetWidth, height: phone.offsetHeight };
  const tabs = getComputedStyle($(".panel-tabs")).display !== "none";
  const fit = tabs ? available.width / natural.width : Math.min(available.width / natural.width, available.height / natural.height);
  const width = Math.floor(natural.width * Math.min(1, fit));
  const scale = width / natural.width;
  phone.style.transform = `scale(${scale})`;
  phoneBox.style.width = `${width}px`;
  phoneBox.style.height = `${Math.floor(natural.height * scale)}px`;
}
new ResizeObserver(fitPhone).observe(stage);

// ---- editor: the exercise page's bundle; a plain text area where it cannot load
const fileTabs = document.querySelectorAll(".file-tab");
function selectFileTab(name) {
  fileTabs.forEach((tab) => tab.setAttribute("aria-selected", String(tab.dataset.file === name)));
}
function openFile(name) {
  editor.open(name);
  selectFileTab(name);
  coedit?.showing(name);
  review?.refresh();
}
fileTabs.forEach((tab) => {
  tab.addEventListener("click", () => {
    if (!editor) return;
    openFile(tab.dataset.file);
    editor.focus();
  });
});
document.querySelectorAll(".symbol-keys button").forEach((key) => {
  key.addEventListener("pointerdown", (event) => event.preventDefault());
  key.addEventListener("click", () => editor?.insert(key.dataset.insert));
});
function onChange() {
  schedulePreview();
}

// Where the editor bundle cannot load: a plain text area, saved over HTTP with a revision (the
// exercise page's Saver and conflict dialog); the members' live typing is then not shown.
function textareaEditor(parent, { files }) {
  const area = el("textarea", "fallback-editor");
  area.spellcheck = false;
  parent.append(area);
  const contents = { ...files };
  let current = Object.keys(files)[0];
  area.value = contents[current];
  const saver = new Saver({
    key: `sandbox:project:${data.viewer}:${data.project}`,
    url: data.saveUrl,
    step: null,
    maxBytes: data.maxFileBytes,
    onState: showState,
  });
  saver.onConflict = (conflict) => {
    conflictDialog(conflict, data.files, (choice) => {
      const theirs = saver.resolve(choice);
      if (theirs) { Object.assign(contents, theirs); area.value = contents[current]; schedulePreview(); }
    });
  };
  saver.open(data.work, data.work.files);
  area.addEventListener("input", () => { contents[current] = area.value; saver.change({ ...contents }); onChange(); });
  return {
    open(name) { current = name; area.value = contents[name]; },
    active: () => current,
    getFiles: () => ({ ...contents }),
    insert(text) { area.setRangeText(text, area.selectionStart, area.selectionEnd, "end"); area.dispatchEvent(new Event("input")); },
    focus: () => area.focus(),
  };
}

// ---- live co-editing: one shared document, the members' typing and cursors (docs/projects.md)
const people = $("#coedit-people");
function showPeople(list) {
  const here = list.slice().sort((a, b) => Number(b.me) - Number(a.me));
  people.replaceChildren(...here.map((one) => {
    const chip = el("li", "person");
    chip.style.setProperty("--person", one.color);
    chip.append(el("span", "person-dot"), el("span", "person-name", one.me ? t("coedit_you", { name: one.name }) : one.name));
    if (one.file) chip.title = t("coedit_in_file", { file: one.file });
    return chip;
  }));
  people.hidden = here.length < 2;
  document.body.dataset.people = String(here.length);
  fileTabs.forEach((tab) => {
    const dots = tab.querySelector(".tab-people") || tab.appendChild(el("span", "tab-people"));
    dots.setAttribute("aria-hidden", "true");
    dots.replaceChildren(...here.filter((one) => !one.me && one.file === tab.dataset.file).map((one) => {
      const dot = el("span", "person-dot");
      dot.style.setProperty("--person", one.color);
      return dot;
    }));
  });
}

// The others' names over their cursors show while they type or move, then fade (and on hover).
let namesTimer = null;
function namesForAMoment() {
  document.body.dataset.peersMoving = "";
  clearTimeout(namesTimer);
  namesTimer = setTimeout(() => delete document.body.dataset.peersMoving, 3000);
}

let editor;
let coedit = null;
let socket = null;
let review = null; // the mentor's review: comments beside the code (comments.js)
let marks = null;
try {
  const [{ createEditor }, { createCoedit, followOnly }, { reviewMarks }] = await Promise.all([
    import(data.editorUrl),
    import(data.coedit.moduleUrl),
    import(data.reviewUrl),
  ]);
  marks = reviewMarks({ onOpen: (id) => review?.openThread(id) });
  coedit = createCoedit({
    names: data.files,
    state: data.coedit.state,
    user: { name: "", color: "#37474f", colorLight: "#37474f33" },
    storageKey: `sandbox:coedit:${data.viewer}:${data.project}:${data.coedit.key}`,
    send: (message) => socket.send(message),
    // A change to a file the editor does not show (the shown one follows by itself).
    onText(name, changes, local) {
      if (editor && name !== editor.active()) editor.applyChanges(name, changes);
      if (local) schedulePreview();
      else previewOthersTyping();
    },
    onStatus: showState,
    onPeople: showPeople,
    onPeerMoved: namesForAMoment,
  });
  editor = createEditor($("#editor"), {
    files: coedit.files(),
    active: data.files[0],
    onChange: () => {}, // the preview follows the document (onText above), whoever typed

    history: false, // each file's undo is its own member's (y-codemirror.next's undo manager)
    // A mentor follows the code and comments on it (the cursor moves, nothing typed changes it).
    extensions: (name) => [coedit.extension(name), marks.extension, data.readOnly ? followOnly : []],
    ariaLabel: (file) => t("code_label", { file }),
    feedback: {
      workerUrl: data.checkerUrl,
      describe: (problem) => t(problem.key, problem.values),
      onProblems: showProblems,
      known: data.work.files,
    },
  });
  coedit.showing(data.files[0]);
  socket = new LiveSocket(data.coedit.socket, {
    onState(state) {
      if (state !== "live") coedit.lost();
    },
    onClose(event) {
      if (event.code === 4410) {
        socket.stop();
        notice.textContent = t("coedit_left");
        notice.dataset.kind = "info";
        notice.hidden = false;
      }
    },
    silentAfterMs: 60000,
  });
  socket.listen((message) => {
    if (message.type === "error") showError(message);
    else if (message.type === "comment") review?.hear(message.comment);
    else coedit.hear(message);
  });
  socket.open();
} catch (error) {
  console.error("code editor failed to load, using a plain text area", error);
  editor = textareaEditor($("#editor"), { files: data.work.files });
}
window.sandboxEditor = editor;
window.sandboxCoedit = coedit;
review = startReview({
  review: data.review,
  editor,
  coedit,
  marks,
  showCode(file, line) {
    showPanel("code");
    if (!editor.goTo) return; // the plain text area
    editor.goTo(file, line);
    selectFileTab(file);
    coedit?.showing(file);
    review?.refresh();
    editor.focus();
  },
});

function showError(message) {
  if (message.error !== "too-big") return;
  notice.textContent = t("too_large_file", { file: message.file, limit: message.kb });
  notice.dataset.kind = "info";
  notice.hidden = false;
}

// ---- the technical assignment: a few texts, saved with a revision
const form = $("#assignment-form");
const formStatus = $("#assignment-status");
const theirsButton = $("#assignment-theirs");
let assignmentRevision = data.assignmentRevision;
let theirs = null;
function formValues() {
  return Object.fromEntries([...form.querySelectorAll("textarea")].map((area) => [area.name, area.value]));
}
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  formStatus.textContent = t("saving");
  try {
    const saved = await callJson(`${data.apiUrl}/assignment`, {
      method: "PUT",
      json: { assignment: formValues(), revision: assignmentRevision },
    });
    assignmentRevision = saved.revision;
    theirsButton.hidden = true;
    formStatus.textContent = t("assignment_saved");
    document.body.dataset.assignmentRevision = String(assignmentRevision);
  } catch (error) {
    if (error.status === 409) {
      // Another member saved first: keep what this one typed; Save again keeps it, or show theirs.
      const stored = await callJson(data.apiUrl).catch(() => null);
      if (stored) {
        assignmentRevision = stored.assignment_revision;
        theirs = stored.assignment;
        theirsButton.hidden = false;
      }
      formStatus.textContent = t("assignment_conflict");
    } else {
      formStatus.textContent = error.serverError || t("save_failed");
    }
  }
});
theirsButton.addEventListener("click", () => {
  if (!theirs) return;
  for (const area of form.querySelectorAll("textarea")) area.value = theirs[area.name] ?? "";
  theirsButton.hidden = true;
  formStatus.textContent = "";
});

// ---- the stories: a checklist in the assignment, and the cards of the board
let stories = data.stories;
const storyList = $("#story-list");
const boardStatus = $("#board-status");
const storyStatus = $("#story-status");

function storyText(story) {
  return t("story_text", { role: story.role, action: story.action });
}

function render() {
  storyList.replaceChildren(...stories.map((story) => {
    const item = el("li", "story");
    item.dataset.story = String(story.id);
    const label = el("label", "story-check");
    const box = el("input");
    box.type = "checkbox";
    box.checked = story.status === "done";
    box.disabled = data.readOnly;
    box.addEventListener("change", () => move(story, box.checked ? "done" : "todo"));
    label.append(box, el("span", "", storyText(story)));
    const remove = el("button", "button secondary small", t("story_delete"));
    remove.type = "button";
    remove.setAttribute("aria-label", t("story_delete_named", { story: storyText(story) }));
    remove.addEventListener("click", () => removeStory(story));
    item.append(label);
    if (!data.readOnly) item.append(remove);
    return item;
  }));
  if (!stories.length) storyList.append(el("li", "empty", t("stories_none")));
  for (const status of STATUSES) {
    const cards = document.querySelector(`[data-cards="${status}"]`);
    const mine = stories.filter((story) => story.status === status);
    cards.closest(".board-column").querySelector("[data-count]").textContent = String(mine.length);
    cards.replaceChildren(...mine.map(card));
  }
  document.body.dataset.stories = String(stories.length);
}

function card(story) {
  const item = el("li", "card");
  item.dataset.story = String(story.id);
  item.dataset.status = story.status;
  item.append(el("p", "card-text", storyText(story)));
  const buttons = el("div", "card-moves");
  const at = STATUSES.indexOf(story.status);
  if (data.readOnly) {
    item.append(buttons);
    return item;
  }
  if (at > 0) buttons.append(moveButton(story, STATUSES[at - 1], "←"));
  if (at < STATUSES.length - 1) buttons.append(moveButton(story, STATUSES[at + 1], "→"));
  item.append(buttons);
  return item;
}

function moveButton(story, status, arrow) {
  const button = el("button", "button secondary small card-move");
  button.type = "button";
  button.dataset.to = status;
  const words = t(`column_${status}`);
  button.textContent = arrow === "←" ? `${arrow} ${words}` : `${words} ${arrow}`;
  button.setAttribute("aria-label", `${t(`move_to_${status}`)}: ${storyText(story)}`);
  button.addEventListener("click", () => move(story, status, true));
  return button;
}

async function move(story, status, fromBoard = false) {
  try {
    const moved = await callJson(`${data.apiUrl}/stories/${story.id}`, { method: "PATCH", json: { status } });
    stories = stories.map((one) => (one.id === moved.id ? moved : one));
    render();
    boardStatus.textContent = t("card_moved", { story: storyText(moved), column: t(`column_${status}`) });
    if (fromBoard) {
      // Keep the keyboard where it was: on the moved card's button in its new column.
      document.querySelector(`.card[data-story="${moved.id}"] .card-move`)?.focus();
    }
  } catch (error) {
    boardStatus.textContent = error.serverError || t("save_failed");
    render();
  }
}

async function removeStory(story) {
  try {
    await callJson(`${data.apiUrl}/stories/${story.id}`, { method: "DELETE" });
    stories = stories.filter((one) => one.id !== story.id);
    render();
  } catch (error) {
    storyStatus.textContent = error.serverError || t("save_failed");
  }
}

$("#story-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const role = $("#story-role");
  const action = $("#story-action");
  try {
    const story = await callJson(`${data.apiUrl}/stories`, {
      method: "POST",
      json: { role: role.value, action: action.value },
    });
    stories = [...stories, story];
    render();
    action.value = "";
    storyStatus.textContent = t("story_added");
    role.focus();
  } catch (error) {
    storyStatus.textContent = error.serverError || t("save_failed");
  }
});

// ---- the class's sprint (and the trainer's messages), over the learner's socket
const clock = new SprintClock($("#sprint-clock"));
clock.show(data.sprint);
if (data.liveUrl) {
  const live = learnerSocket({ liveUrl: data.liveUrl });
  live.listen((message) => {
    if (message.type === "sprint") clock.show(message);
    else if (message.type === "hello" && message.sprint !== undefined) clock.show(message.sprint);
  });
  startClassroomLive({ learner: data.learner, socket: live });
}

// ---- Show and share (docs/projects.md): publish the group's app with its QR code, or download
// it with its technical assignment as a zip (the exercise page's take-home dialog, static/js/takehome.js)
setupTakeHome({ data, getFiles: () => editor.getFiles(), flush: () => savedWithin(3000) });

render();
fitPhone();
clearConsole();
preview.render(assemble(editor.getFiles()));
if (coedit && data.files.some((name) => coedit.text(name) !== data.work.files[name])) {
  // Typed in this browser while it was offline: kept here, and sent now.
  notice.textContent = t("restored_local");
  notice.dataset.kind = "info";
  notice.hidden = false;
}
document.body.dataset.ready = "true";
