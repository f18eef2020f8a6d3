"""How an app was built (docs/history.md): every saved version of a learner's work on an exercise, or
of a group project's files, for the timeline that replays it.

The learner reads their own timeline; the trainer of their class reads it (403 for learners on the
trainer's route, 404 for anyone else's class or learner). Bringing a version back is a save like any
other (PUT /api/work/<id> with reason "restored"), so it is a version too and can be undone.

A project's timeline is read by its members, its class's trainer and the mentors it is shared with;
the members and the trainer bring a version back (a mentor gets 403), through the co-edited
document as the smallest edit, so every open editor gets it; anyone else gets 404.
"""

from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext as _

from .. import auth
from ..errors import NotFound
from ..live import events as live
from ..live.coediting import encode
from ..store.models import utcnow
from . import get_exercise, services
from .projects import project_for_viewer
from .trainer import own_classroom
from .trainer_api import _learner_of

bp = Blueprint("history", __name__)


def _timeline(learner_id: int, exercise_id: str) -> dict:
    """Every version, oldest first: the files whole at keyframes, else what changed since the one before."""
    return _versions_json(services().store.versions(learner_id, exercise_id))


def _versions_json(versions) -> dict:
    return {
        "versions": [
            {
                "number": v.number,
                "saved_at": v.saved_at.isoformat() + "Z",
                "step": v.step_id,
                **({"files": v.files} if v.files is not None else {"delta": v.delta}),
            }
            for v in versions
        ]
    }


@bp.get("/api/work/<exercise_id>/versions")
def own_versions(exercise_id: str):
    """The learner's own timeline for an exercise."""
    exercise = get_exercise(exercise_id)
    return _timeline(auth.require_learner(), exercise.id)


@bp.get("/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/versions/<exercise_id>")
@auth.trainer_required
def learner_versions(classroom_id: int, learner_id: int, exercise_id: str):
    """A learner's timeline for an exercise, read-only, for the trainer of their class."""
    learner = _learner_of(own_classroom(classroom_id), learner_id)
    return _timeline(learner.id, get_exercise(exercise_id).id)


@bp.get("/api/projects/<int:project_id>/versions")
def project_versions(project_id: int):
    """A project's timeline, and its files now (`live`): the dialog's newest point when they are
    not a version yet (versions are taken a few seconds apart while the group types)."""
    project, _viewer = project_for_viewer(project_id)
    timeline = _versions_json(services().store.project_versions(project.id))
    timeline["live"] = {
        "files": project.files,
        "revision": project.revision,
        "at": utcnow().isoformat() + "Z",
    }
    return timeline


@bp.post("/api/projects/<int:project_id>/versions/<int:number>/restore")
def restore_project_version(project_id: int, number: int):
    """Bring a version of the project's files back, for every member's open editor at once. The
    files it replaces and the restore itself are both versions, so bringing the one before back
    undoes it."""
    project, _viewer = project_for_viewer(project_id, change=True)
    files = services().store.project_files_at(project.id, number)
    if files is None:
        raise NotFound(_("There is no such version of this project."))
    files = {name: files.get(name, "") for name in project.files}
    try:
        update, applied = services().coedit.replace(project, files, restoring=True)
    except LookupError:
        raise NotFound(_("There is no such project, or you are not in its group.")) from None
    live.project_update(project.id, encode(update))
    live.project_saved(project, applied.revision)  # the trainer's review
    return {"revision": applied.revision, "files": applied.files}
