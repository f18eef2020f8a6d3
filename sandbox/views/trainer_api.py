"""Trainer actions on a class as JSON: push, broadcast, notes, the dashboard's data, a learner's work.

Every route needs a signed-in trainer (403 otherwise, learners included) who owns the class
(404 for anyone else's, so classes are never revealed); changes need the CSRF header.
"""

from __future__ import annotations

import unicodedata

from flask import Blueprint, request
from flask_babel import gettext as _

from .. import auth
from ..errors import NotFound, SandboxError
from ..live import events as live
from ..live import viewmodels
from . import get_exercise, get_step, services
from .trainer import own_classroom

bp = Blueprint("trainer_api", __name__, url_prefix="/api/trainer")

MAX_MESSAGE_CHARS = 500


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise SandboxError(_("We could not read that request: it must be a JSON object."))
    return body


def clean_message(raw: object) -> str:
    """Return a message as plain text: no control characters but line breaks, at most 500 characters."""
    if not isinstance(raw, str):
        raise SandboxError(_("Type a message first."))
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()
    if not text:
        raise SandboxError(_("Type a message first."))
    if len(text) > MAX_MESSAGE_CHARS:
        raise SandboxError(
            _("That message is too long: use at most %(count)d characters.", count=MAX_MESSAGE_CHARS)
        )
    return text


def _learner_of(classroom, learner_id: int):
    learner = services().store.get_learner(learner_id)
    if learner is None or learner.removed or learner.classroom_id != classroom.id:
        raise NotFound(_("There is no such learner in this class."))
    return learner


def _message_json(message) -> dict:
    return {**live.message_event(message), "learner": message.learner_id}


@bp.get("/classes/<int:classroom_id>/dashboard")
@auth.trainer_required
def dashboard_data(classroom_id: int):
    """Return the class's grid: learners by steps, who is online, who is stuck."""
    return viewmodels.class_grid(own_classroom(classroom_id))


@bp.post("/classes/<int:classroom_id>/push")
@auth.trainer_required
def push(classroom_id: int):
    """Ask every learner of the class to open an exercise (at a step); {"exercise": null} stops asking."""
    classroom = own_classroom(classroom_id)
    body = _json_body()
    store = services().store
    if body.get("exercise") in (None, ""):
        store.clear_push(classroom.id)
        pushed = None
    else:
        exercise = get_exercise(str(body["exercise"]))
        step = get_step(exercise, str(body["step"])) if body.get("step") not in (None, "") else None
        pushed = store.set_push(classroom.id, exercise.id, step.id if step else None)
    live.publish_push(classroom.id, pushed)
    return {"push": pushed}


@bp.post("/classes/<int:classroom_id>/broadcast")
@auth.trainer_required
def broadcast(classroom_id: int):
    """Send a short plain-text message to every learner of the class."""
    classroom = own_classroom(classroom_id)
    text = clean_message(_json_body().get("text"))
    message = services().store.add_message(classroom.id, text)
    live.publish_message(message)
    return _message_json(message), 201


@bp.get("/classes/<int:classroom_id>/messages")
@auth.trainer_required
def messages(classroom_id: int):
    """Return the class's recent broadcasts, newest first."""
    classroom = own_classroom(classroom_id)
    return {"messages": [_message_json(m) for m in services().store.messages_for(classroom.id)]}


@bp.post("/classes/<int:classroom_id>/learners/<int:learner_id>/note")
@auth.trainer_required
def note(classroom_id: int, learner_id: int):
    """Send one learner a note; it appears beside their editor."""
    classroom = own_classroom(classroom_id)
    learner = _learner_of(classroom, learner_id)
    text = clean_message(_json_body().get("text"))
    message = services().store.add_message(classroom.id, text, learner.id)
    live.publish_message(message)
    return _message_json(message), 201


@bp.get("/classes/<int:classroom_id>/learners/<int:learner_id>/notes")
@auth.trainer_required
def notes(classroom_id: int, learner_id: int):
    """Return the notes sent to one learner, newest first."""
    classroom = own_classroom(classroom_id)
    learner = _learner_of(classroom, learner_id)
    found = services().store.messages_for(classroom.id, learner.id)
    return {"notes": [_message_json(m) for m in found if m.learner_id == learner.id]}


@bp.get("/classes/<int:classroom_id>/learners/<int:learner_id>/work")
@auth.trainer_required
def work(classroom_id: int, learner_id: int):
    """Return a learner's files (the exercise they are on, or ?exercise=ID), read-only for the trainer."""
    classroom = own_classroom(classroom_id)
    learner = _learner_of(classroom, learner_id)
    exercise_id = request.args.get("exercise")
    if exercise_id:
        get_exercise(exercise_id)
    return viewmodels.watch_snapshot(learner.id, exercise_id)
