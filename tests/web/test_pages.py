"""Learner pages through the Flask test client: what a learner's browser gets back."""

from __future__ import annotations

import gzip
import json
import re


def page_data(response) -> dict:
    match = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1))


def test_exercise_list_shows_each_exercise_and_its_progress(learner):
    response = learner.get("/")
    assert response.status_code == 200
    assert "Say hello" in response.text
    assert "2 steps · not started" in response.text
    learner.put("/api/work/hello", json={"files": {"app.js": "x"}, "revision": 0, "step": "heading"})
    assert "0 of 2 steps done" in learner.get("/").text


def pass_step(app, client, exercise: str, step: str) -> None:
    """Record that this client's learner passed a step, as the grader would."""
    with client.session_transaction() as session:
        learner_id = session["learner_id"]
    store = app.extensions["sandbox"].store
    stored = store.create_submission(learner_id, exercise, step, {}, "en")
    store.save_result(stored.id, "pass", {"status": "pass"})


def test_exercise_opens_at_the_step_the_learner_was_on(app, learner):
    assert learner.get("/exercises/hello").location.endswith("/exercises/hello/heading")
    pass_step(app, learner, "hello", "heading")
    learner.put("/api/work/hello", json={"files": {"app.js": "x"}, "revision": 0, "step": "button"})
    assert learner.get("/exercises/hello").location.endswith("/exercises/hello/button")


def test_a_step_opens_only_once_the_step_before_it_is_passed(app, learner):
    assert learner.get("/exercises/hello/button").location.endswith("/exercises/hello/heading")
    pass_step(app, learner, "hello", "heading")
    assert learner.get("/exercises/hello/button").status_code == 200
    assert "1 of 2 steps done" in learner.get("/").text


def test_step_page_has_instructions_editor_tabs_preview_and_the_starter(client):
    response = client.get("/exercises/hello/heading")
    assert response.status_code == 200
    text = response.text
    assert "Step 1:" in text and "Add a heading" in text
    assert "<code>&lt;h1&gt;Hello&lt;/h1&gt;</code>" in text  # markdown rendered and sanitized
    for name in ("index.html", "style.css", "app.js"):
        assert f'data-file="{name}"' in text
    for size in ("320x568", "360x640", "390x844", "412x915"):
        assert f'value="{size}"' in text
    assert 'id="rotate"' in text and 'id="reset-dialog"' in text and 'id="console"' in text
    for tab in ("Instructions", "Code", "Preview"):
        assert f">{tab}</button>" in text
    data = page_data(response)
    assert data["starter"]["app.js"] == "// Your JavaScript goes here.\n"
    assert data["work"] is None
    assert data["device"] == {"width": 360, "height": 640}


def test_step_page_is_translated_with_lang(client):
    response = client.get("/exercises/hello/heading?lang=ru")
    assert "Добавь заголовок" in response.text
    assert "Напиши" in response.text
    assert 'lang="ru"' in response.text
    assert "lang=ru" in response.headers.get("Set-Cookie", "")
    # No cookie of ours is readable by script: published apps share the host (docs/take-home.md).
    assert "HttpOnly" in response.headers.get("Set-Cookie", "")


def test_app_pages_only_run_our_own_scripts(client):
    response = client.get("/exercises/hello/heading")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "<script>" not in response.text  # no inline script: only JSON data blocks and modules


def test_preview_frame_page_is_sandboxed_even_when_opened_directly(client):
    response = client.get("/exercises/hello/frame")
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"].startswith(
        "sandbox allow-scripts allow-forms allow-modals;"
    )
    assert "allow-same-origin" not in response.headers["Content-Security-Policy"]


def test_exercise_assets_are_served_for_the_preview(client):
    response = client.get("/exercises/hello/assets/logo.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert client.get("/exercises/hello/assets/../exercise.yaml").status_code == 404
    assert client.get("/exercises/hello/assets/missing.png").status_code == 404


def test_unknown_exercise_or_step_gets_a_friendly_404_page(client):
    for url in ("/exercises/nope", "/exercises/nope/heading", "/exercises/hello/nope", "/no/such/page"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Back to the exercises" in response.text
        assert "Traceback" not in response.text


def test_static_files_are_hashed_cached_and_compressed(client):
    html = client.get("/exercises/hello/heading").text
    css_url = re.search(r'href="(/static/css/app.css\?h=\w+)"', html).group(1)
    response = client.get(css_url, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    assert b".workspace" in gzip.decompress(response.data)
    assert client.get("/static/css/app.css").headers["Cache-Control"] == "no-cache"
    assert client.get("/static/../sandbox/app.py").status_code == 404


def test_pages_are_compressed_when_the_browser_accepts_it(client):
    response = client.get("/exercises/hello/heading", headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"Add a heading" in gzip.decompress(response.data)


def test_favicon_is_served_and_linked_from_every_page(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    for url in ("/", "/exercises/hello/heading", "/trainer/login", "/join"):
        page = client.get(url).text
        link = re.search(r'<link rel="icon" href="([^"]+)"', page)
        assert link, url
        assert client.get(link.group(1)).status_code == 200
