"""Take it home: the learner's app as a zip, and publishing it as an installable web app.

Every route acts on the asking learner's own work only (the learner comes from the session, never
from the URL); publishing and unpublishing are changes, so they need the CSRF header.
"""

from __future__ import annotations

import unicodedata

from flask import Blueprint, Response, current_app, request
from flask_babel import get_locale
from flask_babel import gettext as _

from .. import auth
from ..errors import NotFound, SandboxError
from ..publish import THEME, app_path, publish_base
from ..qr import qr_svg
from ..takehome import app_files, build_zip
from . import get_exercise, services
from .api import parse_files

bp = Blueprint("takehome", __name__)

MAX_NAME_CHARS = 40
DEFAULT_THEME = "#2563eb"


@bp.get("/exercises/<exercise_id>/take-home.zip")
def download(exercise_id: str):
    """Send the learner's saved files, the assets they use and a README, as a zip."""
    exercise = get_exercise(exercise_id)
    learner_id = auth.require_learner()
    work = services().store.get_work(learner_id, exercise.id)
    body = build_zip(
        exercise, work.files if work else None, str(get_locale()), work.updated_at if work else None
    )
    response = Response(body, mimetype="application/zip")
    # The exercise id is a plain ASCII name (the loader allows [a-z0-9-] only).
    response.headers["Content-Disposition"] = f'attachment; filename="{exercise.id}.zip"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def clean_name(raw: object, fallback: str) -> str:
    """The app's name as the learner typed it: plain text, one line, at most 40 characters."""
    if not isinstance(raw, str):
        return fallback
    text = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C")
    text = " ".join(text.split())
    if len(text) > MAX_NAME_CHARS:
        raise SandboxError(
            _("Give your app a shorter name: at most %(count)d characters.", count=MAX_NAME_CHARS)
        )
    return text or fallback


def published_json(published, qr_path: str = "") -> dict:
    """What a page is told of a published app (exercise or project); `qr_path` is its QR code's route
    (an exercise's by default)."""
    if published is None:
        return {"published": False}
    base = publish_base(current_app.config, request.host, request.scheme)
    return {
        "published": True,
        "url": base + app_path(published.slug),
        "name": published.name,
        "theme": published.theme_color,
        "version": published.version,
        "updated_at": published.updated_at.isoformat() + "Z",
        "qr": f"{qr_path or f'/exercises/{published.exercise_id}/published/qr.svg'}?v={published.version}",
    }


@bp.get("/api/published/<exercise_id>")
def published_state(exercise_id: str):
    """Say whether this learner's app for the exercise is published, and where."""
    exercise = get_exercise(exercise_id)
    learner_id = auth.require_learner()
    return published_json(services().store.published_app(learner_id, exercise.id))


@bp.put("/api/published/<exercise_id>")
def publish(exercise_id: str):
    """Publish the learner's app as it is now (or again: same address, new snapshot)."""
    exercise = get_exercise(exercise_id)
    learner_id = auth.require_learner()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise SandboxError(_("We could not read that request: it must be a JSON object."))
    store = services().store
    if body.get("files") is not None:
        files = parse_files(exercise.files, body["files"], current_app.config["MAX_FILE_BYTES"])
    else:
        work = store.get_work(learner_id, exercise.id)
        files = work.files if work else {}
    theme = body.get("theme") or DEFAULT_THEME
    if not isinstance(theme, str) or not THEME.match(theme):
        raise SandboxError(_("Pick a colour for your app."))
    name = clean_name(body.get("name"), exercise.title.get(str(get_locale())))
    files = app_files(exercise, files, str(get_locale()))
    published = store.publish_app(learner_id, exercise.id, files, name, theme.lower())
    return published_json(published)


@bp.delete("/api/published/<exercise_id>")
def unpublish(exercise_id: str):
    """Take the learner's app offline: its address stops working."""
    exercise = get_exercise(exercise_id)
    learner_id = auth.require_learner()
    if not services().store.unpublish_app(learner_id, exercise.id):
        raise NotFound(_("This app is not published."))
    return {"published": False}


@bp.get("/exercises/<exercise_id>/published/qr.svg")
def published_qr(exercise_id: str):
    """A QR code of the learner's published app, to open it on their phone."""
    exercise = get_exercise(exercise_id)
    learner_id = auth.require_learner()
    published = services().store.published_app(learner_id, exercise.id)
    if published is None:
        raise NotFound(_("This app is not published."))
    url = publish_base(current_app.config, request.host, request.scheme) + app_path(published.slug)
    response = Response(qr_svg(url, scale=6), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response
