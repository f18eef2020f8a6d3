"""Grading throughput with 1, 2 and 3 `sandbox worker` processes, against PostgreSQL and Redis.

Run: .venv/bin/python bench/workers.py [--processes 1,2,3] [--threads 1] [--submissions 120]

Each round starts that many `sandbox worker --threads T` processes (docs/deploy.md), as on worker
machines, sharing one PostgreSQL database (made for the run, dropped after) and one Redis
namespace. The submissions (half passing, half failing, of the 5-check exercise with a click that
bench/grading.py uses) are stored and queued as a web process does (Store.create_submission, then
GradingService.enqueue), all at once; the time counted is from the first enqueue until the store
holds every grade. The browsers are started first (a warm-up batch, not counted).

On one machine the processes share its cores: past the cores, more processes cannot add
throughput, they show that the queue spreads over them and what one more process costs. The
scaling ratio is each round's rate over the 1-process round's. The last line printed is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import redis
from common import ROOT

from sandbox.app import create_app
from sandbox.exercises import load_exercise
from tests.support.databases import POSTGRES_URL, REDIS_URL, postgres_answers, redis_answers
from tests.support.scale import Process, postgres_database, shared_settings

EXERCISE = ROOT / "bench" / "exercises" / "five-checks"


def graded(store, ids: list[int]) -> int:
    return sum(1 for i in ids if store.get_submission(i).status != "queued")


def run_round(folder: Path, database_url: str, processes: int, threads: int, count: int) -> dict:
    namespace = f"sandbox-bench-workers-{uuid.uuid4().hex[:8]}"
    settings = shared_settings(database_url, REDIS_URL, namespace, folder / "exercises")
    app = create_app(
        {
            "INSTANCE_PATH": str(folder / f"web-{processes}"),
            "DATABASE_URL": database_url,
            "EXERCISES_DIR": str(folder / "exercises"),
            "REDIS_URL": REDIS_URL,
            "REDIS_NAMESPACE": namespace,
        }
    )
    services = app.extensions["sandbox"]
    store, grading = services.store, services.grading
    exercise = load_exercise(folder / "exercises" / EXERCISE.name)
    passing, failing = dict(exercise.solutions["counter"]), dict(exercise.wrong[0].files)
    learner = store.create_learner()

    def stored(n: int) -> list[int]:
        files = [passing if i % 2 == 0 else failing for i in range(n)]
        return [store.create_submission(learner, exercise.id, "counter", f, "en").id for f in files]

    def queue(ids: list[int]) -> list[int]:
        for submission_id in ids:
            grading.enqueue(submission_id)
        return ids

    workers = [
        Process(folder / f"round-{processes}-worker-{n}", ["worker", "--threads", str(threads)], settings)
        for n in range(processes)
    ]
    try:
        warm = queue(stored(processes * threads * 2))  # starts every browser before the timing
        deadline = time.monotonic() + 180
        while graded(store, warm) < len(warm) and time.monotonic() < deadline:
            time.sleep(0.1)
        ids = stored(count)
        started = time.monotonic()
        queue(ids)
        while graded(store, ids) < len(ids) and time.monotonic() < started + 600:
            time.sleep(0.05)
        elapsed = time.monotonic() - started
        statuses = [store.get_submission(i).status for i in ids]
        wrong = sum(1 for i, s in enumerate(statuses) if s != ("pass" if i % 2 == 0 else "fail"))
    finally:
        for worker in workers:
            worker.stop()
        grading.stop()
        store.dispose()
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{namespace}*"))
        if keys:
            client.delete(*keys)
        client.close()
    return {"processes": processes, "per_second": round(len(ids) / elapsed, 2), "wrong_results": wrong}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", default="1,2,3")
    parser.add_argument("--threads", type=int, default=1, help="grading threads (browsers) per process")
    parser.add_argument("--submissions", type=int, default=120)
    args = parser.parse_args()
    if absent := postgres_answers() or redis_answers():
        sys.exit(f"bench/workers.py needs PostgreSQL and Redis: {absent}")
    folder = Path(tempfile.mkdtemp(prefix="sandbox-bench-workers-"))
    (folder / "exercises").mkdir()
    shutil.copytree(EXERCISE, folder / "exercises" / EXERCISE.name)
    rounds = []
    with postgres_database(POSTGRES_URL) as database_url:
        for processes in (int(n) for n in args.processes.split(",")):
            rounds.append(run_round(folder, database_url, processes, args.threads, args.submissions))
            print(f"  {rounds[-1]}", file=sys.stderr)
    base = rounds[0]["per_second"]
    result = {
        "threads_per_process": args.threads,
        "submissions": args.submissions,
        "per_second": {str(r["processes"]): r["per_second"] for r in rounds},
        "ratio": {str(r["processes"]): round(r["per_second"] / base, 2) for r in rounds},
        "wrong_results": sum(r["wrong_results"] for r in rounds),
        "cores": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
