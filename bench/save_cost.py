"""What one save costs the server in CPU, against a bare request of the same process.

Run: .venv/bin/python bench/save_cost.py [--saves 300] [--rounds 5]

A class's saves are the server's steadiest work (200 learners saving every 3 s: about 70 a
second), and the laptop server answers them all in one Python process, so a save's CPU is what
decides how many learners one laptop holds (docs/durability.md, "A save's cost"). This calls the
app in-process, as a test client does (no sockets: the HTTP server's share is not in it), with
SQLite in a throwaway folder and the bundled exercises: one learner opens an exercise, then saves
one more line of app.js each time, as the page does. Each round times `--saves` saves and as many
GET /healthz (the baseline: Flask's own cost of a request and our hooks, no database), in CPU
time of this process. It prints each round, then as its last line JSON with the medians: save
and baseline milliseconds of CPU, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, median

from sandbox.app import create_app
from tests.support.web import with_csrf

EXERCISE = "volunteer-counter"


def cpu_ms_each(action, count: int) -> float:
    start = time.process_time()
    for i in range(count):
        action(i)
    return (time.process_time() - start) * 1000 / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="sandbox-bench-save-"))
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": f"sqlite:///{instance}/sandbox.db",
            "EXERCISES_DIR": str(ROOT / "exercises"),
        }
    )
    client = app.test_client()
    first_step = app.extensions["sandbox"].catalog.get(EXERCISE).steps[0].id
    for _ in range(2):  # a first visit comes back once, to see that the browser keeps cookies
        client.get(f"/exercises/{EXERCISE}/{first_step}")
    with_csrf(client)
    work = client.get(f"/api/work/{EXERCISE}").get_json()
    files, revision = work["files"], work["revision"]

    def save(i: int) -> None:
        nonlocal revision
        files["app.js"] += f"\n// line {i}"
        answer = client.put(f"/api/work/{EXERCISE}", json={"files": files, "revision": revision})
        if answer.status_code != 200:
            sys.exit(f"save answered {answer.status_code}: {answer.get_data(as_text=True)}")
        revision = answer.get_json()["revision"]

    def bare(_i: int) -> None:
        client.get("/healthz")

    cpu_ms_each(save, 20)  # warm: statement caches, first versions
    saves, bares = [], []
    for round_ in range(args.rounds):
        saves.append(cpu_ms_each(save, args.saves))
        bares.append(cpu_ms_each(bare, args.saves))
        said = f"save {saves[-1]:.2f} ms, bare request {bares[-1]:.2f} ms"
        print(f"  round {round_ + 1}: {said}", file=sys.stderr)
    save_ms, bare_ms = median(saves), median(bares)
    print(
        json.dumps(
            {
                "save_cpu_ms": round(save_ms, 2),
                "bare_request_cpu_ms": round(bare_ms, 2),
                "ratio": round(save_ms / bare_ms, 2),
                "saves_per_round": args.saves,
                "rounds": args.rounds,
            }
        )
    )


if __name__ == "__main__":
    main()
