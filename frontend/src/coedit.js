// Live co-editing of a group project (../docs/projects.md): one Yjs document with one Y.Text per
// file, bound to the editor's per-file states by y-codemirror.next, with the members' cursors
// (awareness). Built into ../static/vendor/coedit.js, which shares CodeMirror with editor.js.
//
// The page gives it a way to send a message over the project's socket and hands it what the
// socket hears; this module speaks the server's messages (sync step 1/2, update + ack,
// awareness) and keeps the document in localStorage, so a reload while offline loses nothing.

import * as Y from "yjs";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import { EditorView, keymap } from "@codemirror/view";
import { EditorState, Prec } from "@codemirror/state";

const REMOTE = "remote"; // the origin of what came from the server (or another tab's copy)
const KEEP_REMOTE_MS = 300; // the local copy follows others' changes at most this often

export function toBase64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export function fromBase64(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

// A Y.Text event's delta as CodeMirror changes (positions in the document before the change).
function changesOf(delta) {
  const changes = [];
  let pos = 0;
  for (const part of delta) {
    if (part.insert != null) changes.push({ from: pos, insert: part.insert });
    else if (part.delete != null) {
      changes.push({ from: pos, to: pos + part.delete });
      pos += part.delete;
    } else pos += part.retain;
  }
  return changes;
}

// The others' carets carry their name while they type or move, and when hovered (the page sets
// body[data-peers-moving] for a few seconds after an other's cursor moved: a phone has no hover).
const caretTheme = EditorView.theme({
  ".cm-ySelectionInfo": {
    top: "-1.3em",
    fontSize: "12px",
    fontFamily: "system-ui, sans-serif",
    padding: "0 3px",
    borderRadius: "3px 3px 3px 0",
    color: "#ffffff",
    transitionDelay: "0s",
  },
  ".cm-ySelectionCaret": { borderLeftWidth: "2px", borderRightWidth: "0", marginLeft: "-1px", marginRight: "-1px" },
  ".cm-ySelectionCaretDot": { display: "none" },
});

/**
 * names: the project's files; state: the server's document (base64, from the page);
 * user: {name, color, colorLight}; storageKey: where this browser keeps its copy;
 * send(message) -> bool (false: the socket is not open);
 * onText(name, changes, local): a file changed (local: typed here), to follow in files the
 * editor does not show (the shown one follows by itself);
 * onStatus("saved" | "saving" | "offline"); onPeople([{id, name, color, file, me}]);
 * onPeerMoved(): another member's cursor (or selection, or file) changed.
 */
export function createCoedit({ names, state, user, storageKey, send, onText, onStatus, onPeople, onPeerMoved = () => {} }) {
  const doc = new Y.Doc();
  const texts = new Map(names.map((name) => [name, doc.getText(name)]));
  if (state) Y.applyUpdate(doc, fromBase64(state), REMOTE);

  // This browser's copy: the server's document plus whatever was typed here and not yet stored.
  let lastKept = null;
  try {
    lastKept = localStorage.getItem(storageKey);
    if (lastKept) Y.applyUpdate(doc, fromBase64(lastKept), "kept");
  } catch { lastKept = null; } // storage blocked, or a copy that cannot be read: the server has it
  let keepTimer = null;
  function keep() {
    clearTimeout(keepTimer);
    keepTimer = null;
    try {
      const stored = localStorage.getItem(storageKey);
      // Another tab of this browser kept its copy since: take it in before writing over it.
      if (stored && stored !== lastKept) Y.applyUpdate(doc, fromBase64(stored), REMOTE);
      lastKept = toBase64(Y.encodeStateAsUpdate(doc));
      localStorage.setItem(storageKey, lastKept);
    } catch { /* full or blocked: the copy on the server is the only one */ }
  }
  window.addEventListener("pagehide", () => keepTimer && keep());

  const awareness = new Awareness(doc);
  awareness.setLocalStateField("user", user);

  let connected = false; // the server said hello on this connection
  let inFlight = null; // {id, update}: sent, not yet acknowledged (stored)
  let waiting = []; // local updates made since
  let sequence = 0;
  let lastStatus = null;

  function status() {
    const now = !connected ? "offline" : inFlight || waiting.length ? "saving" : "saved";
    if (now !== lastStatus) {
      lastStatus = now;
      onStatus(now);
    }
  }

  function flush() {
    if (!connected || inFlight || !waiting.length) return;
    const update = waiting.length === 1 ? waiting[0] : Y.mergeUpdates(waiting);
    waiting = [];
    inFlight = { id: ++sequence, update };
    if (!send({ type: "update", id: inFlight.id, update: toBase64(update) })) lost();
  }

  doc.on("update", (update, origin) => {
    if (origin === REMOTE) {
      if (!keepTimer) keepTimer = setTimeout(keep, KEEP_REMOTE_MS);
      return;
    }
    keep(); // before anything else can happen: typed here is kept here
    if (origin === "kept") return; // restored from this browser: sent with the next sync
    waiting.push(update);
    flush();
    status();
  });

  for (const [name, text] of texts) {
    text.observe((event) => onText(name, changesOf(event.delta), event.transaction.local));
  }

  awareness.on("update", ({ added, updated, removed }, origin) => {
    if (origin === REMOTE || !connected) return;
    const changed = added.concat(updated, removed);
    send({ type: "awareness", update: toBase64(encodeAwarenessUpdate(awareness, changed)) });
  });
  function people() {
    const list = [];
    awareness.getStates().forEach((one, id) => {
      if (!one.user) return;
      list.push({ id, name: String(one.user.name || ""), color: one.user.color, file: one.file ?? null, me: id === doc.clientID });
    });
    onPeople(list);
  }
  awareness.on("change", (_changes, origin) => {
    people();
    if (origin === REMOTE) onPeerMoved();
  });

  function lost() {
    // The socket closed: what was in flight is sent again by the next sync, with the rest.
    connected = false;
    inFlight = null;
    waiting = [];
    const others = [...awareness.getStates().keys()].filter((id) => id !== doc.clientID);
    removeAwarenessStates(awareness, others, REMOTE);
    status();
  }

  function hear(message) {
    switch (message.type) {
      case "hello": {
        // The server's state vector (its sync step 1): answer with what it lacks, as one update
        // to store and acknowledge, and send this document's own step 1 to get what it lacks.
        connected = true;
        inFlight = null;
        waiting = [];
        if (message.user) awareness.setLocalStateField("user", message.user);
        const missing = Y.encodeStateAsUpdate(doc, fromBase64(message.sv));
        send({ type: "sync", sv: toBase64(Y.encodeStateVector(doc)) });
        if (missing.length > 2) waiting.push(missing); // (two bytes: an empty update)
        flush();
        send({ type: "awareness", update: toBase64(encodeAwarenessUpdate(awareness, [doc.clientID])) });
        status();
        break;
      }
      case "sync": // step 2: what this document lacked
      case "update":
        Y.applyUpdate(doc, fromBase64(message.update), REMOTE);
        break;
      case "ack":
        if (inFlight && inFlight.id === message.id) inFlight = null;
        flush();
        status();
        break;
      case "awareness":
        applyAwarenessUpdate(awareness, fromBase64(message.update), REMOTE);
        break;
      case "who": // someone joined: say who is here and where the cursor is
        if (connected) send({ type: "awareness", update: toBase64(encodeAwarenessUpdate(awareness, [doc.clientID])) });
        break;
      default:
        break;
    }
  }

  status();
  people();

  return {
    doc,
    awareness,
    hear,
    lost,
    // The editor's extensions for one file: the binding, the others' cursors, its own undo.
    extension(name) {
      const text = texts.get(name);
      return [
        yCollab(text, awareness, { undoManager: new Y.UndoManager(text) }),
        Prec.high(keymap.of(yUndoManagerKeymap)),
        caretTheme,
      ];
    },
    text: (name) => texts.get(name).toString(),
    // A review comment's anchors (../docs/mentors.md): relative positions of the start of a range
    // (tied to the character after it) and of its end (tied to the one before), base64; they stay
    // on the same code whatever is typed around them.
    anchor(name, from, to) {
      const text = texts.get(name);
      const encode = (index, assoc) => toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index, assoc)));
      return { start: encode(from, 0), end: encode(to, -1) };
    },
    // Where such an anchor is in a file now; null when it is not in that file (or cannot be read).
    position(name, encoded) {
      try {
        const found = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(encoded)), doc);
        return found && found.type === texts.get(name) ? found.index : null;
      } catch {
        return null;
      }
    },
    files: () => Object.fromEntries(names.map((name) => [name, texts.get(name).toString()])),
    showing(name) {
      awareness.setLocalStateField("file", name);
    },
    unsaved: () => lastStatus !== "saved",
  };
}

// For a mentor, who follows the code and comments on it: nothing typed changes it, and the cursor
// and selection still move by keyboard (an editor that is not editable takes no focus at all, so
// lines could not be chosen without a mouse). The others' changes still come in.
export const followOnly = EditorState.readOnly.of(true);

