"""Open on my phone: the learner's phone links over HTTP, and the phone's websocket.

A link is unguessable and revocable, bound to one learner and one exercise; it lets a phone read
that one app and nothing else. An unknown or revoked link gets a friendly page, never a trace.
"""

from __future__ import annotations

import base64
import json
import time

import pytest

from sandbox.live import CLOSE_REVOKED, MAX_TYPING_BYTES
from sandbox.views.phone import phone_base_url
from tests.support.web import refused, with_csrf

STARTER_HTML = "index.html"


def make_link(client, exercise: str = "hello") -> dict:
    response = client.post("/api/phone-links", json={"exercise": exercise})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["link"]


def token_of(link: dict) -> str:
    return link["url"].split("/phone/", 1)[1].split("?", 1)[0]


# ---- making, showing and revoking links


def test_a_learner_makes_a_link_with_a_qr_code_and_sees_the_same_link_again(learner):
    link = make_link(learner)
    assert link["url"].startswith("http://localhost/phone/") and link["url"].endswith("?lang=en")
    assert len(token_of(link)) >= 40
    svg = base64.b64decode(link["qr"].removeprefix("data:image/svg+xml;base64,")).decode()
    assert svg.startswith("<svg") and "<script" not in svg
    assert learner.get("/api/phone-links/hello").get_json()["link"] == link


def test_the_link_is_in_the_learners_language(learner):
    learner.get("/exercises/hello/heading?lang=ru")
    assert make_link(learner)["url"].endswith("?lang=ru")


def test_a_new_link_stops_the_old_one(client, learner):
    old = make_link(learner)
    new = make_link(learner)
    assert token_of(old) != token_of(new)
    assert client.get(f"/phone/{token_of(old)}").status_code == 404
    assert client.get(f"/phone/{token_of(new)}").status_code == 200


def test_links_need_a_learner_and_a_real_exercise(app, learner):
    stranger = with_csrf(app.test_client())
    assert stranger.post("/api/phone-links", json={"exercise": "hello"}).status_code == 403
    assert learner.post("/api/phone-links", json={"exercise": "nope"}).status_code == 404
    assert learner.post("/api/phone-links", json={"exercise": 5}).status_code == 400
    assert learner.post("/api/phone-links", data="[]", content_type="application/json").status_code == 400
    assert learner.get("/api/phone-links/hello").get_json() == {"link": None}


def test_making_or_revoking_a_link_needs_the_csrf_token(app, learner):
    link = make_link(learner)
    learner.environ_base.pop("HTTP_X_CSRF_TOKEN")
    assert learner.post("/api/phone-links", json={"exercise": "hello"}).status_code == 403
    assert learner.delete(f"/api/phone-links/{link['id']}").status_code == 403
    assert app.test_client().get(f"/phone/{token_of(link)}").status_code == 200


def test_a_revoked_link_shows_a_friendly_page_and_gives_nothing(client, learner):
    link = make_link(learner)
    assert learner.delete(f"/api/phone-links/{link['id']}").get_json() == {"revoked": True}
    page = client.get(f"/phone/{token_of(link)}?lang=ru")
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert '<html lang="ru">' in html and "Traceback" not in html
    assert "phone link does not work any more" in html or "ссылка" in html.lower()
    assert client.get(f"/api/phone/{token_of(link)}").status_code == 404
    assert learner.get("/api/phone-links/hello").get_json() == {"link": None}


@pytest.mark.parametrize("token", ["nope", "x" * 43, "x" * 5000, "%00", "..%2F..%2Fapi"])
def test_an_unknown_link_shows_a_friendly_page(client, token):
    page = client.get(f"/phone/{token}")
    assert page.status_code == 404
    assert "Traceback" not in page.get_data(as_text=True)
    assert client.get(f"/api/phone/{token}").get_json()["status"] == 404


def test_a_learner_cannot_revoke_or_see_another_learners_link(client, learner, other):
    link = make_link(learner)
    assert other.delete(f"/api/phone-links/{link['id']}").status_code == 404
    assert other.get("/api/phone-links/hello").get_json() == {"link": None}
    assert other.delete("/api/phone-links/999").status_code == 404
    assert client.get(f"/phone/{token_of(link)}").status_code == 200


def test_a_removed_learners_link_stops_working(client, learner, store):
    link = make_link(learner)
    store.update_learner(store.phone_link_by_token(token_of(link)).learner_id, removed=True)
    assert client.get(f"/phone/{token_of(link)}").status_code == 404


def test_an_oversized_request_is_refused(learner):
    body = json.dumps({"exercise": "hello", "padding": "x" * (2 * 1024 * 1024)})
    assert learner.post("/api/phone-links", data=body, content_type="application/json").status_code == 413


# ---- the phone page


def test_the_phone_page_shows_the_saved_app_in_the_sandboxed_frame_and_nothing_else(app, learner):
    learner.put("/api/work/hello", json={"files": {"index.html": "<h1>Mine</h1>"}, "revision": 0})
    link = make_link(learner)
    phone = app.test_client()  # another device: no cookie of the learner's
    page = phone.get(f"/phone/{token_of(link)}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "script-src 'self';" in page.headers["Content-Security-Policy"]
    assert "<h1>Mine</h1>" not in html  # the code travels as JSON, and runs only in the frame
    data = json.loads(html.split('id="page-data">', 1)[1].split("</script>", 1)[0])
    assert data["snapshot"]["files"]["index.html"] == "<h1>Mine</h1>"
    assert data["frameUrl"] == "/exercises/hello/frame"
    assert "learner" not in data["snapshot"] and "learner" not in data
    assert phone.get_cookie("sandbox_session") is None  # opening it made nobody a learner
    work = phone.get(data["workUrl"]).get_json()
    assert work["files"]["index.html"] == "<h1>Mine</h1>" and work["snapshot"] is True


def test_the_phone_reads_only_its_own_exercise_of_its_own_learner(app, learner, other):
    other.put("/api/work/hello", json={"files": {"index.html": "<h1>Other</h1>"}, "revision": 0})
    link = make_link(learner)
    work = app.test_client().get(f"/api/phone/{token_of(link)}").get_json()
    assert work["files"]["index.html"] != "<h1>Other</h1>" and work["revision"] == 0


@pytest.mark.parametrize(
    ("page", "lan", "public", "expected"),
    [
        ("http://192.168.1.5:5000/", [], "", ("http://192.168.1.5:5000", True)),
        ("http://127.0.0.1:5000/", ["http://192.168.1.23:5000/"], "", ("http://192.168.1.23:5000", True)),
        ("http://localhost:5000/", ["http://127.0.0.1:5000/"], "", ("http://localhost:5000", False)),
        ("http://127.0.0.1:5000/", [], "", ("http://127.0.0.1:5000", False)),
        ("http://127.0.0.1:5000/", [], "http://class.lan:8000/", ("http://class.lan:8000", True)),
    ],
)
def test_a_page_opened_at_loopback_makes_links_for_the_wifi_address(app, page, lan, public, expected):
    app.config.update(LAN_URLS=lan, PUBLIC_URL=public)
    with app.test_request_context("/api/phone-links", base_url=page):
        assert phone_base_url() == expected


def test_the_exercise_page_has_the_button_and_the_dialog(learner):
    html = learner.get("/exercises/hello/heading").get_data(as_text=True)
    assert 'id="phone-open"' in html and 'id="phone-dialog"' in html
    data = json.loads(html.split('id="page-data">', 1)[1].split("</script>", 1)[0])
    assert data["phoneLink"] is False and data["maxTypingBytes"] == MAX_TYPING_BYTES
    make_link(learner)
    html = learner.get("/exercises/hello/heading").get_data(as_text=True)
    assert json.loads(html.split('id="page-data">', 1)[1].split("</script>", 1)[0])["phoneLink"] is True


# ---- the phone's websocket


def typing(text: str, **extra) -> dict:
    return {
        "type": "files",
        "exercise": "hello",
        "step": "heading",
        "revision": 1,
        "files": {"index.html": text},
        **extra,
    }


def test_a_phone_socket_needs_a_working_token_and_our_origin(served, learner):
    link = make_link(learner)
    token = token_of(link)
    assert refused(served, "/live/phone/nope") == 404
    assert refused(served, f"/live/phone/{token}", origin="http://evil.example") == 403
    assert refused(served, f"/live/phone/{token}", origin=None) == 403
    learner.delete(f"/api/phone-links/{link['id']}")
    assert refused(served, f"/live/phone/{token}") == 404


def test_typing_on_the_laptop_reaches_the_phone_at_once(served, sockets, learner):
    token = token_of(make_link(learner))
    editor = sockets(served, "/live?exercise=hello&step=heading", learner)
    editor.next("hello")
    phone = sockets(served, f"/live/phone/{token}")
    snapshot = phone.next("files")
    assert snapshot["snapshot"] is True and snapshot["files"]["index.html"].startswith("<")
    assert editor.next("phone") == {"type": "phone", "exercise": "hello"}  # "send what you have"
    started = time.monotonic()
    editor.send(typing("<h1>Live</h1>"))
    got = phone.next("files", timeout=1)
    assert time.monotonic() - started < 0.5
    assert got["typing"] is True and got["files"]["index.html"] == "<h1>Live</h1>"
    assert "learner" not in got
    assert set(got["files"]) == {"index.html", "style.css", "app.js"}  # the rest from the starter


def test_a_save_reaches_the_phone_and_a_revocation_closes_it(served, sockets, learner):
    link = make_link(learner)
    phone = sockets(served, f"/live/phone/{token_of(link)}")
    phone.next("files")
    learner.put("/api/work/hello", json={"files": {"index.html": "<h1>Saved</h1>"}, "revision": 0})
    saved = phone.next("files")
    assert saved["typing"] is False and saved["files"]["index.html"] == "<h1>Saved</h1>"
    learner.delete(f"/api/phone-links/{link['id']}")
    phone.next("revoked", timeout=1)
    assert phone.close_code() == CLOSE_REVOKED


def test_a_phone_may_send_nothing_and_hears_nothing_of_other_learners(
    served,
    sockets,
    learner,
    other,
):
    phone = sockets(served, f"/live/phone/{token_of(make_link(learner))}")
    phone.next("files")
    phone.send({"type": "watch", "learner": 2})
    assert phone.next("error")["error"] == "not-allowed"
    other.put("/api/work/hello", json={"files": {"index.html": "<h1>Other</h1>"}, "revision": 0})
    others_editor = sockets(served, "/live?exercise=hello", other)
    others_editor.next("hello")
    others_editor.send(typing("<h1>Other typing</h1>"))
    phone.nothing("files", within=0.4)


def test_typing_is_checked_and_size_limited(served, sockets, learner):
    token_of(make_link(learner))
    editor = sockets(served, "/live?exercise=hello", learner)
    editor.next("hello")
    sockets(served, f"/live/phone/{token_of(make_link(learner))}").next("files")
    editor.send(typing("x" * (300 * 1024)))  # one file over SANDBOX_MAX_FILE_BYTES
    assert editor.next("error")["error"] == "too-big"
    editor.send({**typing("<p>"), "files": {"../secret.py": "x"}})
    assert editor.next("error")["error"] == "bad-files"
    editor.send({**typing("<p>"), "exercise": "nope"})
    assert editor.next("error")["error"] == "bad-files"
    editor.send({"type": "note", "text": "x" * 5000})  # only files may be big
    assert editor.close_code() == 1009


def test_a_typing_message_over_the_socket_limit_closes_the_socket(served, sockets, learner):
    editor = sockets(served, "/live?exercise=hello", learner)
    editor.next("hello")
    editor.send(typing("x" * (MAX_TYPING_BYTES + 10)))
    # 1009 (too big) as the server says it; when the server's close overtakes the rest of a message
    # this size while the client is still writing it, the client sees its own end of it (1002).
    assert editor.close_code() in (1009, 1002)
    assert editor.ws.connected is False
