// The service worker of one published app (docs/take-home.md): network first, so a re-published
// app shows at once; its own cache when the network fails or hangs. Scope: the app's own path.
// The server puts three constants before this script: CACHE (this version's cache), PREFIX
// (every version's cache of this app) and FILES (what to keep for offline use).
/* global CACHE, PREFIX, FILES */

// A Wi-Fi that no longer reaches the trainer's laptop can hang instead of failing: after this
// long, answer from the cache.
const NETWORK_WAIT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE))
      .then((old) => Promise.all(old.map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

function fromCache(request) {
  return caches.open(CACHE).then((cache) =>
    cache.match(request, { ignoreSearch: true }).then((found) =>
      found || (request.mode === "navigate" ? cache.match("./") : undefined)));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const scope = new URL(self.registration.scope);
  const url = new URL(request.url);
  const mine = url.origin === scope.origin && url.pathname.startsWith(scope.pathname);
  if (request.method !== "GET" || !mine) return;
  event.respondWith(new Promise((resolve) => {
    let answered = false;
    const answer = (response) => { if (!answered && response) { answered = true; resolve(response); } };
    const timer = setTimeout(() => fromCache(request).then(answer), NETWORK_WAIT_MS);
    fetch(request).then((response) => {
      clearTimeout(timer);
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
        answer(response);
      } else {
        fromCache(request).then((cached) => answer(cached || response));
      }
    }).catch(() => {
      clearTimeout(timer);
      fromCache(request).then((cached) => answer(cached || Response.error()));
    });
  }));
});
