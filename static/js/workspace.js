// The code-and-preview part of the exercise page and of a group project's page
// (templates/learner/exercise.html, templates/projects/project.html): the panels as tabs on a
// phone, the console (the app's errors and logs, and the mistakes found while typing), the live
// preview in its phone frame, the file tabs and the symbol keys. Each page builds its editor and
// hands it over with `getEditor`.
import { el } from "./dom.js";
import { t } from "./i18n.js";
import { Preview, assemble } from "./preview.js";

const $ = (selector) => document.querySelector(selector);
const PREVIEW_AFTER_MS = 40;

export function setupWorkspace({
  device, // {width, height}: the phone the preview starts on
  frameUrl, // the preview frame's page (views/preview.py)
  files, // the file names, in the page's order
  storageKey, // where the app's own localStorage is kept between previews
  getEditor, // the page's editor, once there (the tabs and keys wait for it)
  // Built only while in sight: a hidden preview (a phone on the Code tab) is drawn when the Preview
  // tab opens, not again after every pause in typing (each is a new sandboxed frame: on a group's
  // page the others' typing too). Its console is in the Preview tab, so nothing shown is late.
  lazy = false,
  onOpenFile = () => {}, // after a file tab opened that file in the editor
}) {
  const getFiles = () => getEditor().getFiles();

  // ---- panels as tabs on small screens
  const workspace = $(".workspace");
  function showPanel(name) {
    workspace.dataset.panel = name;
    document.body.dataset.panel = name; // the CSS gives the editor the whole screen while the keyboard is open
    document.querySelectorAll(".panel-tabs [role=tab]").forEach((tab) => {
      tab.setAttribute("aria-selected", String(tab.getAttribute("aria-controls") === name));
    });
    if (name === "preview") {
      fitPhone();
      if (stale) renderPreview();
    }
  }
  document.querySelectorAll(".panel-tabs [role=tab]").forEach((tab) => {
    tab.addEventListener("click", () => showPanel(tab.getAttribute("aria-controls")));
  });
  const tabsShown = () => getComputedStyle($(".panel-tabs")).display !== "none";

  // ---- console
  const consoleLines = $("#console-lines");
  const consoleCount = $("#console-count");
  const consoleProblems = $("#console-problems");
  let errorCount = 0;
  let problemCount = 0;
  function showCount() {
    const count = errorCount + problemCount;
    consoleCount.textContent = String(count);
    consoleCount.hidden = count === 0;
  }
  function clearConsole() {
    errorCount = 0;
    showCount();
    consoleLines.replaceChildren(el("li", "empty", t("console_empty")));
  }
  function addConsoleLine({ level, text, file, line }) {
    consoleLines.querySelector(".empty")?.remove();
    if (consoleLines.children.length > 200) consoleLines.firstElementChild.remove();
    text = String(text).slice(0, 2000);
    const item = el("li", level);
    if (file && files.includes(file) && line) item.append(whereButton(file, line));
    item.append(document.createTextNode(text));
    consoleLines.append(item);
    if (level === "error") {
      errorCount += 1;
      showCount();
    }
  }
  // "app.js line 3": opens the file at that line.
  function whereButton(file, line) {
    const where = el("button", "where", t("error_in", { file, line }));
    where.type = "button";
    where.addEventListener("click", () => {
      const editor = getEditor();
      if (!editor?.goTo) return; // the plain text area of a page whose editor could not load
      showPanel("code");
      editor.goTo(file, line);
      selectFileTab(file);
      onOpenFile(file);
    });
    return where;
  }
  // Friendly feedback while typing: the editor's list of mistakes, kept above the app's messages
  // (those are cleared with every new preview; this list changes when the code does).
  function showProblems(problems) {
    consoleProblems.replaceChildren(
      ...problems.map((problem) => {
        const item = el("li", `problem ${problem.severity === "warning" ? "warn" : "error"}`);
        item.dataset.file = problem.file;
        item.dataset.line = String(problem.line);
        item.append(whereButton(problem.file, problem.line), document.createTextNode(problem.message));
        return item;
      }),
    );
    consoleProblems.hidden = problems.length === 0;
    problemCount = problems.length;
    showCount();
    // For tests: how many times the code was looked over while typing, and what was found
    // (data-checks is the count of presses of Check: check.js).
    document.body.dataset.codeChecks = String(Number(document.body.dataset.codeChecks || 0) + 1);
    document.body.dataset.problems = String(problems.length);
  }

  // ---- preview: the files assembled in the browser, in a sandboxed frame
  const notice = $("#notice");
  function showNotice(text, kind) {
    notice.textContent = text;
    notice.dataset.kind = kind;
    notice.hidden = false;
  }
  function showStuck({ file, line }) {
    showNotice(file && line ? t("stuck_at", { file, line }) : t("stuck"), "stuck");
  }
  let storedAppData = {};
  try { storedAppData = JSON.parse(localStorage.getItem(storageKey) || "{}"); } catch (error) { storedAppData = {}; }
  const screen = $("#screen");
  screen.dataset.title = t("preview_title");
  let lastChange = 0;
  const preview = new Preview(screen, {
    frameUrl,
    storage: storedAppData,
    onSwap(ms) {
      clearConsole();
      if (notice.dataset.kind === "stuck") notice.hidden = true;
      const sinceTyping = lastChange ? performance.now() - lastChange : null;
      window.sandboxPreviewStats = { loadMs: ms, sinceTypingMs: sinceTyping, at: performance.now() };
      // For tests and benchmarks: how many previews have been drawn, and how long the last one took.
      document.body.dataset.previews = String(Number(document.body.dataset.previews || 0) + 1);
      document.body.dataset.previewLatency = sinceTyping === null ? "" : sinceTyping.toFixed(1);
      document.dispatchEvent(new CustomEvent("sandbox:preview-updated", { detail: window.sandboxPreviewStats }));
    },
    onMessage(message, current) {
      if (message.type === "storage") {
        try { localStorage.setItem(storageKey, JSON.stringify(message.data)); } catch (error) { /* full */ }
        return;
      }
      if (!current) return;
      if (message.type === "console") addConsoleLine(message);
      else if (message.type === "error") addConsoleLine({ ...message, level: "error" });
      else if (message.type === "stuck") showStuck(message);
    },
    onStuck: showStuck,
  });
  const previewPanel = $("#preview");
  let stale = false;
  let previewTimer = null;
  function renderPreview() {
    if (lazy && previewPanel.offsetWidth === 0) {
      stale = true;
      return;
    }
    stale = false;
    preview.render(assemble(getFiles()));
  }
  // Shown without its tab (a phone turned sideways gets the laptop's columns): draw what is stale.
  new ResizeObserver(() => {
    if (stale && previewPanel.offsetWidth > 0) renderPreview();
  }).observe(previewPanel);
  function schedulePreview() {
    lastChange = performance.now();
    clearTimeout(previewTimer);
    previewTimer = setTimeout(renderPreview, PREVIEW_AFTER_MS);
  }
  function resetStorage() {
    preview.resetStorage();
    try { localStorage.removeItem(storageKey); } catch (error) { /* ignore */ }
  }

  // ---- phone frame: device presets and rotate (where the page has them), scaled to fit
  const phone = $("#phone");
  const phoneBox = $("#phone-box");
  const stage = $("#stage");
  const deviceSelect = $("#device");
  const rotate = $("#rotate");
  let shown = { ...device };
  let landscape = false;
  function applyDevice() {
    const [width, height] = landscape ? [shown.height, shown.width] : [shown.width, shown.height];
    screen.style.width = `${width}px`;
    screen.style.height = `${height}px`;
    phone.dataset.width = String(width);
    phone.dataset.height = String(height);
    fitPhone();
  }
  function fitPhone() {
    const available = { width: stage.clientWidth - 24, height: stage.clientHeight - 24 };
    if (available.width <= 0 || available.height <= 0) return;
    const natural = { width: phone.offsetWidth, height: phone.offsetHeight };
    // On a phone the Preview tab scrolls: fit the width only, so the app stays readable.
    const fit = tabsShown() ? available.width / natural.width : Math.min(available.width / natural.width, available.height / natural.height);
    // Whole pixels for the box: a fraction left a thin line of the page between frame and stage.
    const width = Math.floor(natural.width * Math.min(1, fit));
    const scale = width / natural.width;
    phone.style.transform = `scale(${scale})`;
    phoneBox.style.width = `${width}px`;
    phoneBox.style.height = `${Math.floor(natural.height * scale)}px`;
  }
  deviceSelect?.addEventListener("change", () => {
    const [width, height] = deviceSelect.value.split("x").map(Number);
    shown = { width, height };
    applyDevice();
  });
  rotate?.addEventListener("click", () => {
    landscape = !landscape;
    rotate.setAttribute("aria-pressed", String(landscape));
    applyDevice();
  });
  new ResizeObserver(fitPhone).observe(stage);
  applyDevice();

  // ---- file tabs and symbol keys: they do nothing until the editor has loaded (on a slow phone
  // that takes a moment)
  const fileTabs = document.querySelectorAll(".file-tab");
  function selectFileTab(name) {
    fileTabs.forEach((tab) => {
      tab.setAttribute("aria-selected", String(tab.dataset.file === name));
      // On a phone the tabs scroll sideways (beside the Comments, History and Start again buttons).
      if (tab.dataset.file === name) tab.scrollIntoView({ block: "nearest", inline: "nearest" });
    });
  }
  fileTabs.forEach((tab) => {
    tab.addEventListener("click", () => {
      const editor = getEditor();
      if (!editor) return;
      editor.open(tab.dataset.file);
      selectFileTab(tab.dataset.file);
      onOpenFile(tab.dataset.file);
      editor.focus();
    });
  });
  document.querySelectorAll(".symbol-keys button").forEach((key) => {
    // pointerdown + preventDefault keeps the phone keyboard open and the cursor where it was.
    key.addEventListener("pointerdown", (event) => event.preventDefault());
    key.addEventListener("click", () => getEditor()?.insert(key.dataset.insert));
  });

  /** Draw the first preview, on a clean console, the phone sized to its device. */
  function start() {
    applyDevice();
    clearConsole();
    preview.render(assemble(getFiles()));
  }

  // A group's pictures changed: its frame's address did too (views/project_assets.py).
  function setFrameUrl(url) {
    preview.frameUrl = url;
  }

  return {
    showPanel,
    setFrameUrl,
    tabsShown,
    showNotice,
    showProblems,
    schedulePreview,
    resetStorage,
    selectFileTab,
    start,
  };
}
