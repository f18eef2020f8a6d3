"""Who is asking: the learner behind the session cookie, and CSRF protection for changes."""

from __future__ import annotations

import functools
import hmac
import secrets
import threading
import time
from collections import deque
from urllib.parse import urlsplit

from flask import after_this_request, current_app, g, redirect, request, session, url_for
from flask_babel import gettext as _

from .errors import Forbidden, SandboxError, Unauthorized

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOGIN_FAILURES_PER_MINUTE = 10
# Set when a page was asked for again after a planted session cookie was expired: if the next
# request is still ambiguous (something keeps planting), say so instead of asking again forever.
TOSSED_COOKIE = "sandbox_tossed"


def _store():
    return current_app.extensions["sandbox"].store  # Services (sandbox/services.py imports this module)


def current_learner(create: bool = False) -> int | None:
    """Return the learner id of this browser, making a new learner when asked and none exists.

    Only for a browser that keeps our cookie: it sent back the session its first page got (with
    its CSRF token). A client that never returns cookies (a crawler, a script asking for the
    page again and again) gets pages, never a learner row each.
    """
    if "learner_id" in g:
        return g.learner_id
    learner_id = session.get("learner_id")
    if learner_id is not None and not _store().learner_exists(learner_id):
        learner_id = None
        session.pop("learner_id", None)
    if learner_id is None and create and "csrf" in session:
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


# ---- trainers


def current_trainer():
    """Return the trainer signed in with this session, or with an API token, or None."""
    if "trainer" in g:
        return g.trainer
    store = _store()
    trainer = None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        trainer = store.trainer_by_token(header.removeprefix("Bearer ").strip())
        g.token_auth = trainer is not None
    elif session.get("trainer_id") is not None:
        trainer = store.get_trainer(session["trainer_id"])
    g.trainer = trainer
    return trainer


def refuse_bad_token() -> None:
    """Refuse with 401 any request carrying an API token that is not valid, whatever the route.

    Only programs send tokens, and a program with a wrong token should hear so (not be sent to a
    login page, nor fall back on a session cookie it happens to carry).
    """
    if request.headers.get("Authorization", "").startswith("Bearer ") and current_trainer() is None:
        raise Unauthorized(_("That API token is not valid. Make a new one on your Classes page."))


def trainer_required(view):
    """Let only a signed-in trainer through: pages go to the login page, the API answers 403."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_trainer() is None:
            if request.path.startswith("/api/"):
                raise Forbidden(_("Sign in as a trainer first."))
            return redirect(url_for("trainer.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


# ---- mentors (docs/mentors.md): invited by a trainer, signed in with their own name and password


def current_mentor():
    """Return the mentor signed in with this session, or None."""
    if "mentor" in g:
        return g.mentor
    mentor_id = session.get("mentor_id")
    mentor = _store().get_mentor(mentor_id) if mentor_id is not None else None
    g.mentor = mentor
    return mentor


def mentor_required(view):
    """Let only a signed-in mentor through: others go to the mentor's sign-in page."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_mentor() is None:
            return redirect(url_for("mentor.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def sign_in_mentor(mentor) -> None:
    session.clear()
    session["mentor_id"] = mentor.id
    session.permanent = True


def sign_in_trainer(trainer) -> None:
    session.clear()
    session["trainer_id"] = trainer.id
    session.permanent = True


def sign_out() -> None:
    session.clear()


class LoginLimiter:
    """Count failed logins per address; the 11th within a minute is refused."""

    def __init__(self, limit: int = LOGIN_FAILURES_PER_MINUTE, window_s: float = 60.0):
        self.limit = limit
        self.window_s = window_s
        self._failures: dict[str, deque] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque:
        now = time.monotonic()
        failures = self._failures.setdefault(key, deque())
        while failures and now - failures[0] > self.window_s:
            failures.popleft()
        return failures

    def check(self, key: str) -> None:
        with self._lock:
            if len(self._recent(key)) >= self.limit:
                raise SandboxError(_("Too many tries. Wait a minute, then try again."), 429)

    def failed(self, key: str) -> None:
        with self._lock:
            self._recent(key).append(time.monotonic())


class RedisLoginLimiter:
    """The same count kept in Redis, shared by every web process: a balancer that spreads one
    guesser's tries over several processes does not multiply them (docs/deploy.md)."""

    def __init__(
        self,
        client,
        namespace: str,
        limit: int = LOGIN_FAILURES_PER_MINUTE,
        window_s: float = 60.0,
    ):
        self.client = client
        self.prefix = f"{namespace}:login-failures:"
        self.limit = limit
        self.window_s = window_s

    def _now(self) -> float:
        seconds, microseconds = self.client.time()  # Redis's clock: the machines' need not agree
        return seconds + microseconds / 1e6

    def check(self, key: str) -> None:
        name = self.prefix + key
        pipe = self.client.pipeline()
        pipe.zremrangebyscore(name, "-inf", self._now() - self.window_s)
        pipe.zcard(name)
        if pipe.execute()[1] >= self.limit:
            raise SandboxError(_("Too many tries. Wait a minute, then try again."), 429)

    def failed(self, key: str) -> None:
        name = self.prefix + key
        now = self._now()
        pipe = self.client.pipeline()
        pipe.zadd(name, {secrets.token_hex(8): now})  # each failure its own member
        pipe.expire(name, int(self.window_s) + 1)
        pipe.execute()


def login_limiter() -> LoginLimiter | RedisLoginLimiter:
    """This app's limiter (one per app, so tests and servers never share counts)."""
    return current_app.extensions["sandbox"].login_limiter


def csrf_token() -> str:
    """Return this session's CSRF token, making one if needed."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def refuse_ambiguous_session():
    """Act on no identity when the browser sent several session cookies (sandbox/views/session_cookie.py).

    A page is asked for again at once: the answer expires the planted copies, so the browser
    comes back with only ours. Anything else (the API, a socket) is refused, and retried.
    """
    if not getattr(session, "ambiguous", False):
        if TOSSED_COOKIE in request.cookies:
            after_this_request(_forget_tossed)
        return None
    if request.method in ("GET", "HEAD") and not request.path.startswith(("/api/", "/live/")):
        if request.cookies.get(TOSSED_COOKIE) is None:
            response = redirect(request.full_path if request.query_string else request.path, 303)
            response.set_cookie(
                TOSSED_COOKIE, "1", max_age=60, httponly=True, samesite="Lax", secure=request.is_secure
            )
            return response
    raise SandboxError(
        _(
            "This browser sent two different sign-ins, so we used neither. Close any published apps "
            "you have open, then reload the page; your code is kept on this device."
        ),
        409,
    )


def _forget_tossed(response):
    response.delete_cookie(TOSSED_COOKIE, httponly=True, samesite="Lax", secure=request.is_secure)
    return response


def check_csrf() -> None:
    """Refuse a state-changing request without this session's token or from another site."""
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("Authorization", "").startswith("Bearer "):
        # API tokens are not sent by browsers on their own, so they cannot be forged cross-site.
        # A made-up token never gets here: refuse_bad_token() answered 401 first.
        return
    origin = request.headers.get("Origin")
    if origin and urlsplit(origin).netloc != request.host:
        raise Forbidden(_("This request came from another site and was refused."))
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise Forbidden(_("Your session has expired. Reload the page; your code is kept on this device."))
