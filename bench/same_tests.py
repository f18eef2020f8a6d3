"""The suite of an earlier commit against the same tests today, on this machine.

Run: .venv/bin/python bench/same_tests.py [--commit 6a9ac29] [--rounds 2]

A suite that grows with every feature cannot be timed against its past self as a whole. This
clones the earlier commit next to a fresh clone of HEAD, installs both (`make install`, not timed),
lists the tests the earlier one collects (`pytest --collect-only -q`), finds each one today by its
node id or, where its module moved, by its name, then times, one after the other and alternating:
the earlier commit's `make test`, and today's those tests only, the way `make test` runs them (its
processes, `--dist loadfile`, its environment), kept by the plugin bench/keep_tests.py. Each run
is printed; the last line is JSON with the medians in seconds and their ratio (docs/architecture.md,
"Tests", says what they were). Run it on an
otherwise idle machine: each round takes as long as both suites.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(command: list[str] | str, cwd: Path, env: dict[str, str] | None = None, quiet: bool = True) -> str:
    done = subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        shell=isinstance(command, str),
        capture_output=quiet,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"{command} failed in {cwd}:\n{(done.stdout or '')[-2000:]}{(done.stderr or '')[-2000:]}")
    return done.stdout or ""


def collected(checkout: Path) -> list[str]:
    out = run(
        [".venv/bin/python", "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"], checkout
    )
    return [line.strip() for line in out.splitlines() if "::" in line]


def same_tests(earlier: list[str], today: list[str]) -> tuple[list[str], list[str]]:
    """Today's node ids of the earlier tests (by id, else by name), and the earlier ones not found."""
    by_name: dict[str, list[str]] = {}
    for node in today:
        by_name.setdefault(node.split("::", 1)[1], []).append(node)
    present, kept, gone = set(today), [], []
    for node in earlier:
        if node in present:
            kept.append(node)
        elif node.split("::", 1)[1] in by_name:
            kept.extend(by_name[node.split("::", 1)[1]])
        else:
            gone.append(node)
    return kept, gone


def timed(command: list[str] | str, cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.monotonic()
    run(command, cwd, env)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commit", default="6a9ac29", help="the earlier commit (default: the house's day)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    workers = str(min(os.cpu_count() or 2, 4))
    work = Path(tempfile.mkdtemp(prefix="sandbox-same-tests-"))
    earlier, today = work / "earlier", work / "today"
    run(["git", "clone", "-q", str(ROOT), str(earlier)], work)
    run(["git", "checkout", "-q", args.commit], earlier)
    run(["git", "clone", "-q", str(ROOT), str(today)], work)
    for checkout in (earlier, today):
        run(["make", "install"], checkout)
    kept, gone = same_tests(collected(earlier), collected(today))
    (work / "keep.txt").write_text("\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} tests today stand for the earlier ones; not found: {len(gone)}", flush=True)
    for node in gone:
        print(f"  not found: {node}", flush=True)
    keep_env = {
        "PYTHONPATH": str(ROOT / "bench"),
        "KEEP_TESTS": str(work / "keep.txt"),
        "PYTHONDONTWRITEBYTECODE": "",
    }
    runs: dict[str, list[float]] = {"earlier": [], "today": []}
    for round_ in range(1, args.rounds + 1):
        runs["earlier"].append(timed(["make", "test"], earlier))
        print(f"round {round_}: {args.commit} make test {runs['earlier'][-1]:.1f} s", flush=True)
        run(
            [
                "find",
                ".",
                "-name",
                "__pycache__",
                "-not",
                "-path",
                "./.venv/*",
                "-prune",
                "-exec",
                "rm",
                "-rf",
                "{}",
                "+",
            ],
            today,
        )
        pytest = [
            ".venv/bin/python",
            "-m",
            "pytest",
            "-p",
            "keep_tests",
            "-n",
            workers,
            "--dist",
            "loadfile",
            "-q",
        ]
        runs["today"].append(timed(pytest, today, keep_env))
        print(f"round {round_}: today, the same tests {runs['today'][-1]:.1f} s", flush=True)
    medians = {name: round(statistics.median(values), 1) for name, values in runs.items()}
    print(
        json.dumps({**medians, "ratio": round(medians["today"] / medians["earlier"], 3), "tests": len(kept)})
    )


if __name__ == "__main__":
    main()
