"""The publish origin's requests: a blueprint that serves published apps and nothing else.

Why this is a separate origin, and why each app has its own path: the package's docstring and
docs/take-home.md. The page, manifest, icons and service worker are made in page.py.
"""

from __future__ import annotations

import json
import logging
import mimetypes
from dataclasses import dataclass

from flask import Blueprint, Flask, Response, abort, current_app, redirect, request
from flask_babel import Babel
from flask_babel import gettext as _
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from .. import i18n
from ..exercises import CatalogFolder, Exercise
from ..icons import icon_png, icon_svg
from ..projects import assets
from ..publish.origin import PUBLISHED_CSP, SLUG, app_path
from ..publish.page import ICON_SIZES, INSTALL_JS, inject_head, manifest, service_worker
from ..store import PublishedApp, Store
from ..takehome import app_files

log = logging.getLogger(__name__)

bp = Blueprint("published", __name__)


@dataclass(frozen=True)
class PublishServices:
    """What the publish origin reads: published apps from the store, their exercises from the catalog."""

    store: Store
    exercises: CatalogFolder


def create_publish_app(store: Store, exercises: CatalogFolder) -> Flask:
    """The publish origin's WSGI app, reading published apps from `store` (shared with the main app)."""
    app = Flask(__name__, static_folder=None, template_folder=None)
    app.config.update(
        BABEL_TRANSLATION_DIRECTORIES=str(i18n.TRANSLATIONS),
        MAX_CONTENT_LENGTH=1024,
        # Never used: this app has no session. Named apart so nothing could ever mix them up.
        SESSION_COOKIE_NAME="published_unused",
        SECRET_KEY=None,
    )
    app.extensions["sandbox"] = PublishServices(store, exercises)
    Babel(app, locale_selector=_locale)
    app.register_blueprint(bp)
    return app


def _locale() -> str:
    if request.args.get("lang") in i18n.LANGUAGES:
        return request.args["lang"]
    return request.accept_languages.best_match(i18n.LANGUAGES) or i18n.DEFAULT


def _find(slug: str) -> tuple[PublishedApp, Exercise | None]:
    services: PublishServices = current_app.extensions["sandbox"]
    published = services.store.published_by_slug(slug) if SLUG.match(slug) else None
    if published is None:
        abort(404)
    return published, services.exercises.catalog.get(published.exercise_id)


def _answer(body, mimetype: str, cache: str = "no-cache") -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = cache
    return response


@bp.get("/a/<slug>")
def app_root(slug: str):
    return redirect(app_path(slug), 308)


@bp.get("/a/<slug>/")
@bp.get("/a/<slug>/index.html")
def page(slug: str):
    published, exercise = _find(slug)
    files = app_files(exercise, published.files) if exercise else published.files
    html = inject_head(files.get("index.html", ""), published)
    return _answer(html, "text/html")


@bp.get("/a/<slug>/<path:name>")
def app_file(slug: str, name: str):
    published, exercise = _find(slug)
    if name == "manifest.webmanifest":
        return _answer(json.dumps(manifest(published), ensure_ascii=False), "application/manifest+json")
    if name == "sw.js":
        pictures = _store().published_asset_names(published.id) if published.project_id else []
        return _answer(service_worker(published, exercise, tuple(pictures)), "text/javascript")
    if name == "install.js":
        return _answer(INSTALL_JS, "text/javascript")
    if name == "icon.svg":
        return _answer(icon_svg(published.name, published.theme_color), "image/svg+xml")
    if name in {f"icon-{size}.png" for size in ICON_SIZES}:
        size = int(name[5:-4])
        return _answer(icon_png(published.name, published.theme_color, size), "image/png")
    files = app_files(exercise, published.files) if exercise else published.files
    if name in files:
        mimetype = mimetypes.guess_type(name)[0] or "text/plain"
        return _answer(files[name], mimetype)
    if name.startswith("assets/") and published.project_id is not None:
        return _project_picture(published, name.removeprefix("assets/"))
    if name.startswith("assets/") and exercise is not None:
        path = exercise.assets.get(name.removeprefix("assets/"))
        if path is not None:
            mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return _answer(path.read_bytes(), mimetype, "public, max-age=3600")
    abort(404)


def _store() -> Store:
    return current_app.extensions["sandbox"].store


def _project_picture(published: PublishedApp, name: str) -> Response:
    """A picture of a group's published snapshot, served as on our origin (no script, even in an SVG)."""
    found = _store().published_asset(published.id, name) if assets.NAME.match(name) else None
    if found is None:
        abort(404)
    mimetype, sha, data = found
    response = Response(data)
    response.headers.update(assets.served_headers(name, mimetype, sha))
    # Publishing again may replace it under the same name: ask each time (the service worker keeps a copy).
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


@bp.app_errorhandler(HTTPException)
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
    return _answer(body, "text/html"), status


@bp.app_errorhandler(Exception)
def broken(error: Exception):
    log.exception("publish origin: error on %s", request.path)
    return _answer("", "text/plain"), 500


@bp.after_app_request
def headers(response: Response) -> Response:
    # No cookies ever leave this origin, and nothing here is readable from another origin.
    response.headers.pop("Set-Cookie", None)
    response.headers.pop("Access-Control-Allow-Origin", None)
    # A picture keeps its own, stricter policy (projects/assets.py); everything else gets the app's.
    if response.headers.get("Content-Security-Policy") != assets.SERVED_CSP:
        response.headers["Content-Security-Policy"] = PUBLISHED_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
