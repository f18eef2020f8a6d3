"""Check button latency through the whole system: browser, server, job queue, grader, websocket.

Run: .venv/bin/python bench/check_latency.py   (or `make bench-check`)

1. Idle: one learner presses Check repeatedly; the time from the click to the result on screen.
2. A class: 30 learners, each in their own browser context, press Check at random moments within
   10 seconds; every one of them must get an answer, and the slowest answer is reported.
The server runs as `make run` runs it, with the bench exercise (5 checks, one clicks).
The last line printed is JSON.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, median, percentile
from playwright.sync_api import sync_playwright

from sandbox.grading.browser import LOCAL_PAGES_FLAGS, find_chromium
from tests.browser.conftest import start_server

EXERCISE_URL = "/exercises/five-checks/counter"
IDLE_TRIES = 15
LEARNERS = 30
WINDOW_S = 10.0


def open_learner(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("body[data-ready=true][data-previews]")
    return page


def checks_done(page) -> int:
    return int(page.locator("body").get_attribute("data-checks") or 0)


def idle_latencies(browser, url: str) -> list[float]:
    page = open_learner(browser, url)
    latencies = []
    for attempt in range(IDLE_TRIES + 2):
        page.locator("#check").click()
        page.wait_for_function(f"() => Number(document.body.dataset.checks || 0) > {attempt}")
        if attempt >= 2:  # the first tries start the grader's browsers
            latencies.append(float(page.locator("body").get_attribute("data-check-latency")))
        time.sleep(0.3)
    page.context.close()
    return latencies


def class_latencies(browser, url: str) -> tuple[list[float], int]:
    pages = [open_learner(browser, url) for _ in range(LEARNERS)]
    moments = sorted(random.uniform(0, WINDOW_S) for _ in pages)
    start = time.monotonic()
    for page, moment in zip(pages, moments, strict=True):
        time.sleep(max(0.0, moment - (time.monotonic() - start)))
        page.locator("#check").dispatch_event("click")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not all(checks_done(p) >= 1 for p in pages):
        time.sleep(0.2)
    latencies = [
        float(p.locator("body").get_attribute("data-check-latency")) for p in pages if checks_done(p)
    ]
    answered = len(latencies)
    for page in pages:
        page.context.close()
    return latencies, answered


def main() -> None:
    server = start_server(Path(tempfile.mkdtemp(prefix="sandbox-bench-")), ROOT / "bench" / "exercises")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_chromium(), args=LOCAL_PAGES_FLAGS)
            idle = idle_latencies(browser, server.url + EXERCISE_URL)
            crowd, answered = class_latencies(browser, server.url + EXERCISE_URL)
            browser.close()
    finally:
        server.stop()
    result = {
        "idle_p50_ms": round(median(idle), 1),
        "idle_p95_ms": round(percentile(idle, 0.95), 1),
        "idle_budget_ms": 300,
        "class_learners": LEARNERS,
        "class_answered": answered,
        "class_p50_ms": round(median(crowd), 1),
        "class_max_ms": round(max(crowd), 1),
        "class_budget_ms": 3000,
    }
    idle_line = f"idle: Check to result p50 {result['idle_p50_ms']} ms, p95 {result['idle_p95_ms']} ms"
    print(idle_line + " (budget 300)", file=sys.stderr)
    crowd_line = (
        f"class of {LEARNERS} within {WINDOW_S:.0f} s: {answered} answered, p50 {result['class_p50_ms']} ms"
    )
    print(crowd_line + f", slowest {result['class_max_ms']} ms (budget 3000)", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
