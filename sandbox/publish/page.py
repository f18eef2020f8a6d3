"""What a published app is made of besides the learner's files: manifest, icons, service worker."""

from __future__ import annotations

import json
import re
from importlib.resources import files

from markupsafe import escape

from ..icons import initials
from ..takehome import app_files, used_assets

ICON_SIZES = (192, 512)
# Plain scripts kept beside this module (sw.js is the worker's body: service_worker() adds its
# constants). install.js registers the worker; it is served from the app's own path, not inline,
# because the learner's page must need nothing from us but files of its own origin.
SERVICE_WORKER_BODY = files(__package__).joinpath("sw.js").read_text(encoding="utf-8")
INSTALL_JS = files(__package__).joinpath("install.js").read_text(encoding="utf-8")


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


def cached_files(published, exercise, pictures: tuple[str, ...] = ()) -> list[str]:
    """Everything the service worker keeps for offline use, relative to the app's path (`pictures`:
    a project's, copied into its snapshot)."""
    files = app_files(exercise, published.files) if exercise else published.files
    names = ["./", *(name for name in files if name != "index.html")]
    if exercise is not None:
        names += [f"assets/{name}" for name in used_assets(exercise, files)]
    names += [f"assets/{name}" for name in pictures]
    return names + ["manifest.webmanifest", "icon.svg", *(f"icon-{s}.png" for s in ICON_SIZES), "install.js"]


def service_worker(published, exercise, pictures: tuple[str, ...] = ()) -> str:
    """The app's service worker: network first (a re-published app shows at once), its cache offline.

    The version is in the script, so re-publishing changes the script and the browser installs the
    new worker, which fills a new cache and drops the old one.
    """
    cache = f"app-{published.slug}-v{published.version}"
    return (
        f"const CACHE = {json.dumps(cache)};\n"
        f"const PREFIX = {json.dumps(f'app-{published.slug}-')};\n"
        f"const FILES = {json.dumps(cached_files(published, exercise, pictures))};\n" + SERVICE_WORKER_BODY
    )


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
