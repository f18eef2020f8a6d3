"""Learners join a class with its code and a name, and continue on another device with a resume code."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from .. import auth
from ..live import events as live
from ..names import clean_name
from . import language, services

bp = Blueprint("classroom", __name__)

MAX_NAME = 60


def _start_learner_session(learner_id: int) -> None:
    """Become this learner in this browser (a trainer session here is ended)."""
    csrf = session.get("csrf")
    session.clear()
    session["learner_id"] = learner_id
    session.permanent = True
    if csrf:
        session["csrf"] = csrf


@bp.route("/join", methods=["GET", "POST"])
def join_code():
    """Ask for the class code."""
    error = None
    if request.method == "POST":
        code = request.form.get("code", "")
        classroom = services().store.classroom_by_code(code)
        if classroom and not classroom.archived:
            return redirect(url_for("classroom.join", code=classroom.join_code))
        error = _("There is no open class with that code. Check the code on the board and try again.")
    return render_template("classroom/code.html", error=error), 400 if error else 200


@bp.route("/join/<code>", methods=["GET", "POST"])
def join(code: str):
    """Join a class: type your name, that is all."""
    store = services().store
    classroom = store.classroom_by_code(code)
    if classroom is None or classroom.archived:
        error = _("There is no open class with that code. Check the code on the board and try again.")
        return render_template("classroom/code.html", error=error), 404
    error = None
    name = ""
    if request.method == "POST":
        name = clean_name(request.form.get("name", ""))
        if not name:
            error = _("Type your name so your trainer knows who you are.")
        elif len(name) > MAX_NAME:
            error = _("That name is too long: use at most %(count)d letters.", count=MAX_NAME)
        else:
            learner = store.join_classroom(classroom.id, name, language.cookie_language())
            _start_learner_session(learner.id)
            live.learner_joined(classroom.id, learner.id)
            return redirect(url_for("learner.index", joined=1))
    status = 400 if error else 200
    return render_template("classroom/join.html", classroom=classroom, error=error, name=name), status


@bp.route("/resume", methods=["GET", "POST"])
def resume():
    """Continue as yourself on another device, with the resume code you were given."""
    error = None
    if request.method == "POST":
        # A resume code opens someone's work: guessing is limited as signing in is (429).
        key = f"resume:{request.remote_addr or '?'}"
        auth.login_limiter().check(key)
        learner = services().store.learner_by_resume_code(request.form.get("code", ""))
        if learner is not None:
            _start_learner_session(learner.id)
            return redirect(url_for("learner.index"))
        auth.login_limiter().failed(key)
        error = _("We do not know that resume code. Check it, or ask your trainer.")
    return render_template("classroom/resume.html", error=error), 400 if error else 200
