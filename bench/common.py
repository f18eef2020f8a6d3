"""Shared by the benchmarks: start the real server as `make run` does, find Chromium."""

from __future__ import annotations

import statistics
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import start_server  # noqa: E402


@contextmanager
def bundled_server():
    """Run the server with the bundled exercises in a throwaway instance folder."""
    server = start_server(Path(tempfile.mkdtemp(prefix="sandbox-bench-")), ROOT / "exercises")
    try:
        yield server
    finally:
        server.stop()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values)
