"""The scaled-out deployment on its real engines (docs/deploy.md): two web processes under gunicorn
(two ports) and two `sandbox worker` processes, sharing one PostgreSQL database and one Redis.

A push sent through one web process reaches learners connected to the other; a Check submitted on
one is graded by a worker and its result arrives on the other; a worker killed (SIGKILL) in the
middle of a job loses no grade (the other worker grades it, once); a web process killed while a
class saves loses no save it acknowledged. Skipped, saying why, without PostgreSQL or Redis.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import threading
import time
import urllib.request

import pytest
import redis

from sandbox.app import create_app
from tests.support import FIXTURE_EXERCISES
from tests.support.databases import POSTGRES_URL, postgres_answers
from tests.support.grading import write_exercise
from tests.support.http import call
from tests.support.scale import SECRET_KEY, GunicornWeb, postgres_database, shared_settings, start_worker
from tests.support.web import Socket, join, make_class, sign_in

SLOW = {"do": [{"wait": 3000}], "expect": {"role": "heading", "name": "Hello", "visible": True}}


@pytest.fixture(scope="module")
def postgres_url():
    absent = postgres_answers()
    if absent:
        pytest.skip(absent)
    with postgres_database(POSTGRES_URL) as url:
        yield url


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, postgres_url, redis_url):
    """Web processes a and b (gunicorn), workers 1 and 2, and an app in the test to make people
    with (the same database and key). The Redis namespace is the module's own."""
    folder = tmp_path_factory.mktemp("engines")
    exercises = folder / "exercises"
    shutil.copytree(FIXTURE_EXERCISES, exercises)
    slow = write_exercise(exercises, [SLOW])  # a job that takes a while: time to kill its worker
    namespace = f"sandbox-test-engines-{folder.name}"
    settings = shared_settings(postgres_url, redis_url, namespace, exercises)
    a, b = GunicornWeb(folder / "web-a", settings), GunicornWeb(folder / "web-b", settings)
    workers = [start_worker(folder / f"worker-{n}", settings) for n in (1, 2)]
    app = create_app(
        {
            "INSTANCE_PATH": str(folder / "test-app"),
            "DATABASE_URL": postgres_url,
            "EXERCISES_DIR": str(exercises),
            "REDIS_URL": redis_url,
            "REDIS_NAMESPACE": namespace,
            "SECRET_KEY": SECRET_KEY,
        }
    )
    client = redis.Redis.from_url(redis_url)
    try:
        a.wait_until_ready(), b.wait_until_ready()
        yield {
            "app": app,
            "a": a,
            "b": b,
            "workers": workers,
            "slow": slow.id,
            "redis": client,
            "ns": namespace,
        }
    finally:
        for process in (a, b, *workers):
            process.stop()
        services = app.extensions["sandbox"]
        services.grading.stop()
        services.store.dispose()
        keys = list(client.scan_iter(f"{namespace}*"))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture
def sockets():
    opened: list[Socket] = []

    def open_(*args, **kwargs) -> Socket:
        opened.append(Socket(*args, **kwargs))
        return opened[-1]

    yield open_
    for socket in opened:
        socket.close()


def a_class(app, trainer_name: str, *learners: str):
    trainer = sign_in(app, trainer_name)
    classroom_id = make_class(trainer)
    code = app.extensions["sandbox"].store.get_classroom(classroom_id).join_code
    return trainer, classroom_id, [join(app, code, name) for name in learners]


def eventually(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.02)
    raise AssertionError(f"not within {timeout} s: {what}")


def test_a_push_and_a_checks_result_reach_learners_on_the_other_web_process(deployment, sockets):
    app, a, b = deployment["app"], deployment["a"], deployment["b"]
    trainer, classroom_id, (farrukh,) = a_class(app, "amina", "Farrukh")
    page = sockets(b.host, "/live?exercise=hello&step=heading", farrukh)
    page.next("hello")

    push = {"exercise": "hello", "step": "button"}
    assert call(a.host, "POST", f"/api/trainer/classes/{classroom_id}/push", trainer, push)[0] == 200
    assert page.next("push", timeout=5)["push"]["step"] == "button"

    check = {"exercise": "hello", "step": "heading", "files": {"index.html": "<h1>Hello</h1>"}}
    status, submitted = call(a.host, "POST", "/api/submissions", farrukh, check)
    assert status == 202
    result = page.next("result", timeout=60)  # graded by one of the worker processes
    assert result["submission"] == submitted["id"] and result["result"]["status"] == "pass"
    stored = app.extensions["sandbox"].store.get_submission(submitted["id"])
    assert stored.status == "pass" and stored.graded_at is not None


def test_a_worker_killed_mid_job_loses_no_grade_the_other_grades_it_once(deployment, sockets):
    app, a, b, slow = deployment["app"], deployment["a"], deployment["b"], deployment["slow"]
    _trainer, _classroom_id, (zarina,) = a_class(app, "boris", "Zarina")
    page = sockets(b.host, f"/live?exercise={slow}&step=only", zarina)
    page.next("hello")
    check = {"exercise": slow, "step": "only", "files": {"index.html": "<h1>Hello</h1>"}}
    status, submitted = call(a.host, "POST", "/api/submissions", zarina, check)
    assert status == 202
    lease = f"{deployment['ns']}:grading:lease:{submitted['id']}"
    owner = eventually(lambda: deployment["redis"].get(lease), 60, "a worker took the job").decode()
    workers = {worker.process.pid: worker for worker in deployment["workers"]}
    grading = workers.pop(int(owner.rsplit(":", 1)[1]))  # the lease names its host:pid
    (other,) = workers.values()
    grading.kill()  # in the middle of its 3 s job
    assert app.extensions["sandbox"].store.get_submission(submitted["id"]).status == "queued"

    result = page.next("result", timeout=60)  # the lease runs out; the other worker grades it
    assert result["submission"] == submitted["id"] and result["result"]["status"] == "pass"
    assert app.extensions["sandbox"].store.get_submission(submitted["id"]).status == "pass"
    with pytest.raises(AssertionError):
        page.next("result", timeout=3)  # graded once: no second result
    assert "queued again" in other.log.read_text()


class Saver:
    """One learner saving over and over through one web process, keeping what was acknowledged."""

    def __init__(self, client, number: int):
        self.client, self.number = client, number
        self.revision, self.acked = 0, []

    def save_until(self, host: str, stop: threading.Event) -> None:
        n = 0
        while not stop.is_set():
            text = f"<h1>learner {self.number} save {n}</h1>"
            body = {"files": {"index.html": text}, "revision": self.revision, "step": "heading"}
            try:
                status, answer = call(host, "PUT", "/api/work/hello", self.client, body)
            except (OSError, http.client.HTTPException):
                return  # the process is gone, or its answer was cut off: not acknowledged
            if status == 200:
                self.acked.append(text)
                self.revision = answer["revision"]
            n += 1


def test_a_web_process_killed_during_saves_loses_no_acknowledged_save(deployment):
    app, b = deployment["app"], deployment["b"]
    _trainer, classroom_id, clients = a_class(app, "carla", *(f"Learner {n}" for n in range(12)))
    savers = [Saver(client, n) for n, client in enumerate(clients)]
    stop = threading.Event()
    threads = [threading.Thread(target=s.save_until, args=(b.host, stop), daemon=True) for s in savers]
    for thread in threads:
        thread.start()
    eventually(lambda: sum(len(s.acked) for s in savers) >= 60, 30, "saves acknowledged")
    serving = b.serving_pid()
    os.kill(serving, signal.SIGKILL)  # the process holding the requests; gunicorn starts another
    stop.set()
    for thread in threads:
        thread.join(15)
    store = app.extensions["sandbox"].store
    ids = {learner.name: learner.id for learner in store.learners_of(classroom_id)}
    lost = []
    for saver in savers:
        work = store.get_work(ids[f"Learner {saver.number}"], "hello")
        stored = work.files["index.html"] if work else ""
        last = int(re.search(r"save (\d+)", saver.acked[-1]).group(1))
        found = int(m.group(1)) if (m := re.search(r"save (\d+)", stored)) else -1
        if found < last:  # the newest acknowledged save, or one after it whose answer was cut off
            lost.append((saver.number, saver.acked[-1], stored))
    assert lost == [], lost
    # gunicorn's master started a new worker process: the same address serves again.
    eventually(lambda: b.process.poll() is None and _answers(b.host), 30, "web process b serves again")
    assert b.serving_pid() != serving


def _answers(host: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://{host}/healthz", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False
