"""The lockdown: what keeps a submission's page from reaching anything but its own files.

Chromium starts with every host unresolvable and a dead proxy; each context is offline, blocks service
workers and WebSockets, and routes every request to `serve`, which answers only the submission's own
origin from memory. Dialogs are dismissed and windows the app opens are closed.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Error as PlaywrightError

from .assemble import Assembled
from .browser import QUIET_FLAGS
from .submission import Submission

GRADER_DOMAIN = "grader.test"
# Keeps count of what the app is still about to do, for the grader's wait until it is quiet.
QUIET_SOURCE = Path(__file__).with_name("quiet.js").read_text(encoding="utf-8")

# The grader excludes nothing from the resolver: learner code must not reach any host, loopback
# included. A dead proxy with loopback not bypassed catches whatever the routes and offline mode miss
# (beacons and prefetches sent by the browser itself, WebSockets, WebRTC's TCP candidates); WebRTC
# may use no UDP that bypasses the proxy (QUIET_FLAGS).
LOCKDOWN_FLAGS = [
    *QUIET_FLAGS,
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    # One feature list (Chromium reads only the last --disable-features): no prefetching, and a
    # navigation between submissions reuses the page's frame and process instead of building new
    # ones and keeping the old page in the back-forward cache (measured: 93 -> 67 ms CPU per load).
    "--disable-features=NetworkPrediction,RenderDocument,ProactivelySwapBrowsingInstance,BackForwardCache",
    "--disable-gpu",
    "--deny-permission-prompts",
]


def origin(worker: int, load: int) -> str:
    """The origin of a worker's `load`th document: every submission gets new ones (new storage)."""
    return f"http://s{worker}-{load}.{GRADER_DOMAIN}"


def earlier_origin(url: str, worker: int, loads: int) -> bool:
    """Whether `url` is on the origin of one of this worker's earlier documents.

    Only a late event can say so: a page that went on reloading after its job had its last reloads
    reported while the next submission was loading (`serve` answers an earlier origin's navigations
    with "no content", so none can commit after that). Counting that against the next learner's
    app, as if it had left its page, would be unfair.
    """
    parts = urlsplit(url)
    prefix, _, domain = (parts.hostname or "").partition(".")
    number, _, load = prefix.removeprefix("s").partition("-")
    return (
        parts.scheme == "http"
        and domain == GRADER_DOMAIN
        and number == str(worker)
        and load.isdigit()
        and int(load) < loads
    )


def launch(playwright, executable: str, memory_mb: int, marker: str):
    """Start a locked-down Chromium; `marker` is a flag that lets the watchdog find its processes."""
    return playwright.chromium.launch(
        executable_path=executable,
        args=[*LOCKDOWN_FLAGS, f"--js-flags=--max-old-space-size={memory_mb // 2}", marker],
    )


def new_context(browser, load_ms: int, answer: Callable, on_page: Callable):
    """A phone-sized, offline context whose every request goes to `answer` (see `serve`)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=1,
        offline=True,
        service_workers="block",
        java_script_enabled=True,
        accept_downloads=False,
    )
    context.set_default_timeout(load_ms)
    # window.name outlives navigations between origins of one site: start each document without it.
    context.add_init_script("if (window.top === window) window.name = '';")
    context.add_init_script(QUIET_SOURCE)
    context.route("**/*", answer)
    context.route_web_socket("**/*", lambda socket: socket.close())
    context.on("page", on_page)
    return context


def serve(route, origin: str, submission: Submission | None, assembled: Callable[[], Assembled]) -> None:
    """Serve the learner's files on this submission's origin; refuse everything else.

    `assembled` gives the submission's index.html with its stylesheets and scripts inline (assemble.py).
    """
    request = route.request
    url = urlsplit(request.url)
    if f"{url.scheme}://{url.netloc}" != origin or submission is None:
        referer = request.headers.get("referer", "")
        if request.is_navigation_request() and not referer.startswith(origin + "/"):
            # A navigation that this submission's page did not start (a late reload or redirect
            # from an earlier one): "no content" leaves the page as it is, where refusing it
            # would replace this submission's page with an error page.
            route.fulfill(status=204)
        else:
            route.abort("blockedbyclient")
        return
    path = unquote(url.path).lstrip("/") or "index.html"
    files = submission.files
    if path == "index.html" and path in files:
        route.fulfill(status=200, body=assembled().html, content_type="text/html; charset=utf-8")
        return
    if path in files:
        kind = mimetypes.guess_type(path)[0] or "text/plain"
        route.fulfill(status=200, body=files[path], content_type=f"{kind}; charset=utf-8")
        return
    asset = (
        submission.exercise.assets.get(path.removeprefix("assets/")) if path.startswith("assets/") else None
    )
    if asset is not None:
        route.fulfill(status=200, path=str(asset))
        return
    route.fulfill(status=404, body="not found", content_type="text/plain")


def answer_dialog(dialog) -> None:
    """alert/confirm/prompt are dismissed; a 'leave this page?' question is answered yes."""
    try:
        if dialog.type == "beforeunload":
            dialog.accept()
        else:
            dialog.dismiss()
    except PlaywrightError:  # the page went away meanwhile
        pass


def close_popup(page) -> None:
    """Windows the app opens (window.open, target=_blank) are closed at once."""
    try:
        page.close()
    except PlaywrightError:  # it closed itself
        pass
