"""One small handler per websocket: the learner's pages, the trainer's dashboard, a phone, the projector.

Who may open each, what it hears and what its client may send are in the table in
sandbox/views/live.py; `serve` (sandbox/live/sockets.py) refuses anything else before a
handler sees it. docs/classroom.md and docs/phone.md list every message.
"""

from __future__ import annotations

import time

from flask_babel import get_locale

from ..store.models import is_row_id
from . import topics
from .events import files_typed, live_state, services, sprint_event
from .hub import PageOpen
from .sockets import Handler, quietly
from .viewmodels import class_grid, describe_files, describe_push, phone_files, phone_snapshot, watch_snapshot

# The trainer's grid is sent whole at this interval (stuck-by-time changes without any event).
FULL_GRID_EVERY_S = 30
# A phone's socket asks the database again at this interval whether its link still works (a
# revocation in this process reaches it at once; this covers other processes).
PHONE_RECHECK_S = 60


def learner_of_class(classroom, learner_id: object):
    """The learner with this id if they are (still) in the class, else None."""
    if not is_row_id(learner_id):
        return None
    learner = services().store.get_learner(learner_id)
    if learner is None or learner.removed or learner.classroom_id != classroom.id:
        return None
    return learner


def _where(args) -> dict | None:
    """The exercise and step a learner's page is on, from the socket's query, if they exist."""
    exercise = services().catalog.get(args.get("exercise", ""))
    if exercise is None:
        return None
    step = exercise.step(args.get("step", ""))
    return {"exercise": exercise.id, "step": step.id if step else None}


class LearnerPage(Handler):
    """A learner's page: results and notes for them, pushes and broadcasts for their class.

    Learners may send one thing: their editor's files, passed on to their phone (files_typed).
    """

    def __init__(self, connection, learner, query=None) -> None:
        super().__init__(connection, learner, query)
        self.learner = learner
        self.classroom_id = learner.classroom_id if not learner.removed else None
        self.page = PageOpen(learner.id, self.classroom_id, _where(self.query))
        self.language = str(get_locale())

    def current_push(self) -> dict | None:
        classroom = services().store.get_classroom(self.classroom_id) if self.classroom_id else None
        return describe_push(classroom.push if classroom else None, self.language)

    def _presence(self, online: bool) -> None:
        quietly(services().store.touch_learner, self.learner.id)
        services().hub.publish(
            topics.trainer(self.classroom_id),
            {"type": topics.PRESENCE, "learner": self.learner.id, "online": online},
        )

    def current_sprint(self) -> dict | None:
        sprint = services().store.current_sprint(self.classroom_id) if self.classroom_id else None
        return sprint_event(sprint)

    def hello(self) -> dict:
        return {"type": topics.HELLO, "push": self.current_push(), "sprint": self.current_sprint()}

    def opened(self) -> None:
        if self.classroom_id:
            live_state().presence.join(self.page)
            self._presence(True)
        self.connection.send(self.hello())

    def request(self, message: dict) -> None:  # a FILES message: the only one the table allows
        if problem := files_typed(self.learner.id, message):
            self.connection.error(problem)

    def deliver(self, messages: list[dict], overflowed: bool) -> None:
        for message in messages:
            if message.get("type") == topics.PUSH:
                message = {"type": topics.PUSH, "push": describe_push(message.get("push"), self.language)}
            self.connection.send(message)
            if message.get("type") == topics.REMOVED:
                self.connection.close(topics.CLOSE_REMOVED)
                return
        if overflowed:
            # Messages were dropped for a stalled page: a new hello makes it re-sync over HTTP.
            self.connection.send(self.hello())

    def closed(self) -> None:
        if self.classroom_id:
            live_state().presence.leave(self.page)
            self._presence(False)


class Dashboard(Handler):
    """The trainer's dashboard of one of their classes: the grid, kept current; one learner's files.

    The trainer may ask to watch one learner of this class, and to stop.
    """

    def __init__(self, connection, classroom, query=None) -> None:
        super().__init__(connection, classroom, query)
        self.classroom = classroom
        self.watching: int | None = None
        self.last_full = time.monotonic()

    def opened(self) -> None:
        sprint = sprint_event(services().store.current_sprint(self.classroom.id))
        self.connection.send({"type": topics.HELLO, "grid": class_grid(self.classroom), "sprint": sprint})
        self.last_full = time.monotonic()

    def wait(self) -> float:
        until_full = FULL_GRID_EVERY_S - (time.monotonic() - self.last_full)
        return max(0.05, min(super().wait(), until_full))

    def request(self, message: dict) -> None:
        if message["type"] == topics.UNWATCH:
            if self.watching is not None:
                self.connection.unwatch(self.watching)
            self.watching = None
            return
        learner = learner_of_class(self.classroom, message.get("learner"))
        if learner is None:
            self.connection.error(topics.NO_SUCH_LEARNER)
            return
        if self.watching is not None:
            self.connection.unwatch(self.watching)
        self.connection.watch(learner.id)
        self.connection.send(watch_snapshot(learner.id))
        self.watching = learner.id

    def deliver(self, messages: list[dict], overflowed: bool) -> None:
        dirty: set[int] = set()
        whole = overflowed  # messages were dropped: send everything again
        for message in messages:
            kind = message.get("type")
            if kind == topics.FILES:
                # Typing relayed for a phone is not shown here: the watch view follows saves.
                if message.get("learner") == self.watching and not message.get("typing"):
                    self.connection.send(describe_files(message))
                continue
            if kind == topics.COMMENT:
                # A thread on the watched learner's work (docs/mentors.md): their watch view shows it.
                if message.get("learner") == self.watching:
                    self.connection.send(message)
                continue
            if kind in (topics.SPRINT, topics.PROJECT_SAVED):
                self.connection.send(message)  # the sprint's countdown; the review of the projects
                continue
            if kind == topics.PUSHED:
                whole = True  # the push is shown, and a pushed exercise gets columns
            elif isinstance(message.get("learner"), int):
                dirty.add(message["learner"])
                if kind == topics.PRESENCE and message["learner"] == self.watching:
                    self.connection.send(watch_snapshot(self.watching))  # they opened another page
        if whole or time.monotonic() - self.last_full >= FULL_GRID_EVERY_S:
            self.connection.send({"type": topics.GRID, "grid": class_grid(self.classroom)})
            self.last_full = time.monotonic()
        elif dirty:
            grid = class_grid(self.classroom, dirty)
            # Learners named in events but without a row left the class (removed by the trainer).
            gone = sorted(dirty - {row["learner"] for row in grid["rows"]})
            rows = {"type": topics.ROWS, "rows": grid["rows"], "gone": gone, "now": grid["now"]}
            self.connection.send(rows)


class Phone(Handler):
    """A phone showing one learner's app for one exercise, opened with a phone link's token.

    It gets a snapshot on connect, then every change the learner's editor sends or saves for that
    exercise, and "revoked" (then a close with 4404) when the link is revoked. Phones send nothing.
    """

    def __init__(self, connection, link, query=None) -> None:
        super().__init__(connection, link, query)
        self.link = link
        self.checked = time.monotonic()

    def opened(self) -> None:
        self.connection.send(phone_snapshot(self.link))
        # Ask the learner's editor for what it has now, saved or not: it answers with its files.
        services().hub.publish(
            topics.learner(self.link.learner_id), {"type": topics.PHONE, "exercise": self.link.exercise_id}
        )

    def deliver(self, messages: list[dict], overflowed: bool) -> None:
        revoked = any(message.get("type") == topics.REVOKED for message in messages)
        if not revoked and time.monotonic() - self.checked > PHONE_RECHECK_S:
            revoked = services().store.phone_link_by_token(self.link.token) is None
            self.checked = time.monotonic()
        if revoked:
            self.connection.send({"type": topics.REVOKED})
            self.connection.close(topics.CLOSE_REVOKED, "revoked")
            return
        if overflowed:
            self.connection.send(phone_snapshot(self.link))
            return
        # Only the newest files matter: a phone that fell behind skips the versions in between.
        files = [
            message
            for message in messages
            if message.get("type") == topics.FILES and message.get("exercise") == self.link.exercise_id
        ]
        if files:
            self.connection.send(phone_files(files[-1]))


class Projector(Handler):
    """The projector view of one of the trainer's classes: several learners' files, live.

    The trainer sends the learners to show (of this class, at most MAX_PROJECTED). Each gets a
    files message at once, on every save, and when they open another page.
    """

    def __init__(self, connection, classroom, query=None) -> None:
        super().__init__(connection, classroom, query)
        self.classroom = classroom
        self.shown: set[int] = set()

    def opened(self) -> None:
        self.connection.send({"type": topics.HELLO})

    def request(self, message: dict) -> None:
        wanted_raw = message.get("learners")
        if not isinstance(wanted_raw, list):
            self.connection.error(topics.NOT_ALLOWED)
            return
        if len(wanted_raw) > topics.MAX_PROJECTED:
            self.connection.error(topics.TOO_MANY, most=topics.MAX_PROJECTED)
            return
        wanted: list[int] = []
        for learner_id in wanted_raw:
            learner = learner_of_class(self.classroom, learner_id)
            if learner is None:
                self.connection.error(
                    topics.NO_SUCH_LEARNER, learner=learner_id if is_row_id(learner_id) else None
                )
            elif learner.id not in wanted:
                wanted.append(learner.id)
        for gone in self.shown - set(wanted):
            self.connection.unwatch(gone)
        for learner_id in wanted:
            self.connection.watch(learner_id)
            self.connection.send(watch_snapshot(learner_id))
        self.shown = set(wanted)

    def deliver(self, messages: list[dict], overflowed: bool) -> None:
        for message in messages:
            learner_id = message.get("learner")
            if learner_id not in self.shown:
                continue
            if message.get("type") == topics.FILES and not message.get("typing"):
                self.connection.send(describe_files(message))
            elif message.get("type") == topics.PRESENCE:
                self.connection.send(watch_snapshot(learner_id))
        if overflowed:
            for learner_id in self.shown:
                self.connection.send(watch_snapshot(learner_id))
