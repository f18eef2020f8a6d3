"""Live events: the publish/subscribe hub, the learner's and the trainer's websockets, presence.

Topics (all in this process; Redis pub/sub can take the hub's place when scaled out):

- ``learner:<id>``   to one learner: grading results, notes from the trainer
- ``class:<id>``     to every learner of a class: pushes ("open this"), broadcasts
- ``trainer:<id>``   to the trainer's dashboard of a class: joins, presence, saves, tries, results
- ``watch:<id>``     a learner's files on every autosave (and, while they have a phone link, as they
                     type), for the trainer watching them and for their phone
- ``phone-link:<id>`` to the phones showing one phone link: it was revoked

Who may listen is decided here, from the session, never by the client: a learner's socket is
subscribed to its own learner topic and its class's topic; a trainer's socket to its own class's
trainer topic and, on request, to the watch topic of one learner of that class; a phone's socket,
opened with a phone link's token, to the watch topic of that link's learner (and passes on only
that link's exercise). docs/classroom.md and docs/phone.md list every message type and who may
send or receive it.

Each open websocket holds a server thread (two, with simple-websocket's reader). Threads never
wait without a timeout: each connection waits on its own inbox, which the hub and the socket's
reader both wake, and which times out every PING_EVERY_S to ping the client.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, g, request, url_for
from flask_babel import get_locale
from flask_sock import Sock
from simple_websocket import ConnectionClosed

from . import auth, dashboard
from .store.models import utcnow

log = logging.getLogger(__name__)

PING_EVERY_S = 20
REMOVED_CLOSE = 4403  # the close code for a learner the trainer removed from the class
MAX_MESSAGE_BYTES = 4096
# What the editor types, relayed to the learner's phone: the whole file set in one message.
MAX_TYPING_BYTES = 1024 * 1024
INBOX_SIZE = 200
# A socket whose client vanished without closing (a phone left the Wi-Fi) is found by
# protocol pings and closed after at most two intervals.
SOCKET_PING_INTERVAL_S = 25
# The trainer's grid is sent whole at this interval (stuck-by-time changes without any event).
FULL_GRID_EVERY_S = 30
# Broadcasts and notes older than this are not shown again when a learner opens a page.
RECENT_MESSAGES = timedelta(hours=8)
CLASS_CACHE_S = 30
# The projector view shows at most this many learners' apps at once.
MAX_PROJECTED = 12
# A phone's socket asks the database again at this interval whether its link still works (a
# revocation in this process reaches it at once; this covers other processes).
PHONE_RECHECK_S = 60
# The close code a phone gets when its link is revoked (4000-4999 are for applications).
CLOSE_REVOKED = 4404


# ---- the hub


class Inbox:
    """Messages waiting for one connection, and a way to wake its thread for other reasons."""

    def __init__(self, maxsize: int = INBOX_SIZE) -> None:
        self.maxsize = maxsize
        self.overflowed = False
        self._items: deque = deque()
        self._woken = False
        self._cond = threading.Condition()

    def put_nowait(self, message: dict) -> None:
        with self._cond:
            if len(self._items) >= self.maxsize:
                self.overflowed = True
                raise queue.Full
            self._items.append(message)
            self._cond.notify()

    def wake(self) -> None:
        with self._cond:
            self._woken = True
            self._cond.notify()

    def take(self, timeout: float) -> list[dict]:
        """Return what is waiting, waiting at most `timeout` seconds for something (or a wake-up)."""
        with self._cond:
            if not self._items and not self._woken:
                self._cond.wait(timeout)
            items = list(self._items)
            self._items.clear()
            self._woken = False
            return items

    def get(self, timeout: float | None = None) -> dict:
        """Return one message, like queue.Queue.get (raises queue.Empty after `timeout`)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._items:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise queue.Empty
                self._cond.wait(remaining)
            return self._items.popleft()


class Hub:
    """Topics to subscriber inboxes, in this process."""

    def __init__(self) -> None:
        self._topics: dict[str, set[Inbox]] = {}
        self._lock = threading.Lock()

    def subscribe(self, topic: str, inbox: Inbox | None = None) -> Inbox:
        """Add an inbox (a new one unless given) to a topic; one inbox may listen to several topics."""
        inbox = inbox if inbox is not None else Inbox()
        with self._lock:
            self._topics.setdefault(topic, set()).add(inbox)
        return inbox

    def unsubscribe(self, topic: str, inbox: Inbox) -> None:
        with self._lock:
            subscribers = self._topics.get(topic)
            if subscribers:
                subscribers.discard(inbox)
                if not subscribers:
                    del self._topics[topic]

    def listening(self, topic: str) -> bool:
        with self._lock:
            return bool(self._topics.get(topic))

    def publish(self, topic: str, message: dict) -> None:
        with self._lock:
            subscribers = list(self._topics.get(topic, ()))
        for inbox in subscribers:
            try:
                inbox.put_nowait(message)
            except queue.Full:
                pass  # a stalled client; it re-syncs over HTTP when it reconnects


class WakingEvent(threading.Event):
    """The websocket's own event (a message arrived, or the socket closed), also waking its inbox."""

    def __init__(self) -> None:
        super().__init__()
        self.inbox: Inbox | None = None

    def set(self) -> None:
        super().set()
        inbox = self.inbox
        if inbox is not None:
            inbox.wake()


# ---- presence and who is in which class


@dataclass
class _Connection:
    learner_id: int
    classroom_id: int | None
    where: dict | None


class Presence:
    """Which learners have a live page open, and where (exercise and step), in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: dict[int, list[_Connection]] = {}

    def join(self, connection: _Connection) -> None:
        with self._lock:
            self._connections.setdefault(connection.learner_id, []).append(connection)

    def leave(self, connection: _Connection) -> bool:
        """Forget a connection; True when it was the learner's last one."""
        with self._lock:
            open_ = self._connections.get(connection.learner_id, [])
            if connection in open_:
                open_.remove(connection)
            if not open_:
                self._connections.pop(connection.learner_id, None)
                return True
            return False

    def online(self) -> dict[int, dict | None]:
        """Learner id -> where their newest open page is (None when that is not an exercise)."""
        with self._lock:
            return {learner_id: found[-1].where for learner_id, found in self._connections.items() if found}


class LiveState:
    """Per-app live state: presence, and a short cache of each learner's class (saves are frequent)."""

    def __init__(self) -> None:
        self.presence = Presence()
        self._classes: dict[int, tuple[int | None, float]] = {}
        self._lock = threading.Lock()

    def forget(self, learner_id: int) -> None:
        """Drop the cached class of a learner (they were removed from it)."""
        with self._lock:
            self._classes.pop(learner_id, None)

    def classroom_of(self, store, learner_id: int) -> int | None:
        now = time.monotonic()
        with self._lock:
            cached = self._classes.get(learner_id)
        if cached and cached[1] > now:
            return cached[0]
        learner = store.get_learner(learner_id)
        classroom_id = learner.classroom_id if learner and not learner.removed else None
        with self._lock:
            if len(self._classes) > 10_000:
                self._classes.clear()
            self._classes[learner_id] = (classroom_id, now + CLASS_CACHE_S)
        return classroom_id


def _services():
    return current_app.extensions["sandbox"]


def live_state(app=None) -> LiveState:
    app = app or current_app
    return app.extensions["sandbox"].live


# ---- events published by the views and the grading jobs


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() + "Z" if moment else None


def message_event(message) -> dict:
    """A broadcast or a note as sent to learners (plain text: pages show it as text)."""
    return {
        "type": "note" if message.learner_id is not None else "message",
        "id": message.id,
        "text": message.text,
        "at": _iso(message.created_at),
    }


def publish_push(classroom_id: int, push: dict | None) -> None:
    _services().hub.publish(f"class:{classroom_id}", {"type": "push", "push": push})


def publish_message(message) -> None:
    """Send a broadcast to the class, or a note to its one learner."""
    topic = (
        f"learner:{message.learner_id}" if message.learner_id is not None else f"class:{message.classroom_id}"
    )
    _services().hub.publish(topic, message_event(message))


def work_saved(learner_id: int, exercise_id: str, step_id: str | None, files: dict, revision: int) -> None:
    """Tell the trainer's dashboard about a save, and whoever watches this learner what they typed."""
    services = _services()
    event = {"learner": learner_id, "exercise": exercise_id, "step": step_id}
    if services.hub.listening(f"watch:{learner_id}"):
        # The trainer's watch view (learners of a class) and the learner's phone (anyone).
        services.hub.publish(
            f"watch:{learner_id}",
            {
                "type": "files",
                **event,
                "files": files,
                "revision": revision,
                "started": True,
                "at": _iso(utcnow()),
            },
        )
    classroom_id = live_state().classroom_of(services.store, learner_id)
    if classroom_id is not None:
        services.hub.publish(f"trainer:{classroom_id}", {"type": "saved", **event})


def files_typed(learner_id: int, message: dict) -> str | None:
    """Pass on what the learner's editor has now (before it is saved) to their phone.

    Returns an error code for the editor, or None. Nothing is stored: the save follows.
    """
    services = _services()
    if not services.hub.listening(f"watch:{learner_id}"):
        return None  # no phone is open: nothing to do
    exercise = services.catalog.get(
        message.get("exercise") if isinstance(message.get("exercise"), str) else ""
    )
    raw = message.get("files")
    if exercise is None or not isinstance(raw, dict) or not raw:
        return "bad-files"
    limit = current_app.config["MAX_FILE_BYTES"]
    files = {}
    for name, text in raw.items():
        if name not in exercise.files or not isinstance(text, str):
            return "bad-files"
        if len(text.encode("utf-8")) > limit:
            return "too-big"
        files[name] = text
    step = exercise.step(message.get("step")) if isinstance(message.get("step"), str) else None
    revision = message.get("revision")
    services.hub.publish(
        f"watch:{learner_id}",
        {
            "type": "files",
            "learner": learner_id,
            "exercise": exercise.id,
            "step": step.id if step else None,
            "files": files,
            "revision": revision if isinstance(revision, int) and revision >= 0 else 0,
            "started": True,
            "typing": True,
            "at": _iso(utcnow()),
        },
    )
    return None


def phone_link_revoked(link) -> None:
    """Tell the phones showing this link that it stopped working."""
    _services().hub.publish(f"phone-link:{link.id}", {"type": "revoked"})


def learner_changed(classroom_id: int, learner_id: int, kind: str) -> None:
    """Tell the trainer's pages that a learner was renamed or removed (kind: "renamed", "removed")."""
    live_state().forget(learner_id)
    hub = _services().hub
    hub.publish(f"trainer:{classroom_id}", {"type": kind, "learner": learner_id})
    if kind == "removed":
        # Their open pages stop hearing the class at once (a new socket would be refused anyway).
        hub.publish(f"learner:{learner_id}", {"type": "removed"})


def submission_created(learner_id: int, exercise_id: str, step_id: str, submission_id: int) -> None:
    """Tell the trainer's dashboard that a learner pressed Check."""
    services = _services()
    classroom_id = live_state().classroom_of(services.store, learner_id)
    if classroom_id is not None:
        services.hub.publish(
            f"trainer:{classroom_id}",
            {
                "type": "submitted",
                "learner": learner_id,
                "exercise": exercise_id,
                "step": step_id,
                "submission": submission_id,
            },
        )


# ---- what the pages are told


def describe_push(push: dict | None, language: str) -> dict | None:
    """A push as a learner's page shows it: titles in their language and where "Go" leads."""
    if not push:
        return None
    exercise = _services().catalog.get(push.get("exercise", ""))
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
    store = _services().store
    learner = store.get_learner(learner_id)
    classroom = store.get_classroom(learner.classroom_id) if learner and learner.classroom_id else None
    if classroom is None:
        return {"classroom": None, "push": None, "messages": []}
    since = utcnow() - RECENT_MESSAGES
    messages = [m for m in store.messages_for(classroom.id, learner_id, limit=20) if m.created_at >= since]
    return {
        "classroom": {"id": classroom.id, "name": classroom.name},
        "push": describe_push(classroom.push, str(get_locale())),
        "messages": [message_event(m) for m in reversed(messages)],
    }


def watch_snapshot(learner_id: int, exercise_id: str | None = None) -> dict:
    """A learner's files as the trainer's watch view shows them (the exercise they are on, by default)."""
    services = _services()
    store = services.store
    catalog = services.catalog
    where = live_state().presence.online().get(learner_id) or {}
    if exercise_id is None and catalog.get(where.get("exercise") or ""):
        exercise_id = where["exercise"]
    all_work = store.all_work(learner_id)
    if exercise_id is None and all_work:
        exercise_id = max(all_work.values(), key=lambda w: w.updated_at).exercise_id
    exercise = catalog.get(exercise_id) if exercise_id else None
    if exercise is None:
        return {"type": "files", "learner": learner_id, "exercise": None, "files": {}}
    work = all_work.get(exercise.id)
    event = {
        "type": "files",
        "learner": learner_id,
        "exercise": exercise.id,
        "step": work.step_id
        if work
        else (where.get("step") if where.get("exercise") == exercise.id else None),
        "files": dict(work.files) if work else dict(exercise.starter),
        "revision": work.revision if work else 0,
        "started": work is not None,
        "at": _iso(work.updated_at) if work else None,
    }
    return describe_files(event)


def describe_files(event: dict) -> dict:
    """Add what the watch view needs to show a files event: file order, titles, the frame, the phone."""
    exercise = _services().catalog.get(event.get("exercise") or "")
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


def class_grid(classroom, learner_ids: set[int] | None = None) -> dict:
    """The dashboard of a class (or only the rows of some learners), as JSON."""
    services = _services()
    store = services.store
    classroom = store.get_classroom(classroom.id) or classroom
    exercises = dashboard.grid_exercises(services.catalog, store.assignments(classroom.id), classroom.push)
    learners = store.learners_of(classroom.id)
    if learner_ids is not None:
        learners = [learner for learner in learners if learner.id in learner_ids]
    now = utcnow()
    rows = dashboard.build_rows(
        dashboard.load_activity(store, learners),
        exercises,
        now,
        classroom.stuck_minutes,
        live_state().presence.online(),
    )
    return dashboard.grid_json(classroom, exercises, rows, str(get_locale()), now)


# ---- websockets


class LiveSock(Sock):
    """flask-sock, with our socket options, the authorisation check and the re-sync endpoint."""

    def init_app(self, app) -> None:
        options = app.config.setdefault("SOCK_SERVER_OPTIONS", {})
        options.setdefault("ping_interval", SOCKET_PING_INTERVAL_S)
        # The editor's typing (for the phone) is the one big message; each socket enforces its own
        # limit in _incoming, and anything over this one is closed by simple-websocket with 1009.
        options.setdefault("max_message_size", MAX_TYPING_BYTES)
        options.setdefault("event_class", WakingEvent)
        super().init_app(app)
        app.register_blueprint(bp)
        live_state(app)


sock = LiveSock()
bp = Blueprint("live", __name__)


def _same_origin() -> bool:
    origin = request.headers.get("Origin")
    return bool(origin) and urlsplit(origin).netloc == request.host


def _refuse(status: int = 403):
    """Refuse a websocket before it is accepted (a plain HTTP answer; the handshake never happens)."""
    abort(status)


def _authorise_socket():
    """Check Origin and the session before any websocket of ours is accepted."""
    endpoint = (request.endpoint or "").rsplit(".", 1)[-1]
    if endpoint not in ("live", "trainer_live", "projector_live", "phone_live"):
        # Fail closed: a websocket added here later is refused until this function says who may open it.
        log.warning("live: websocket endpoint %r has no authorisation rule; refused", endpoint)
        _refuse(404)
    if not _same_origin():
        _refuse(403)
    store = _services().store
    if endpoint == "phone_live":
        # The token alone lets a phone read one learner's app for one exercise; nothing else.
        link = store.phone_link_by_token((request.view_args or {}).get("token", ""))
        if link is None or _services().catalog.get(link.exercise_id) is None:
            _refuse(404)
        g.phone_link = link
        return None
    if endpoint == "live":
        learner_id = auth.current_learner()
        if learner_id is None:
            _refuse(403)
        g.live_learner = store.get_learner(learner_id)
        return None
    trainer = auth.current_trainer()
    if trainer is None:
        _refuse(403)
    classroom = store.get_classroom((request.view_args or {}).get("classroom_id", 0))
    if classroom is None or classroom.trainer_id != trainer.id:
        _refuse(404)
    g.live_classroom = classroom
    return None


def _attach(ws, inbox: Inbox) -> None:
    event = getattr(ws, "event", None)
    if isinstance(event, WakingEvent):
        event.inbox = inbox


def _incoming(ws, big_types: frozenset[str] = frozenset()) -> list[dict]:
    """Read what the client sent so far, without waiting; anything unreadable becomes {}.

    Messages are at most MAX_MESSAGE_BYTES, except those of `big_types` (at most
    MAX_TYPING_BYTES); a bigger one closes the socket with 1009.
    """
    found = []
    while (raw := ws.receive(timeout=0)) is not None:
        limit = MAX_TYPING_BYTES if big_types else MAX_MESSAGE_BYTES
        if len(raw) > limit:
            _too_big(ws)
        try:
            message = json.loads(raw)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            message = {}
        if len(raw) > MAX_MESSAGE_BYTES and message.get("type") not in big_types:
            _too_big(ws)
        found.append(message)
    return found


def _too_big(ws) -> None:
    ws.close(reason=1009, message="too big")
    raise ConnectionClosed()


def _send(ws, message: dict) -> None:
    ws.send(json.dumps(message, ensure_ascii=False))


def _where(args) -> dict | None:
    """The exercise and step a learner's page is on, from the socket's query, if they exist."""
    exercise = _services().catalog.get(args.get("exercise", ""))
    if exercise is None:
        return None
    step = exercise.step(args.get("step", ""))
    return {"exercise": exercise.id, "step": step.id if step else None}


@sock.route("/live")
def live(ws) -> None:
    """A learner's page: results and notes for them, pushes and broadcasts for their class.

    Learners may send one thing: {"type": "files", "exercise", "step", "revision", "files"}, what
    their editor has now, passed on to their phone (files_typed). Anything else is answered with
    an error and otherwise ignored.
    """
    services = _services()
    hub: Hub = services.hub
    learner = g.live_learner
    classroom_id = learner.classroom_id if learner and not learner.removed else None
    topics = [f"learner:{learner.id}"] + ([f"class:{classroom_id}"] if classroom_id else [])
    inbox = Inbox()
    _attach(ws, inbox)
    for topic in topics:
        hub.subscribe(topic, inbox)
    presence = live_state().presence
    connection = _Connection(learner.id, classroom_id, _where(request.args))
    language = str(get_locale())

    def current_push() -> dict | None:
        classroom = services.store.get_classroom(classroom_id) if classroom_id else None
        return describe_push(classroom.push if classroom else None, language)

    try:
        if classroom_id:
            presence.join(connection)
            _quietly(services.store.touch_learner, learner.id)
            hub.publish(
                f"trainer:{classroom_id}", {"type": "presence", "learner": learner.id, "online": True}
            )
        _send(ws, {"type": "hello", "push": current_push()})
        while ws.connected:
            messages = inbox.take(PING_EVERY_S)
            incoming = _incoming(ws, big_types=frozenset({"files"}))
            if not ws.connected:
                break
            for message in incoming:
                if message.get("type") == "files":
                    if problem := files_typed(learner.id, message):
                        _send(ws, {"type": "error", "error": problem})
                else:
                    _send(ws, {"type": "error", "error": "not-allowed"})
            for message in messages:
                if message.get("type") == "push":
                    message = {"type": "push", "push": describe_push(message.get("push"), language)}
                _send(ws, message)
                if message.get("type") == "removed":
                    ws.close(reason=REMOVED_CLOSE)
                    return
            if inbox.overflowed:
                # Messages were dropped for a stalled page: a new hello makes it re-sync over HTTP.
                inbox.overflowed = False
                _send(ws, {"type": "hello", "push": current_push()})
            elif not messages and not incoming:
                _send(ws, {"type": "ping"})
    except (ConnectionClosed, OSError):
        pass  # closed by the page, or its network went away
    finally:
        for topic in topics:
            hub.unsubscribe(topic, inbox)
        if classroom_id:
            presence.leave(connection)
            _quietly(services.store.touch_learner, learner.id)
            hub.publish(
                f"trainer:{classroom_id}", {"type": "presence", "learner": learner.id, "online": False}
            )


def _quietly(action, *args) -> None:
    """Do something that may fail without ending the connection (the database was busy, say)."""
    try:
        action(*args)
    except Exception:
        log.warning("live: %s failed", getattr(action, "__name__", action), exc_info=True)


def _trainer_request(ws, inbox: Inbox, classroom, watching: int | None, message: dict) -> int | None:
    """Act on one message from a trainer's socket; return the learner now watched."""
    hub: Hub = _services().hub
    kind = message.get("type")
    if kind == "watch":
        learner_id = message.get("learner")
        learner = _services().store.get_learner(learner_id) if isinstance(learner_id, int) else None
        if learner is None or learner.removed or learner.classroom_id != classroom.id:
            _send(ws, {"type": "error", "error": "no-such-learner"})
            return watching
        if watching is not None:
            hub.unsubscribe(f"watch:{watching}", inbox)
        hub.subscribe(f"watch:{learner.id}", inbox)
        _send(ws, watch_snapshot(learner.id))
        return learner.id
    if kind == "unwatch":
        if watching is not None:
            hub.unsubscribe(f"watch:{watching}", inbox)
        return None
    _send(ws, {"type": "error", "error": "not-allowed"})
    return watching


@sock.route("/live/classes/<int:classroom_id>")
def trainer_live(ws, classroom_id: int) -> None:
    """The trainer's dashboard of one of their classes: the grid, kept current; one learner's files.

    The trainer may send {"type": "watch", "learner": ID} (a learner of this class) and
    {"type": "unwatch"}; anything else is answered with an error.
    """
    services = _services()
    hub: Hub = services.hub
    classroom = g.live_classroom
    inbox = Inbox()
    _attach(ws, inbox)
    class_topic = f"trainer:{classroom.id}"
    hub.subscribe(class_topic, inbox)
    watching: int | None = None
    try:
        _send(ws, {"type": "hello", "grid": class_grid(classroom)})
        last_full = time.monotonic()
        while ws.connected:
            wait = max(0.05, min(PING_EVERY_S, FULL_GRID_EVERY_S - (time.monotonic() - last_full)))
            messages = inbox.take(wait)
            incoming = _incoming(ws)
            if not ws.connected:
                break
            for request_ in incoming:
                watching = _trainer_request(ws, inbox, classroom, watching, request_)
            dirty: set[int] = set()
            whole = inbox.overflowed  # messages were dropped: send everything again
            for message in messages:
                kind = message.get("type")
                if kind == "files":
                    # Typing relayed for a phone is not shown here: the watch view follows saves.
                    if message.get("learner") == watching and not message.get("typing"):
                        _send(ws, describe_files(message))
                    continue
                if kind == "pushed":
                    whole = True  # the push is shown, and a pushed exercise gets columns
                elif isinstance(message.get("learner"), int):
                    dirty.add(message["learner"])
                    if kind == "presence" and message["learner"] == watching:
                        _send(ws, watch_snapshot(watching))  # they opened another page
            if whole or time.monotonic() - last_full >= FULL_GRID_EVERY_S:
                inbox.overflowed = False
                _send(ws, {"type": "grid", "grid": class_grid(classroom)})
                last_full = time.monotonic()
            elif dirty:
                grid = class_grid(classroom, dirty)
                # Learners named in events but without a row left the class (removed by the trainer).
                gone = sorted(dirty - {row["learner"] for row in grid["rows"]})
                _send(ws, {"type": "rows", "rows": grid["rows"], "gone": gone, "now": grid["now"]})
            elif not messages and not incoming:
                _send(ws, {"type": "ping"})
    except (ConnectionClosed, OSError):
        pass  # closed by the page, or its network went away
    finally:
        hub.unsubscribe(class_topic, inbox)
        if watching is not None:
            hub.unsubscribe(f"watch:{watching}", inbox)


def phone_files(event: dict, snapshot: bool = False) -> dict:
    """A files event as a phone gets it: what it needs to show the app, and no learner id or name."""
    described = describe_files(event)
    return {
        "type": "files",
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


@sock.route("/live/phone/<token>")
def phone_live(ws, token: str) -> None:
    """A phone showing one learner's app for one exercise, opened with a phone link's token.

    The phone gets a snapshot on connect, then every change the learner's editor sends or saves
    for that exercise, and {"type": "revoked"} (then a close with 4404) when the link is revoked.
    Phones send nothing: anything they send is answered with an error and otherwise ignored.
    """
    services = _services()
    hub: Hub = services.hub
    link = g.phone_link
    inbox = Inbox()
    _attach(ws, inbox)
    topics = [f"watch:{link.learner_id}", f"phone-link:{link.id}"]
    for topic in topics:
        hub.subscribe(topic, inbox)
    checked = time.monotonic()
    try:
        _send(ws, phone_snapshot(link))
        # Ask the learner's editor for what it has now, saved or not: it answers with its files.
        hub.publish(f"learner:{link.learner_id}", {"type": "phone", "exercise": link.exercise_id})
        while ws.connected:
            messages = inbox.take(PING_EVERY_S)
            incoming = _incoming(ws)
            if not ws.connected:
                break
            for _message in incoming:
                _send(ws, {"type": "error", "error": "not-allowed"})
            revoked = any(message.get("type") == "revoked" for message in messages)
            if not revoked and time.monotonic() - checked > PHONE_RECHECK_S:
                revoked = services.store.phone_link_by_token(token) is None
                checked = time.monotonic()
            if revoked:
                _send(ws, {"type": "revoked"})
                ws.close(reason=CLOSE_REVOKED, message="revoked")
                break
            if inbox.overflowed:
                inbox.overflowed = False
                _send(ws, phone_snapshot(link))
                continue
            # Only the newest files matter: a phone that fell behind skips the versions in between.
            files = [
                message
                for message in messages
                if message.get("type") == "files" and message.get("exercise") == link.exercise_id
            ]
            if files:
                _send(ws, phone_files(files[-1]))
            elif not messages and not incoming:
                _send(ws, {"type": "ping"})
    except (ConnectionClosed, OSError):
        pass  # closed by the phone, or its Wi-Fi went away
    finally:
        for topic in topics:
            hub.unsubscribe(topic, inbox)


def _project(ws, inbox: Inbox, classroom, shown: set[int], message: dict) -> set[int]:
    """Act on one message from a projector socket; return the learners now shown."""
    services = _services()
    wanted_raw = message.get("learners")
    if message.get("type") != "project" or not isinstance(wanted_raw, list):
        _send(ws, {"type": "error", "error": "not-allowed"})
        return shown
    if len(wanted_raw) > MAX_PROJECTED:
        _send(ws, {"type": "error", "error": "too-many", "most": MAX_PROJECTED})
        return shown
    wanted: list[int] = []
    for learner_id in wanted_raw:
        ok = isinstance(learner_id, int) and not isinstance(learner_id, bool)
        learner = services.store.get_learner(learner_id) if ok else None
        if learner is None or learner.removed or learner.classroom_id != classroom.id:
            _send(ws, {"type": "error", "error": "no-such-learner", "learner": learner_id if ok else None})
        elif learner.id not in wanted:
            wanted.append(learner.id)
    for gone in shown - set(wanted):
        services.hub.unsubscribe(f"watch:{gone}", inbox)
    for learner_id in wanted:
        services.hub.subscribe(f"watch:{learner_id}", inbox)
        _send(ws, watch_snapshot(learner_id))
    return set(wanted)


@sock.route("/live/classes/<int:classroom_id>/projector")
def projector_live(ws, classroom_id: int) -> None:
    """The projector view of one of the trainer's classes: several learners' files, live.

    The trainer sends {"type": "project", "learners": [ID, ...]}: learners of this class, at most
    MAX_PROJECTED. Each gets a `files` message at once, on every save, and when they open another
    page. Anything else is answered with an error; learners of other classes are never shown.
    """
    hub: Hub = _services().hub
    classroom = g.live_classroom
    inbox = Inbox()
    _attach(ws, inbox)
    class_topic = f"trainer:{classroom.id}"  # for presence: a learner opened another exercise
    hub.subscribe(class_topic, inbox)
    shown: set[int] = set()
    try:
        _send(ws, {"type": "hello"})
        while ws.connected:
            messages = inbox.take(PING_EVERY_S)
            incoming = _incoming(ws)
            if not ws.connected:
                break
            for request_ in incoming:
                shown = _project(ws, inbox, classroom, shown, request_)
            for message in messages:
                learner_id = message.get("learner")
                if learner_id not in shown:
                    continue
                if message.get("type") == "files" and not message.get("typing"):
                    _send(ws, describe_files(message))
                elif message.get("type") == "presence":
                    _send(ws, watch_snapshot(learner_id))
            if inbox.overflowed:
                inbox.overflowed = False
                for learner_id in shown:
                    _send(ws, watch_snapshot(learner_id))
            elif not messages and not incoming:
                _send(ws, {"type": "ping"})
    except (ConnectionClosed, OSError):
        pass  # closed by the page, or its network went away
    finally:
        hub.unsubscribe(class_topic, inbox)
        for learner_id in shown:
            hub.unsubscribe(f"watch:{learner_id}", inbox)


# Runs before the handshake of every websocket above: a refused socket is never accepted.
sock.bp.before_request(_authorise_socket)


# ---- the learner's re-sync over plain HTTP


@bp.get("/api/live")
def state():
    """Return this learner's class, its current push and recent messages (after a reconnect)."""
    return learner_state(auth.require_learner())
