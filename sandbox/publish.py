"""The publish origin: a second small WSGI app that serves learners' published apps, and nothing else.

Why a separate origin. A published app is the learner's own code running as a top-level page,
with its own storage and service worker (a sandboxed frame could have neither). On the main
origin that code could read our pages and call our API as whoever opens it. So published apps
live on another origin (by default the same host, the next port): the browser then keeps them
apart from the main app. This app has no session, no API, no CORS answers and sets no cookies;
its CSP lets an app run its own scripts but connect only to its own origin.

Why each app under its own path (/a/<slug>/). Its manifest, icons and service worker live
there too, so the service worker's scope is that path: installing or going offline with one app
never catches another app's pages, and re-publishing one app updates only its own cache. Apps
on one publish origin do share that origin's storage (localStorage, caches); docs/take-home.md
says what that means and how to give each class its own origin.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from urllib.parse import urlsplit

from flask import Flask
from markupsafe import escape
from werkzeug.serving import make_server

from .icons import initials
from .takehome import app_files, used_assets

log = logging.getLogger(__name__)

SLUG = re.compile(r"^[A-Za-z0-9_-]{8,32}$")
THEME = re.compile(r"^#[0-9a-fA-F]{6}$")
ICON_SIZES = (192, 512)
# The learner's app may run its own scripts (inline ones too: beginners write onclick="...") and
# load its own files; it may not connect to, frame, or post forms to anything else, our main
# origin included. 'self' is the publish origin, never the main one (another port or host).
PUBLISHED_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-src 'none'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

# ---- where published apps are


def publish_port(config, main_port: int | None = None) -> int:
    """The publish origin's port: SANDBOX_PUBLISH_PORT, or the main port + 1."""
    return int(config.get("PUBLISH_PORT") or 0) or int(main_port or config.get("PORT") or 5000) + 1


def publish_base(config, host: str, scheme: str = "http") -> str:
    """The publish origin as the learner's browser should reach it (no trailing slash).

    SANDBOX_PUBLISH_URL wins (a proxy with HTTPS, another host name). Otherwise it is the host the
    learner used for the main app, on the publish port, so a phone on the room's Wi-Fi reaches it.
    """
    configured = str(config.get("PUBLISH_URL") or "").rstrip("/")
    if configured:
        return configured
    hostname = urlsplit(f"//{host}").hostname or "127.0.0.1"
    lan = config.get("LAN_URLS") or []
    if hostname in ("127.0.0.1", "localhost", "::1") and lan:
        # The page was opened on the trainer's laptop, but the app is for a phone on the Wi-Fi.
        hostname = urlsplit(lan[0]).hostname or hostname
    if ":" in hostname:
        hostname = f"[{hostname}]"
    return f"{scheme}://{hostname}:{publish_port(config)}"


def app_path(slug: str) -> str:
    return f"/a/{slug}/"


# ---- what a published app is made of


def short_name(name: str) -> str:
    """A name short enough for a home screen (12 characters): the first word, or the initials."""
    if len(name) <= 12:
        return name
    first = name.split()[0]
    return first if len(first) <= 12 else initials(name)


def manifest(published) -> dict:
    """The web app manifest; every URL is relative, so it stays inside the app's own path."""
    return {
        "id": "./",
        "name": published.name,
        "short_name": short_name(published.name),
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": published.theme_color,
        "icons": [
            *(
                {"src": f"icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
                for size in ICON_SIZES
            ),
            {"src": "icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
            {"src": "icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
        ],
    }


def cached_files(published, exercise) -> list[str]:
    """Everything the service worker keeps for offline use, relative to the app's path."""
    files = app_files(exercise, published.files) if exercise else published.files
    names = ["./", *(name for name in files if name != "index.html")]
    if exercise is not None:
        names += [f"assets/{name}" for name in used_assets(exercise, files)]
    return names + ["manifest.webmanifest", "icon.svg", *(f"icon-{s}.png" for s in ICON_SIZES), "install.js"]


def service_worker(published, exercise) -> str:
    """The app's service worker: network first (a re-published app shows at once), its cache offline.

    The version is in the script, so re-publishing changes the script and the browser installs the
    new worker, which fills a new cache and drops the old one.
    """
    cache = f"app-{published.slug}-v{published.version}"
    return (
        f"const CACHE = {json.dumps(cache)};\n"
        f"const PREFIX = {json.dumps(f'app-{published.slug}-')};\n"
        f"const FILES = {json.dumps(cached_files(published, exercise))};\n" + _SERVICE_WORKER_BODY
    )


_SERVICE_WORKER_BODY = """\
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
"""

# Registers the app's own service worker (scope: the app's path). Served from the app's path, not
# inline, because the learner's page must not need anything from us but files of its own origin.
INSTALL_JS = """\
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("sw.js", { scope: "./" }).catch(function (error) {
    console.warn("This app cannot work offline here:", error && error.message);
  });
}
"""


def inject_head(html: str, published) -> str:
    """Add the manifest, theme colour, icons and the service worker's registration to the page."""
    tags = (
        '<link rel="manifest" href="manifest.webmanifest">'
        f'<meta name="theme-color" content="{published.theme_color}">'
        '<link rel="icon" href="icon.svg" type="image/svg+xml">'
        '<link rel="apple-touch-icon" href="icon-192.png">'
        f'<meta name="apple-mobile-web-app-title" content="{escape(short_name(published.name))}">'
        '<script src="install.js"></script>'
    )
    for pattern in (r"<head\b[^>]*>", r"<html\b[^>]*>", r"<!doctype[^>]*>"):
        match = re.search(pattern, html, re.IGNORECASE)
        if match:
            return html[: match.end()] + tags + html[match.end() :]
    return tags + html


def start_publish_server(main_app: Flask, host: str, main_port: int) -> int | None:
    """Serve published apps beside the main server, in a thread; return the port, or None if taken."""
    port = publish_port(main_app.config, main_port)
    try:
        server = make_server(host, port, _publish_app(main_app), threaded=True)
    except OSError as error:
        log.warning("published apps are off: cannot listen on %s:%s (%s)", host, port, error)
        return None
    main_app.config["PUBLISH_PORT"] = server.server_port
    threading.Thread(target=server.serve_forever, name="publish-server", daemon=True).start()
    return server.server_port


def standalone() -> Flask:
    """The publish origin on its own, for a WSGI server: gunicorn 'sandbox.publish:standalone()'."""
    from .app import create_app

    return _publish_app(create_app())


def _publish_app(main_app: Flask) -> Flask:
    # The requests themselves are handled at the HTTP edge, in views/published_site.py.
    from .views.published_site import create_publish_app

    return create_publish_app(main_app)
