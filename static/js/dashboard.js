// The trainer's live dashboard of a class: push an exercise, broadcast a message, and a grid of
// learners by steps (not started / working / failing / passed, stuck, online) kept current over the
// trainer's websocket. Clicking a name opens that learner's code and app (watch.js).
// Names, messages and code come from learners: they are only ever set as text.
import { ApiError, callJson } from "./api.js";
import { el } from "./dom.js";
import { t, timeOfDay } from "./i18n.js";
import { LearnerList } from "./learner-list.js";
import { LiveSocket } from "./socket.js";
import { WatchPanel } from "./watch.js";

const data = JSON.parse(document.getElementById("dashboard-data").textContent);
const $ = (selector) => document.querySelector(selector);
const POLL_EVERY_MS = 10000;
const HELLO_WAIT_MS = 2000;
const MAX_CHARS = 500;

let grid = null;
const rows = new Map();
let order = [];
let clockOffset = 0;

// ---- time, as the server sees it
function setClock(iso) {
  const server = Date.parse(iso);
  if (!Number.isNaN(server)) clockOffset = server - Date.now();
}
function minutesSince(iso) {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? 0 : Math.max(0, Math.floor((Date.now() + clockOffset - then) / 60000));
}
export function ago(iso) {
  const minutes = minutesSince(iso);
  if (minutes < 1) return t("ago_now");
  if (minutes < 60) return t("ago_minutes", { count: minutes });
  if (minutes < 48 * 60) return t("ago_hours", { count: Math.floor(minutes / 60) });
  return t("ago_days", { count: Math.floor(minutes / 1440) });
}

// ---- the JSON API
async function api(path, body = undefined) {
  try {
    return await callJson(`${data.apiBase}${path}`, body === undefined ? {} : { method: "POST", json: body });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 0) throw new Error(t("send_offline"));
    throw new Error(t("send_failed", { error: error.message }));
  }
}

function say(node, text, kind = "") {
  node.textContent = text;
  node.dataset.kind = kind;
}

// ---- the websocket
let pollTimer = null;
const connection = $("#dashboard-connection");

function setConnection(state) {
  connection.dataset.state = state;
  connection.textContent = t(`connection_${state}`);
  document.body.dataset.dashboard = state;
}

const socket = new LiveSocket(data.socketUrl, {
  onState(state) {
    setConnection(state);
    if (state === "offline") startPolling();
  },
  onOpen() {
    stopPolling();
    if (watch.learner !== null) {
      watch.reviewFor = null; // its comments come again with the snapshot: some may have been missed
      send({ type: "watch", learner: watch.learner });
    }
  },
});
socket.listen(handle);
const isLive = () => socket.isOpen();
const send = (message) => socket.send(message);

function startPolling() {
  if (pollTimer) return;
  loadGrid();
  pollTimer = setInterval(() => {
    loadGrid();
    if (watch.learner !== null) watch.refresh();
  }, POLL_EVERY_MS);
}

function stopPolling() {
  clearInterval(pollTimer);
  pollTimer = null;
}

async function loadGrid() {
  try {
    setGrid(await api("/dashboard"));
  } catch (error) {
    /* the next poll or the socket brings it */
  }
}

function handle(message) {
  if (message.type === "hello" || message.type === "grid") setGrid(message.grid);
  else if (message.type === "rows") updateRows(message.rows, message.now, message.gone);
  else if (message.type === "files") watch.update(message);
  else if (message.type === "comment") watch.hearComment(message);
  else if (message.type === "pushed") showPush(message.push);
  else if (message.type === "error") console.warn("dashboard socket:", message.error);
}

// ---- the grid
const table = $("#grid");
const summary = $("#dashboard-summary");
const stuckFirst = $("#stuck-first");

function columns() {
  const found = [];
  for (const exercise of grid.exercises) {
    for (const step of exercise.steps) found.push({ exercise, step, key: `${exercise.id}/${step.id}` });
  }
  return found;
}

function exerciseTitle(id) {
  return grid?.exercises.find((e) => e.id === id)?.title ?? id;
}

function stepNumber(exerciseId, stepId) {
  return grid?.exercises.find((e) => e.id === exerciseId)?.steps.find((s) => s.id === stepId)?.number ?? "?";
}

function renderHead() {
  const head = table.tHead;
  head.replaceChildren();
  const top = document.createElement("tr");
  const learner = el("th", "who", t("dash_learner"));
  learner.rowSpan = 2;
  learner.scope = "col";
  const status = el("th", "status", t("dash_status"));
  status.rowSpan = 2;
  status.scope = "col";
  top.append(learner, status);
  const steps = document.createElement("tr");
  for (const exercise of grid.exercises) {
    const group = el("th", "exercise", exercise.title);
    group.colSpan = exercise.steps.length;
    group.scope = "colgroup";
    top.append(group);
    for (const step of exercise.steps) {
      const cell = el("th", "step", String(step.number));
      cell.scope = "col";
      cell.title = t("dash_step", { number: step.number, title: step.title });
      steps.append(cell);
    }
  }
  head.append(top, steps);
}

function cellText(cell) {
  if (cell.state === "passed") return "✓";
  if (cell.state === "failing") return cell.failed ? `✗ ${cell.failed}` : "✗";
  if (cell.state === "working") return cell.checking ? "⋯" : "✎";
  return "";
}

function cellState(cell) {
  if (cell.state === "failing") return cell.failed ? t("cell_failing", { count: cell.failed }) : t("cell_error");
  if (cell.state === "working" && cell.checking) return t("cell_checking");
  return t(`cell_${cell.state}`);
}

function whereText(where) {
  if (!where) return t("where_home");
  if (!where.step) return t("where_exercise", { exercise: exerciseTitle(where.exercise) });
  return t("where_step", { exercise: exerciseTitle(where.exercise), number: stepNumber(where.exercise, where.step) });
}

function presenceText(row) {
  return row.online
    ? `${t("presence_online")} · ${whereText(row.where)}`
    : `${t("presence_offline")} · ${t("last_seen", { ago: ago(row.last_seen) })}`;
}

function statusText(row) {
  if (row.stuck?.reason === "failures") {
    return t("stuck_failures", {
      count: row.stuck.count,
      exercise: exerciseTitle(row.stuck.exercise),
      number: stepNumber(row.stuck.exercise, row.stuck.step),
    });
  }
  if (row.stuck?.reason === "idle") return t("stuck_idle", { minutes: minutesSince(row.stuck.since) });
  if (row.finished) return t("finished");
  return t("progress", { passed: row.passed, total: row.total });
}

function renderRow(row, previous) {
  const tr = document.createElement("tr");
  tr.dataset.learner = String(row.learner);
  tr.dataset.online = String(row.online);
  if (row.stuck) tr.dataset.stuck = row.stuck.reason;
  if (row.finished) tr.dataset.finished = "true";
  tr.dataset.updated = String(Date.now());
  tr.dataset.progress = row.last_progress || "";

  const who = el("th", "who");
  who.scope = "row";
  const name = el("button", "learner-name", row.name);
  name.type = "button";
  name.translate = false; // a name, never machine-translated
  name.addEventListener("click", () => openWatch(row.learner));
  const presence = el("span", "presence", presenceText(row));
  presence.dataset.online = String(row.online);
  who.append(name, presence);

  const status = el("td", "status", statusText(row));
  if (row.stuck) status.dataset.stuck = row.stuck.reason;
  tr.append(who, status);

  columns().forEach((column, index) => {
    const cell = row.cells[index] || { state: "not_started" };
    const td = el("td", "cell");
    td.dataset.cell = column.key;
    td.dataset.state = cell.state;
    if (cell.checking) td.dataset.checking = "true";
    if (cell.state === "failing") td.dataset.failed = String(cell.failed);
    const label = t("cell_label", {
      name: row.name,
      exercise: column.exercise.title,
      number: column.step.number,
      state: cellState(cell),
    });
    td.title = cell.attempts ? `${label} · ${t("tries", { count: cell.attempts })}` : label;
    const symbol = el("span", "", cellText(cell));
    symbol.setAttribute("aria-hidden", "true");
    td.append(symbol, el("span", "visually-hidden", cellState(cell)));
    const before = previous?.cells[index];
    if (before && (before.state !== cell.state || before.failed !== cell.failed)) td.classList.add("changed");
    tr.append(td);
  });
  return tr;
}

function sortedIds() {
  if (!stuckFirst.checked) return order;
  return [...order].sort((a, b) => Number(Boolean(rows.get(b)?.stuck)) - Number(Boolean(rows.get(a)?.stuck)));
}

function renderBody() {
  const body = table.tBodies[0];
  body.replaceChildren();
  if (!order.length || !grid.exercises.length) {
    const tr = document.createElement("tr");
    const td = el("td", "empty", order.length ? t("no_exercises") : t("no_learners"));
    td.colSpan = 2 + columns().length;
    tr.append(td);
    body.append(tr);
    if (!grid.exercises.length && order.length) {
      // Still list who is here, without cells.
      for (const id of sortedIds()) body.append(renderRow(rows.get(id)));
    }
    return;
  }
  for (const id of sortedIds()) body.append(renderRow(rows.get(id)));
}

function renderSummary() {
  const all = [...rows.values()];
  summary.textContent = t("summary", {
    online: all.filter((r) => r.online).length,
    total: all.length,
    stuck: all.filter((r) => r.stuck).length,
    finished: all.filter((r) => r.finished).length,
  });
}

function setGrid(next) {
  if (!next) return;
  grid = next;
  setClock(next.now);
  rows.clear();
  order = next.rows.map((row) => row.learner);
  next.rows.forEach((row) => rows.set(row.learner, row));
  renderHead();
  renderBody();
  renderSummary();
  learnerList.setAll(next.rows);
  showPush(next.push);
  document.body.dataset.grids = String(Number(document.body.dataset.grids || 0) + 1);
  if (pendingWatch !== null) openWatch(pendingWatch);
}

function updateRows(list, now, gone = []) {
  if (!grid) return;
  if (now) setClock(now);
  const body = table.tBodies[0];
  if (gone.length) {
    // Removed from the class: their rows go (their work is kept on the server).
    for (const id of gone) rows.delete(id);
    order = order.filter((id) => rows.has(id));
    renderBody();
  }
  for (const row of list) {
    const previous = rows.get(row.learner);
    rows.set(row.learner, row);
    if (!order.includes(row.learner)) {
      order.push(row.learner);
      order.sort((a, b) => rows.get(a).name.localeCompare(rows.get(b).name) || a - b);
      renderBody();
      continue;
    }
    const tr = renderRow(row, previous);
    const old = body.querySelector(`tr[data-learner="${row.learner}"]`);
    if (old) old.replaceWith(tr);
    else renderBody();
  }
  if (stuckFirst.checked) renderBody();
  renderSummary();
  learnerList.update(list, gone);
  document.body.dataset.rowUpdates = String(Number(document.body.dataset.rowUpdates || 0) + 1);
}

stuckFirst.addEventListener("change", () => { if (grid) renderBody(); });

// ---- push
const pushTarget = $("#push-target");
const pushNow = $("#push-now");
const pushClear = $("#push-clear");
const pushStatus = $("#push-status");

function describePush(push) {
  const option = [...pushTarget.options].find((o) => o.value === `${push.exercise}|${push.step || ""}`);
  if (!option) return push.step ? `${push.exercise} / ${push.step}` : push.exercise;
  const group = option.parentElement.label;
  return push.step ? `${group} · ${option.textContent}` : option.textContent;
}

let shownPush;
function showPush(push) {
  pushNow.textContent = push ? t("push_now", { target: describePush(push) }) : t("push_none");
  pushClear.hidden = !push;
  // Follow a new push in the menu, but leave the trainer's choice alone on every refresh.
  if (push && push.at !== shownPush) pushTarget.value = `${push.exercise}|${push.step || ""}`;
  shownPush = push ? push.at : null;
}

$("#push-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const [exercise, step] = pushTarget.value.split("|");
  try {
    const result = await api("/push", { exercise, step: step || null });
    showPush(result.push);
    say(pushStatus, t("push_sent"), "ok");
  } catch (error) {
    say(pushStatus, error.message, "error");
  }
});

pushClear.addEventListener("click", async () => {
  try {
    const result = await api("/push", { exercise: null });
    showPush(result.push);
    say(pushStatus, t("push_cleared"), "ok");
  } catch (error) {
    say(pushStatus, error.message, "error");
  }
});

// ---- broadcast
const broadcastText = $("#broadcast-text");
const broadcastCount = $("#broadcast-count");
const broadcastStatus = $("#broadcast-status");
const broadcastList = $("#broadcast-list");

export function countChars(area, counter) {
  const update = () => { counter.textContent = t("chars_left", { count: MAX_CHARS - area.value.length }); };
  area.addEventListener("input", update);
  update();
}

export function sentItem(message) {
  const item = el("li", "sent-item");
  const when = new Date(message.at);
  const time = timeOfDay(when);
  item.append(el("time", "", time), el("span", "text", message.text));
  return item;
}

countChars(broadcastText, broadcastCount);
$("#broadcast-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = broadcastText.value.trim();
  if (!text) return;
  try {
    const message = await api("/broadcast", { text });
    broadcastList.prepend(sentItem(message));
    broadcastText.value = "";
    broadcastText.dispatchEvent(new Event("input"));
    say(broadcastStatus, t("broadcast_sent"), "ok");
  } catch (error) {
    say(broadcastStatus, error.message, "error");
  }
});

api("/messages").then(({ messages }) => {
  broadcastList.replaceChildren(...messages.map(sentItem));
}).catch(() => {});

// ---- watching one learner
const watch = new WatchPanel({
  editorUrl: data.editorUrl,
  reviewUrl: data.reviewUrl,
  apiBase: data.apiBase,
  api,
  send,
  isLive,
  ago,
  onClose() {
    if (location.hash.startsWith("#watch-")) history.replaceState(null, "", location.pathname + location.search);
  },
});
let pendingWatch = null;

function openWatch(learnerId) {
  const row = rows.get(learnerId);
  if (!row) {
    pendingWatch = learnerId;
    return;
  }
  pendingWatch = null;
  history.replaceState(null, "", `#watch-${learnerId}`);
  watch.open(learnerId, row.name);
}

const linked = /^#watch-(\d+)$/.exec(location.hash);
if (linked) pendingWatch = Number(linked[1]);

// ---- the list of learners under the grid (rename, remove), kept current from the same rows
const learnerList = new LearnerList({
  list: $("#learner-list"),
  count: $("#learner-count"),
  status: $("#learner-status"),
  actionFor: (id) => `${data.learnersBase}/${id}`,
  presenceText,
  afterChange() { if (!isLive()) loadGrid(); },
});

// ---- start
showPush(data.push);
socket.open();
setTimeout(() => { if (!grid) loadGrid(); }, HELLO_WAIT_MS);
