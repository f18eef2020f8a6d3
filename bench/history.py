"""A 3-hour class, replayed: how big the history of a group of five learners gets, and how long the
History dialog takes to load and replay it.

Run: .venv/bin/python bench/history.py [--learners 5] [--saves 2160]

Each simulated learner saves every 5 s for 3 hours (2,160 saves) while building volunteer-counter:
its solution typed line by line, then edited a few characters at a time. The saves go through the
store, as the save route does; the store's size is the rows' payload bytes against what whole copies
would take. The replay is the learner's History dialog in Chromium at a phone's size: from the
click to the slider showing the newest version (fetching, decoding and replaying every version),
then the slider moved over every version. The last line printed is JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from common import ROOT, bundled_server, median
from playwright.sync_api import sync_playwright
from sqlalchemy import func, select

from sandbox.exercises import load_exercise
from sandbox.grading.browser import LOCAL_PAGES_FLAGS, find_chromium
from sandbox.store import Store
from sandbox.store.models import VersionRow
from tests.support.browser import PHONE

EXERCISE = "volunteer-counter"


def typed_versions(saves: int, seed: int) -> list[dict[str, str]]:
    """What a learner's files are at each save: the solution growing line by line, then small edits."""
    exercise = load_exercise(ROOT / "exercises" / EXERCISE)
    final = exercise.solutions[exercise.steps[-1].id]
    lines = {name: text.split("\n") for name, text in final.items()}
    growing = [(name, n) for name in exercise.files for n in range(1, len(lines[name]) + 1)]
    versions, files = [], dict(exercise.starter)
    for index in range(saves):
        if index < len(growing):
            name, n = growing[index]
            files = {**files, name: "\n".join(lines[name][:n])}
        else:
            name = exercise.files[(index + seed) % len(exercise.files)]
            text = files[name]
            at = (index * 7919 + seed) % max(1, len(text))
            files = {**files, name: text[:at] + f"/*{index}*/" + text[at:]}
        versions.append(files)
    return versions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=5)
    parser.add_argument("--saves", type=int, default=2160)
    args = parser.parse_args()

    with bundled_server() as server:
        store = Store(f"sqlite:///{server.log.parent / 'sandbox.db'}")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_chromium(), args=LOCAL_PAGES_FLAGS)
            context = browser.new_context(**PHONE)
            page = context.new_page()
            page.goto(f"{server.url}/exercises/{EXERCISE}")
            page.wait_for_selector("body[data-ready=true]", state="attached")
            me = page.evaluate("() => JSON.parse(document.getElementById('page-data').textContent).learner")

            save_ms, whole_bytes = [], 0
            learners = [me] + [store.create_learner(f"Learner {n}") for n in range(2, args.learners + 1)]
            for seed, learner in enumerate(learners):
                revision = 0
                for files in typed_versions(args.saves, seed):
                    started = time.perf_counter()
                    revision = store.save_work(learner, EXERCISE, files, revision).revision
                    save_ms.append((time.perf_counter() - started) * 1000)
                    whole_bytes += len(json.dumps(files, ensure_ascii=False))
            with store.session() as db:
                stored_bytes = db.scalar(select(func.sum(func.length(VersionRow.payload))))
                rows = db.scalar(select(func.count()).select_from(VersionRow))

            page.reload()
            page.wait_for_selector("body[data-ready=true]", state="attached")
            page.locator("#tab-code").tap()
            load_ms, sweep_ms = [], []
            for _ in range(3):
                started = time.perf_counter()
                page.locator("#history-open").tap()
                page.wait_for_selector("#history-controls:not([hidden])")
                load_ms.append((time.perf_counter() - started) * 1000)
                count = int(page.locator("#history-slider").get_attribute("max"))
                sweep_ms.append(
                    page.evaluate(
                        """(count) => { const slider = document.getElementById('history-slider');
                        const started = performance.now();
                        for (let n = 1; n <= count; n++) {
                          slider.value = String(n); slider.dispatchEvent(new Event('input'));
                        }
                        return (performance.now() - started) / count; }""",
                        count,
                    )
                )
                page.locator("#history-close").tap()
            browser.close()
        store.dispose()

    print(
        json.dumps(
            {
                "learners": args.learners,
                "saves_each": args.saves,
                "versions": rows,
                "history_bytes": stored_bytes,
                "whole_copies_bytes": whole_bytes,
                "ratio": round(whole_bytes / stored_bytes, 1),
                "bytes_per_learner": stored_bytes // args.learners,
                "save_p50_ms": round(median(save_ms), 2),
                "replay_open_p50_ms": round(median(load_ms), 1),
                "slider_step_ms": round(median(sweep_ms), 3),
                "versions_in_dialog": count,
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
