"""The websockets and who may open each (one table), the socket options, and the re-sync route.

Every websocket is a row of SOCKETS: its path, who may open it, the topics it hears, the message
types its client may send, and its handler. The routes are made from the table, and a socket
is authorised from its row before the handshake (Origin first, then the session or token), so a
new socket is one new row, and a socket without a row does not exist.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, abort, g, request
from flask_sock import Sock

from .. import auth
from ..coedit.documents import MENTOR_COLOUR, colour_of
from ..live import topics
from ..live.coediting import ProjectEditor, ProjectSeat
from ..live.events import live_state, services
from ..live.handlers import Dashboard, LearnerPage, Phone, Projector
from ..live.hub import WakingEvent
from ..live.sockets import SocketRule, serve
from ..live.viewmodels import learner_state

log = logging.getLogger(__name__)

# Each socket holds two server threads and two open files: one person (a learner's tabs and
# phones, a trainer's pages, one phone link) may hold this many at once; more get HTTP 429.
MAX_SOCKETS_EACH = 12

# A socket whose client vanished without closing (a phone left the Wi-Fi) is found by
# protocol pings and closed after at most two intervals.
SOCKET_PING_INTERVAL_S = 25


def _a_learner(view_args: dict):
    """A learner's session (any learner: one without a class hears only their own topic)."""
    learner_id = auth.current_learner()  # made by the page's first API call, not by a socket
    learner = services().store.get_learner(learner_id) if learner_id is not None else None
    if learner is None:
        abort(403)
    return learner


def _the_trainer_of_the_class(view_args: dict):
    """The session (or API token) of the trainer who owns the class in the path; 404 for others."""
    trainer = auth.current_trainer()
    if trainer is None:
        abort(403)
    classroom = services().store.get_classroom(view_args.get("classroom_id", 0))
    if classroom is None or classroom.trainer_id != trainer.id:
        abort(404)
    return classroom


def _a_phone_link(view_args: dict):
    """A phone link's token: it lets a phone read one learner's app for one exercise, nothing else."""
    link = services().store.phone_link_by_token(view_args.get("token", ""))
    if link is None or services().catalog.get(link.exercise_id) is None:
        abort(404)
    return link


def _a_member_of_the_project(view_args: dict) -> ProjectSeat:
    """A member of the project's group (a learner of its class), the trainer of its class, or a
    mentor it is shared with (who may not send updates: coediting.py); 404 else."""
    store = services().store
    project = store.get_project(view_args.get("project_id", 0))
    if project is None:
        abort(404)
    trainer = auth.current_trainer()
    if trainer is not None:
        classroom = store.get_classroom(project.classroom_id)
        if classroom is None or classroom.trainer_id != trainer.id:
            abort(404)
        return ProjectSeat(project, None, trainer.id, trainer.name, colour_of(None))
    mentor = auth.current_mentor()
    if mentor is not None:
        if not store.is_shared(mentor.id, project.id):
            abort(404)
        return ProjectSeat(project, None, None, mentor.name, MENTOR_COLOUR, mentor.id)
    learner_id = auth.current_learner()
    learner = store.get_learner(learner_id) if learner_id in project.members else None
    if learner is None or learner.removed or learner.classroom_id != project.classroom_id:
        abort(404)
    position = project.members.index(learner.id)
    return ProjectSeat(project, learner.id, None, learner.name or "", colour_of(position))


def _learner_topics(learner) -> list[str]:
    in_class = learner.classroom_id if not learner.removed else None
    return [topics.learner(learner.id)] + ([topics.classroom(in_class)] if in_class else [])


SOCKETS: dict[str, SocketRule] = {
    "live": SocketRule(
        path="/live",
        opens=_a_learner,
        listens=_learner_topics,
        handler=LearnerPage,
        accepts=frozenset({topics.FILES}),
        big=frozenset({topics.FILES}),
    ),
    "trainer_live": SocketRule(
        path="/live/classes/<int:classroom_id>",
        opens=_the_trainer_of_the_class,
        listens=lambda classroom: [topics.trainer(classroom.id)],
        handler=Dashboard,
        accepts=frozenset({topics.WATCH_LEARNER, topics.UNWATCH}),
        may_watch=True,
    ),
    "projector_live": SocketRule(
        path="/live/classes/<int:classroom_id>/projector",
        opens=_the_trainer_of_the_class,
        # For presence: a shown learner opened another exercise.
        listens=lambda classroom: [topics.trainer(classroom.id)],
        handler=Projector,
        accepts=frozenset({topics.PROJECT}),
        may_watch=True,
    ),
    "project_live": SocketRule(
        path="/live/projects/<int:project_id>",
        opens=_a_member_of_the_project,
        listens=lambda seat: [topics.project(seat.project.id)],
        handler=ProjectEditor,
        accepts=frozenset({topics.SYNC, topics.UPDATE, topics.AWARENESS}),
        big=frozenset({topics.UPDATE}),
    ),
    "phone_live": SocketRule(
        path="/live/phone/<token>",
        opens=_a_phone_link,
        listens=lambda link: [topics.watch(link.learner_id), topics.phone_link(link.id)],
        handler=Phone,
    ),
}


class LiveSock(Sock):
    """flask-sock, with our socket options, the authorisation check and the re-sync endpoint."""

    def init_app(self, app) -> None:
        options = app.config.setdefault("SOCK_SERVER_OPTIONS", {})
        options.setdefault("ping_interval", SOCKET_PING_INTERVAL_S)
        # The editor's typing (for the phone) is the one big message; each socket enforces its own
        # limit (SocketRule.big), and anything over this one is closed by simple-websocket with 1009.
        options.setdefault("max_message_size", topics.MAX_TYPING_BYTES)
        options.setdefault("event_class", WakingEvent)
        super().init_app(app)
        app.register_blueprint(bp)
        live_state(app)


sock = LiveSock()
bp = Blueprint("live", __name__)


def _same_origin() -> bool:
    origin = request.headers.get("Origin")
    return bool(origin) and urlsplit(origin).netloc == request.host


def _rule_of_this_request() -> SocketRule | None:
    return SOCKETS.get((request.endpoint or "").rsplit(".", 1)[-1])


def authorise_socket() -> None:
    """Check Origin and who is asking before any websocket of ours is accepted.

    A refusal is a plain HTTP answer (403 or 404): the handshake never happens.
    """
    rule = _rule_of_this_request()
    if rule is None:
        # Fail closed: a websocket that is not in the table is refused.
        log.warning("live: websocket %r is not in SOCKETS; refused", request.path)
        abort(404)
    if not _same_origin():
        abort(403)
    g.live_subject = rule.opens(request.view_args or {})
    owner = socket_owner(g.live_subject)
    if not live_state().reserve_socket(owner, MAX_SOCKETS_EACH):
        abort(429)
    g.live_socket_owner = owner


def socket_owner(subject) -> tuple:
    """Whose socket this is, for the limit: the trainer (any of their classes), a learner, a phone link."""
    trainer = g.get("trainer")
    if trainer is not None:
        return ("trainer", trainer.id)
    if (owner := getattr(subject, "owner", None)) is not None:
        return owner
    return (type(subject).__name__, getattr(subject, "id", None))


def release_socket(_error=None) -> None:
    """At the end of a socket's request (it closed, or its handshake failed): count it no more."""
    owner = g.pop("live_socket_owner", None)
    if owner is not None:
        live_state().release_socket(owner)


def _open(ws, **_view_args) -> None:
    rule = _rule_of_this_request()
    try:
        serve(ws, services().hub, rule, g.live_subject, request.args.to_dict())
    except Exception:
        # After the handshake an HTTP error page would be written onto the websocket: close it
        # instead. The log names the route, never the path (a phone link's path is its token).
        log.exception("live: socket %s failed", rule.path)
        try:
            ws.close(reason=1011, message="server error")
        except Exception:
            pass  # already closed


for _name, _rule in SOCKETS.items():
    sock.route(_rule.path, endpoint=_name)(_open)

# Runs before the handshake of every websocket above: a refused socket is never accepted.
sock.bp.before_request(authorise_socket)
sock.bp.teardown_request(release_socket)


# ---- the learner's re-sync over plain HTTP


@bp.get("/api/live")
def state():
    """Return this learner's class, its current push and recent messages (after a reconnect)."""
    return learner_state(auth.require_learner())
