"""Co-editing a group project: how long a keystroke takes to show in the other members' editors.

Run: .venv/bin/python bench/coedit.py [SECONDS]   (or `make bench`)

The server runs as `make run` runs it. MEMBERS learners of one group open the project page, each
in a browser context of its own in one Chromium (four laptops at 1280×800 and a 360×640 phone on
its Code tab; COEDIT_MEMBERS and COEDIT_PHONES change the mix),
and all of them type at once for SECONDS (default 10): each member, on a line of its own of
index.html, types a short word every 200 ms (a fast typist), through the editor as a keystroke
is (`insert`, the same transaction a key makes). Every page notes, by the shared wall clock
(performance.timeOrigin + now), when it typed each word and when each other member's word first
showed in its own editor. The path is the editor, the Yjs document, the project socket, the
database (an update is stored before it is passed on), the hub, and the others' sockets.

Then the same without browsers, to tell the server's part from the pages': MEMBERS socket
clients, each a pycrdt document of its own, send an update every 200 ms for SECONDS to the app
served in this process; the time from sending to each other client's receiving it.

Printed last, as JSON: p50/p95/max of keystroke → each other member's editor (and of the
server's part), how many arrivals were measured, how many words any member never saw and how
many are missing in the database (both must be 0), and the machine's load average (five
Chromium pages and their previews share its cores: a busy machine shows in the browsers' figure).
"""

from __future__ import annotations

import base64
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from common import bundled_server, percentile
from playwright.sync_api import sync_playwright
from pycrdt import Doc, Text
from werkzeug.serving import make_server

from sandbox.app import create_app
from sandbox.grading.browser import LOCAL_PAGES_FLAGS, find_chromium
from sandbox.store import Store
from tests.browser.conftest import PHONE
from tests.support import FIXTURE_EXERCISES
from tests.support.web import TOKEN, Socket, join, sign_in

MEMBERS = int(os.environ.get("COEDIT_MEMBERS", "5"))
PHONES = int(os.environ.get("COEDIT_PHONES", "1"))  # the last members are phones, on the Code tab
TAGS = "abcde"
EVERY_MS = 200

# In each page: type a word on this member's line every EVERY_MS; note when every word (its own
# and the others') is first in the editor.
TYPIST = """([tag, every, seconds]) => {
  const ed = window.sandboxEditor;
  const clock = () => performance.timeOrigin + performance.now();
  window.benchTyped = {}; window.benchSeen = {};
  const look = () => {
    const t = clock();
    for (const m of ed.getFile("index.html").matchAll(/ ([a-e]\\d+)\\./g)) {
      if (!(m[1] in window.benchSeen)) window.benchSeen[m[1]] = t;
    }
  };
  ed.view.dom.ownerDocument.defaultView.requestAnimationFrame(function frame() {
    look(); requestAnimationFrame(frame);
  });
  window.sandboxCoedit.doc.on("afterTransaction", () => queueMicrotask(look));
  let n = 0;
  window.benchDone = false;
  const timer = setInterval(() => {
      const doc = ed.view.state.doc;
      let line = null;
      for (let i = 1; i <= doc.lines; i++) if (doc.line(i).text.startsWith(`<p>${tag}:`)) line = doc.line(i);
      const word = `${tag}${n++}`;
      ed.view.dispatch({ selection: { anchor: line.to } });
      window.benchTyped[word] = clock();
      ed.insert(` ${word}.`);
      if (n * every >= seconds * 1000) { clearInterval(timer); window.benchDone = true; }
    }, every);
  return true;
}"""


def _summary(latencies: list[float]) -> dict:
    return {
        "p50": round(percentile(latencies, 0.5), 1),
        "p95": round(percentile(latencies, 0.95), 1),
        "max": round(max(latencies), 1),
    }


def server_only(seconds: float) -> dict:
    """MEMBERS pycrdt clients on the project socket of an app served in this process."""
    instance = Path(tempfile.mkdtemp(prefix="sandbox-bench-")) / "instance"
    instance.mkdir()
    app = create_app({"INSTANCE_PATH": str(instance), "EXERCISES_DIR": str(FIXTURE_EXERCISES)})
    store = app.extensions["sandbox"].store
    trainer = sign_in(app, "amina")
    made = trainer.post("/trainer/classes", data={"csrf_token": TOKEN, "name": "Bench"})
    classroom = store.get_classroom(int(made.location.rsplit("/", 1)[1]))
    clients = [join(app, classroom.join_code, f"Member {tag}") for tag in TAGS[:MEMBERS]]
    members = [learner.id for learner in store.learners_of(classroom.id)]
    files = {"index.html": "", "style.css": "", "app.js": ""}
    project = store.create_project(classroom.id, "Bench", "healthcare", "", "blank", files, {}, members)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{server.server_port}"
    sockets = [Socket(host, f"/live/projects/{project.id}", client) for client in clients]
    docs = []
    for socket in sockets:
        socket.next("hello")
        doc = Doc()
        socket.send({"type": "sync", "sv": base64.b64encode(doc.get_state()).decode()})
        doc.apply_update(base64.b64decode(socket.next("sync")["update"]))
        docs.append(doc)
    sent: dict[str, float] = {}
    heard: list[tuple[float, str]] = []
    lock = threading.Lock()

    def listen(socket) -> None:
        while (raw := socket.ws.receive(timeout=3)) is not None:
            message = json.loads(raw)
            if message["type"] == "update":
                with lock:
                    heard.append((time.monotonic(), message["update"]))

    def type_(number: int) -> None:
        doc, text = docs[number], docs[number].get("index.html", type=Text)
        for n in range(int(seconds * 1000 / EVERY_MS)):
            before = doc.get_state()
            text.insert(0, f" {TAGS[number]}{n}.")
            update = base64.b64encode(doc.get_update(before)).decode()
            with lock:
                sent[update] = time.monotonic()
            sockets[number].send({"type": "update", "id": n + 1, "update": update})
            time.sleep(EVERY_MS / 1000)

    listeners = [threading.Thread(target=listen, args=(socket,), daemon=True) for socket in sockets]
    typists = [threading.Thread(target=type_, args=(number,)) for number in range(MEMBERS)]
    for thread in listeners + typists:
        thread.start()
    for thread in typists + listeners:
        thread.join()
    for socket in sockets:
        socket.close()
    server.shutdown()
    latencies = [(at - sent[update]) * 1000 for at, update in heard if update in sent]
    expected = len(sent) * (MEMBERS - 1)
    return {
        "arrivals_measured": len(latencies),
        "never_heard": expected - len(latencies),
        **_summary(latencies),
    }


def main(seconds: float) -> dict:
    with bundled_server() as server, sync_playwright() as playwright:
        store = Store(f"sqlite:///{server.log.parent / 'sandbox.db'}")
        trainer = store.create_trainer(f"bench-{uuid.uuid4().hex[:6]}", "correct horse")
        classroom = store.create_classroom(trainer.id, "Bench")
        learners = [store.join_classroom(classroom.id, f"Member {tag}") for tag in TAGS[:MEMBERS]]
        index = "".join(f"<p>{tag}:</p>\n" for tag in TAGS[:MEMBERS])
        files = {"index.html": index, "style.css": "", "app.js": ""}
        project = store.create_project(
            classroom.id, "Bench", "healthcare", "", "blank", files, {}, [x.id for x in learners]
        )
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=LOCAL_PAGES_FLAGS)
        pages = []
        for number, learner in enumerate(learners):
            phone = number >= MEMBERS - PHONES
            device = PHONE if phone else {"viewport": {"width": 1280, "height": 800}}
            page = browser.new_context(**device).new_page()
            page.goto(f"{server.url}/resume")
            page.fill("input[name=code]", learner.resume_code)
            page.locator("main form button").click()
            page.wait_for_url(f"{server.url}/")
            page.goto(f"{server.url}/projects/{project.id}")
            page.wait_for_selector("body[data-ready=true][data-coedit=saved]")
            if phone:
                page.locator("#tab-code").tap()  # where a phone types (its preview is a tab away)
            pages.append(page)
        # Everyone starts at once: each page's typing runs by itself, in parallel.
        for tag, page in zip(TAGS, pages, strict=False):
            page.evaluate(f"(a) => ({TYPIST})(a)", [tag, EVERY_MS, seconds])
        for page in pages:
            page.wait_for_function("() => window.benchDone === true", timeout=seconds * 1000 + 30_000)
        for page in pages:
            page.wait_for_selector("body[data-coedit=saved]")
        pages[0].wait_for_timeout(1000)  # the last words' way to everyone
        typed = {}
        seen = []
        for page in pages:
            typed.update(page.evaluate("window.benchTyped"))
            seen.append(page.evaluate("window.benchSeen"))
        latencies, missing = [], 0
        for tag, page_seen in zip(TAGS, seen, strict=False):
            for word, at in typed.items():
                if word.startswith(tag):
                    continue  # one's own typing
                if word not in page_seen:
                    missing += 1
                else:
                    latencies.append(page_seen[word] - at)
        stored = store.get_project(project.id).files["index.html"]
        lost_in_store = sum(1 for word in typed if f" {word}." not in stored)
        browser.close()
        store.dispose()
    return {
        "bench": "coedit",
        "members": MEMBERS,
        "phones": PHONES,
        "seconds": seconds,
        "words_typed": len(typed),
        "arrivals_measured": len(latencies),
        "keystroke_to_others_ms": _summary(latencies),
        "never_seen": missing,
        "missing_in_database": lost_in_store,
        "server_only_ms": server_only(seconds),
        "load_average_1min": round(os.getloadavg()[0], 1),
    }


if __name__ == "__main__":
    print(json.dumps(main(float(sys.argv[1]) if len(sys.argv) > 1 else 10.0)))
