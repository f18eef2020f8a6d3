"""The publish origin's HTTP edge: the second small WSGI app that serves learners' published apps.

What it serves and why it is a separate origin: sandbox/publish.py and docs/take-home.md. This
module only answers requests; the manifest, service worker, icons and page come from there.
"""

from __future__ import annotations

import json
import logging
import mimetypes

from flask import Flask, Response, abort, redirect, request
from flask_babel import Babel
from flask_babel import gettext as _
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from ..icons import icon_png, icon_svg
from ..publish import (
    ICON_SIZES,
    INSTALL_JS,
    PUBLISHED_CSP,
    SLUG,
    app_path,
    inject_head,
    manifest,
    service_worker,
)
from ..takehome import app_files

log = logging.getLogger(__name__)


def _locale() -> str:
    return request.accept_languages.best_match(["en", "ru", "tg"]) or "en"


def create_publish_app(main_app: Flask) -> Flask:
    """The publish origin's app, sharing the main app's store and exercises (same process)."""
    services = main_app.extensions["sandbox"]
    app = Flask(__name__ + ".published", static_folder=None, template_folder=None)
    app.config.update(
        BABEL_TRANSLATION_DIRECTORIES=main_app.config["BABEL_TRANSLATION_DIRECTORIES"],
        MAX_CONTENT_LENGTH=1024,
        # Never used: this app has no session. Named apart so nothing could ever mix them up.
        SESSION_COOKIE_NAME="published_unused",
        SECRET_KEY=None,
    )
    Babel(app, locale_selector=_locale)

    def find(slug: str):
        published = services.store.published_by_slug(slug) if SLUG.match(slug) else None
        if published is None:
            abort(404)
        return published, services.catalog.get(published.exercise_id)

    def answer(body, mimetype: str, cache: str = "no-cache") -> Response:
        response = Response(body, mimetype=mimetype)
        response.headers["Cache-Control"] = cache
        return response

    @app.get("/a/<slug>")
    def app_root(slug: str):
        return redirect(app_path(slug), 308)

    @app.get("/a/<slug>/")
    @app.get("/a/<slug>/index.html")
    def page(slug: str):
        published, exercise = find(slug)
        files = app_files(exercise, published.files) if exercise else published.files
        html = inject_head(files.get("index.html", ""), published)
        return answer(html, "text/html")

    @app.get("/a/<slug>/<path:name>")
    def app_file(slug: str, name: str):
        published, exercise = find(slug)
        if name == "manifest.webmanifest":
            return answer(json.dumps(manifest(published), ensure_ascii=False), "application/manifest+json")
        if name == "sw.js":
            return answer(service_worker(published, exercise), "text/javascript")
        if name == "install.js":
            return answer(INSTALL_JS, "text/javascript")
        if name == "icon.svg":
            return answer(icon_svg(published.name, published.theme_color), "image/svg+xml")
        if name in {f"icon-{size}.png" for size in ICON_SIZES}:
            size = int(name[5:-4])
            return answer(icon_png(published.name, published.theme_color, size), "image/png")
        files = app_files(exercise, published.files) if exercise else published.files
        if name in files:
            mimetype = mimetypes.guess_type(name)[0] or "text/plain"
            return answer(files[name], mimetype)
        if name.startswith("assets/") and exercise is not None:
            path = exercise.assets.get(name.removeprefix("assets/"))
            if path is not None:
                mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return answer(path.read_bytes(), mimetype, "public, max-age=3600")
        abort(404)

    @app.errorhandler(HTTPException)
    def not_here(error: HTTPException):
        status = error.code or 500
        text = (
            _("This app is not published, or no longer. Ask its maker for a new link.")
            if status == 404
            else _("That is not possible here.")
        )
        body = (
            '<!DOCTYPE html><html><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(text)}</title></head>"
            f'<body style="font:18px/1.5 sans-serif;padding:1.5rem;max-width:32rem">'
            f"<p>{escape(text)}</p></body></html>"
        )
        return answer(body, "text/html"), status

    @app.errorhandler(Exception)
    def broken(error: Exception):
        log.exception("publish origin: error on %s", request.path)
        return answer("", "text/plain"), 500

    @app.after_request
    def headers(response: Response) -> Response:
        # No cookies ever leave this origin, and nothing here is readable from another origin.
        response.headers.pop("Set-Cookie", None)
        response.headers.pop("Access-Control-Allow-Origin", None)
        response.headers["Content-Security-Policy"] = PUBLISHED_CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        return response

    return app
