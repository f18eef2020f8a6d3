// Keep the learner's code: in this browser at once, on the server soon after.
// Nothing typed is lost: the local copy stays "dirty" until the server has confirmed it.
import { request } from "./api.js";

const SAVE_AFTER_MS = 700;
const SAVE_AT_LEAST_EVERY_MS = 5000;
const RETRY_MS = [1000, 2000, 4000, 8000, 15000, 30000];

function readLocal(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "null");
  } catch (error) {
    return null;
  }
}

function sameFiles(a, b) {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name]);
}

export class Saver {
  constructor({ key, url, step, maxBytes, onState, onConflict = () => {} }) {
    this.key = key;
    this.url = url;
    this.step = step;
    this.maxBytes = maxBytes;
    this.onState = onState;
    this.onConflict = onConflict;
    this.conflict = null; // {mine, theirs, revision} while the learner chooses
    this.revision = 0;
    this.files = null;
    this.dirty = false;
    this.inFlight = null;
    this.timer = null;
    this.firstUnsaved = 0;
    this.failures = 0;
    this.reason = null;
    window.addEventListener("online", () => this.saveSoon(0));
    window.addEventListener("offline", () => this.state("offline"));
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.save({ keepalive: true });
    });
    window.addEventListener("pagehide", () => this.save({ keepalive: true }));
  }

  // Choose what to show on opening: this browser's unsaved typing wins over the server copy
  // (the server keeps the copy it replaces), then the server's copy, then the starter files.
  open(serverWork, starter) {
    const local = readLocal(this.key);
    this.revision = serverWork ? serverWork.revision : 0;
    if (local && local.dirty && local.files) {
      this.files = local.files;
      this.revision = local.revision || 0; // what these edits were based on
      this.dirty = true;
      this.firstUnsaved = Date.now();
      this.saveSoon(0);
      return { files: this.files, restored: true };
    }
    this.files = serverWork ? serverWork.files : { ...starter };
    this.writeLocal();
    this.state("saved");
    return { files: this.files, restored: false };
  }

  change(files, reason = null) {
    this.files = { ...files };
    if (reason) this.reason = reason;
    if (!this.dirty) this.firstUnsaved = Date.now();
    this.dirty = true;
    this.writeLocal();
    const waited = Date.now() - this.firstUnsaved;
    this.saveSoon(waited > SAVE_AT_LEAST_EVERY_MS ? 0 : SAVE_AFTER_MS);
  }

  writeLocal() {
    try {
      localStorage.setItem(this.key, JSON.stringify({ files: this.files, revision: this.revision, dirty: this.dirty, at: Date.now() }));
    } catch (error) {
      // Storage full or blocked: the server copy is then the only one, so save promptly.
    }
  }

  saveSoon(delay) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(), delay);
  }

  tooLarge() {
    const encoder = new TextEncoder();
    return Object.values(this.files).some((text) => encoder.encode(text).length > this.maxBytes);
  }

  async save({ keepalive = false } = {}) {
    if (!this.dirty || this.conflict) return;
    if (this.inFlight) {
      if (!keepalive) this.saveSoon(SAVE_AFTER_MS);
      return;
    }
    if (this.tooLarge()) {
      this.state("too_large");
      return;
    }
    if (!navigator.onLine) {
      this.state("offline");
      return;
    }
    const sent = this.files;
    const body = JSON.stringify({ files: sent, revision: this.revision, step: this.step, reason: this.reason });
    this.state("saving");
    this.inFlight = request(this.url, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body,
      keepalive: keepalive && body.length < 60000,
    });
    try {
      const response = await this.inFlight;
      if (response.status === 413) {
        this.state("too_large");
        return;
      }
      if (response.status === 409) {
        // Another tab or device saved first: nothing was overwritten. Ask which to keep.
        const stored = await response.json();
        if (sameFiles(stored.files || {}, sent)) {
          // The stored copy is this very code (a save sent as the page unloaded arrived after the
          // reloaded page was made): nothing to choose, carry on from the stored revision.
          this.revision = stored.revision || 0;
          if (this.files === sent) {
            this.dirty = false;
            this.state("saved");
          } else {
            this.saveSoon(0);
          }
          this.writeLocal();
          return;
        }
        this.conflict = { mine: this.files, theirs: stored.files || {}, revision: stored.revision || 0 };
        this.state("conflict");
        this.onConflict(this.conflict);
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const result = await response.json();
      this.revision = result.revision;
      this.reason = null;
      this.failures = 0;
      if (this.files === sent) {
        this.dirty = false;
        this.state("saved");
      } else {
        this.saveSoon(SAVE_AFTER_MS);
      }
      this.writeLocal();
    } catch (error) {
      this.failures += 1;
      this.state(navigator.onLine ? "save_failed" : "offline");
      this.saveSoon(RETRY_MS[Math.min(this.failures - 1, RETRY_MS.length - 1)]);
    } finally {
      this.inFlight = null;
    }
  }

  // Save now, and wait until the server has everything typed so far (or cannot have it: offline,
  // a conflict to resolve, or a few seconds gone). Before reading what the server keeps.
  async flush(timeoutMs = 5000) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until && !this.conflict && navigator.onLine && (this.dirty || this.inFlight)) {
      if (!this.inFlight) {
        clearTimeout(this.timer);
        this.save();
      }
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  // The learner chose: "mine" saves this tab's code over the stored copy (which goes to
  // history); "theirs" takes the stored copy and returns it for the editor.
  resolve(choice) {
    const conflict = this.conflict;
    if (!conflict) return null;
    this.conflict = null;
    this.revision = conflict.revision;
    if (choice === "mine") {
      this.reason = "chosen";
      this.writeLocal();
      this.saveSoon(0);
      return null;
    }
    this.files = { ...conflict.theirs };
    this.dirty = false;
    this.writeLocal();
    this.state("saved");
    return this.files;
  }

  state(name) {
    this.onState(name);
  }
}
