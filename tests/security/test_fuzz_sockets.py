"""Fuzzing every websocket: any message of any type, sent on each of the four sockets.

The sockets are the rows of sandbox/views/live.py SOCKETS, each served for real (Werkzeug in a
thread) and opened by whoever may open it. Property: whatever a client sends (the types its row
accepts with any fields, every other type, JSON of any shape, text that is not JSON, binary
frames, JSON nested past the recursion limit), the socket answers with messages of ours or an
error and keeps serving (a message over the size limit is closed with 1009, the one clear
refusal of a socket), and nothing is logged with a traceback.
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from simple_websocket import ConnectionClosed

from sandbox.live import topics
from sandbox.views.live import SOCKETS
from tests.support.fuzz import Tracebacks, deep, fuzz_settings, numbers, shaped, texts, values
from tests.support.web import join, sign_in

EXAMPLES = 60  # messages per socket
HANDSHAKES = 30  # openings of the learner's socket with a hostile query

# Every type any socket knows, the ones its client may send among them.
TYPES = sorted(
    {value for name, value in vars(topics).items() if name.isupper() and isinstance(value, str)}
    - {topics.NOT_ALLOWED, topics.NO_SUCH_LEARNER, topics.TOO_MANY, topics.BAD_FILES, topics.TOO_BIG}
)
IDS = st.integers(min_value=-2, max_value=5) | numbers | texts | st.none() | st.booleans()
FILES = st.dictionaries(st.sampled_from(["index.html", "style.css", "app.js"]), st.text(max_size=30)) | values
FIELDS = {
    "learner": IDS,
    "learners": st.lists(IDS, max_size=14) | values,
    "exercise": st.sampled_from(["hello", "nope", ""]) | values,
    "step": st.sampled_from(["heading", "button", "nope"]) | values,
    "files": FILES,
    "revision": numbers | values,
    "topic": st.sampled_from(["trainer:1", "learner:1", "watch:1"]) | values,
}


def messages(accepted: frozenset[str]):
    """What a client may put on a socket: mostly the types its row accepts, with fields of any shape."""
    typed = st.tuples(
        st.sampled_from(sorted(accepted)) if accepted else st.sampled_from(TYPES),
        shaped(FIELDS),
    ).map(lambda t: json.dumps({"type": t[0], **t[1]}))
    return st.one_of(
        typed,
        typed,
        typed,
        st.tuples(st.sampled_from(TYPES) | texts | values, shaped(FIELDS)).map(
            lambda t: json.dumps({"type": t[0], **t[1]})
        ),
        values.map(json.dumps),
        texts,
        st.binary(max_size=64),
        st.integers(min_value=900, max_value=2000).map(deep),
        st.integers(min_value=4000, max_value=6000).map(
            lambda n: json.dumps({"type": "files", "x": "a" * n})
        ),
    )


@pytest.fixture
def world(app):
    """A trainer with a class, and a learner in it whose phone link is open (so typing is relayed)."""
    store = app.extensions["sandbox"].store
    trainer = sign_in(app, "amina")
    classroom = store.create_classroom(store.trainer_by_name("amina").id, "Day 1")
    learner = join(app, classroom.join_code, "Farrukh")
    join(app, classroom.join_code, "Zarina")
    learner_id = store.learners_of(classroom.id)[0].id
    link = store.create_phone_link(learner_id, "hello")
    files = {"index.html": "<h1>Water</h1>", "style.css": "", "app.js": ""}
    project = store.create_project(classroom.id, "Water", "healthcare", "", "blank", files, {}, [learner_id])
    return {
        "live": ("/live?exercise=hello&step=heading", learner),
        "trainer_live": (f"/live/classes/{classroom.id}", trainer),
        "projector_live": (f"/live/classes/{classroom.id}/projector", trainer),
        "phone_live": (f"/live/phone/{link.token}", None),
        "project_live": (f"/live/projects/{project.id}", learner),
    }


class Probe:
    """One socket, reopened when a message over its limit closed it; `answered()` proves it serves."""

    def __init__(self, open_, served, path, client):
        self.open, self.served, self.path, self.client = open_, served, path, client
        self.socket = self._open()

    def _open(self):
        socket = self.open(self.served, self.path, self.client)
        socket.next(topics.HELLO if "phone" not in self.path else "files")  # phones get a snapshot first
        return socket

    def send(self, raw) -> None:
        self.socket.ws.send(raw)

    def answered(self, sent) -> str:
        """Send something refused for sure, and read up to its error; 'closed' if the socket closed."""
        try:
            self.socket.send({"type": "not-a-type-of-ours"})
            while True:
                raw = self.socket.ws.receive(timeout=5)
                assert raw is not None, f"no answer after {sent[:200]!r}"
                message = json.loads(raw)
                assert isinstance(message, dict) and isinstance(message.get("type"), str), raw
                if message["type"] == topics.ERROR:
                    break
            # What else this round brought (one message may be answered with several errors).
            while (raw := self.socket.ws.receive(timeout=0.02)) is not None:
                assert isinstance(json.loads(raw).get("type"), str), raw
            return "served"
        except (ConnectionClosed, OSError):  # (OSError: closed underneath our send)
            reason = self.socket.ws.close_reason
            self.socket.close()
            self.socket = self._open()
            return f"closed {reason}"


@pytest.mark.parametrize("name", sorted(SOCKETS))
def test_fuzz_every_socket_message_gets_an_answer_or_a_clear_close(world, served, sockets, caplog, name):
    """Threat: a message of a wrong type, shape, size or depth makes a socket's loop fail: the
    socket dies with a traceback (or writes an HTTP 500 page onto the websocket) and the page,
    the trainer's dashboard or the projector loses its live view."""
    logged = Tracebacks(caplog)
    path, client = world[name]
    if name == "live":
        sockets(served, world["phone_live"][0])  # a phone is open: the learner's typing is relayed
    probe = Probe(sockets, served, path, client)

    @fuzz_settings(EXAMPLES)
    @given(raw=messages(SOCKETS[name].accepts))
    def property_(raw):
        probe.send(raw)
        outcome = probe.answered(raw)
        size = len(raw.encode() if isinstance(raw, str) else raw)
        if outcome != "served":
            # The one clear close: a message over the size limit (1009).
            assert outcome == f"closed {topics.CLOSE_TOO_BIG}" and size > topics.MAX_MESSAGE_BYTES, (
                f"{outcome} after {raw[:200]!r}"
            )
        assert logged.new() == [], f"after {raw[:200]!r}"

    property_()


def test_fuzz_the_learner_socket_handshake_with_any_query(world, served, sockets, caplog):
    """Threat: a hostile query on the learner socket's address (?exercise=…&step=…) fails its
    handshake with a 500 or its first message with a traceback."""
    logged = Tracebacks(caplog)
    _, learner = world["live"]

    @fuzz_settings(HANDSHAKES)
    @given(
        exercise=st.sampled_from(["hello", "nope", ""]) | texts, step=st.sampled_from(["heading", ""]) | texts
    )
    def property_(exercise, step):
        path = "/live?" + urlencode({"exercise": exercise, "step": step})
        status = handshake_status(served, path, learner)
        if status == 101:
            socket = sockets(served, path, learner)
            socket.next(topics.HELLO)
            socket.close()
        else:
            assert 400 <= status < 500, (path, status)
        assert logged.new() == [], path

    property_()


def handshake_status(host: str, path: str, client) -> int:
    """The HTTP status a websocket handshake gets (101: accepted; the connection is then dropped)."""
    connection = http.client.HTTPConnection(host, timeout=5)
    try:
        connection.request(
            "GET",
            path,
            headers={
                "Upgrade": "websocket",
                "Connection": "Upgrade",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version": "13",
                "Origin": f"http://{host}",
                "Cookie": f"sandbox_session={client.get_cookie('sandbox_session').value}",
            },
        )
        return connection.getresponse().status
    finally:
        connection.close()
