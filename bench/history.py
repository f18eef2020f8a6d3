"""A 3-hour class, replayed: how big the history of a group of five learners gets, and how long the
History dialog takes to load and replay it.

Run: .venv/bin/python bench/history.py [--learners 5] [--saves 2160]
     .venv/bin/python bench/history.py --project [--members 5] [--hours 3]

Each simulated learner saves every 5 s for 3 hours (2,160 saves) while building volunteer-counter:
its solution typed line by line, then edited a few characters at a time. The saves go through the
store, as the save route does; the store's size is the rows' payload bytes against what whole copies
would take. The replay is the learner's History dialog in Chromium at a phone's size: from the
click to the slider showing the newest version (fetching, decoding and replaying every version),
then the slider moved over every version. The last line printed is JSON.

With --project, a group of five co-edits one project for 3 hours: each member types a word a second
into one of the files (the solution growing, then a few characters changed at a time, each member
on a line of their own), stored
through the co-edited document as the server stores updates, on a simulated clock. What the five
typed in a second is one update here (10,800 in all rather than 54,000, so the run takes minutes on
a shared machine): the versions are the same either way, since only the clock decides when one is
taken (every 5 s at most). Then a member opens the project's History on a phone-sized page.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import timedelta

from common import ROOT, bundled_server, median, percentile
from playwright.sync_api import sync_playwright
from sqlalchemy import func, select

from sandbox.coedit import ProjectDocuments
from sandbox.exercises import load_exercise
from sandbox.grading.browser import LOCAL_PAGES_FLAGS, find_chromium
from sandbox.store import Store, models, project_timeline
from sandbox.store.models import ProjectVersionRow, VersionRow
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


def group_typing(seconds: int, members: int):
    """A group's files at the end of each second: every member types a word a second into the files
    by turns until the solution is there; then each works on a line of their own in one file,
    changing two characters of it a second, and moves to another line every 30 s."""
    exercise = load_exercise(ROOT / "exercises" / EXERCISE)
    final = exercise.solutions[exercise.steps[-1].id]
    words = [(name, word) for name in exercise.files for word in re.findall(r"\S+\s*|\s+", final[name])]
    files = {name: "" for name in exercise.files}
    solution = {name: final[name].split("\n") for name in exercise.files}
    places: dict[int, int] = {}
    for second in range(seconds):
        for index in range(second * members, (second + 1) * members):
            if index < len(words):
                name, word = words[index]
                files = {**files, name: files[name] + word}
                continue
            member = index % members
            name = exercise.files[member % len(exercise.files)]
            lines = files[name].split("\n")
            if member not in places or second % 30 == 0:
                places[member] = (index * 7919) % len(lines)
            line, base = places[member], solution[name][places[member]]
            at = second % (len(base) + 1)
            lines[line] = base[:at] + f"{index % 90 + 10}" + base[at:]  # the line, two characters changed
            files = {**files, name: "\n".join(lines)}
        yield files


def open_history(page, url: str) -> tuple[list[float], list[float], int]:
    """Open History on the page three times: (ms to the newest point, ms a slider step, points)."""
    page.goto(url)
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
    return load_ms, sweep_ms, count


def project_main(args) -> None:
    seconds = int(args.hours * 3600)
    updates = seconds  # what the members typed in each second, as one update
    with bundled_server() as server:
        store = Store(f"sqlite:///{server.log.parent / 'sandbox.db'}")
        trainer = store.create_trainer("bench", "correct horse")
        classroom = store.create_classroom(trainer.id, "Day 1")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_chromium(), args=LOCAL_PAGES_FLAGS)
            page = browser.new_context(**PHONE).new_page()
            page.goto(f"{server.url}/join")
            page.fill("input[name=code]", classroom.join_code)
            page.locator("main form button").click()
            page.fill("#name", "Member 1")
            page.locator("main form button").click()
            page.wait_for_selector("#resume-code")
            members = [learner.id for learner in store.learners_of(classroom.id)]
            members += [
                store.join_classroom(classroom.id, f"Member {n}").id for n in range(2, args.members + 1)
            ]
            start = {name: "" for name in load_exercise(ROOT / "exercises" / EXERCISE).files}
            project = store.create_project(
                classroom.id, "Clean water", "healthcare", "", "blank", start, {}, members
            )

            # The class, on a simulated clock: `updates` stored one after another, `members` a second.
            began = models.utcnow()
            documents = ProjectDocuments(store)
            write_ms, whole_bytes = [], 0
            for index, files in enumerate(group_typing(seconds, args.members)):
                now = began + timedelta(seconds=index)
                project_timeline.clock = lambda now=now: now
                started = time.perf_counter()
                documents.replace(project, files)
                write_ms.append((time.perf_counter() - started) * 1000)
            with store.session() as db:
                where = ProjectVersionRow.project_id == project.id
                stored_bytes = db.scalar(
                    select(func.sum(func.length(ProjectVersionRow.payload))).where(where)
                )
                rows = db.scalar(select(func.count()).select_from(ProjectVersionRow).where(where))
            for number in range(1, rows + 1):
                whole_bytes += len(json.dumps(store.project_files_at(project.id, number), ensure_ascii=False))
            load_ms, sweep_ms, count = open_history(page, f"{server.url}/projects/{project.id}")
            browser.close()
        store.dispose()
    print(
        json.dumps(
            {
                "members": args.members,
                "hours": args.hours,
                "updates": updates,
                "versions": rows,
                "history_bytes": stored_bytes,
                "whole_copies_bytes": whole_bytes,
                "ratio": round(whole_bytes / stored_bytes, 1),
                "update_p50_ms": round(median(write_ms), 2),
                "update_p95_ms": round(percentile(write_ms, 0.95), 2),
                "replay_open_p50_ms": round(median(load_ms), 1),
                "slider_step_ms": round(median(sweep_ms), 3),
                "points_in_dialog": count,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=5)
    parser.add_argument("--saves", type=int, default=2160)
    parser.add_argument("--project", action="store_true", help="a group of five co-editing a project")
    parser.add_argument("--members", type=int, default=5)
    parser.add_argument("--hours", type=float, default=3)
    args = parser.parse_args()
    if args.project:
        return project_main(args)

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
