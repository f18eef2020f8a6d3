"""Cookie tossing from the publish origin, in real Chromium.

Cookies are not kept apart by port: a published app (same host, the next port) can set cookies
that the browser then sends to the main server. Its script cannot read or replace our HttpOnly
session cookie, but it can add more `sandbox_session` cookies beside it (longer paths, a Domain
attribute), which the browser sends first.
"""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from tests.support.web import TOKEN

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tossing</title></head>
<body><h1>Start here</h1><p id="done"></p><script src="app.js"></script></body></html>"""

# What a published app's author would write: plant their own session for every path of the
# main server, and once more with a Domain attribute.
PLANT = """
const mine = {value};
const year = "; max-age=31536000";
for (const path of ["/exercises", "/exercises/hello", "/api", "/api/work", "/trainer", "/live", "/join"]) {{
  document.cookie = "sandbox_session=" + mine + "; path=" + path + year;
}}
document.cookie = "sandbox_session=" + mine + "; path=/; domain=" + location.hostname + year;
document.querySelector("#done").textContent = "planted";
"""


def session_cookie(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "sandbox_session")


def page_learner(page) -> int:
    return json.loads(page.locator("#page-data").text_content())["learner"]


def open_hello(page, server) -> None:
    page.goto(f"{server.url}/exercises/hello/heading")
    expect(page.locator("body[data-ready=true]")).to_be_attached()


def publish_planting_app(page, server) -> str:
    """As the author: publish an app whose script plants the author's own session cookie."""
    script = PLANT.format(value=json.dumps(session_cookie(page.context)))
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    answer = page.request.put(
        f"{server.url}/api/published/hello",
        data={"files": {"index.html": PAGE, "app.js": script}, "name": "Free stickers"},
        headers={"X-CSRF-Token": token},
    )
    assert answer.ok, answer.text()
    return answer.json()["url"]


def open_published(context, url: str) -> None:
    app = context.new_page()
    app.goto(url)
    expect(app.locator("#done")).to_have_text("planted")
    app.close()


def test_cookie_tossing_a_published_app_does_not_switch_a_classmate_into_its_authors_account(
    new_context, server
):
    """Threat: a published app's script plants its author's session cookie in a classmate's browser."""
    author = new_context().new_page()
    open_hello(author, server)
    author_id = page_learner(author)
    url = publish_planting_app(author, server)

    classmate = new_context().new_page()
    open_hello(classmate, server)
    classmate_id = page_learner(classmate)
    assert classmate_id != author_id

    open_published(classmate.context, url)

    open_hello(classmate, server)

    assert page_learner(classmate) == classmate_id  # still themselves, not the author
    # The author's app is published; the classmate has published nothing.
    assert classmate.request.get(f"{server.url}/api/published/hello").json() == {"published": False}
    # The planted copies are gone: the browser now holds only the server's own session cookie.
    sessions = [c for c in classmate.context.cookies() if c["name"] == "sandbox_session"]
    assert [(c["path"], c["httpOnly"]) for c in sessions] == [("/", True)], sessions
    assert sessions[0]["value"] != session_cookie(author.context)


def test_cookie_tossing_a_published_app_does_not_lock_the_trainer_out_of_the_dashboard(
    new_context, server, served_store
):
    """Threat: a published app's script plants a learner's session over a trainer's, locking them out."""
    author = new_context().new_page()
    open_hello(author, server)
    url = publish_planting_app(author, server)

    served_store.create_trainer("tossed-trainer", "correct horse")
    trainer = new_context().new_page()
    trainer.goto(f"{server.url}/trainer/login")
    trainer.fill("#name", "tossed-trainer")
    trainer.fill("#password", "correct horse")
    trainer.locator("main form button").click()
    trainer.fill("#new-class", "Day 1")
    trainer.locator("form.inline-form button").click()
    expect(trainer).to_have_url(re.compile(r"/trainer/classes/\d+$"))
    dashboard = trainer.url

    open_published(trainer.context, url)

    trainer.goto(dashboard)
    expect(trainer).to_have_url(dashboard)
    expect(trainer.locator("h1")).to_have_text("Day 1")
    expect(trainer.locator("#join-code")).to_be_visible()


def test_cookie_tossing_an_ambiguous_session_changes_nothing_and_expires_only_the_planted_copies(
    app, learner
):
    """Threat: a planted session cookie is acted on by the API, or the real cookie is rewritten with it."""
    real = learner.get_cookie("sandbox_session").value
    planted = "eyJsZWFybmVyX2lkIjo5OTl9.planted.copy"
    browser = app.test_client(use_cookies=False)  # sends exactly the Cookie header below
    answer = browser.put(
        "/api/work/hello",
        json={"files": {"index.html": "<p>mine</p>"}, "revision": 0, "step": "heading"},
        headers={"Cookie": f"sandbox_session={planted}; sandbox_session={real}", "X-CSRF-Token": TOKEN},
    )
    assert answer.status_code == 409
    assert "two different sign-ins" in answer.json["error"]
    cleared = answer.headers.getlist("Set-Cookie")
    assert all(line.startswith("sandbox_session=;") and "Max-Age=0" in line for line in cleared)
    assert "Path=/api/work/hello;" in " ".join(cleared) and "Path=/api;" in " ".join(cleared)
    assert not any("Path=/;" in line and "Domain" not in line for line in cleared)  # ours is kept
    assert learner.get("/api/work/hello").json["files"] != {"index.html": "<p>mine</p>"}
