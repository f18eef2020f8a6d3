"""Check click to result visible: how long until the learner SEES the answer, on a laptop and a phone.

Run: .venv/bin/python bench/check_visible.py

Measured in the page: from the click on Check to the first animation frame in which the answer bar
(#check-verdict) shows a pass or a fail and lies inside the viewport, so a result that arrives
off-screen does not count as seen. One idle learner presses Check 20 times (after 2 warm-up
tries that start the grader's browsers), on the bench exercise (5 checks, one clicks). The last
line printed is JSON.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, median, percentile
from playwright.sync_api import sync_playwright

from sandbox.grading.browser import LOCAL_PAGES_FLAGS, find_chromium
from tests.browser.conftest import PHONE, start_server

EXERCISE_URL = "/exercises/five-checks/counter"
TRIES = 20
SIZES = {"laptop": {"viewport": {"width": 1280, "height": 800}}, "phone": PHONE}

# Sets window.checkSeenMs to the milliseconds from the click to the answer in sight.
WATCH = """() => { window.checkSeenMs = null; const resolve = (ms) => { window.checkSeenMs = ms; };
  const button = document.getElementById("check");
  const verdict = document.getElementById("check-verdict");
  button.addEventListener("click", () => {
    const start = performance.now();
    const look = () => {
      const r = verdict.getBoundingClientRect();
      const answered = ["pass", "fail"].includes(verdict.dataset.kind) && !verdict.classList.contains("idle");
      const inSight = r.top >= 0 && r.bottom <= innerHeight && r.height > 0;
      if (answered && inSight) resolve(performance.now() - start);
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }, { once: true });
}"""


def seen_after(page) -> float:
    page.evaluate(WATCH)
    page.locator("#check").click()
    ms = page.wait_for_function("() => window.checkSeenMs", timeout=30_000).json_value()
    page.wait_for_selector("#check:not([disabled])")
    return float(ms)


def measure(browser, url: str, size: str) -> list[float]:
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("body[data-ready=true][data-previews]")
    if size == "phone":
        page.locator("#tab-code").click()  # the learner is typing, not reading the instructions
    times = []
    for attempt in range(TRIES + 2):
        ms = seen_after(page)
        if attempt >= 2:
            times.append(ms)
        time.sleep(0.3)
    context.close()
    return times


def main() -> None:
    server = start_server(Path(tempfile.mkdtemp(prefix="sandbox-bench-")), ROOT / "bench" / "exercises")
    result = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_chromium(), args=LOCAL_PAGES_FLAGS)
            for size in SIZES:
                times = measure(browser, server.url + EXERCISE_URL, size)
                result[f"{size}_p50_ms"] = round(median(times), 1)
                result[f"{size}_p95_ms"] = round(percentile(times, 0.95), 1)
                print(
                    f"{size}: Check click to result visible, p50 {result[f'{size}_p50_ms']} ms,"
                    f" p95 {result[f'{size}_p95_ms']} ms ({TRIES} tries, idle)",
                    file=sys.stderr,
                )
            browser.close()
    finally:
        server.stop()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
