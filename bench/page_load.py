"""Measure the learner's exercise page: bytes over the wire on first load, and preview latency;
and the first load of a group project's page.

Run: .venv/bin/python bench/page_load.py   (or `make bench`)

Bytes are what the browser received (compressed bodies plus headers) for a first visit with an
empty cache, everything included: page, CSS, scripts, editor bundle, preview frame; the editor
bundle's share is editor.js and the files it imports statically (budget about 130 KB), apart from
the chunks it loads later with import() (frontend/README.md). Preview latency is
the time from the last keystroke to the new preview being on screen, over many edits; the
baseline, measured in the same page, is a bare sandboxed iframe loading an empty document.

The time to an interactive editor is measured on a phone: 360x640, touch, the CPU slowed 4x and
the network held to slow Wi-Fi (PHONE_NETWORK), each run a first visit with an empty cache. It is
the time from the start of the navigation to the page saying it is ready (`body[data-ready]`,
set once the editor is there and editable), median of PHONE_RUNS.
The last line printed is JSON.
"""

from __future__ import annotations

import json
import re
import sys

from common import ROOT, bundled_server, median, percentile
from playwright.sync_api import sync_playwright

from sandbox.grading.browser import LOCAL_PAGES_FLAGS, find_chromium
from sandbox.projects import template_files
from sandbox.store import Store
from tests.support.browser import PHONE  # 360x640, touch, a phone's screen

EXERCISE = "volunteer-counter"
EDITS = 40
PHONE_RUNS = 7
SIZES = ("responseBodySize", "responseHeadersSize")
STATIC_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*["']\./([\w.-]+\.js)["']""")
# A cheap phone on a classroom's slow Wi-Fi: 2 Mbit/s down, 1 Mbit/s up, 60 ms round trips.
PHONE_NETWORK = {"offline": False, "latency": 60, "downloadThroughput": 250_000, "uploadThroughput": 125_000}
PHONE_CPU_SLOWDOWN = 4
# Records when the page says it is ready, against the start of the navigation.
READY_TIME = """new MutationObserver((records, observer) => {
    if (document.body && document.body.dataset.ready === "true") {
        window.__readyAt = performance.now();
        observer.disconnect();
    }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });"""


def first_load_bytes(browser, url: str) -> tuple[int, int, list[tuple[str, int]]]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    received: list[tuple[str, int]] = []

    def finished(request):
        sizes = request.sizes()
        received.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    page.on("requestfinished", finished)
    page.goto(url)
    page.wait_for_selector("body[data-ready=true][data-previews]")
    page.wait_for_load_state("networkidle")
    total = sum(size for _, size in received)
    context.close()
    return total, len(received), received


def project_page_bytes(browser, server) -> tuple[int, int]:
    """A group project's page, opened by a member on a phone for the first time (empty cache): the
    page, its scripts (the editor bundle and the co-editing part), the co-edited document, the
    preview frame; the reports template's app in it."""
    store = Store(f"sqlite:///{server.log.parent / 'sandbox.db'}", "pbkdf2:sha256:1")
    try:
        trainer = store.create_trainer("bench-trainer", "correct horse")
        classroom = store.create_classroom(trainer.id, "Bench")
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(f"{server.url}/join/{classroom.join_code}")
        page.fill("#name", "Farrukh")
        page.locator("main form button").click()
        page.wait_for_selector("#resume-code")
        member = store.learners_of(classroom.id)[0].id
        files = template_files("reports", "Clean water", "en")
        project = store.create_project(
            classroom.id, "Clean water", "healthcare", "", "reports", files, {}, [member]
        )
    finally:
        store.dispose()
    received: list[int] = []
    page.on("requestfinished", lambda request: received.append(sum(request.sizes()[k] for k in SIZES)))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    page.goto(f"{server.url}/projects/{project.id}")
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_load_state("networkidle")
    context.close()
    return sum(received), len(received)


def editor_static_files() -> set[str]:
    """The files the editor needs before it can show: editor.js and what it imports statically
    (not its chunks loaded later with import("./x.js"))."""
    vendor = ROOT / "static" / "vendor"
    found: set[str] = set()
    todo = ["editor.js"]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        todo += STATIC_IMPORT.findall((vendor / name).read_text(encoding="utf-8"))
    return found


def phone_time_to_editor(browser, url: str) -> list[float]:
    times = []
    for _ in range(PHONE_RUNS):
        context = browser.new_context(**PHONE)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})
        page.add_init_script(READY_TIME)
        page.goto(url)
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        page.wait_for_function("() => window.__readyAt !== undefined")
        assert page.locator("#editor .cm-content[contenteditable=true]").count() == 1
        times.append(page.evaluate("window.__readyAt"))
        context.close()
    return times


def preview_latency(browser, url: str) -> tuple[list[float], list[float]]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("body[data-ready=true][data-previews]")
    page.locator('.file-tab[data-file="index.html"]').click()
    page.locator("#editor .cm-content").click()
    page.keyboard.press("Control+End")
    latencies = []
    for index in range(EDITS):
        count = int(page.locator("body").get_attribute("data-previews"))
        page.keyboard.type(f"<!-- {index} -->", delay=15)
        page.wait_for_function(f"() => Number(document.body.dataset.previews) > {count}")
        page.wait_for_timeout(150)  # let any later render (if typing paused mid-way) finish
        latencies.append(float(page.locator("body").get_attribute("data-preview-latency")))
    baseline = page.evaluate(
        """async (n) => {
            const times = [];
            for (let i = 0; i < n; i++) {
                const start = performance.now();
                const frame = document.createElement('iframe');
                frame.setAttribute('sandbox', 'allow-scripts');
                const loaded = new Promise(resolve => frame.onload = resolve);
                frame.srcdoc = '<p>baseline</p>';
                document.body.append(frame);
                await loaded;
                times.push(performance.now() - start);
                frame.remove();
            }
            return times;
        }""",
        EDITS,
    )
    context.close()
    return latencies, baseline


def main() -> None:
    with bundled_server() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=LOCAL_PAGES_FLAGS)
        url = f"{server.url}/exercises/{EXERCISE}"
        total, requests, received = first_load_bytes(browser, url)
        needed = editor_static_files()
        vendor = []
        for request_url, size in sorted(received, key=lambda r: -r[1]):
            name = request_url.split("?")[0].rsplit("/", 1)[-1]
            early = name in needed
            if "/static/vendor/" in request_url:
                vendor.append((size, early))
            when = "" if early or "/static/vendor/" not in request_url else "  (a chunk loaded when needed)"
            print(f"{size:>9,} B  {request_url.replace(server.url, '')}{when}", file=sys.stderr)
        editor_bytes = sum(size for size, early in vendor if early)
        later_bytes = sum(size for size, early in vendor if not early)
        latencies, baseline = preview_latency(browser, url)
        phone_times = phone_time_to_editor(browser, url)
        project_total, project_requests = project_page_bytes(browser, server)
        browser.close()
    result = {
        "first_load_bytes": total,
        "first_load_kb": round(total / 1024, 1),
        "budget_kb": 250,
        "requests": requests,
        "editor_bundle_kb": round(editor_bytes / 1024, 1),
        "editor_budget_kb": 130,
        "editor_chunks_after_ready_kb": round(later_bytes / 1024, 1),
        "phone_editor_ready_p50_ms": round(median(phone_times), 1),
        "phone_editor_ready_max_ms": round(max(phone_times), 1),
        "preview_p50_ms": round(median(latencies), 1),
        "preview_p95_ms": round(percentile(latencies, 0.95), 1),
        "bare_iframe_p50_ms": round(median(baseline), 1),
        "preview_vs_bare_iframe": round(median(latencies) / median(baseline), 2),
        "edits": len(latencies),
        "project_page_kb": round(project_total / 1024, 1),
        "project_page_requests": project_requests,
    }
    print(f"first load: {result['first_load_kb']} KB in {requests} requests (budget 250 KB)", file=sys.stderr)
    print(
        f"editor bundle in it: {result['editor_bundle_kb']} KB needed before the editor shows "
        f"(budget about 130 KB), and {result['editor_chunks_after_ready_kb']} KB of chunks it loads after",
        file=sys.stderr,
    )
    print(
        f"phone (360x640, CPU /{PHONE_CPU_SLOWDOWN}, slow Wi-Fi): editor ready after "
        f"p50 {result['phone_editor_ready_p50_ms']} ms, slowest {result['phone_editor_ready_max_ms']} ms",
        file=sys.stderr,
    )
    print(
        f"preview after typing stops: p50 {result['preview_p50_ms']} ms, p95 {result['preview_p95_ms']} ms "
        f"(bare sandboxed iframe p50 {result['bare_iframe_p50_ms']} ms)",
        file=sys.stderr,
    )
    print(
        f"a group project's page, first load on a phone: {result['project_page_kb']} KB in "
        f"{project_requests} requests",
        file=sys.stderr,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
