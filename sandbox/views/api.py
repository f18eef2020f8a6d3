"""The JSON API the learner page talks to."""

from __future__ import annotations

from collections.abc import Collection

from flask import Blueprint, current_app, request
from flask_babel import get_locale
from flask_babel import gettext as _

from .. import auth
from ..errors import Forbidden, NotFound, SandboxError, TooLarge
from ..live import events as live
from ..store import StaleRevision
from ..store.models import is_row_id
from . import get_exercise, get_step, services

bp = Blueprint("api", __name__, url_prefix="/api")

# Why a copy went to the work history: the learner swapped their code for a step's own starter
# (or back again), so the other one is there to return to.
STEP_STARTER = "step-starter"


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise SandboxError(_("We could not read that request: it must be a JSON object."))
    return body


def parse_files(
    names: Collection[str], raw: object, limit: int, not_ours: str = "exercise"
) -> dict[str, str]:
    """Check files sent to be saved: only the given file names, text, each under the size limit.

    `not_ours` says whose files they are ("exercise" or "project") in the message for a name that
    is not among them.
    """
    if not isinstance(raw, dict) or not raw:
        raise SandboxError(_("“files” must be an object of file names and their text."))
    files: dict[str, str] = {}
    for name, text in raw.items():
        if name not in names:
            if not_ours == "project":
                raise SandboxError(_("“%(name)s” is not a file of this project.", name=name))
            raise SandboxError(_("“%(name)s” is not a file of this exercise.", name=name))
        if not isinstance(text, str):
            raise SandboxError(_("The text of “%(name)s” must be a string.", name=name))
        if len(text.encode("utf-8")) > limit:
            raise TooLarge(
                _(
                    "“%(name)s” is over %(kb)d KB, too big to save. "
                    "Make it shorter; your code is kept in your browser.",
                    name=name,
                    kb=limit // 1024,
                )
            )
        files[name] = text
    return files


@bp.get("/exercises")
def list_exercises():
    """List the exercises that loaded, with their steps."""
    language = str(get_locale())
    return [
        {"id": e.id, "title": e.title.get(language), "steps": [s.id for s in e.steps]}
        for e in services().catalog.exercises.values()
    ]


@bp.get("/work/<exercise_id>")
def get_work(exercise_id: str):
    """Return this learner's latest files for the exercise (the starter if they have none)."""
    exercise = get_exercise(exercise_id)
    learner_id = auth.require_learner()
    work = services().store.get_work(learner_id, exercise.id)
    if work is None:
        starter = exercise.in_language(str(get_locale())).starter
        return {"files": dict(starter), "revision": 0, "step": exercise.steps[0].id}
    return {"files": work.files, "revision": work.revision, "step": work.step_id}


@bp.put("/work/<exercise_id>")
def save_work(exercise_id: str):
    """Save the learner's files as a new revision; the copy it replaces is kept if it differed."""
    exercise = get_exercise(exercise_id)
    learner_id = auth.require_learner()
    body = _json_body()
    files = parse_files(exercise.files, body.get("files"), current_app.config["MAX_FILE_BYTES"])
    revision = body.get("revision", 0)
    # A revision is a row counter: 0 (nothing saved yet) or one of ours, never past 64 bits (a first
    # save would otherwise be taken as revision 1 whatever it claimed to be based on).
    if not (is_row_id(revision) or (type(revision) is int and revision == 0)):
        raise SandboxError(_("“revision” must be a whole number."))
    step_id = body.get("step")
    if step_id is not None:
        get_step(exercise, str(step_id))
    # reset: back to the starter; chosen: one of two versions; restored: a version from the history;
    # step-starter: swapped for a step's own starting code, or back
    reasons = ("reset", "chosen", "restored", STEP_STARTER)
    reason = body.get("reason") if body.get("reason") in reasons else "conflict"
    try:
        saved = services().store.save_work(learner_id, exercise.id, files, revision, step_id, reason)
    except StaleRevision as stale:
        # Another tab or device saved meanwhile: nothing is overwritten; the page shows both.
        return {
            "error": _("This code was changed in another tab or on another device."),
            "status": 409,
            "conflict": True,
            "revision": stale.work.revision if stale.work else 0,
            "files": stale.work.files if stale.work else {},
        }, 409
    live.work_saved(learner_id, exercise.id, step_id, files, saved.revision)  # dashboard, watch view
    return {"revision": saved.revision, "conflict": saved.conflict}


def _submission_json(stored) -> dict:
    return {
        "id": stored.id,
        "exercise": stored.exercise_id,
        "step": stored.step_id,
        "status": stored.status,
        "created_at": stored.created_at.isoformat() + "Z",
        "result": stored.result,
    }


@bp.post("/submissions")
def create_submission():
    """Store the learner's files and queue them for checking (202); or, when this process graded
    exactly these files for this step and language lately, answer with that result now (200)."""
    body = _json_body()
    exercise = get_exercise(str(body.get("exercise", "")))
    learner_id = auth.require_learner()
    step = get_step(exercise, str(body.get("step", "")))
    store = services().store
    if step not in exercise.reachable_steps(store.passed_steps(learner_id, exercise.id)):
        raise Forbidden(_("Pass the steps before this one first."))
    files = {
        **exercise.starter_for(step.id, str(get_locale())),
        **parse_files(exercise.files, body.get("files"), current_app.config["MAX_FILE_BYTES"]),
    }
    if any(s.exercise_id == exercise.id for s in store.submissions(learner_id, status="queued")[:1]):
        raise SandboxError(_("We are still checking your last try. The result comes in a moment."), 429)
    language, grading = str(get_locale()), services().grading
    # The same files were graded lately (a class on one step sends the same solution): answered now.
    known = grading.known_verdict(exercise, step.id, language, files)
    stored = store.create_submission(learner_id, exercise.id, step.id, files, language, known)
    if known is None:
        grading.enqueue(stored.id)
    live.submission_created(learner_id, exercise.id, step.id, stored.id)  # the trainer's dashboard
    if known is not None:
        grading.tell(stored, stored.result)
        return {"id": stored.id, "status": stored.status, "result": stored.result}, 200
    return {"id": stored.id, "status": "queued"}, 202


@bp.get("/submissions/<int:submission_id>")
def get_submission(submission_id: int):
    """Return one of this learner's submissions with its result (the polling fallback)."""
    learner_id = auth.require_learner()
    stored = services().store.get_submission(submission_id)
    if stored is None or stored.learner_id != learner_id:
        raise NotFound(_("There is no such check."))
    return _submission_json(stored)


@bp.get("/exercises/<exercise_id>/submissions")
def list_submissions(exercise_id: str):
    """Return this learner's earlier attempts at an exercise, newest first."""
    exercise = get_exercise(exercise_id)
    learner_id = auth.require_learner()
    attempts = services().store.submissions(learner_id, exercise.id)[:50]
    return {"submissions": [_submission_json(s) for s in attempts]}
