"""The projector view: a trainer shows several learners' apps side by side, live as they type.

Only the class's own trainer may open it (404 for anyone else's class); only learners of that
class can be shown. The apps run in sandboxed frames (static/js/projector.js via preview.js);
their code arrives over the trainer's socket (sandbox/live/handlers.py, the "project" message).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from .. import auth
from ..live import MAX_PROJECTED
from . import services
from .trainer import own_classroom

bp = Blueprint("projector", __name__, url_prefix="/trainer")


@bp.get("/classes/<int:classroom_id>/projector")
@auth.trainer_required
def projector(classroom_id: int):
    """Pick learners of the class, and show their apps in a grid of phones."""
    classroom = own_classroom(classroom_id)
    learners = services().store.learners_of(classroom.id)
    by_id = {learner.id: learner for learner in learners}
    chosen: list[int] = []
    for raw in request.args.getlist("learner"):
        if raw.isdigit() and int(raw) in by_id and int(raw) not in chosen:
            chosen.append(int(raw))
    chosen = chosen[:MAX_PROJECTED]
    page_data = {
        "classroom": classroom.id,
        "socketUrl": f"/live/classes/{classroom.id}",
        "apiBase": f"/api/trainer/classes/{classroom.id}",
        "learners": [{"id": i, "name": by_id[i].name or ""} for i in chosen],
    }
    return render_template(
        "trainer/projector.html",
        classroom=classroom,
        learners=learners,
        chosen=set(chosen),
        most=MAX_PROJECTED,
        page_data=page_data,
    )
