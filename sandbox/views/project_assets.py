"""A group project's pictures (assets): upload, list and delete them, and serve them to the app.

Who may do what (tests/web/test_permissions.py): the members and the class's trainer upload and
delete; a mentor it is shared with lists them (403 for changes); everyone else gets 404.

Serving is by a capability address, not by the session: the preview frame is sandboxed (an
opaque origin), so its requests carry no cookie of ours. The frame's own page is served at
`/projects/<id>/app/<key>/<tag>/frame`, so the app's relative `assets/water.png` (in HTML, in
CSS, or built in JavaScript) resolves to `…/<key>/<tag>/assets/water.png` by itself. `key` is an
HMAC of the project's id under the app's secret key: unguessable, known only to whoever may open
the project (it is in their page). `tag` changes whenever a picture does (projects.assets_tag),
so the pictures may be cached for long, also offline, and never shown stale. docs/projects.md,
"Pictures (assets)", says why this and not data: URLs.
"""

from __future__ import annotations

import hmac
import re

from flask import Blueprint, Response, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import NotFound, SandboxError, TooLarge
from ..live import events as live
from ..projects import assets as rules
from ..store import AssetLimit
from . import services
from .picture_urls import asset_key, listing
from .preview import frame_response
from .projects import project_for_viewer

bp = Blueprint("project_assets", __name__)

# The multipart envelope around one picture: its boundary, headers and the file's name.
MULTIPART_SLACK = 16 * 1024
TAG = re.compile(r"^v[0-9a-f]{10}$")


def _capability(project_id: int, key: str, tag: str) -> None:
    """404 unless `key` is this project's and the project exists (the tag is only its shape)."""
    if not (
        TAG.match(tag)
        and hmac.compare_digest(key.encode(), asset_key(project_id).encode())
        and services().store.get_project(project_id) is not None
    ):
        raise NotFound(_("We could not find that page. Go back to the list of exercises and pick one."))


# ---- what the sandboxed frame loads (no session: the capability address is the key)


@bp.get("/projects/<int:project_id>/app/<key>/<tag>/frame")
def frame(project_id: int, key: str, tag: str):
    """The empty sandboxed page a project's app is written into (as an exercise's frame)."""
    _capability(project_id, key, tag)
    return frame_response()


@bp.get("/projects/<int:project_id>/app/<key>/<tag>/assets/<name>")
def serve(project_id: int, key: str, tag: str, name: str):
    """One of the project's pictures, for its app in the preview (and the thumbnails of its page)."""
    _capability(project_id, key, tag)
    found = services().store.project_asset(project_id, name) if rules.NAME.match(name) else None
    if found is None:
        raise NotFound(_("There is no picture of that name in this project."))
    asset, data = found
    response = Response(data)
    response.headers.update(rules.served_headers(asset.name, asset.mimetype, asset.digest))
    # Its address changes with any change of the pictures (the tag): it may be kept for long.
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response.make_conditional(request)


# ---- the project page's API


@bp.url_value_preprocessor
def allow_pictures(endpoint: str | None, _values: dict | None) -> None:
    """A picture may be bigger than other requests (1 MB with its envelope); a bigger one is refused
    with the picture's own message before it is read. (Runs before the app's CSRF check.)"""
    if endpoint != "project_assets.upload":
        return
    allowed = rules.MAX_ASSET_BYTES + MULTIPART_SLACK
    request.max_content_length = allowed
    if request.content_length is not None and request.content_length > allowed:
        raise _too_big()


def _too_big() -> TooLarge:
    return TooLarge(
        _("This picture is too big: a picture may be at most %(limit)d KB. Make it smaller and try again.",
          limit=rules.MAX_ASSET_BYTES // 1024)
    )  # fmt: skip


LIMIT_MESSAGES = {
    "count": lambda: SandboxError(
        _("A project may have at most %(count)d pictures. Delete one you do not use, then upload this one.",
          count=rules.MAX_ASSETS), 409,
    ),
    "total": lambda: TooLarge(
        _("The project's pictures may be at most %(limit)d MB together. Delete one you do not use, "
          "or make this one smaller.", limit=rules.MAX_PROJECT_ASSET_BYTES // (1024 * 1024))
    ),
    "file": _too_big,
}  # fmt: skip


@bp.get("/api/projects/<int:project_id>/assets")
def list_assets(project_id: int):
    """The project's pictures: name, path to type, address, type, size, who uploaded it."""
    project, _viewer = project_for_viewer(project_id)
    return listing(project.id)


@bp.post("/api/projects/<int:project_id>/assets")
def upload(project_id: int):
    """Add a picture (multipart, field `file`), or replace the one of the same name."""
    project, viewer = project_for_viewer(project_id, change=True)
    try:
        sent = request.files.get("file")
        data = sent.read(rules.MAX_ASSET_BYTES + 1) if sent is not None else b""
    except RequestEntityTooLarge:
        raise _too_big() from None
    finally:
        for part in request.files.values():
            part.close()  # a big one is a temporary file
    if sent is None or not data:
        raise SandboxError(_("Choose a picture to upload."))
    if len(data) > rules.MAX_ASSET_BYTES:
        raise _too_big()
    mimetype = rules.sniff(data)
    if mimetype is None:
        raise SandboxError(
            _("This file is not a picture the app can use. Upload a PNG, JPEG, GIF, WebP or SVG picture."),
            415,
        )
    name = rules.asset_name(sent.filename or "", mimetype)
    try:
        asset, replaced = services().store.save_project_asset(project.id, name, mimetype, data, viewer.name)
    except AssetLimit as broken:
        raise LIMIT_MESSAGES[broken.kind]() from None
    except LookupError:
        raise NotFound(_("There is no such project, or you are not in its group.")) from None
    found = _changed(project)
    return {"asset": asset.name, "path": f"assets/{asset.name}", "replaced": replaced, **found}, (
        200 if replaced else 201
    )


@bp.delete("/api/projects/<int:project_id>/assets/<name>")
def delete(project_id: int, name: str):
    """Delete a picture (the app's `assets/<name>` then shows nothing)."""
    project, _viewer = project_for_viewer(project_id, change=True)
    if not (rules.NAME.match(name) and services().store.delete_project_asset(project.id, name)):
        raise NotFound(_("There is no picture of that name in this project."))
    return {"deleted": name, **_changed(project)}


def _changed(project) -> dict:
    """Tell the project's open pages (the list, and the preview's new frame address) and the
    trainer's review (which then fetches the project, its frame address with it)."""
    found = listing(project.id)
    live.assets_changed(project.id, found)
    live.project_saved(project)
    return found
