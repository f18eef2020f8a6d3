// The projector: several learners' apps side by side in phone frames, live as they type.
// Each app runs in its own sandboxed frame (preview.js: scripts only, never our origin);
// the code comes over the trainer's projector socket (sandbox/live/handlers.py, "project"), and over
// plain HTTP while the socket is down. Names and code come from learners: only ever set as text.
import { el } from "./dom.js";
import { t } from "./i18n.js";
import { Preview, assemble } from "./preview.js";
import { LiveSocket } from "./socket.js";

const data = JSON.parse(document.getElementById("projector-data").textContent);
const grid = document.getElementById("projector-grid");
const connection = document.getElementById("projector-connection");
const PREVIEW_AFTER_MS = 100;
const POLL_EVERY_MS = 10000;
const tiles = new Map();

function makeTile({ id, name }) {
  const tile = el("section", "projector-app");
  tile.dataset.learner = String(id);
  tile.dataset.previews = "0";
  const title = el("h2", "", name);
  const where = el("p", "projector-where", t("projector_waiting"));
  const phone = el("div", "phone");
  const screen = el("div", "screen");
  screen.dataset.title = t("watch_app", { name });
  screen.style.width = "360px";
  screen.style.height = "640px";
  phone.append(screen);
  tile.append(title, where, phone);
  grid.append(tile);
  return { id, name, tile, where, screen, preview: null, exercise: null, revision: -1, timer: null };
}

function scaleTiles() {
  // Fit the phones to the screen: as many as are shown, on as few rows as fit.
  const count = tiles.size || 1;
  const perRow = Math.min(count, Math.max(1, Math.floor(window.innerWidth / 300)));
  const rows = Math.ceil(count / perRow);
  const height = Math.max(200, (window.innerHeight - 120) / rows - 60);
  for (const tile of tiles.values()) {
    const screenH = parseFloat(tile.screen.style.height) || 640;
    const screenW = parseFloat(tile.screen.style.width) || 360;
    const scale = Math.min(1, height / (screenH + 28), (window.innerWidth / perRow - 40) / (screenW + 28));
    const phone = tile.screen.parentElement;
    phone.style.transform = `scale(${scale})`;
    phone.style.transformOrigin = "top center";
    phone.style.marginBottom = `${(screenH + 28) * (scale - 1)}px`;
  }
}

function update(event) {
  const tile = tiles.get(event.learner);
  if (!tile) return;
  if (!event.exercise) {
    tile.where.textContent = t("watch_nothing");
    return;
  }
  const same = event.exercise === tile.exercise;
  if (same && typeof event.revision === "number" && event.revision < tile.revision) return;
  tile.revision = typeof event.revision === "number" ? event.revision : tile.revision;
  tile.where.textContent = event.step_number
    ? t("watch_where", { exercise: event.exercise_title, number: event.step_number, step: event.step_title })
    : event.exercise_title;
  if (!same) {
    tile.exercise = event.exercise;
    if (event.device) {
      tile.screen.style.width = `${event.device.width}px`;
      tile.screen.style.height = `${event.device.height}px`;
      scaleTiles();
    }
    if (!tile.preview) {
      tile.preview = new Preview(tile.screen, {
        frameUrl: event.frame_url,
        modals: false,
        onSwap: () => { tile.tile.dataset.previews = String(Number(tile.tile.dataset.previews) + 1); },
      });
    } else if (tile.preview.frameUrl !== event.frame_url) {
      tile.preview.frameUrl = event.frame_url; // another exercise: its frame serves its assets
      if (tile.preview.spare) { tile.preview.spare.frame.remove(); tile.preview.spare = null; }
    }
  }
  tile.tile.dataset.revision = String(tile.revision);
  clearTimeout(tile.timer);
  tile.timer = setTimeout(() => tile.preview.render(assemble(event.files)), PREVIEW_AFTER_MS);
}

// ---- the socket, with HTTP polling while it is down
let pollTimer = null;

function setConnection(state) {
  connection.dataset.state = state;
  connection.textContent = t(`connection_${state}`);
  document.body.dataset.projector = state;
}

async function poll() {
  for (const tile of tiles.values()) {
    try {
      const response = await fetch(`${data.apiBase}/learners/${tile.id}/work`, { credentials: "same-origin" });
      if (response.ok) update(await response.json());
    } catch { /* the next poll or the socket brings it */ }
  }
}

const socket = new LiveSocket(`${data.socketUrl}/projector`, {
  onState(state) {
    setConnection(state);
    if (state === "offline" && !pollTimer) {
      poll();
      pollTimer = setInterval(poll, POLL_EVERY_MS);
    }
  },
  onOpen() {
    clearInterval(pollTimer);
    pollTimer = null;
    socket.send({ type: "project", learners: [...tiles.keys()] });
  },
});
socket.listen((message) => {
  if (message.type === "files") update(message);
  else if (message.type === "error") console.warn("projector socket:", message.error);
});

for (const learner of data.learners) tiles.set(learner.id, makeTile(learner));
if (!tiles.size) {
  grid.append(el("p", "help", t("projector_none")));
} else {
  scaleTiles();
  window.addEventListener("resize", scaleTiles);
  socket.open();
}
document.body.dataset.ready = "true";
