"""A review of a learner's own exercise work: the trainer of their class comments on lines of one of
their files from the watch view; the learner sees it beside those lines, answers and resolves; both
see each change live (docs/mentors.md, "Comments on a learner's exercise work").

Who may do what (tests/web/test_permissions.py): the trainer who owns the learner's class starts,
reads, answers and resolves threads on that learner's work (403 for a learner or a mentor, 404 for
another trainer, or a learner not of the class); the learner reads, answers and resolves the
threads on their own work, found from their session (a thread of someone else's is a 404).
"""

from __future__ import annotations

from flask import Blueprint, url_for
from flask_babel import gettext as _

from .. import auth
from ..coedit.anchors import find_lines, lines_now
from ..errors import NotFound, SandboxError
from ..live import events as live
from ..live.viewmodels import watch_snapshot
from ..store import WorkComment
from ..store.models import is_row_id
from . import get_exercise, services
from .comments import MAX_COMMENTS, MAX_REPLIES, commented_lines, json_object, post_text, thread_fields
from .trainer import own_classroom
from .trainer_api import _learner_of

bp = Blueprint("work_comments", __name__)

TRAINER_URL = "/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/comments/<exercise_id>"
LEARNER_URL = "/api/work/<exercise_id>/comments"


def _files(learner_id: int, exercise) -> dict[str, str]:
    """The learner's files as the trainer's watch view shows them: as saved, else the starter."""
    return watch_snapshot(learner_id, exercise.id)["files"]


def threads_json(learner_id: int, exercise, found: list[WorkComment] | None = None) -> list[dict]:
    """The threads on a learner's work, each on the lines holding its text now, nearest where the
    last save left it (the page's editor keeps them exact as it types)."""
    if found is None:
        found = services().store.work_comments(learner_id, exercise.id)
    files = _files(learner_id, exercise) if found else {}
    return [
        {
            **thread_fields(
                c, lines_now(files[c.file], c.quote, c.line, c.end_line) if c.file in files else None
            ),
            "exercise": c.exercise_id,
        }
        for c in found
    ]


def review_data(learner, exercise) -> dict | None:
    """What the exercise page needs of the review: the threads on this learner's work. None for
    someone in no class (no trainer can comment on their work)."""
    if learner is None or learner.classroom_id is None or learner.removed:
        return None
    return {
        "url": url_for("work_comments.own", exercise_id=exercise.id),
        "threads": threads_json(learner.id, exercise),
        "mayStart": False,
    }


def _comment_id(comment_id: int) -> int:
    if not is_row_id(comment_id):
        raise NotFound(_("There is no such comment on this code."))
    return comment_id


def _publish(learner_id: int, exercise, comment: WorkComment | None) -> dict:
    if comment is None:
        raise NotFound(_("There is no such comment on this code."))
    thread = threads_json(learner_id, exercise, [comment])[0]
    live.work_comment_changed(learner_id, exercise.id, thread)
    return thread


def _answer(learner_id: int, exercise, comment_id: int, role: str, name: str):
    text = post_text(json_object())
    store = services().store
    found = store.get_work_comment(learner_id, exercise.id, _comment_id(comment_id))
    if found is not None and len(found.replies) >= MAX_REPLIES:
        raise SandboxError(_("A thread has at most %(count)d answers.", count=MAX_REPLIES))
    thread = store.add_work_reply(learner_id, exercise.id, _comment_id(comment_id), role, name, text)
    return _publish(learner_id, exercise, thread), 201


def _resolve(learner_id: int, exercise, comment_id: int, name: str):
    resolved = json_object().get("resolved")
    if not isinstance(resolved, bool):
        raise SandboxError(_("“resolved” must be true or false."))
    store = services().store
    thread = store.resolve_work_comment(learner_id, exercise.id, _comment_id(comment_id), resolved, name)
    return _publish(learner_id, exercise, thread)


# ---- the trainer of the learner's class


def _watched(classroom_id: int, learner_id: int, exercise_id: str):
    learner = _learner_of(own_classroom(classroom_id), learner_id)
    return learner, get_exercise(exercise_id)


@bp.get(TRAINER_URL)
@auth.trainer_required
def threads(classroom_id: int, learner_id: int, exercise_id: str):
    """The threads on a learner's work on an exercise, for the trainer of their class."""
    learner, exercise = _watched(classroom_id, learner_id, exercise_id)
    return {"threads": threads_json(learner.id, exercise)}


@bp.post(TRAINER_URL)
@auth.trainer_required
def start(classroom_id: int, learner_id: int, exercise_id: str):
    """The trainer comments on lines of one of the learner's files: {file, line, endLine, seen, text};
    `seen` is the text of those lines in the watch view (a newer save may have moved them)."""
    learner, exercise = _watched(classroom_id, learner_id, exercise_id)
    body = json_object()
    name, first, last, seen = commented_lines(body, exercise.files, _("Choose a file of this exercise."))
    text = post_text(body)
    store = services().store
    if len(store.work_comments(learner.id, exercise.id)) >= MAX_COMMENTS:
        raise SandboxError(_("A learner's exercise has at most %(count)d comments.", count=MAX_COMMENTS))
    code = _files(learner.id, exercise).get(name, "")
    found = find_lines(code, first, last, seen)
    if found is None or not code:
        raise SandboxError(_("“%(file)s” has no line %(line)d.", file=name, line=last))
    quote = "\n".join(code.split("\n")[found[0] - 1 : found[1]])
    trainer = auth.current_trainer()
    comment = store.add_work_comment(
        learner.id, exercise.id, name, found, quote, "trainer", trainer.name, text
    )
    return _publish(learner.id, exercise, comment), 201


@bp.post(f"{TRAINER_URL}/<int:work_comment_id>/replies")
@auth.trainer_required
def trainer_answer(classroom_id: int, learner_id: int, exercise_id: str, work_comment_id: int):
    """The trainer answers in a thread on the learner's work: {text}."""
    learner, exercise = _watched(classroom_id, learner_id, exercise_id)
    return _answer(learner.id, exercise, work_comment_id, "trainer", auth.current_trainer().name)


@bp.patch(f"{TRAINER_URL}/<int:work_comment_id>")
@auth.trainer_required
def trainer_resolve(classroom_id: int, learner_id: int, exercise_id: str, work_comment_id: int):
    """The trainer marks a thread resolved, or open again: {resolved: true/false}."""
    learner, exercise = _watched(classroom_id, learner_id, exercise_id)
    return _resolve(learner.id, exercise, work_comment_id, auth.current_trainer().name)


# ---- the learner, on their own work


def _me():
    learner = services().store.get_learner(auth.require_learner())
    if learner is None:
        raise NotFound(_("There is no such comment on this code."))
    return learner


@bp.get(LEARNER_URL)
def own(exercise_id: str):
    """The threads on the learner's own work on an exercise."""
    exercise = get_exercise(exercise_id)
    return {"threads": threads_json(_me().id, exercise)}


@bp.post(f"{LEARNER_URL}/<int:work_comment_id>/replies")
def own_answer(exercise_id: str, work_comment_id: int):
    """The learner answers in a thread on their work: {text}."""
    exercise = get_exercise(exercise_id)
    learner = _me()
    return _answer(learner.id, exercise, work_comment_id, "learner", learner.name or "")


@bp.patch(f"{LEARNER_URL}/<int:work_comment_id>")
def own_resolve(exercise_id: str, work_comment_id: int):
    """The learner marks a thread on their work resolved, or open again: {resolved: true/false}."""
    exercise = get_exercise(exercise_id)
    learner = _me()
    return _resolve(learner.id, exercise, work_comment_id, learner.name or "")
