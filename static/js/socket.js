// A websocket to this server that reopens itself when it closes, with one backoff for every page:
// 1 s, 2 s, 4 s … up to 30 s (each ±25 %, so a room that lost the Wi-Fi together does not come
// back in the same instant), and at once when the browser says it is back online. Each page makes
// its own: there is no shared socket.
const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 30000;

export function retryDelay(attempt) {
  return Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt) * (0.75 + Math.random() / 2);
}

export class LiveSocket {
  // path: "/live?…"; onState("connecting" | "live" | "offline"); onOpen(); onClose(event) (may stop());
  // beforeRetry(): resolves false when the socket should not be opened yet (it retries later);
  // silentAfterMs: reopen a socket that heard nothing for this long (a Wi-Fi that dropped unnoticed).
  constructor(path, { onState = () => {}, onOpen = () => {}, onClose = () => {}, beforeRetry = null, silentAfterMs = 0 } = {}) {
    this.url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`;
    Object.assign(this, { onState, onOpen, onClose, beforeRetry, silentAfterMs });
    this.listeners = new Set();
    this.socket = null;
    this.attempt = 0;
    this.timer = null;
    this.stopped = false;
    this.started = false;
    this.lastHeard = 0;
  }

  // Hand every message (parsed JSON) to `listener`; returns a function that stops it.
  listen(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isOpen() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  // Send a message (an object, or JSON text) if the socket is open; false when it is not.
  send(message) {
    if (!this.isOpen()) return false;
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
    return true;
  }

  open() {
    if (this.started) return this;
    this.started = true;
    window.addEventListener("offline", () => this.drop());
    window.addEventListener("online", () => {
      this.attempt = 0;
      if (!this.socket) this.retry(0);
    });
    if (this.silentAfterMs) {
      setInterval(() => {
        if (this.isOpen() && performance.now() - this.lastHeard > this.silentAfterMs) this.drop(0);
      }, 5000);
    }
    this.connect();
    return this;
  }

  // No more messages and no more reconnecting (the link was revoked, the learner removed).
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }

  connect() {
    if (this.stopped || this.socket) return;
    this.onState("connecting");
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
      this.lastHeard = performance.now();
      this.onState("live");
      this.onOpen();
    });
    socket.addEventListener("message", (event) => {
      this.lastHeard = performance.now();
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      this.listeners.forEach((listener) => listener(message));
    });
    socket.addEventListener("close", (event) => {
      if (this.socket !== socket) return; // given up on already (offline, or silent)
      this.socket = null;
      if (this.stopped) return;
      this.onClose(event);
      this.retry();
    });
  }

  // Give up on the open socket without waiting for its close event (which may come much later).
  drop(delay = null) {
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.retry(delay);
  }

  retry(delay = null) {
    if (this.stopped) return;
    this.onState("offline");
    clearTimeout(this.timer);
    const wait = delay ?? retryDelay(this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(async () => {
      if (this.beforeRetry && !(await this.beforeRetry())) this.retry();
      else this.connect();
    }, wait);
  }
}
