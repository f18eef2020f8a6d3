"""Two tabs of one learner saving at the same moment, against the real server (`sandbox run`)."""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

from playwright.sync_api import expect

from tests.support.browser import open_exercise, open_file, replace_code


class Tab:
    """One browser tab: shares the browser's cookies, has its own idea of the revision."""

    def __init__(self, server, cookies: CookieJar, token: str):
        self.server = server
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
        self.token = token

    def save(self, text: str, revision: int) -> tuple[int, dict]:
        body = json.dumps({"files": {"index.html": text}, "revision": revision, "step": "heading"})
        request = urllib.request.Request(
            f"{self.server.url}/api/work/hello",
            data=body.encode(),
            method="PUT",
            headers={"Content-Type": "application/json", "X-CSRF-Token": self.token},
        )
        try:
            with self.opener.open(request, timeout=10) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def work(self) -> dict:
        with self.opener.open(f"{self.server.url}/api/work/hello", timeout=10) as answer:
            return json.loads(answer.read())


def two_tabs(server) -> tuple[Tab, Tab]:
    cookies = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    with opener.open(f"{server.url}/exercises/hello/heading", timeout=10) as page:
        token = re.search(r'name="csrf-token" content="([^"]+)"', page.read().decode()).group(1)
    return Tab(server, cookies, token), Tab(server, cookies, token)


def at_once(*calls):
    """Run the calls in threads released together; return their answers in order."""
    barrier = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        answers[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return answers


def test_two_tabs_the_first_save_of_two_tabs_at_once_never_fails(server):
    """Threat: two tabs' first saves at once: a 500 (UNIQUE constraint failed on work)."""
    for round_ in range(10):
        first, second = two_tabs(server)  # a new learner each round: their first save
        answers = at_once(
            lambda first=first, n=round_: first.save(f"one {n}", 0),
            lambda second=second, n=round_: second.save(f"two {n}", 0),
        )
        assert sorted(status for status, _ in answers) == [200, 409], answers
        won = next(body for status, body in answers if status == 200)
        lost = next(body for status, body in answers if status == 409)
        assert lost["revision"] == won["revision"] == 1
        assert lost["files"] == first.work()["files"]  # the refused tab is shown what is stored


def test_two_tabs_saving_on_the_same_revision_never_lose_a_confirmed_save(server):
    """Threat: two tabs save on the same revision; both are confirmed and one text is lost."""
    first, second = two_tabs(server)
    status, body = first.save("start", 0)
    assert status == 200
    revision = body["revision"]
    for round_ in range(25):
        answers = at_once(
            lambda n=round_, base=revision: first.save(f"first {n}", base),
            lambda n=round_, base=revision: second.save(f"second {n}", base),
        )
        confirmed = [(i, body) for i, (status, body) in enumerate(answers) if status == 200]
        refused = [body for status, body in answers if status == 409]
        assert len(confirmed) == 1 and len(refused) == 1, answers
        winner, body = confirmed[0]
        stored = first.work()
        assert stored["files"] == {"index.html": f"{('first', 'second')[winner]} {round_}"}
        assert stored["revision"] == body["revision"] == revision + 1
        assert refused[0]["files"] == stored["files"] and refused[0]["revision"] == stored["revision"]
        revision = stored["revision"]


def test_two_tabs_the_refused_tab_shows_both_versions_and_the_learner_chooses(new_context, server):
    """Threat: a tab saving on a stale revision silently overwrites what another tab saved."""
    context = new_context()
    laptop, other = context.new_page(), context.new_page()
    for tab in (laptop, other):
        open_exercise(tab, server)
    open_file(laptop, "index.html")
    replace_code(laptop, "<h1>From the first tab</h1>")
    expect(laptop.locator("#save-badge")).to_have_attribute("data-state", "saved")

    open_file(other, "index.html")
    replace_code(other, "<h1>From the second tab</h1>")  # based on the revision it opened with
    dialog = other.locator("#conflict-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".conflict-mine pre")).to_have_text("<h1>From the second tab</h1>")
    expect(dialog.locator(".conflict-theirs pre")).to_have_text("<h1>From the first tab</h1>")
    stored = other.request.get(f"{server.url}/api/work/hello").json()
    assert stored["files"]["index.html"] == "<h1>From the first tab</h1>"  # nothing overwritten yet

    dialog.locator("button[data-choice=mine]").click()
    expect(other.locator("#save-badge")).to_have_attribute("data-state", "saved")
    stored = other.request.get(f"{server.url}/api/work/hello").json()
    assert stored["files"]["index.html"] == "<h1>From the second tab</h1>"
