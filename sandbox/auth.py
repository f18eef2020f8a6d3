"""Who is asking: the learner behind the session cookie, and CSRF protection for changes."""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import current_app, g, request, session
from flask_babel import gettext as _

from .errors import Forbidden

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _store():
    return current_app.extensions["sandbox"].store


def current_learner(create: bool = False) -> int | None:
    """Return the learner id of this browser, making a new learner when asked and none exists."""
    if "learner_id" in g:
        return g.learner_id
    learner_id = session.get("learner_id")
    if learner_id is not None and not _store().learner_exists(learner_id):
        learner_id = None
    if learner_id is None and create:
        learner_id = _store().create_learner()
        session["learner_id"] = learner_id
        session.permanent = True
    g.learner_id = learner_id
    return learner_id


def require_learner() -> int:
    """Return the learner id, or refuse: the API needs a browser that opened an exercise first."""
    learner_id = current_learner()
    if learner_id is None:
        raise Forbidden(_("Open an exercise first, then try again."))
    return learner_id


def csrf_token() -> str:
    """Return this session's CSRF token, making one if needed."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Refuse a state-changing request without this session's token or from another site."""
    if request.method in SAFE_METHODS:
        return
    origin = request.headers.get("Origin")
    if origin and urlsplit(origin).netloc != request.host:
        raise Forbidden(_("This request came from another site and was refused."))
    sent = request.headers.get("X-CSRF-Token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise Forbidden(_("Your session has expired. Reload the page; your code is kept on this device."))
