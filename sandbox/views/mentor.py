"""Mentors (docs/mentors.md): the trainer invites one and shares projects with them; the mentor
signs in with their own name and password and follows the projects shared with them, from any
laptop that reaches the server, during the bootcamp and after it.

Who may do what (tests/web/test_permissions.py): the mentor pages need a signed-in mentor (others
are sent to the mentor's sign-in page); inviting and sharing are the class's trainer's (404 for
anyone else's class, like every trainer route of a class).
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import auth
from ..errors import Conflict
from ..names import clean_name
from ..store import NameTaken
from . import services
from .phone import phone_base_url
from .trainer import _safe_next, own_classroom

bp = Blueprint("mentor", __name__)

MIN_PASSWORD = 8


def class_mentors(classroom) -> dict:
    """What the class page shows of mentors: the trainer's mentors and what each sees of this class."""
    store = services().store
    mentors = store.mentors_of(classroom.trainer_id)
    return {
        "mentors": mentors,
        "shared": {mentor.id: set(store.shared_with(mentor.id)) for mentor in mentors},
    }


def _invited_page(classroom, mentor, code: str):
    link = phone_base_url()[0] + url_for("mentor.invite", code=code)
    return render_template("mentor/invited.html", classroom=classroom, mentor=mentor, link=link)


# ---- the trainer's side


@bp.post("/trainer/classes/<int:classroom_id>/mentors")
@auth.trainer_required
def create(classroom_id: int):
    """Invite a mentor by name: the page shows their invite link once."""
    classroom = own_classroom(classroom_id)
    name = clean_name(request.form.get("name", ""), 80)
    if not name:
        return redirect(url_for("trainer.classroom", classroom_id=classroom.id, _anchor="mentors-title"))
    try:
        mentor, code = services().store.invite_mentor(classroom.trainer_id, name)
    except NameTaken:
        raise Conflict(
            _("There is already a mentor called “%(name)s”. Choose another name.", name=name)
        ) from None
    return _invited_page(classroom, mentor, code)


@bp.post("/trainer/classes/<int:classroom_id>/mentors/<int:mentor_id>")
@auth.trainer_required
def update(classroom_id: int, mentor_id: int):
    """Share this class's projects with a mentor of the trainer's, make a new invite, or remove them."""
    classroom = own_classroom(classroom_id)
    store = services().store
    mentor = store.get_mentor(mentor_id)
    if mentor is None or mentor.trainer_id != classroom.trainer_id:
        abort(404)
    action = request.form.get("action")
    if action == "remove":
        store.remove_mentor(mentor.id)
    elif action == "invite":
        return _invited_page(classroom, *store.invite_mentor(classroom.trainer_id, mentor.name))
    else:
        among = [project.id for project in store.projects_of(classroom.id)]
        chosen = [int(value) for value in request.form.getlist("projects") if value.isdigit()]
        store.share_projects(mentor.id, among, chosen)
    return redirect(url_for("trainer.classroom", classroom_id=classroom.id, _anchor=f"mentor-{mentor.id}"))


# ---- the mentor's side


@bp.route("/mentor/invite/<code>", methods=["GET", "POST"])
def invite(code: str):
    """An invited mentor chooses their password (the link works once)."""
    store = services().store
    mentor = store.mentor_by_invite(code)
    if mentor is None:
        return render_template("mentor/invite.html", mentor=None, error=None), 404
    error = None
    if request.method == "POST":
        password = request.form.get("password", "")
        if len(password) < MIN_PASSWORD:
            error = _("Choose a password of at least %(count)d characters.", count=MIN_PASSWORD)
        elif password != request.form.get("again", ""):
            error = _("The two passwords are not the same. Type them again.")
        else:
            accepted = store.accept_invite(code, password)
            if accepted is not None:
                auth.sign_in_mentor(accepted)
                return redirect(url_for("mentor.home"))
            return render_template("mentor/invite.html", mentor=None, error=None), 404
    return render_template("mentor/invite.html", mentor=mentor, error=error), 400 if error else 200


@bp.route("/mentor/login", methods=["GET", "POST"])
def login():
    """A mentor signs in with their name and the password they chose."""
    error = None
    if request.method == "POST":
        key = request.remote_addr or "?"
        auth.login_limiter().check(key)
        mentor = services().store.check_mentor(request.form.get("name", ""), request.form.get("password", ""))
        if mentor is not None:
            auth.sign_in_mentor(mentor)
            target = request.args.get("next")
            return redirect(_safe_next(target) if target else url_for("mentor.home"))
        auth.login_limiter().failed(key)
        error = _("That name and password do not match. Try again.")
    return render_template("mentor/login.html", error=error), 401 if error else 200


@bp.post("/mentor/logout")
def logout():
    auth.sign_out()
    return redirect(url_for("mentor.login"))


@bp.get("/mentor/")
@auth.mentor_required
def home():
    """The projects shared with this mentor, with how many threads are open in each."""
    store = services().store
    mentor = auth.current_mentor()
    rows = []
    for project_id in store.shared_with(mentor.id):
        project = store.get_project(project_id)
        classroom = store.get_classroom(project.classroom_id) if project else None
        if project is None or classroom is None:
            continue
        threads = store.comments_of(project.id)
        rows.append(
            {
                "project": project,
                "classroom": classroom,
                "open": sum(1 for thread in threads if thread.resolved_at is None),
            }
        )
    return render_template("mentor/home.html", mentor=mentor, rows=rows)
