"""The language of a person, read from the request (the edge): an explicit ?lang=, their stored
choice, the lang cookie, their class's default, the browser's preference. `create_app` hands
`select_language` to Flask-Babel and calls `remember_language` on every response; the languages
themselves and their catalogs are in i18n.py."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Response, current_app, g, request, session

from .. import auth
from ..i18n import DEFAULT, LANGUAGES


def requested_language() -> str | None:
    """The language chosen with ?lang= on this request, if it is one of ours."""
    chosen = request.args.get("lang")
    return chosen if chosen in LANGUAGES else None


def cookie_language() -> str | None:
    """The language last chosen in this browser (the lang cookie), if any."""
    chosen = request.cookies.get("lang")
    return chosen if chosen in LANGUAGES else None


def _stored_languages() -> tuple[str | None, str | None]:
    """The signed-in person's own stored choice, and their class's default (learners only)."""
    if "stored_languages" not in g:
        store = current_app.extensions["sandbox"].store
        trainer = auth.current_trainer() if session.get("trainer_id") or _has_token() else None
        mentor = auth.current_mentor() if trainer is None else None
        if trainer is not None:
            g.stored_languages = (trainer.language, None)
        elif mentor is not None:
            g.stored_languages = (mentor.language, None)
        elif session.get("learner_id") is not None:
            g.stored_languages = store.learner_languages(session["learner_id"])
        else:
            g.stored_languages = (None, None)
    return g.stored_languages


def _has_token() -> bool:
    return request.headers.get("Authorization", "").startswith("Bearer ")


def select_language() -> str:
    """Pick the language of this request.

    An explicit ?lang= first; then the person's stored choice (so it follows a learner who resumes on
    another device, and a trainer who signs in anywhere); then the last choice made in this browser;
    then the class's default; then the browser's preference.
    """
    own, class_default = _stored_languages()
    for choice in (requested_language(), own, cookie_language(), class_default):
        if choice in LANGUAGES:
            return choice
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def language_url(code: str) -> str:
    """This page's address in another language (its other query arguments kept)."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def remember_language(response: Response) -> Response:
    """Keep a ?lang= choice: in this browser (a cookie) and with the signed-in person."""
    chosen = requested_language()
    if chosen is None:
        return response
    # HttpOnly like the session: no script reads it, and published apps (same host, another
    # port, where cookies are shared) must not see any of ours.
    # Secure over https only, as the session (session_cookie.py).
    response.set_cookie(
        "lang", chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True, secure=request.is_secure
    )
    own, _class_default = _stored_languages()
    if own != chosen:
        store = current_app.extensions["sandbox"].store
        trainer = auth.current_trainer() if session.get("trainer_id") or _has_token() else None
        mentor = auth.current_mentor() if trainer is None else None
        if trainer is not None:
            store.set_trainer_language(trainer.id, chosen)
        elif mentor is not None:
            store.set_mentor_language(mentor.id, chosen)
        elif session.get("learner_id") is not None and store.learner_exists(session["learner_id"]):
            store.set_learner_language(session["learner_id"], chosen)
    return response
