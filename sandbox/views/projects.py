"""Group projects: the project page (editor, preview, technical assignment, board), its printable
assignment, joining with a group code, and the JSON API a project page talks to.

Who may do what (tests/web/test_permissions.py): a member of the project (a learner of its class
in its group) and the trainer who owns its class; a mentor it is shared with may read it (and
comment: views/review.py), not change it (403); everyone else gets 404, as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import auth, projects
from ..errors import Forbidden, NotFound, SandboxError, TooLarge
from ..live import MAX_TYPING_BYTES
from ..live import events as live
from ..live.coediting import encode
from ..names import clean_name
from ..store import Project, StaleCopy
from ..store.models import is_row_id
from . import services
from .api import parse_files
from .picture_urls import frame_url, listing
from .static import static_url

bp = Blueprint("projects", __name__)

PROBLEM_NAMES = {
    "corruption": _l("Corruption"),
    "unemployment": _l("Unemployment"),
    "poverty": _l("Poverty"),
    "environment": _l("Environment"),
    "healthcare": _l("Healthcare"),
    "own": _l("Another problem (in our own words)"),
}
TEMPLATE_NAMES = {
    "blank": _l("Blank: an empty page"),
    "reports": _l("A form that keeps a list of reports"),
    "tabs": _l("An information app with tabs"),
    "directory": _l("A directory with a search filter"),
}
STATUS_NAMES = {"todo": _l("To do"), "doing": _l("Doing"), "done": _l("Done")}
ASSIGNMENT_LABELS = {
    "problem": _l("The problem"),
    "audience": _l("Who the app is for"),
    "screens": _l("Its screens"),
    "data": _l("The data it keeps"),
}


@dataclass(frozen=True)
class Viewer:
    """Who opened a project: one of its members, the trainer of its class, or a mentor it is shared with."""

    learner_id: int | None
    trainer_id: int | None
    mentor_id: int | None = None
    name: str = ""

    @property
    def key(self) -> str:
        if self.learner_id is not None:
            return f"l{self.learner_id}"
        return f"t{self.trainer_id}" if self.trainer_id is not None else f"m{self.mentor_id}"

    @property
    def role(self) -> str:
        if self.learner_id is not None:
            return "learner"
        return "trainer" if self.trainer_id is not None else "mentor"


def project_for_viewer(project_id: int, change: bool = False) -> tuple[Project, Viewer]:
    """The project, if this session is one of its members, its class's trainer or a mentor it is
    shared with; else 404. `change`: the request changes the project, which a mentor may not (403)."""
    store = services().store
    project = store.get_project(project_id)
    if project is not None:
        trainer = auth.current_trainer()
        if trainer is not None:
            classroom = store.get_classroom(project.classroom_id)
            if classroom is not None and classroom.trainer_id == trainer.id:
                return project, Viewer(None, trainer.id, name=trainer.name)
        elif (mentor := auth.current_mentor()) is not None:
            if store.is_shared(mentor.id, project.id):
                if change:
                    raise Forbidden(
                        _("A mentor reads the project and comments on it; only the group changes it.")
                    )
                return project, Viewer(None, None, mentor.id, mentor.name)
        elif (learner_id := auth.current_learner()) is not None and learner_id in project.members:
            learner = store.get_learner(learner_id)
            if learner and not learner.removed and learner.classroom_id == project.classroom_id:
                return project, Viewer(learner_id, None, name=learner.name or "")
    raise NotFound(_("There is no such project, or you are not in its group."))


def _class_learner():
    """The learner of this session and their class, for joining or starting a project."""
    learner_id = auth.require_learner()
    store = services().store
    learner = store.get_learner(learner_id)
    classroom = store.get_classroom(learner.classroom_id) if learner and learner.classroom_id else None
    if learner is None or learner.removed or classroom is None:
        raise Forbidden(_("Join a class first: group projects belong to a class."))
    return learner, classroom


def finished_exercises(learner_id: int) -> list:
    """The exercises this learner finished (every step passed) and has saved work for."""
    store = services().store
    passed = store.passed_steps_by_exercise(learner_id)
    work = store.all_work(learner_id)
    found = []
    for exercise in services().catalog.exercises.values():
        if exercise.id in work and {s.id for s in exercise.steps} <= passed.get(exercise.id, set()):
            found.append(exercise)
    return found


def make_project(classroom, form, members: list[int], learner_id: int | None = None) -> Project:
    """Create a project from a form (name, problem, own words, template) for a class."""
    name = clean_name(form.get("name", ""), 80)
    if not name:
        raise SandboxError(_("Give the project a name."))
    problem = form.get("problem", "")
    if problem not in projects.PROBLEMS:
        raise SandboxError(_("Choose the problem the project addresses."))
    problem_text = clean_name(form.get("problem_text", ""), 200)
    if problem == "own" and not problem_text:
        raise SandboxError(_("Say in a few words which problem the project addresses."))
    template = form.get("template", "blank")
    if template in projects.TEMPLATES:
        files = projects.template_files(template, name, str(get_locale()))
    elif learner_id is not None and template.startswith("exercise:"):
        exercise_id = template.removeprefix("exercise:")
        if exercise_id not in {e.id for e in finished_exercises(learner_id)}:
            raise SandboxError(_("Start from an exercise you have finished."))
        files = dict(services().store.get_work(learner_id, exercise_id).files)
    else:
        raise SandboxError(_("Choose what the project starts from."))
    assignment = projects.empty_assignment()
    if problem == "own":
        assignment["problem"] = problem_text
    return services().store.create_project(
        classroom.id, name, problem, problem_text, template, files, assignment, members
    )


# ---- pages


@bp.post("/projects")
def create():
    """A learner starts a project of their class, if the trainer lets learners do so."""
    learner, classroom = _class_learner()
    if not classroom.learner_projects:
        raise Forbidden(_("In this class the trainer starts the projects. Join one with its group code."))
    project = make_project(classroom, request.form, [learner.id], learner.id)
    return redirect(url_for("projects.page", project_id=project.id))


@bp.post("/projects/join")
def join():
    """A learner joins a project of their class with its group code."""
    learner, classroom = _class_learner()
    project = services().store.project_by_code(request.form.get("code", ""))
    if project is None or project.classroom_id != classroom.id:
        raise NotFound(_("There is no group with this code in your class. Check the code and try again."))
    services().store.add_member(project.id, learner.id)
    return redirect(url_for("projects.page", project_id=project.id))


@bp.get("/projects/<int:project_id>")
def page(project_id: int):
    """The project page: the technical assignment and board, the editor, the phone preview."""
    from .comments import review_data  # these build on project_for_viewer, defined here

    project, viewer = project_for_viewer(project_id)
    store = services().store
    classroom = store.get_classroom(project.classroom_id)
    names = {learner.id: learner.name or "" for learner in store.learners_of(classroom.id)}
    sprint = live.sprint_event(store.current_sprint(classroom.id))
    key, state = services().coedit.opened(project)
    project = store.get_project(project.id)  # its files, as derived from the document just read
    pictures = listing(project.id)
    page_data = {
        "project": project.id,
        "viewer": viewer.key,
        "learner": viewer.learner_id,
        "editorUrl": static_url("vendor/editor.js"),
        "checkerUrl": static_url("vendor/checker.js"),
        "reviewUrl": static_url("vendor/review.js"),  # the comments' marks beside the code
        "files": list(project.files),
        "work": {"files": project.files, "revision": project.revision},
        "assignment": project.assignment,
        "assignmentRevision": project.assignment_revision,
        "stories": [_story_json(s) for s in store.stories(project.id)],
        "device": {"width": 360, "height": 640},
        # The frame's address carries the project's capability key (views/project_assets.py).
        "frameUrl": pictures["frame_url"],
        "assets": pictures,
        "assetsUrl": url_for("project_assets.list_assets", project_id=project.id),
        "apiUrl": url_for("projects.api_project", project_id=project.id),
        "saveUrl": url_for("projects.save_files", project_id=project.id),
        "maxFileBytes": current_app.config["MAX_FILE_BYTES"],
        "maxTypingBytes": MAX_TYPING_BYTES,
        "liveUrl": "/live" if viewer.learner_id is not None else None,
        "readOnly": viewer.role == "mentor",
        # Live co-editing (docs/projects.md): the document as stored, and the project's socket.
        "coedit": {
            "moduleUrl": static_url("vendor/coedit.js"),
            "socket": f"/live/projects/{project.id}",
            "key": key,
            "state": encode(state),
        },
        "sprint": sprint,
        "maxStories": projects.MAX_STORIES,
        "publishUrl": url_for("project_share.publish", project_id=project.id),  # Show and share
        "versionsUrl": url_for("history.project_versions", project_id=project.id),  # docs/history.md
        "review": review_data(project, viewer),  # a mentor's review (docs/mentors.md)
    }
    return render_template(
        "projects/project.html",
        project=project,
        classroom=classroom,
        viewer=viewer,
        members=[names.get(m, "") for m in project.members],
        problem=_problem_label(project),
        fields=ASSIGNMENT_LABELS,
        statuses=STATUS_NAMES,
        page_data=page_data,
        # For "Keep working after the day" in the Show and share dialog (templates/projects/_share.html).
        resume_code=store.get_learner(viewer.learner_id).resume_code if viewer.learner_id else None,
    )


@bp.get("/projects/<int:project_id>/assignment")
def print_view(project_id: int):
    """The technical assignment on one page, to print or to project."""
    project, _viewer = project_for_viewer(project_id)
    store = services().store
    names = {learner.id: learner.name or "" for learner in store.learners_of(project.classroom_id)}
    return render_template(
        "projects/assignment.html",
        project=project,
        members=[names.get(m, "") for m in project.members],
        problem=_problem_label(project),
        fields=ASSIGNMENT_LABELS,
        stories=store.stories(project.id),
        statuses=STATUS_NAMES,
    )


def _problem_label(project: Project) -> str:
    if project.problem == "own":
        return project.problem_text
    return str(PROBLEM_NAMES.get(project.problem, project.problem))


# ---- the JSON API of a project page


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise SandboxError(_("We could not read that request: it must be a JSON object."))
    return body


def _revision(body: dict) -> int:
    revision = body.get("revision", 0)
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 0:
        raise SandboxError(_("“revision” must be a whole number."))
    return revision


def _story_json(story) -> dict:
    return {
        "id": story.id,
        "role": story.role,
        "action": story.action,
        "status": story.status,
        "position": story.position,
    }


def _text(raw: object, limit: int, what: str) -> str:
    if not isinstance(raw, str):
        raise SandboxError(_("“%(field)s” must be text.", field=what))
    text = raw.replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise TooLarge(
            _("“%(field)s” is too long: use at most %(count)d characters.", field=what, count=limit)
        )
    return text


@bp.get("/api/projects/<int:project_id>")
def api_project(project_id: int):
    """The project as its page (and the trainer's review) reads it: files, assignment, stories."""
    project, _viewer = project_for_viewer(project_id)
    store = services().store
    return {
        "frame_url": frame_url(project.id),  # where its app runs, with its pictures
        "id": project.id,
        "name": project.name,
        "problem": _problem_label(project),
        "code": project.code,
        "files": project.files,
        "revision": project.revision,
        "assignment": project.assignment,
        "assignment_revision": project.assignment_revision,
        "stories": [_story_json(s) for s in store.stories(project.id)],
        "members": len(project.members),
    }


@bp.put("/api/projects/<int:project_id>/files")
def save_files(project_id: int):
    """Save the project's files as a new revision, if based on the stored one (else 409 with it)."""
    project, _viewer = project_for_viewer(project_id, change=True)
    body = _json_body()
    limit = current_app.config["MAX_FILE_BYTES"]
    files = {**project.files, **parse_files(project.files, body.get("files"), limit, "project")}
    try:
        # Through the co-edited document, so that the members' open editors get the change too.
        update, applied = services().coedit.replace(project, files, _revision(body))
    except LookupError:
        raise NotFound(_("There is no such project, or you are not in its group.")) from None
    except StaleCopy as stale:
        return {
            "error": _("This code was changed by another member of the group."),
            "status": 409,
            "conflict": True,
            "revision": stale.revision,
            "files": stale.value,
        }, 409
    live.project_update(project.id, encode(update))
    live.project_saved(project, applied.revision)  # the trainer's review
    return {"revision": applied.revision, "conflict": False}


@bp.put("/api/projects/<int:project_id>/assignment")
def save_assignment(project_id: int):
    """Save the assignment's texts, if based on the stored revision (else 409 with the stored copy)."""
    project, _viewer = project_for_viewer(project_id, change=True)
    body = _json_body()
    raw = body.get("assignment")
    if not isinstance(raw, dict):
        raise SandboxError(_("“assignment” must be an object of its fields and their text."))
    assignment = dict(project.assignment)
    for field, text in raw.items():
        if field not in projects.ASSIGNMENT_FIELDS:
            raise SandboxError(_("The assignment has no field “%(field)s”.", field=str(field)[:40]))
        assignment[field] = _text(text, projects.MAX_ASSIGNMENT_CHARS, str(ASSIGNMENT_LABELS[field]))
    try:
        revision = services().store.save_assignment(project.id, assignment, _revision(body))
    except StaleCopy as stale:
        return {
            "error": _("Another member of the group saved the assignment first. Their version is shown now."),
            "status": 409,
            "conflict": True,
            "revision": stale.revision,
            "assignment": stale.value,
        }, 409
    live.plan_changed(project.id, assignment=assignment, revision=revision)
    return {"revision": revision, "assignment": assignment}


def _story_fields(body: dict, partial: bool) -> dict:
    changes = {}
    for key, limit, label in (
        ("role", projects.MAX_ROLE_CHARS, _("As a")),
        ("action", projects.MAX_ACTION_CHARS, _("I can")),
    ):
        if key in body or not partial:
            changes[key] = _text(body.get(key), limit, label)
            if not changes[key]:
                raise SandboxError(_("Write both parts of the story: who, and what they can do."))
    if "status" in body:
        if body["status"] not in projects.STATUSES:
            raise SandboxError(_("A card is To do, Doing or Done."))
        changes["status"] = body["status"]
    return changes


@bp.post("/api/projects/<int:project_id>/stories")
def add_story(project_id: int):
    """Add a user story to the assignment; it is a card in To do."""
    project, _viewer = project_for_viewer(project_id, change=True)
    fields = _story_fields(_json_body(), partial=False)
    store = services().store
    if len(store.stories(project.id)) >= projects.MAX_STORIES:
        raise SandboxError(_("A project has at most %(count)d stories.", count=projects.MAX_STORIES))
    story = store.add_story(project.id, fields["role"], fields["action"])
    _stories_changed(project.id)
    return _story_json(story), 201


def _stories_changed(project_id: int) -> None:
    """Every open page of the project gets the stories as they are now (the checklist, the board)."""
    live.plan_changed(
        project_id, stories=[_story_json(story) for story in services().store.stories(project_id)]
    )


def _story_id(story_id: int) -> int:
    if not is_row_id(story_id):
        raise NotFound(_("This project has no such story."))
    return story_id


@bp.patch("/api/projects/<int:project_id>/stories/<int:story_id>")
def update_story(project_id: int, story_id: int):
    """Change a story's words, or move its card (status: todo, doing, done)."""
    project, _viewer = project_for_viewer(project_id, change=True)
    changes = _story_fields(_json_body(), partial=True)
    story = services().store.update_story(project.id, _story_id(story_id), **changes)
    if story is None:
        raise NotFound(_("This project has no such story."))
    _stories_changed(project.id)
    return _story_json(story)


@bp.delete("/api/projects/<int:project_id>/stories/<int:story_id>")
def delete_story(project_id: int, story_id: int):
    project, _viewer = project_for_viewer(project_id, change=True)
    if not services().store.delete_story(project.id, _story_id(story_id)):
        raise NotFound(_("This project has no such story."))
    _stories_changed(project.id)
    return {"deleted": story_id}
