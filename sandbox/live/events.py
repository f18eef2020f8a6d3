"""Events published by the views and the grading jobs: what happened, to whom it goes.

Events inside the server carry ids only (no code, no names), except the files on watch topics.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app

from ..services import services
from ..store.models import utcnow
from . import topics
from .hub import LiveState


def live_state(app: Flask | None = None) -> LiveState:
    """The presence and class cache of this app (part of its Services)."""
    return services(app).live


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() + "Z" if moment else None


def message_event(message) -> dict:
    """A broadcast or a note as sent to learners (plain text: pages show it as text)."""
    return {
        "type": topics.NOTE if message.learner_id is not None else topics.MESSAGE,
        "id": message.id,
        "text": message.text,
        "at": iso(message.created_at),
    }


def publish_push(classroom_id: int, push: dict | None) -> None:
    """Ask every learner of the class to open something (None: stop asking); tell its trainer."""
    hub = services().hub
    hub.publish(topics.classroom(classroom_id), {"type": topics.PUSH, "push": push})
    hub.publish(topics.trainer(classroom_id), {"type": topics.PUSHED, "push": push})


def publish_message(message) -> None:
    """Send a broadcast to the class, or a note to its one learner."""
    topic = (
        topics.learner(message.learner_id)
        if message.learner_id is not None
        else topics.classroom(message.classroom_id)
    )
    services().hub.publish(topic, message_event(message))


def learner_joined(classroom_id: int, learner_id: int) -> None:
    """Tell the trainer's pages that someone joined the class."""
    services().hub.publish(topics.trainer(classroom_id), {"type": topics.JOINED, "learner": learner_id})


def work_saved(learner_id: int, exercise_id: str, step_id: str | None, files: dict, revision: int) -> None:
    """Tell the trainer's dashboard about a save, and whoever watches this learner what they typed."""
    hub = services().hub
    event = {"learner": learner_id, "exercise": exercise_id, "step": step_id}
    if hub.listening(topics.watch(learner_id)):
        # The trainer's watch view (learners of a class) and the learner's phone (anyone).
        hub.publish(
            topics.watch(learner_id),
            {
                "type": topics.FILES,
                **event,
                "files": files,
                "revision": revision,
                "started": True,
                "at": iso(utcnow()),
            },
        )
    classroom_id = live_state().classroom_of(services().store, learner_id)
    if classroom_id is not None:
        hub.publish(topics.trainer(classroom_id), {"type": topics.SAVED, **event})


def files_typed(learner_id: int, message: dict) -> str | None:
    """Pass on what the learner's editor has now (before it is saved) to their phone.

    Returns an error code for the editor, or None. Nothing is stored: the save follows.
    """
    hub = services().hub
    if not hub.listening(topics.watch(learner_id)):
        return None  # no phone is open: nothing to do
    exercise = services().catalog.get(
        message.get("exercise") if isinstance(message.get("exercise"), str) else ""
    )
    raw = message.get("files")
    if exercise is None or not isinstance(raw, dict) or not raw:
        return topics.BAD_FILES
    limit = current_app.config["MAX_FILE_BYTES"]
    files = {}
    for name, text in raw.items():
        if name not in exercise.files or not isinstance(text, str):
            return topics.BAD_FILES
        if len(text.encode("utf-8")) > limit:
            return topics.TOO_BIG
        files[name] = text
    step = exercise.step(message.get("step")) if isinstance(message.get("step"), str) else None
    revision = message.get("revision")
    hub.publish(
        topics.watch(learner_id),
        {
            "type": topics.FILES,
            "learner": learner_id,
            "exercise": exercise.id,
            "step": step.id if step else None,
            "files": files,
            "revision": revision if isinstance(revision, int) and revision >= 0 else 0,
            "started": True,
            "typing": True,
            "at": iso(utcnow()),
        },
    )
    return None


def phone_link_revoked(link) -> None:
    """Tell the phones showing this link that it stopped working."""
    services().hub.publish(topics.phone_link(link.id), {"type": topics.REVOKED})


def learner_changed(classroom_id: int, learner_id: int, kind: str) -> None:
    """Tell the trainer's pages that a learner was renamed or removed (topics.RENAMED, REMOVED)."""
    live_state().forget(learner_id)
    hub = services().hub
    hub.publish(topics.trainer(classroom_id), {"type": kind, "learner": learner_id})
    if kind == topics.REMOVED:
        # Their open pages stop hearing the class at once (a new socket would be refused anyway).
        hub.publish(topics.learner(learner_id), {"type": topics.REMOVED})


def submission_created(learner_id: int, exercise_id: str, step_id: str, submission_id: int) -> None:
    """Tell the trainer's dashboard that a learner pressed Check."""
    classroom_id = live_state().classroom_of(services().store, learner_id)
    if classroom_id is not None:
        services().hub.publish(
            topics.trainer(classroom_id),
            {
                "type": topics.SUBMITTED,
                "learner": learner_id,
                "exercise": exercise_id,
                "step": step_id,
                "submission": submission_id,
            },
        )


def sprint_event(sprint) -> dict:
    """A class's sprint as pages are told it: when it ends by the server's clock, and that clock now
    (a page counts down by its own clock, corrected by the difference)."""
    if sprint is None or sprint.ended_at is not None:
        return {"type": topics.SPRINT, "sprint": None, "now": iso(utcnow())}
    return {
        "type": topics.SPRINT,
        "sprint": {
            "id": sprint.id,
            "minutes": sprint.minutes,
            "started_at": iso(sprint.started_at),
            "ends_at": iso(sprint.ends_at),
        },
        "now": iso(utcnow()),
    }


def publish_sprint(classroom_id: int, sprint) -> None:
    """Tell every learner of the class and its trainer's pages that a sprint started (or ended: None)."""
    hub = services().hub
    event = sprint_event(sprint)
    hub.publish(topics.classroom(classroom_id), event)
    hub.publish(topics.trainer(classroom_id), event)


def project_saved(project, revision: int | None = None) -> None:
    """Tell the trainer's pages (the review) that a group project's files changed."""
    services().hub.publish(
        topics.trainer(project.classroom_id),
        {"type": topics.PROJECT_SAVED, "project": project.id, "revision": revision or project.revision},
    )


def project_update(project_id: int, update: str, origin: str | None = None) -> None:
    """Pass a stored change of a project's document (base64) to its open editors, but `origin`."""
    services().hub.publish(
        topics.project(project_id), {"type": topics.UPDATE, "update": update, "from": origin}
    )


def plan_changed(project_id: int, **plan) -> None:
    """A member saved the technical assignment (`assignment`, `revision`) or changed the stories
    (`stories`, all of them): to the project's open pages, which show it at once (docs/projects.md)."""
    services().hub.publish(topics.project(project_id), {"type": topics.PLAN, **plan})


def assets_changed(project_id: int, listing: dict) -> None:
    """A member uploaded, replaced or deleted a picture: to the project's open pages, with the list as
    it is now and the preview frame's new address (its tag changed: docs/projects.md, "Pictures")."""
    services().hub.publish(topics.project(project_id), {"type": topics.ASSETS, **listing})


def comment_changed(project_id: int, thread: dict) -> None:
    """A review thread of a project was started, answered, resolved or opened again: to its open
    editors (docs/mentors.md), with the whole thread."""
    services().hub.publish(topics.project(project_id), {"type": topics.COMMENT, "comment": thread})


def work_comment_changed(learner_id: int, exercise_id: str, thread: dict) -> None:
    """A thread on a learner's exercise work was started, answered, resolved or opened again: to the
    learner's pages and to the trainer watching them (docs/mentors.md), with the whole thread."""
    hub = services().hub
    event = {"type": topics.COMMENT, "learner": learner_id, "exercise": exercise_id, "comment": thread}
    hub.publish(topics.learner(learner_id), event)
    if hub.listening(topics.watch(learner_id)):
        hub.publish(topics.watch(learner_id), event)
