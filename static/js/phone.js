// The phone page: the learner's app full screen, in the same sandboxed frame as the preview
// (preview.js: no same-origin), updated over a websocket as they type on the computer.
// When the Wi-Fi drops it reconnects with backoff and first reads the saved app over HTTP,
// so it always catches up. A revoked link shows a message and stops.
import { t } from "./i18n.js";
import { Preview, assemble } from "./preview.js";
import { LiveSocket } from "./socket.js";

const data = JSON.parse(document.getElementById("page-data").textContent);
const body = document.body;
const screen = document.getElementById("screen");
const state = document.getElementById("phone-state");
// A saved copy (or a snapshot) arriving this soon after the editor's live typing may be older
// than what is shown: the typing stream always ends with the newest files, so it wins.
const TYPING_WINS_MS = 1500;
// The server sends something at least every 20 s; silence for longer means a Wi-Fi that dropped
// without the browser noticing (the socket would hang until TCP gives up): reconnect.
const SILENT_FOR_MS = 45000;
const LOG_SIZE = 20;

const storageKey = `sandbox:phone-storage:${data.link}`;
let storage = {};
try { storage = JSON.parse(localStorage.getItem(storageKey) || "{}"); } catch (error) { storage = {}; }

let shown = null;
let pendingFiles = null;
let pendingTyping = false;
let lastTyping = -Infinity;
let gone = false;

// For tests and benchmarks: when each version appeared (wall clock, comparable across pages).
window.sandboxPhoneLog = [];

screen.dataset.title = t("preview_title");
const preview = new Preview(screen, {
  frameUrl: data.frameUrl,
  storage,
  onSwap() {
    body.dataset.previews = String(Number(body.dataset.previews || 0) + 1);
    if (pendingFiles) {
      window.sandboxPhoneLog.push({ at: Date.now(), files: pendingFiles, typing: pendingTyping });
      if (window.sandboxPhoneLog.length > LOG_SIZE) window.sandboxPhoneLog.shift();
    }
    if (body.dataset.connection === "stuck") setState(socket.isOpen() ? "live" : "offline");
  },
  onMessage(message) {
    if (message.type === "storage") {
      try { localStorage.setItem(storageKey, JSON.stringify(message.data)); } catch (error) { /* full */ }
    }
  },
  onStuck() {
    state.textContent = t("stuck");
    state.hidden = false;
    body.dataset.connection = "stuck";
  },
});

function setState(name) {
  if (gone) return;
  body.dataset.connection = name;
  if (name === "live") {
    state.hidden = true;
  } else {
    state.textContent = name === "offline" ? t("phone_offline") : t("phone_connecting");
    state.hidden = false;
  }
}

function show(event) {
  if (gone || !event || event.exercise !== data.exercise || typeof event.files !== "object") return;
  const now = performance.now();
  if (event.typing) lastTyping = now;
  else if (now - lastTyping < TYPING_WINS_MS) return;
  const key = JSON.stringify(event.files);
  if (key === shown) return;
  shown = key;
  pendingFiles = event.files;
  pendingTyping = Boolean(event.typing);
  body.dataset.revision = String(event.revision ?? "");
  preview.render(assemble(event.files));
}

function stop() {
  gone = true;
  socket.stop();
  screen.replaceChildren();
  state.hidden = true;
  document.getElementById("phone-gone").hidden = false;
  body.dataset.connection = "gone";
}

// Read the saved app over plain HTTP: true when the link still works and the server answered.
async function resync() {
  try {
    const response = await fetch(data.workUrl, { cache: "no-store", credentials: "omit" });
    if (response.status === 404) {
      stop();
      return false;
    }
    if (!response.ok) return false;
    show(await response.json());
    return true;
  } catch (error) {
    return false; // still offline
  }
}

// A refused socket tells the page nothing: before each new try it asks over HTTP (a revoked
// link answers 404 and the page stops).
const socket = new LiveSocket(data.socketPath, {
  onState: setState,
  onClose(event) {
    if (event.code === 4404) stop();
  },
  beforeRetry: resync,
  silentAfterMs: SILENT_FOR_MS,
});
socket.listen((message) => {
  if (message.type === "files") show(message);
  else if (message.type === "revoked") stop();
});

show(data.snapshot);
socket.open();
body.dataset.ready = "true";
