"""The one socket loop (sandbox/live/sockets.py `serve`) over a real simple-websocket server, on a
socket pair: what a page sends the moment its socket opens is answered at once."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import socket
import threading

from simple_websocket import ConnectionClosed, Server

from sandbox.live.hub import LocalHub, WakingEvent
from sandbox.live.sockets import PING_EVERY_S, Handler, SocketRule, serve


def client_frame(text: str) -> bytes:
    """One masked client text frame (RFC 6455), short enough for a 7-bit length."""
    payload = text.encode()
    mask = os.urandom(4)
    return bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def server_messages(client: socket.socket, timeout: float) -> list[dict]:
    """Read the server's unmasked text frames until one answers, or `timeout` passes."""
    client.settimeout(timeout)
    data, messages = b"", []
    try:
        while not messages:
            data += client.recv(4096)
            while len(data) >= 2 and len(data) >= 2 + (data[1] & 0x7F):
                length = data[1] & 0x7F  # our answers here are short
                messages.append(json.loads(data[2 : 2 + length]))
                data = data[2 + length :]
    except TimeoutError:
        pass
    return messages


class Echo(Handler):
    def request(self, message: dict) -> None:
        self.connection.send({"type": "answer", "to": message["type"]})


def test_a_message_that_arrived_before_the_loop_started_is_answered_at_once_not_at_the_next_ping():
    """The projector sends which learners to show the moment its socket opens. A message that
    simple-websocket's reader took in before `serve` listened to it set the socket's event but
    woke no one: it waited unread until the loop's next ping, PING_EVERY_S later, and the projector
    showed no app meanwhile (the flaky projector test of tests/security/test_trainer_frames.py)."""
    ours, theirs = socket.socketpair()
    key = base64.b64encode(os.urandom(16)).decode()
    environ = {
        "werkzeug.socket": ours,
        "HTTP_HOST": "127.0.0.1",
        "HTTP_UPGRADE": "websocket",
        "HTTP_CONNECTION": "Upgrade",
        "HTTP_SEC_WEBSOCKET_KEY": key,
        "HTTP_SEC_WEBSOCKET_VERSION": "13",
    }
    ws = Server(environ, event_class=WakingEvent)  # answers the handshake, starts its reader
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += theirs.recv(4096)
    assert answer.startswith(b"HTTP/1.1 101")
    theirs.sendall(client_frame(json.dumps({"type": "project"})))
    assert ws.event.wait(5)  # the reader has it: the page spoke before the loop began
    rule = SocketRule(
        path="/test", opens=dict, listens=lambda _subject: [], handler=Echo, accepts=frozenset({"project"})
    )
    loop = threading.Thread(target=serve, args=(ws, LocalHub(), rule, None), daemon=True)
    loop.start()
    try:
        assert server_messages(theirs, timeout=PING_EVERY_S / 4) == [{"type": "answer", "to": "project"}]
    finally:
        theirs.close()  # the page goes away: the loop ends without waiting for a closing handshake
        loop.join(5)
        with contextlib.suppress(ConnectionClosed):  # closed already, when the loop saw the page go
            ws.close()
