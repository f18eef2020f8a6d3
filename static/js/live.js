// The page's websocket to the server: reconnects with backoff, hands each message to listeners.
const listeners = new Set();
let socket = null;
let retry = 0;
let removed = false; // the trainer removed this learner from the class: no more reconnecting

export function onLiveMessage(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function isLive() {
  return socket !== null && socket.readyState === WebSocket.OPEN;
}

// Send a message (already JSON text) if the socket is open; false when it is not.
export function sendLive(text) {
  if (!isLive()) return false;
  socket.send(text);
  return true;
}

export function connectLive(path) {
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`;
  try {
    socket = new WebSocket(url);
  } catch (error) {
    scheduleReconnect(path);
    return;
  }
  socket.addEventListener("open", () => { retry = 0; });
  socket.addEventListener("message", (event) => {
    let message;
    try { message = JSON.parse(event.data); } catch (error) { return; }
    if (message.type === "removed") removed = true;
    listeners.forEach((listener) => listener(message));
  });
  socket.addEventListener("close", () => {
    socket = null;
    if (!removed) scheduleReconnect(path);
  });
}

function scheduleReconnect(path) {
  const delay = Math.min(30000, 1000 * 2 ** retry) * (0.75 + Math.random() / 2);
  retry += 1;
  setTimeout(() => connectLive(path), delay);
}
