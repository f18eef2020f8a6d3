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
import { HistoryDialog } from "./history.js";
import { t } from "./i18n.js";
import { Saver } from "./save.js";
import { LiveSocket } from "./socket.js";
import { SprintClock } from "./sprint.js";
import { savedWithin, setupTakeHome } from "./takehome.js";
import { setupWorkspace } from "./workspace.js";

const data = JSON.parse(document.getElementById("page-data").textContent);
const $ = (selector) => document.querySelector(selector);
const STATUSES = ["todo", "doing", "done"];

// ---- panels, console, preview, phone frame, file tabs and symbol keys: the exercise page's
// (static/js/workspace.js). Building a preview takes the page's main thread for a while (a new
// frame, the app's start): on a phone's Code tab, where the preview is out of sight, it is built
// when the Preview tab opens, so the others' typing reaches the editor without waiting behind
// previews no one sees.
const workspace = setupWorkspace({
  device: data.device,
  frameUrl: data.frameUrl,
  files: data.files,
  storageKey: `sandbox:project-storage:${data.viewer}:${data.project}`,
  getEditor: () => editor,
  lazy: true,
  onOpenFile(name) {
    coedit?.showing(name);
    review?.refresh();
  },
});
const { showPanel, showNotice, showProblems, schedulePreview, selectFileTab, tabsShown } = workspace;

// ---- the group's pictures. A change gives the preview a new frame address (their capability
// address: views/project_assets.py). Their part of the page (static/js/assets.js) loads when its
// tab first opens: most visits never open it, and the page's first load stays inside its budget.
let pictures = null;
let picturesListing = data.assets;
function picturesChanged(listing) {
  picturesListing = listing;
  data.frameUrl = listing.frame_url; // the history dialog's too
  workspace.setFrameUrl(listing.frame_url);
  schedulePreview();
}
async function openPictures() {
  if (pictures) return;
  const { setupAssets } = await import("./assets.js");
  pictures ??= setupAssets({
    listing: picturesListing,
    url: data.assetsUrl,
    readOnly: data.readOnly,
    onChange: picturesChanged,
    insertPath(path) {
      if (!editor) return;
      if (tabsShown()) showPanel("code"); // a phone: the code is on its own tab
      editor.insert(path);
      editor.focus();
    },
  });
}
function hearPictures(message) {
  if (pictures) pictures.hear(message);
  else picturesChanged({ assets: message.assets, frame_url: message.frame_url, limits: message.limits });
}
$("#tab-assets").addEventListener("click", openPictures);

// ---- the plan's own tabs (assignment, board)
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
    restored(files, revision) { Object.assign(contents, files); area.value = contents[current]; saver.open({ files, revision }, files); schedulePreview(); },
    focus: () => area.focus(),
  };
}

// ---- live co-editing: one shared document, the members' typing and cursors (docs/projects.md)
const people = $("#coedit-people");
const fileTabs = document.querySelectorAll(".file-tab");
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

// ---- Show and share (docs/projects.md): publish the group's app with its QR code, or download
// it with its technical assignment as a zip (the exercise page's take-home dialog, static/js/takehome.js).
// Set up before the editor loads, so its button works from the start (the saved files until then).
let editor;
setupTakeHome({ data, getFiles: () => (editor ? editor.getFiles() : data.work.files), flush: () => savedWithin(3000) });
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
        showNotice(t("coedit_left"), "info");
      }
    },
    silentAfterMs: 60000,
  });
  socket.listen((message) => {
    if (message.type === "error") showError(message);
    else if (message.type === "comment") review?.hear(message.comment);
    else if (message.type === "plan") hearPlan(message);
    else if (message.type === "assets") hearPictures(message);
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

// ---- how the app was built: the project's versions on a slider (static/js/history.js), and
// bringing one back for the whole group: the server puts it into the shared document as the
// smallest edit, so it reaches every open editor (this one too) over the socket (docs/history.md).
const historyDialog = new HistoryDialog({
  onRestore: data.readOnly ? null : async (files, number) => {
    try {
      const restored = await callJson(`${data.versionsUrl}/${number}/restore`, { method: "POST", json: {} });
      editor.restored?.(restored.files, restored.revision); // the plain text area hears no socket
      showNotice(t("history_project_restored", { number }), "info");
    } catch (error) {
      showNotice(error.serverError || t("save_failed"), "info");
    }
  },
});
$("#history-open").addEventListener("click", () => historyDialog.open(data.versionsUrl, data.frameUrl, data.files));

function showError(message) {
  if (message.error !== "too-big") return;
  showNotice(t("too_large_file", { file: message.file, limit: message.kb }), "info");
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
let savedValues = formValues(); // what the group has stored, as far as this page knows
const sameTexts = (a, b) => Object.keys(a).every((name) => (a[name] ?? "") === (b[name] ?? ""));

// Another member saved the assignment or changed the stories: shown at once. Text this member is
// writing is never replaced: they are told, and choose (Save keeps theirs, the button shows the other).
function hearPlan(message) {
  if (message.stories) {
    const focused = document.activeElement?.closest?.("[data-story]");
    const again = focused && {
      story: focused.dataset.story,
      to: document.activeElement.dataset.to,
      inBoard: Boolean(focused.closest(".board")),
    };
    const before = new Map(stories.map((story) => [story.id, story.status]));
    const moved = message.stories.filter((story) => before.has(story.id) && before.get(story.id) !== story.status);
    stories = message.stories;
    render();
    if (moved.length === 1) {
      boardStatus.textContent = t("card_moved", { story: storyText(moved[0]), column: t(`column_${moved[0].status}`) });
    }
    if (again) {
      const scope = again.inBoard ? ".board" : "#story-list";
      const item = document.querySelector(`${scope} [data-story="${again.story}"]`);
      const target = item && (item.querySelector(again.to ? `[data-to="${again.to}"]` : "input, button") || item.querySelector("button, input"));
      target?.focus();
    }
  }
  if (message.assignment && message.revision > assignmentRevision) {
    assignmentRevision = message.revision;
    document.body.dataset.assignmentRevision = String(assignmentRevision);
    if (sameTexts(formValues(), savedValues)) {
      for (const area of form.querySelectorAll("textarea")) area.value = message.assignment[area.name] ?? "";
      savedValues = formValues();
      theirsButton.hidden = true;
      formStatus.textContent = t("assignment_updated");
    } else {
      theirs = message.assignment;
      savedValues = { ...message.assignment };
      theirsButton.hidden = false;
      formStatus.textContent = t("assignment_conflict");
    }
  }
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
    savedValues = saved.assignment ?? formValues();
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
        savedValues = { ...stored.assignment };
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
  savedValues = formValues();
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
    stories = [...stories.filter((one) => one.id !== story.id), story]; // the socket may have told first
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

render();
workspace.start();
if (coedit && data.files.some((name) => coedit.text(name) !== data.work.files[name])) {
  // Typed in this browser while it was offline: kept here, and sent now.
  showNotice(t("restored_local"), "info");
}
document.body.dataset.ready = "true";
