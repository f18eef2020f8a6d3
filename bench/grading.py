"""Grading throughput: the real runner against a new context, and a new browser, per submission.

Run: .venv/bin/python bench/grading.py [--submissions 300] [--workers N] [--fixed 6]  (`make bench-grading`)
     .venv/bin/python bench/grading.py --js-steps [--rounds 5] [--submissions 100]

The runner is measured with the worker count it picks for this machine (adaptive_workers, or
--workers) and, in the same run, with the fixed count of earlier versions (--fixed, 0 to skip).

A mix of passing and failing submissions of a 5-check exercise (one check clicks) goes through the
real Grader: a fresh document and fresh storage for every submission. In the same run, the same
work is done by graders that open a new browser context, or a new browser, per submission: the
two baselines. Then the same exercise with a sixth check, the accessibility check ({page: accessible},
axe-core with all its rules), through the real Grader, to show what a step with it costs beside the
step without it. Timings here are noisy, so compare the ratios. The last line printed is JSON.

`--js-steps` measures only this: an exercise of 10 steps with one `js:` check each (the shape of a
ported curriculum), its last step graded (so all 10 checks run), once with every check marked
`read_only` (one shared page load) and once without (a load per check), alternating for `--rounds`
rounds; it prints the median submissions/s of each and their ratio.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml
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


def with_accessibility_check(folder: Path) -> Path:
    """A copy of the bench exercise in `folder` with the accessibility check added to its step."""
    copy = folder / EXERCISE.name
    shutil.copytree(EXERCISE, copy)
    raw = yaml.safe_load((copy / "exercise.yaml").read_text(encoding="utf-8"))
    raw["steps"][0]["checks"].append(
        {"id": "accessible", "name": "Everyone can use it", "expect": {"page": "accessible"}}
    )
    (copy / "exercise.yaml").write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return copy


def submissions(count: int, folder: Path = EXERCISE) -> list[Submission]:
    exercise = load_exercise(folder)
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


# Ten checks in the shape of ported tests: each reads the page (one fails on the failing submission).
JS_STEP_CHECKS = [
    "document.querySelector('h1').textContent === 'Cat Photo App'",
    "document.querySelectorAll('p').length === 2",
    "document.querySelector('main') !== null",
    "document.querySelectorAll('ul li').length === 3",
    "document.querySelector('img').getAttribute('alt').length > 0",
    "document.querySelector('a').getAttribute('href') === 'https://example.org/cats'",
    "document.querySelector('form input[type=text]').required === true",
    "document.querySelectorAll('input[type=radio]').length === 2",
    "getComputedStyle(document.querySelector('h1')).color === 'rgb(255, 0, 0)'",
    "files['index.html'].includes('<footer>')",
]
JS_STEPS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Cats</title><link rel="stylesheet" href="style.css"></head>
<body><main><h1>Cat Photo App</h1><p>Click here to view more cat photos.</p><p>Kitty ipsum.</p>
<a href="https://example.org/cats"><img src="cat.png" alt="A cute cat"></a>
<ul><li>catnip</li><li>laser pointers</li><li>lasagna</li></ul>
<form><input type="text" required><label><input type="radio" name="a"> Indoor</label>
<label><input type="radio" name="a"> Outdoor</label></form></main>FOOTER
<script src="app.js"></script></body></html>
"""


def js_steps_exercise(folder: Path, read_only: bool) -> Path:
    """Write the 10-step exercise (checks marked read_only or not) and return its folder."""
    root = folder / ("js-steps-shared" if read_only else "js-steps-separate")
    files = {
        "index.html": JS_STEPS_PAGE.replace("FOOTER", "<footer>2026</footer>"),
        "style.css": "h1 { color: rgb(255, 0, 0); }",
        "app.js": "",
    }
    steps = []
    for number, source in enumerate(JS_STEP_CHECKS, start=1):
        step_id = f"step-{number}"
        check = {"id": f"test-{number}", "name": f"Test {number}", "js": source}
        if read_only:
            check["read_only"] = True
        steps.append({"id": step_id, "title": f"Step {number}", "checks": [check]})
        (root / "steps").mkdir(parents=True, exist_ok=True)
        (root / "steps" / f"{number}-{step_id}.md").write_text(f"Step {number}.\n")
        for name, text in files.items():
            (root / "solutions" / step_id).mkdir(parents=True, exist_ok=True)
            (root / "solutions" / step_id / name).write_text(text)
    (root / "starter").mkdir()
    for name, text in files.items():
        (root / "starter" / name).write_text(text)
    raw = {"id": root.name, "title": "Ten steps", "files": list(files), "steps": steps}
    (root / "exercise.yaml").write_text(yaml.safe_dump(raw, sort_keys=False))
    return root


def js_steps(args) -> None:
    """Submissions/s of the 10-step exercise with shared page loads beside separate ones."""
    with tempfile.TemporaryDirectory() as folder:
        exercises = {
            mode: load_exercise(js_steps_exercise(Path(folder), mode == "shared"))
            for mode in ("shared", "separate")
        }
        rates: dict[str, list[float]] = {"shared": [], "separate": []}
        durations: dict[str, list[int]] = {"shared": [], "separate": []}
        wrong = 0
        grader = Grader(workers=args.workers)
        try:
            for _round in range(args.rounds):
                for mode, exercise in exercises.items():
                    passing = dict(exercise.solutions["step-10"])
                    failing = {**passing, "index.html": JS_STEPS_PAGE.replace("FOOTER", "")}
                    work = [
                        Submission(exercise, "step-10", passing if i % 2 == 0 else failing)
                        for i in range(args.submissions)
                    ]
                    grader.grade_many(work[: len(grader.workers) * 2])  # warm
                    started = time.perf_counter()
                    results = grader.grade_many(work)
                    rates[mode].append(len(work) / (time.perf_counter() - started))
                    durations[mode] += [r.duration_ms for r in results]
                    wrong += sum(
                        r.status != ("pass" if i % 2 == 0 else "fail") for i, r in enumerate(results)
                    )
        finally:
            grader.close()
    shared, separate = median(rates["shared"]), median(rates["separate"])
    print(
        f"10 one-check js steps, {args.workers} workers: shared loads {shared:.1f}/s, "
        f"separate loads {separate:.1f}/s ({args.rounds} rounds of {args.submissions})",
        file=sys.stderr,
    )
    if wrong:
        print(f"WARNING: {wrong} submissions graded wrongly", file=sys.stderr)
    print(
        json.dumps(
            {
                "mode": "js-steps",
                "workers": args.workers,
                "rounds": args.rounds,
                "submissions_per_round": args.submissions,
                "shared_per_second_median": round(shared, 1),
                "separate_per_second_median": round(separate, 1),
                "shared_vs_separate": round(shared / separate, 2),
                "shared_per_second": [round(r, 1) for r in rates["shared"]],
                "separate_per_second": [round(r, 1) for r in rates["separate"]],
                "shared_p50_ms": median(durations["shared"]),
                "separate_p50_ms": median(durations["separate"]),
                "wrong_results": wrong,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--baseline-submissions", type=int, default=30)
    parser.add_argument("--workers", type=int, default=0, help="0: as many as the machine runs well")
    parser.add_argument("--fixed", type=int, default=6, help="also measure this many workers (0: skip)")
    parser.add_argument("--js-steps", action="store_true", help="only: 10 js: steps, shared loads or not")
    parser.add_argument("--rounds", type=int, default=5, help="with --js-steps: rounds of each mode")
    args = parser.parse_args()
    args.workers = args.workers or adaptive_workers()
    if args.js_steps:
        js_steps(args)
        return

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

    with tempfile.TemporaryDirectory() as folder:
        grader = Grader(workers=args.workers)
        try:
            accessible = measure(
                grader, submissions(args.submissions // 2, with_accessibility_check(Path(folder)))
            )
        finally:
            grader.close()
    print(
        f"runner, {args.workers} workers, with the accessibility check: {accessible['per_second']:.1f}/s, "
        f"p50 {accessible['p50_ms']} ms, p95 {accessible['p95_ms']} ms",
        file=sys.stderr,
    )

    if real["wrong_results"] or accessible["wrong_results"]:
        wrong = real["wrong_results"] + accessible["wrong_results"]
        print(f"WARNING: {wrong} submissions graded wrongly", file=sys.stderr)
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
                "accessible_per_second": round(accessible["per_second"], 1),
                "accessible_p50_ms": accessible["p50_ms"],
                "accessible_p95_ms": accessible["p95_ms"],
                "accessible_vs_without": round(accessible["per_second"] / real["per_second"], 2),
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
