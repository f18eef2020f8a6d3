// A learner's live link to their class: the trainer's push ("open this exercise"), broadcasts to
// the class and notes to this learner. Everything the trainer typed is shown as text, never HTML.
// After the websocket (re)connects, the page re-syncs over plain HTTP, so nothing sent while the
// connection was down is missed; while it stays down, it re-syncs every 20 seconds.
import { el } from "./dom.js";
import { t, timeOfDay } from "./i18n.js";
import { LiveSocket } from "./socket.js";

const RESYNC_EVERY_MS = 20000;
const MAX_SHOWN = 3;

function readJson(key, fallback) {
  try {
    const value = JSON.parse(localStorage.getItem(key) || "null");
    return value ?? fallback;
  } catch (error) {
    return fallback;
  }
}

function writeJson(key, value) {
  try { localStorage.setItem(key, JSON.stringify(value)); } catch (error) { /* storage full or blocked */ }
}

// The learner's socket for a page (on an exercise page, `?exercise=&step=` says where they are).
export function learnerSocket({ exercise = null, step = null, liveUrl = "/live" } = {}) {
  const query = new URLSearchParams();
  if (exercise) query.set("exercise", exercise);
  if (step) query.set("step", step);
  return new LiveSocket(query.toString() ? `${liveUrl}?${query}` : liveUrl);
}

// Show the class's pushes, broadcasts and notes on this page, and open its socket.
export function startClassroomLive({ learner, exercise = null, step = null, liveUrl = "/live", stateUrl = "/api/live", socket = null }) {
  const live = socket ?? learnerSocket({ exercise, step, liveUrl });
  const area = document.getElementById("class-live");
  const notesBox = document.getElementById("trainer-notes");
  const prefix = `sandbox:live:${learner}`;
  const dismissed = new Set(readJson(`${prefix}:dismissed`, []));
  let pushDismissed = readJson(`${prefix}:push-dismissed`, null);
  let lastPushEvent = 0;
  let inClass = null;
  const shown = new Map();

  function followed(push) {
    try { return sessionStorage.getItem(`${prefix}:followed`) === push.at; } catch (error) { return false; }
  }

  function alreadyThere(push) {
    return push.exercise === exercise && (push.step === null || push.step === step);
  }

  // ---- the push banner
  function renderPush(push) {
    const current = area?.querySelector("#push-banner");
    if (current && push && current.dataset.at === push.at) return; // the same push: leave it be
    current?.remove();
    if (!area || !push || push.at === pushDismissed || alreadyThere(push) || followed(push)) return;
    const banner = el("div", "push-banner");
    banner.id = "push-banner";
    banner.dataset.at = push.at;
    banner.dataset.exercise = push.exercise;
    banner.dataset.step = push.step || "";
    const text = push.step
      ? t("push_text_step", { exercise: push.exercise_title, number: push.step_number, step: push.step_title })
      : t("push_text", { exercise: push.exercise_title });
    const go = el("a", "button", t("push_go"));
    go.id = "push-go";
    go.href = push.url;
    go.addEventListener("click", () => {
      try { sessionStorage.setItem(`${prefix}:followed`, push.at); } catch (error) { /* ignore */ }
    });
    const close = el("button", "dismiss", "×");
    close.type = "button";
    close.setAttribute("aria-label", t("dismiss"));
    close.addEventListener("click", () => {
      pushDismissed = push.at;
      writeJson(`${prefix}:push-dismissed`, push.at);
      banner.remove();
    });
    banner.append(el("p", "push-text", text), go, close);
    area.prepend(banner);
  }

  // ---- broadcasts and notes
  function addMessage(message) {
    if (!message || shown.has(message.id) || dismissed.has(message.id)) return;
    const isNote = message.type === "note";
    const box = isNote && notesBox ? notesBox : area;
    if (!box) return;
    const item = el("div", isNote ? "class-message trainer-note" : "class-message");
    item.dataset.message = String(message.id);
    const head = el("p", "from", `${isNote ? t("note_from_trainer") : t("message_from_trainer")} · ${timeOfDay(message.at)}`);
    const body = el("p", "text", String(message.text ?? ""));
    const close = el("button", "dismiss", "×");
    close.type = "button";
    close.setAttribute("aria-label", t("dismiss"));
    close.addEventListener("click", () => {
      dismissed.add(message.id);
      writeJson(`${prefix}:dismissed`, [...dismissed].slice(-100));
      item.remove();
      shown.delete(message.id);
      if (box === notesBox) notesBox.hidden = !notesBox.querySelector(".class-message");
    });
    item.append(close, head, body);
    box.append(item);
    shown.set(message.id, item);
    if (box === notesBox) {
      notesBox.hidden = false;
      markCodeTab();
    }
    // Keep the newest few in view; older ones can be read again after a reload.
    const items = [...box.querySelectorAll(":scope > .class-message")];
    items.slice(0, Math.max(0, items.length - MAX_SHOWN)).forEach((old) => old.remove());
  }

  // On a phone the code panel may be hidden behind its tab: mark the tab until it is opened.
  function markCodeTab() {
    const tab = document.getElementById("tab-code");
    if (tab && tab.getAttribute("aria-selected") !== "true") tab.dataset.note = "true";
  }
  document.getElementById("tab-code")?.addEventListener("click", (event) => {
    delete event.currentTarget.dataset.note;
  });

  async function sync() {
    const started = performance.now();
    let state;
    try {
      const response = await fetch(stateUrl, { credentials: "same-origin" });
      if (!response.ok) return;
      state = await response.json();
    } catch (error) {
      return; // offline for a moment: the next (re)connect or the timer tries again
    }
    inClass = Boolean(state.classroom);
    if (!inClass) return;
    // A push that came over the socket while this request was on its way is newer: keep it.
    if (lastPushEvent < started) renderPush(state.push);
    (state.messages || []).forEach(addMessage);
    document.body.dataset.liveSynced = String(Number(document.body.dataset.liveSynced || 0) + 1);
  }

  live.listen((message) => {
    if (message.type === "hello") {
      if (message.push !== undefined) renderPush(message.push);
      sync();
    } else if (message.type === "push") {
      lastPushEvent = performance.now();
      renderPush(message.push);
    } else if (message.type === "message" || message.type === "note") {
      addMessage(message);
    } else if (message.type === "removed") {
      live.stop(); // the server closes it (4403): no more reconnecting
      inClass = false;
      document.getElementById("push-banner")?.remove();
      if (area && !document.getElementById("removed-notice")) {
        const notice = el("div", "class-message removed-notice", t("removed_from_class"));
        notice.id = "removed-notice";
        notice.setAttribute("role", "status");
        area.prepend(notice);
      }
    }
  });

  live.open();
  setInterval(() => { if (!live.isOpen() && inClass !== false) sync(); }, RESYNC_EVERY_MS);
}

// The list of exercises starts it from its page data; the exercise page calls startClassroomLive.
const boot = document.getElementById("class-live-data");
if (boot) startClassroomLive(JSON.parse(boot.textContent));
