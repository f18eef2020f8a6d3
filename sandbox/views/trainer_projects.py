"""The trainer's side of group projects: make a project for the class, choose its members, a
timed sprint for the whole class, and the review that shows each group's app in turn.

Only the trainer who owns the class (404 for anyone else's; learners are sent to sign in, or get
403 from the API), like every trainer route of a class.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import auth, projects
from ..errors import SandboxError
from ..live import events as live
from ..names import clean_name
from . import services
from .projects import PROBLEM_NAMES, TEMPLATE_NAMES, make_project
from .trainer import own_classroom

bp = Blueprint("trainer_projects", __name__)


def class_projects(classroom) -> dict:
    """What the class page shows of group projects: the projects, the form, the sprint."""
    store = services().store
    return {
        "projects": store.projects_of(classroom.id),
        "problem_names": PROBLEM_NAMES,
        "template_names": TEMPLATE_NAMES,
        "sprint": live.sprint_event(store.current_sprint(classroom.id)),
        "sprint_minutes": projects.SPRINT_MINUTES,
    }


def _learners_of_class(classroom, raw: list[str]) -> list[int]:
    """The ids among `raw` that are learners of the class (others are ignored)."""
    known = {learner.id for learner in services().store.learners_of(classroom.id)}
    return [int(value) for value in raw if value.isdigit() and int(value) in known]


def _project_of(classroom, project_id: int):
    project = services().store.get_project(project_id)
    if project is None or project.classroom_id != classroom.id:
        abort(404)
    return project


@bp.post("/trainer/classes/<int:classroom_id>/projects")
@auth.trainer_required
def create(classroom_id: int):
    """Make a group project for the class from a template, with the learners chosen as members."""
    classroom = own_classroom(classroom_id)
    members = _learners_of_class(classroom, request.form.getlist("members"))
    project = make_project(classroom, request.form, members)
    return redirect(url_for("trainer.classroom", classroom_id=classroom.id, _anchor=f"project-{project.id}"))


@bp.post("/trainer/classes/<int:classroom_id>/projects/<int:project_id>")
@auth.trainer_required
def update(classroom_id: int, project_id: int):
    """Rename a project, change its members, or delete it."""
    classroom = own_classroom(classroom_id)
    project = _project_of(classroom, project_id)
    store = services().store
    if request.form.get("action") == "delete":
        store.delete_project(project.id)
        return redirect(url_for("trainer.classroom", classroom_id=classroom.id, _anchor="projects-title"))
    if name := clean_name(request.form.get("name", ""), 80):
        store.rename_project(project.id, name)
    if request.form.get("members_sent") == "1":
        store.set_members(project.id, _learners_of_class(classroom, request.form.getlist("members")))
    return redirect(url_for("trainer.classroom", classroom_id=classroom.id, _anchor=f"project-{project.id}"))


@bp.get("/trainer/classes/<int:classroom_id>/review")
@auth.trainer_required
def review(classroom_id: int):
    """The review for the projector: each group's app in turn, live, with its assignment beside it."""
    classroom = own_classroom(classroom_id)
    found = services().store.projects_of(classroom.id)
    page_data = {
        "socketUrl": f"/live/classes/{classroom.id}",
        "frameUrl": None,  # each project's own (its pictures' capability address): GET /api/projects/<id>
        "projects": [
            {"id": p.id, "name": p.name, "url": url_for("projects.api_project", project_id=p.id)}
            for p in found
        ],
    }
    return render_template("projects/review.html", classroom=classroom, projects=found, page_data=page_data)


@bp.post("/api/trainer/classes/<int:classroom_id>/sprint")
@auth.trainer_required
def start_sprint(classroom_id: int):
    """Start a timed sprint for the whole class: every learner's page counts down."""
    classroom = own_classroom(classroom_id)
    body = request.get_json(silent=True)
    minutes = body.get("minutes") if isinstance(body, dict) else None
    low, high = projects.SPRINT_MINUTES
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not low <= minutes <= high:
        raise SandboxError(_("A sprint lasts from %(low)d to %(high)d minutes.", low=low, high=high))
    sprint = services().store.start_sprint(classroom.id, minutes)
    live.publish_sprint(classroom.id, sprint)
    return live.sprint_event(sprint), 201


@bp.delete("/api/trainer/classes/<int:classroom_id>/sprint")
@auth.trainer_required
def end_sprint(classroom_id: int):
    """End the class's sprint (time for the review)."""
    classroom = own_classroom(classroom_id)
    ended = services().store.end_sprint(classroom.id)
    live.publish_sprint(classroom.id, None)
    return {**live.sprint_event(None), "ended": ended is not None}
