"""Grading throughput: the real runner against a new context, and a new browser, per submission.

Run: .venv/bin/python bench/grading.py [--submissions 300] [--workers N] [--fixed 6]  (`make bench-grading`)

The runner is measured with the worker count it picks for this machine (adaptive_workers, or
--workers) and, in the same run, with the fixed count of earlier versions (--fixed, 0 to skip).

A mix of passing and failing submissions of a 5-check exercise (one check clicks) goes through the
real Grader: a fresh document and fresh storage for every submission. In the same run, the same
work is done by graders that open a new browser context, or a new browser, per submission: the
two baselines. Timings here are noisy, so compare the ratios. The last line printed is JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time

from common import ROOT, median, percentile

from sandbox.exercises import load_exercise
from sandbox.grading import processes
from sandbox.grading.runner import Grader, Submission, adaptive_workers
from sandbox.grading.worker import Worker

EXERCISE = ROOT / "bench" / "exercises" / "five-checks"


class NewContextWorker(Worker):
    """The same grading, but every submission in a brand-new browser context."""

    def grade(self, submission, started):
        try:
            return super().grade(submission, started)
        finally:
            if self.context is not None:
                self.context.close()
            self.context = self.page = None


class NewBrowserWorker(Worker):
    """The same grading, but every submission in a brand-new browser."""

    def grade(self, submission, started):
        try:
            return super().grade(submission, started)
        finally:
            self.shutdown_browser()


class BaselineGrader(Grader):
    worker_class = Worker

    def _start_worker(self, number):
        worker = self.worker_class(self, number)
        worker.start()
        return worker


def submissions(count: int) -> list[Submission]:
    exercise = load_exercise(EXERCISE)
    passing = dict(exercise.solutions["counter"])
    failing = dict(exercise.wrong[0].files)
    return [Submission(exercise, "counter", passing if i % 2 == 0 else failing) for i in range(count)]


class PeakMemory:
    """Sample the resident memory of this process and every process below it (the browsers)."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        import os

        while not self._stop.wait(0.2):
            pids = [os.getpid(), *processes.descendants(os.getpid())]
            self.peak = max(self.peak, sum(processes.rss_mb(pid) for pid in pids))

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def measure(grader: Grader, work: list[Submission]) -> dict:
    grader.grade_many(work[: len(grader.workers) * 2])  # start the browsers before timing
    started = time.perf_counter()
    results = grader.grade_many(work)
    elapsed = time.perf_counter() - started
    expected = ["pass" if s.files.get("app.js", "").startswith("var") else "fail" for s in work]
    wrong = [r for r, want in zip(results, expected, strict=True) if r.status != want]
    durations = [r.duration_ms for r in results]
    return {
        "per_second": len(work) / elapsed,
        "p50_ms": median(durations),
        "p95_ms": percentile(durations, 0.95),
        "wrong_results": len(wrong),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--baseline-submissions", type=int, default=30)
    parser.add_argument("--workers", type=int, default=0, help="0: as many as the machine runs well")
    parser.add_argument("--fixed", type=int, default=6, help="also measure this many workers (0: skip)")
    args = parser.parse_args()
    args.workers = args.workers or adaptive_workers()

    with PeakMemory() as memory:
        grader = Grader(workers=args.workers)
        try:
            real = measure(grader, submissions(args.submissions))
        finally:
            grader.close()
    print(
        f"runner, {args.workers} workers: {real['per_second']:.1f}/s, p50 {real['p50_ms']} ms, "
        f"p95 {real['p95_ms']} ms, peak RSS {memory.peak:.0f} MB",
        file=sys.stderr,
    )
    fixed = None
    if args.fixed and args.fixed != args.workers:
        grader = Grader(workers=args.fixed)
        try:
            fixed = measure(grader, submissions(args.submissions))
        finally:
            grader.close()
        print(
            f"runner, fixed {args.fixed} workers: {fixed['per_second']:.1f}/s, p50 {fixed['p50_ms']} ms, "
            f"p95 {fixed['p95_ms']} ms",
            file=sys.stderr,
        )

    baselines = {}
    for name, worker in (("new_context", NewContextWorker), ("new_browser", NewBrowserWorker)):
        BaselineGrader.worker_class = worker
        grader = BaselineGrader(workers=args.workers)
        try:
            baselines[name] = measure(grader, submissions(args.baseline_submissions))
        finally:
            grader.close()
        print(
            f"{name}, {args.workers} workers: {baselines[name]['per_second']:.1f}/s, "
            f"p50 {baselines[name]['p50_ms']} ms",
            file=sys.stderr,
        )

    if real["wrong_results"]:
        print(f"WARNING: {real['wrong_results']} submissions graded wrongly", file=sys.stderr)
    print(
        json.dumps(
            {
                "per_second": round(real["per_second"], 1),
                "p50_ms": real["p50_ms"],
                "p95_ms": real["p95_ms"],
                "vs_new_context": round(real["per_second"] / baselines["new_context"]["per_second"], 1),
                "vs_new_browser": round(real["per_second"] / baselines["new_browser"]["per_second"], 1),
                "peak_rss_mb": round(memory.peak),
                "workers": args.workers,
                "submissions": args.submissions,
                "new_context_per_second": round(baselines["new_context"]["per_second"], 1),
                "new_browser_per_second": round(baselines["new_browser"]["per_second"], 1),
                "fixed_workers": args.fixed if fixed else None,
                "fixed_per_second": round(fixed["per_second"], 1) if fixed else None,
                "fixed_p50_ms": fixed["p50_ms"] if fixed else None,
                "fixed_p95_ms": fixed["p95_ms"] if fixed else None,
                "fixed_wrong_results": fixed["wrong_results"] if fixed else None,
            }
        )
    )


if __name__ == "__main__":
    main()
