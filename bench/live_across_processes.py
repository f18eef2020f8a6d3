"""Live events across web processes: a trainer's push sent to web process a, heard by a learner's
socket held by web process b (Redis pub/sub), against the same push heard on a itself.

Two `sandbox run` processes share one database (PostgreSQL when one answers, else a SQLite file)
and one Redis. Each push is timed from just before its HTTP request to the socket's receipt.

    .venv/bin/python bench/live_across_processes.py [N]     (default N=50)
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

from common import median, percentile

from sandbox.app import create_app
from sandbox.store import Store
from tests.support import FIXTURE_EXERCISES
from tests.support.databases import REDIS_URL, PostgresDatabases, postgres_answers, redis_answers
from tests.support.http import call
from tests.support.scale import SECRET_KEY, Web, shared_settings
from tests.support.web import Socket, join, make_class, sign_in


def timed_pushes(host: str, page: Socket, trainer, classroom_id: int, n: int) -> list[float]:
    took = []
    for i in range(n):
        step = ("heading", "button")[i % 2]
        started = time.perf_counter()
        status, _ = call(
            host,
            "POST",
            f"/api/trainer/classes/{classroom_id}/push",
            trainer,
            {"exercise": "hello", "step": step},
        )
        assert status == 200
        assert page.next("push", timeout=5)["push"]["step"] == step
        took.append((time.perf_counter() - started) * 1000)
    return took


def main(n: int) -> None:
    if absent := redis_answers():
        sys.exit(absent)
    folder = Path(tempfile.mkdtemp(prefix="bench-live-"))
    databases = None
    if postgres_answers() is None:
        databases = PostgresDatabases()
        url = databases.migrated(folder)
    else:
        url = f"sqlite:///{folder / 'sandbox.db'}"
        Store(url).upgrade()
    namespace = f"bench-{uuid.uuid4().hex[:8]}"
    config = {
        "INSTANCE_PATH": str(folder / "app"),
        "EXERCISES_DIR": str(FIXTURE_EXERCISES),
        "DATABASE_URL": url,
    }
    app = create_app(
        {**config, "REDIS_URL": REDIS_URL, "REDIS_NAMESPACE": namespace, "SECRET_KEY": SECRET_KEY}
    )
    settings = shared_settings(url, REDIS_URL, namespace, FIXTURE_EXERCISES)
    a, b = Web(folder / "a", settings), Web(folder / "b", settings)
    try:
        a.wait_until_ready()
        b.wait_until_ready()
        trainer = sign_in(app, "amina")
        classroom_id = make_class(trainer)
        learner = join(app, app.extensions["sandbox"].store.get_classroom(classroom_id).join_code, "Farrukh")
        figures = {}
        for name, host in (
            ("same process (socket on a)", a.host),
            ("across processes (socket on b)", b.host),
        ):
            page = Socket(host, "/live?exercise=hello&step=heading", learner)
            page.next("hello")
            timed_pushes(a.host, page, trainer, classroom_id, 5)  # warm up
            took = timed_pushes(a.host, page, trainer, classroom_id, n)
            page.close()
            figures[name] = {
                "n": n,
                "median_ms": round(median(took), 1),
                "p95_ms": round(percentile(took, 0.95), 1),
            }
        print(json.dumps({"database": url.split(":", 1)[0], "push_to_socket": figures}, indent=2))
    finally:
        a.stop()
        b.stop()
        app.extensions["sandbox"].hub.close()
        app.extensions["sandbox"].store.dispose()
        if databases is not None:
            databases.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
