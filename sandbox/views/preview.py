"""The preview frame's bootstrap page and exercise assets, both for sandboxed frames only."""

from __future__ import annotations

import mimetypes

from flask import Blueprint, Response, abort, render_template

from . import get_exercise

bp = Blueprint("preview", __name__)

# The learner's app runs in a frame with an opaque origin: no access to our cookies, storage,
# DOM or API. The header repeats the iframe's sandbox attribute so that opening this URL
# directly is just as locked down.
FRAME_CSP = (
    "sandbox allow-scripts allow-forms allow-modals; "
    "default-src 'self' data: blob:; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
    "style-src 'self' 'unsafe-inline' data: blob:; img-src 'self' data: blob:; "
    "font-src 'self' data:; media-src 'self' data: blob:; connect-src 'none'; "
    "frame-src 'none'; worker-src 'none'; object-src 'none'; form-action 'none'; base-uri 'self'"
)


@bp.get("/exercises/<exercise_id>/frame")
def frame(exercise_id: str):
    """Serve the empty page the editor writes the learner's assembled app into."""
    get_exercise(exercise_id)
    return frame_response()


def frame_response() -> Response:
    """The frame's bootstrap page with its sandboxing CSP (an exercise's, or a group project's)."""
    response = Response(render_template("preview/frame.html"))
    response.headers["Content-Security-Policy"] = FRAME_CSP
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.get("/exercises/<exercise_id>/assets/<path:filename>")
def asset(exercise_id: str, filename: str):
    """Serve an image or other file the exercise ships for the learner's app."""
    exercise = get_exercise(exercise_id)
    path = exercise.assets.get(filename)
    if path is None:
        abort(404)
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = Response(path.read_bytes(), mimetype=mimetype)
    response.headers["Content-Security-Policy"] = FRAME_CSP
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
