"""What the pages are told: pushes, a learner's state, files for the watch view and the phone, the grid."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import get_locale

from .. import dashboard
from ..store.models import utcnow
from . import topics
from .events import iso, live_state, message_event, services, sprint_event

# Broadcasts and notes older than this are not shown again when a learner opens a page.
RECENT_MESSAGES = timedelta(hours=8)


def describe_push(push: dict | None, language: str) -> dict | None:
    """A push as a learner's page shows it: titles in their language and where "Go" leads."""
    if not push:
        return None
    exercise = services().catalog.get(push.get("exercise", ""))
    if exercise is None:
        return None
    step = exercise.step(push["step"]) if push.get("step") else None
    url = (
        url_for("learner.step", exercise_id=exercise.id, step_id=step.id)
        if step
        else url_for("learner.exercise", exercise_id=exercise.id)
    )
    return {
        "exercise": exercise.id,
        "step": step.id if step else None,
        "at": push.get("at"),
        "exercise_title": exercise.title.get(language),
        "step_number": step.number if step else None,
        "step_title": step.title.get(language) if step else None,
        "url": url,
    }


def learner_state(learner_id: int) -> dict:
    """What a learner's page needs after (re)connecting: the class, its current push, recent messages."""
    store = services().store
    learner = store.get_learner(learner_id)
    classroom = store.get_classroom(learner.classroom_id) if learner and learner.classroom_id else None
    if classroom is None:
        return {"classroom": None, "push": None, "messages": [], "sprint": None}
    since = utcnow() - RECENT_MESSAGES
    messages = [m for m in store.messages_for(classroom.id, learner_id, limit=20) if m.created_at >= since]
    return {
        "classroom": {"id": classroom.id, "name": classroom.name},
        "push": describe_push(classroom.push, str(get_locale())),
        "messages": [message_event(m) for m in reversed(messages)],
        "sprint": sprint_event(store.current_sprint(classroom.id)),
    }


def _language_of(learner_id: int) -> str:
    """The language a learner's starter was given in: theirs, their class's, or this page's."""
    own, default = services().store.learner_languages(learner_id)
    return own or default or str(get_locale())


def watch_snapshot(learner_id: int, exercise_id: str | None = None) -> dict:
    """A learner's files as the trainer's watch view shows them (the exercise they are on, by default)."""
    store = services().store
    catalog = services().catalog
    where = live_state().presence.online().get(learner_id) or {}
    if exercise_id is None and catalog.get(where.get("exercise") or ""):
        exercise_id = where["exercise"]
    all_work = store.all_work(learner_id)
    if exercise_id is None and all_work:
        exercise_id = max(all_work.values(), key=lambda w: w.updated_at).exercise_id
    exercise = catalog.get(exercise_id) if exercise_id else None
    if exercise is None:
        return {"type": topics.FILES, "learner": learner_id, "exercise": None, "files": {}}
    work = all_work.get(exercise.id)
    event = {
        "type": topics.FILES,
        "learner": learner_id,
        "exercise": exercise.id,
        "step": work.step_id
        if work
        else (where.get("step") if where.get("exercise") == exercise.id else None),
        "files": dict(work.files) if work else dict(exercise.in_language(_language_of(learner_id)).starter),
        "revision": work.revision if work else 0,
        "started": work is not None,
        "at": iso(work.updated_at) if work else None,
    }
    return describe_files(event)


def describe_files(event: dict) -> dict:
    """Add what the watch view needs to show a files event: file order, titles, the frame, the phone."""
    exercise = services().catalog.get(event.get("exercise") or "")
    if exercise is None:
        return event
    language = str(get_locale())
    step = exercise.step(event.get("step") or "")
    files = {name: event["files"].get(name, exercise.starter.get(name, "")) for name in exercise.files}
    return {
        **event,
        "files": files,
        "order": list(exercise.files),
        "exercise_title": exercise.title.get(language),
        "step_number": step.number if step else None,
        "step_title": step.title.get(language) if step else None,
        "frame_url": url_for("preview.frame", exercise_id=exercise.id),
        "device": {"width": exercise.device.width, "height": exercise.device.height},
    }


def phone_files(event: dict, snapshot: bool = False) -> dict:
    """A files event as a phone gets it: what it needs to show the app, and no learner id or name."""
    described = describe_files(event)
    return {
        "type": topics.FILES,
        "snapshot": snapshot,
        "typing": bool(event.get("typing")),
        "exercise": described.get("exercise"),
        "exercise_title": described.get("exercise_title"),
        "files": described.get("files", {}),
        "revision": described.get("revision", 0),
        "frame_url": described.get("frame_url"),
        "device": described.get("device"),
    }


def phone_snapshot(link) -> dict:
    """The link's app as last saved (the starter when nothing is), for a phone that (re)connects."""
    return phone_files(watch_snapshot(link.learner_id, link.exercise_id), snapshot=True)


def class_grid(classroom, learner_ids: set[int] | None = None) -> dict:
    """The dashboard of a class (or only the rows of some learners), as JSON."""
    store = services().store
    classroom = store.get_classroom(classroom.id) or classroom
    exercises = dashboard.grid_exercises(services().catalog, store.assignments(classroom.id), classroom.push)
    learners = store.learners_of(classroom.id)
    if learner_ids is not None:
        learners = [learner for learner in learners if learner.id in learner_ids]
    now = utcnow()
    rows = dashboard.build_rows(
        store.activity(learners),
        exercises,
        now,
        classroom.stuck_minutes,
        live_state().presence.online(),
    )
    return dashboard.grid_json(classroom, exercises, rows, str(get_locale()), now)
