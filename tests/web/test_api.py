"""The JSON API: saving and loading a learner's code, and every kind of bad request."""

from __future__ import annotations

import json


def test_exercises_are_listed_with_their_steps(client):
    assert client.get("/api/exercises").json == [
        {"id": "hello", "title": "Say hello", "steps": ["heading", "button"]}
    ]


def test_work_starts_as_the_starter_then_returns_what_was_saved(learner):
    first = learner.get("/api/work/hello").json
    assert first["revision"] == 0 and first["files"]["app.js"] == "// Your JavaScript goes here.\n"
    saved = learner.put(
        "/api/work/hello", json={"files": {"app.js": "alert(1)"}, "revision": 0, "step": "heading"}
    )
    assert saved.status_code == 200 and saved.json == {"revision": 1, "conflict": False}
    assert learner.get("/api/work/hello").json == {
        "files": {"app.js": "alert(1)"},
        "revision": 1,
        "step": "heading",
    }


def test_a_reload_of_the_page_carries_the_saved_code(learner):
    learner.put("/api/work/hello", json={"files": {"app.js": "kept"}, "revision": 0})
    html = learner.get("/exercises/hello/heading").text
    assert '"work": {"files": {"app.js": "kept"}, "revision": 1}' in html


def test_saving_needs_the_csrf_token(client):
    client.get("/exercises/hello/heading", follow_redirects=True)
    response = client.put("/api/work/hello", json={"files": {"app.js": "x"}, "revision": 0})
    assert response.status_code == 403
    assert "Reload the page" in response.json["error"]


def test_saving_from_another_site_is_refused(learner):
    response = learner.put(
        "/api/work/hello",
        json={"files": {"app.js": "x"}, "revision": 0},
        headers={"Origin": "http://evil.test"},
    )
    assert response.status_code == 403
    assert learner.get("/api/work/hello").json["revision"] == 0


def test_work_api_needs_a_learner(client):
    assert client.get("/api/work/hello").status_code == 403


def test_a_file_over_256_kb_is_refused_with_413_and_nothing_is_stored(learner):
    big = "x" * (256 * 1024 + 1)
    response = learner.put("/api/work/hello", json={"files": {"app.js": big}, "revision": 0})
    assert response.status_code == 413
    assert "too big" in response.json["error"]
    assert learner.get("/api/work/hello").json["revision"] == 0


def test_a_request_over_the_limit_is_refused_with_413(learner):
    body = json.dumps({"files": {"app.js": "x" * (1024 * 1024 + 10)}, "revision": 0})
    response = learner.put("/api/work/hello", data=body, content_type="application/json")
    assert response.status_code == 413
    assert "error" in response.json


def test_malformed_json_gets_400_with_a_message(learner):
    for body in ("{not json", "[1, 2]", '"text"'):
        response = learner.put("/api/work/hello", data=body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json["error"]
        assert "Traceback" not in response.text


def test_bad_fields_get_400_with_a_message(learner):
    cases = [
        {"files": {}, "revision": 0},
        {"files": {"../etc/passwd": "x"}, "revision": 0},
        {"files": {"app.js": 5}, "revision": 0},
        {"files": {"app.js": "x"}, "revision": "one"},
        {"files": {"app.js": "x"}, "revision": -1},
        # Past 64 bits, a boolean, a fraction: none is a revision the server could have handed out.
        {"files": {"app.js": "x"}, "revision": 2**70},
        {"files": {"app.js": "x"}, "revision": 2**63},
        {"files": {"app.js": "x"}, "revision": True},
        {"files": {"app.js": "x"}, "revision": 1.5},
        {"files": {"app.js": "x"}, "revision": 0.0},
        {"files": {"app.js": "x"}, "revision": False},
    ]
    for body in cases:
        response = learner.put("/api/work/hello", json=body)
        assert response.status_code == 400, body
        assert response.json["error"]
    assert learner.get("/api/work/hello").json["revision"] == 0  # none of them was saved


def test_unknown_exercise_or_step_in_the_api_is_404_json(learner):
    assert learner.get("/api/work/nope").status_code == 404
    response = learner.put("/api/work/hello", json={"files": {"app.js": "x"}, "revision": 0, "step": "nope"})
    assert response.status_code == 404 and "no step" in response.json["error"]


def test_wrong_method_is_405_json(learner):
    response = learner.delete("/api/work/hello")
    assert response.status_code == 405 and response.json["status"] == 405
