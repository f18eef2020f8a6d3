"""How an app was built (docs/history.md): every saved version of a learner's work on an exercise, for
the timeline that replays it.

The learner reads their own timeline; the trainer of their class reads it (403 for learners on the
trainer's route, 404 for anyone else's class or learner). Bringing a version back is a save like any
other (PUT /api/work/<id> with reason "restored"), so it is a version too and can be undone.
"""

from __future__ import annotations

from flask import Blueprint

from .. import auth
from . import get_exercise, services
from .trainer import own_classroom
from .trainer_api import _learner_of

bp = Blueprint("history", __name__)


def _timeline(learner_id: int, exercise_id: str) -> dict:
    """Every version, oldest first: the files whole at keyframes, else what changed since the one before."""
    versions = services().store.versions(learner_id, exercise_id)
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
