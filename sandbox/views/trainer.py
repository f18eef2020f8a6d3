"""Trainer pages: sign in, classes, a class's page, its join sheet and QR code."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import auth, i18n
from ..errors import NotFound
from ..live import events as live
from ..live import topics
from ..names import clean_name
from ..qr import qr_svg
from ..store import Classroom
from . import services
from .phone import phone_base_url

bp = Blueprint("trainer", __name__, url_prefix="/trainer")


def own_classroom(classroom_id: int) -> Classroom:
    """Return the class if it belongs to the signed-in trainer; otherwise 404 (never reveal others')."""
    classroom = services().store.get_classroom(classroom_id)
    trainer = auth.current_trainer()
    if classroom is None or trainer is None or classroom.trainer_id != trainer.id:
        abort(404)
    return classroom


def join_url(classroom: Classroom) -> tuple[str, bool]:
    """The join address for phones in the room, and whether a phone can reach it at all."""
    base, reachable = phone_base_url()
    return base + url_for("classroom.join", code=classroom.join_code), reachable


# A path on this site. Browsers drop tabs and line breaks from a URL and read a backslash as a
# slash, so "/<tab>/evil.example" or "/<backslash>evil.example" would leave the site: no control
# character, space or backslash, and no "//" at the start.
LOCAL_PATH = re.compile(r"/(?!/)[^\x00-\x20\x7f\\]*")


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: `next` when it is a page of this site, else the classes."""
    if target and LOCAL_PATH.fullmatch(target):
        return target
    return url_for("trainer.classes")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with the name and password made by `sandbox trainer create`."""
    error = None
    if request.method == "POST":
        key = request.remote_addr or "?"
        auth.login_limiter().check(key)
        trainer = services().store.check_trainer(
            request.form.get("name", ""), request.form.get("password", "")
        )
        if trainer is not None:
            auth.sign_in_trainer(trainer)
            return redirect(_safe_next(request.args.get("next")))
        auth.login_limiter().failed(key)
        error = _("That name and password do not match. Try again.")
    return render_template("trainer/login.html", error=error), 401 if error else 200


@bp.post("/logout")
def logout():
    auth.sign_out()
    return redirect(url_for("trainer.login"))


@bp.get("/")
@auth.trainer_required
def classes():
    """The trainer's classes."""
    trainer = auth.current_trainer()
    store = services().store
    show_archived = request.args.get("archived") == "1"
    rows = store.classrooms_of(trainer.id, archived=show_archived)
    counts = {c.id: len(store.learners_of(c.id)) for c in rows}
    return render_template(
        "trainer/classes.html", classrooms=rows, counts=counts, show_archived=show_archived
    )


@bp.post("/classes")
@auth.trainer_required
def create_class():
    name = clean_name(request.form.get("name", ""), 120)
    if not name:
        name = _("My class")
    store = services().store
    classroom = store.create_classroom(auth.current_trainer().id, name)
    store.set_assignments(classroom.id, list(services().catalog.exercises))
    return redirect(url_for("trainer.classroom", classroom_id=classroom.id))


@bp.get("/classes/<int:classroom_id>")
@auth.trainer_required
def classroom(classroom_id: int):
    """A class: its join code and QR, its learners, its exercises."""
    from .mentor import class_mentors  # these build on own_classroom, defined here
    from .trainer_projects import class_projects

    found = own_classroom(classroom_id)
    store = services().store
    catalog = services().catalog
    assigned = [catalog.get(e) for e in store.assignments(found.id) if catalog.get(e)]
    return render_template(
        "trainer/classroom.html",
        **class_projects(found),
        **class_mentors(found),
        classroom=found,
        join_url=join_url(found)[0],
        reachable=join_url(found)[1],
        learners=store.learners_of(found.id),
        assigned=assigned,
        exercises=list(catalog.exercises.values()),
        courses=list(catalog.courses.values()),
    )


@bp.post("/classes/<int:classroom_id>")
@auth.trainer_required
def update_class(classroom_id: int):
    """Rename, archive or reopen a class, or change its exercises."""
    found = own_classroom(classroom_id)
    store = services().store
    form = request.form
    if clean_name(form.get("name"), 120):
        store.update_classroom(found.id, name=clean_name(form.get("name"), 120))
    if "archived" in form:
        store.update_classroom(found.id, archived=form["archived"] == "1")
    if "stuck_minutes" in form and form["stuck_minutes"].isdigit():
        store.update_classroom(found.id, stuck_minutes=max(1, min(240, int(form["stuck_minutes"]))))
    if "language" in form:
        language = form["language"] if form["language"] in i18n.LANGUAGES else None
        store.update_classroom(found.id, language=language)
    if form.get("projects_setting") == "1":  # the checkbox sends nothing when unticked
        store.update_classroom(found.id, learner_projects=form.get("learner_projects") == "1")
    if "exercises" in form or form.get("assign") == "1":
        known = services().catalog.exercises
        chosen = [e for e in form.getlist("exercises") if e in known]

        def position(exercise_id: str) -> int:
            raw = form.get(f"position-{exercise_id}", "")
            return int(raw) if raw.isdigit() else 999

        store.set_assignments(found.id, sorted(chosen, key=position))
    if "course" in form:
        assign_course(found.id, form["course"])
    return redirect(url_for("trainer.classroom", classroom_id=found.id))


def assign_course(classroom_id: int, course_id: str) -> None:
    """Assign a whole course to a class: its exercises, in the course's order, after those the
    class has (docs/courses.md)."""
    course = services().catalog.courses.get(course_id)
    if course is None:
        raise NotFound(_("There is no such course."))
    store = services().store
    current = store.assignments(classroom_id)
    store.set_assignments(classroom_id, current + [e for e in course.exercise_ids if e not in current])


@bp.post("/classes/<int:classroom_id>/learners/<int:learner_id>")
@auth.trainer_required
def update_learner(classroom_id: int, learner_id: int):
    """Rename a learner, or remove them from the class (their work is kept)."""
    found = own_classroom(classroom_id)
    store = services().store
    learner = store.get_learner(learner_id)
    if learner is None or learner.classroom_id != found.id:
        abort(404)
    if request.form.get("action") == "remove":
        store.update_learner(learner.id, removed=True)
        live.learner_changed(found.id, learner.id, topics.REMOVED)
    else:
        name = clean_name(request.form.get("name", ""), 60)
        if name:
            store.update_learner(learner.id, name=name)
            live.learner_changed(found.id, learner.id, topics.RENAMED)
    return redirect(url_for("trainer.classroom", classroom_id=found.id))


@bp.get("/classes/<int:classroom_id>/qr.svg")
@auth.trainer_required
def qr(classroom_id: int):
    found = own_classroom(classroom_id)
    return Response(qr_svg(join_url(found)[0]), mimetype="image/svg+xml")


@bp.get("/classes/<int:classroom_id>/sheet")
@auth.trainer_required
def sheet(classroom_id: int):
    """A page to print or project: the class code, the address and the QR code."""
    found = own_classroom(classroom_id)
    url, reachable = join_url(found)
    return render_template(
        "trainer/sheet.html", classroom=found, join_url=url, reachable=reachable, qr=qr_svg(url)
    )


@bp.post("/token")
@auth.trainer_required
def token():
    """Make a new personal API token for the command line (shown once)."""
    value = services().store.new_api_token(auth.current_trainer().id)
    return render_template("trainer/token.html", token=value)
