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

from .origin import PUBLISHED_CSP, SLUG, THEME, app_path, publish_base, publish_port
from .page import ICON_SIZES, INSTALL_JS, cached_files, inject_head, manifest, service_worker, short_name
from .server import standalone, start_publish_server

__all__ = [
    "ICON_SIZES",
    "INSTALL_JS",
    "PUBLISHED_CSP",
    "SLUG",
    "THEME",
    "app_path",
    "cached_files",
    "inject_head",
    "manifest",
    "publish_base",
    "publish_port",
    "service_worker",
    "short_name",
    "standalone",
    "start_publish_server",
]
