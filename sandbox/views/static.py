"""Static assets with content-hash URLs, served gzipped when the browser accepts it."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request, url_for

from . import services

bp = Blueprint("static", __name__)


def static_url(filename: str) -> str:
    """Return the URL of a static file with its content hash, so browsers may cache it for good."""
    return url_for("static.asset", filename=filename, h=services().static.digest(filename))


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on pages without an icon link (JSON answers, files opened directly)."""
    return asset("img/favicon.svg")


@bp.get("/static/<path:filename>")
def asset(filename: str):
    """Serve a file under static/; long-cached when the URL carries its current hash."""
    found = services().static.get(filename)
    if found is None:
        abort(404)
    if request.if_none_match.contains(found.digest):
        response = Response(status=304)
    else:
        gzip_ok = found.gzipped is not None and "gzip" in request.headers.get("Accept-Encoding", "")
        response = Response(found.gzipped if gzip_ok else found.body, mimetype=found.mimetype)
        if gzip_ok:
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(found.digest)
    response.vary.add("Accept-Encoding")
    if request.args.get("h") == found.digest:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response
