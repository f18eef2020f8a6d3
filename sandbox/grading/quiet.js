// Runs first in every graded document (lockdown.new_context), in the app's own world: it keeps
// count of what the app is still about to do, so that the grader judges the page once the app is
// quiet (worker.Worker.wait_quiet) instead of after a fixed time that a busy machine may not keep.
// Still to come: timers set for up to SHORT_TIMER_MS, and requests not yet answered. Changes: DOM
// mutations. The app could change these functions; then it only changes how long it is waited for,
// never what a check sees (the checks read the page from worlds of their own).
(() => {
  if (window.top !== window) return;
  const SHORT_TIMER_MS = 500;
  const POLL_MS = 10;
  const realSetTimeout = window.setTimeout;
  const realClearTimeout = window.clearTimeout;
  const pending = new Set();
  let requests = 0;
  let changes = 0;

  window.setTimeout = function setTimeout(handler, delay, ...args) {
    if (!(Number(delay) <= SHORT_TIMER_MS)) return realSetTimeout.call(window, handler, delay, ...args);
    const id = realSetTimeout.call(
      window,
      () => {
        pending.delete(id);
        if (typeof handler === "function") handler(...args);
        else (0, eval)(String(handler));
      },
      delay,
    );
    pending.add(id);
    return id;
  };
  window.clearTimeout = function clearTimeout(id) {
    pending.delete(id);
    return realClearTimeout.call(window, id);
  };

  const realFetch = window.fetch;
  if (realFetch) {
    window.fetch = function fetch(...args) {
      requests += 1;
      const answer = realFetch.apply(this, args);
      answer.then(
        () => (requests -= 1),
        () => (requests -= 1),
      );
      return answer;
    };
  }
  const realSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function send(...args) {
    requests += 1;
    this.addEventListener("loadend", () => (requests -= 1), { once: true });
    return realSend.apply(this, args);
  };

  new MutationObserver(() => (changes += 1)).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });

  // Resolves true once a whole task went by with nothing still to come and nothing changed; false
  // after `bound` ms.
  const quiet = (bound) =>
    new Promise((resolve) => {
      const until = performance.now() + bound;
      let seen = changes;
      const look = () => {
        if (pending.size === 0 && requests <= 0 && changes === seen) resolve(true);
        else if (performance.now() >= until) resolve(false);
        else {
          seen = changes;
          realSetTimeout.call(window, look, POLL_MS);
        }
      };
      realSetTimeout.call(window, look, 0);
    });
  Object.defineProperty(window, "__sandboxQuiet", { value: quiet, enumerable: false });
})();
