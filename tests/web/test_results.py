"""A trainer exports what their class did (CSV and JSON) and re-grades an exercise after its checks change."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest

from tests.support.cli import run
from tests.support.web import HELLO, heading_result, make_class, post


def files_of(folder: str) -> dict[str, str]:
    return {name: (HELLO / folder / name).read_text() for name in ("index.html", "style.css", "app.js")}


def submit(store, learner_id: int, step: str, status: str | None, files=None) -> int:
    """Store a try as the Check button does, and the grader's result when `status` is given."""
    stored = store.create_submission(learner_id, "hello", step, files or files_of("starter"), "en")
    if status is not None:
        result = heading_result(status)
        result.step = step
        result.submission = stored.id
        store.save_result(stored.id, status, result.to_dict())
    return stored.id


@pytest.fixture
def classroom(trainer, store):
    """A class with the test exercise: Farrukh passed step 1 on his second try; a prankster did nothing."""
    classroom_id = make_class(trainer)
    farrukh = store.join_classroom(classroom_id, "Farrukh").id
    prankster = store.join_classroom(classroom_id, '=HYPERLINK("http://evil.test","click")').id
    first = submit(store, farrukh, "heading", "fail")
    second = submit(store, farrukh, "heading", "pass", files_of("solutions/heading"))
    third = submit(store, farrukh, "button", "fail", files_of("solutions/heading"))
    return {
        "id": classroom_id,
        "code": store.get_classroom(classroom_id).join_code,
        "farrukh": farrukh,
        "prankster": prankster,
        "submissions": [first, second, third],
    }


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_export_has_a_row_per_learner_exercise_and_step(trainer, store, classroom):
    response = trainer.get(f"/trainer/classes/{classroom['id']}/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.text.startswith("\ufefflearner,exercise,step,step_title,status,attempts,first_passed_at")
    rows = csv_rows(response.text)
    first_pass = store.get_submission(classroom["submissions"][1]).created_at
    assert [(r["learner"], r["step"], r["status"], r["attempts"]) for r in rows] == [
        ('\'=HYPERLINK("http://evil.test","click")', "heading", "not started", "0"),
        ('\'=HYPERLINK("http://evil.test","click")', "button", "not started", "0"),
        ("Farrukh", "heading", "passed", "2"),
        ("Farrukh", "button", "failing", "1"),
    ]
    assert {r["exercise"] for r in rows} == {"hello"}
    assert [r["step_title"] for r in rows[:2]] == ["1. Add a heading", "2. Count clicks"]
    assert rows[2]["first_passed_at"] == first_pass.isoformat() + "Z"
    assert rows[3]["first_passed_at"] == ""


@pytest.mark.parametrize("name", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_csv_export_defuses_names_a_spreadsheet_would_run(trainer, store, name):
    classroom_id = make_class(trainer)
    store.join_classroom(classroom_id, name)
    rows = csv_rows(trainer.get(f"/trainer/classes/{classroom_id}/export.csv").text)
    assert rows[0]["learner"] == "'" + name


def test_json_export_holds_every_check_result_grouped_by_learner(trainer, store, classroom):
    response = trainer.get(f"/trainer/classes/{classroom['id']}/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = json.loads(response.text)
    assert data["version"] == 1
    assert data["classroom"]["join_code"] == classroom["code"]
    assert data["exercises"] == [{"id": "hello", "title": "Say hello", "steps": ["heading", "button"]}]
    by_name = {learner["name"]: learner for learner in data["learners"]}
    assert by_name['=HYPERLINK("http://evil.test","click")']["submissions"] == []  # JSON is not a spreadsheet
    farrukh = by_name["Farrukh"]
    assert [s["id"] for s in farrukh["submissions"]] == classroom["submissions"]
    first = farrukh["submissions"][0]
    assert first["status"] == "fail" and first["step"] == "heading"
    assert first["result"]["version"] == 1
    assert first["result"]["checks"] == [
        {
            "id": "has-heading",
            "name": "There is a heading that says Hello",
            "status": "fail",
            "message": "We could not find a heading that says “Hello”.",
            "hint": "Write <h1>Hello</h1> inside <body>.",
            "expected": None,
            "actual": None,
            "file": None,
            "line": None,
        }
    ]
    assert [(s["step"], s["status"], s["attempts"]) for s in farrukh["steps"]] == [
        ("heading", "passed", 2),
        ("button", "failing", 1),
    ]


def test_export_leaves_out_removed_learners_and_other_classes(trainer, store, classroom):
    store.update_learner(classroom["prankster"], removed=True)
    elsewhere = make_class(trainer, "Day 2")
    submit(store, store.join_classroom(elsewhere, "Zarina").id, "heading", "pass")
    rows = csv_rows(trainer.get(f"/trainer/classes/{classroom['id']}/export.csv").text)
    assert {r["learner"] for r in rows} == {"Farrukh"}
    data = trainer.get(f"/trainer/classes/{classroom['id']}/export.json").json
    assert [learner["name"] for learner in data["learners"]] == ["Farrukh"]


def test_class_page_links_the_exports_and_offers_a_regrade(trainer, classroom):
    page = trainer.get(f"/trainer/classes/{classroom['id']}").text
    assert f"/trainer/classes/{classroom['id']}/export.csv" in page
    assert f"/trainer/classes/{classroom['id']}/export.json" in page
    assert f'action="/trainer/classes/{classroom["id"]}/regrade"' in page
    assert '<option value="hello">Say hello</option>' in page


def statuses(store, ids) -> list[str]:
    return [store.get_submission(i).status for i in ids]


def pending(app) -> list[int]:
    return sorted(task.args[0] for task in app.extensions["sandbox"].grading.huey.pending())


def test_regrade_queues_only_this_class_submissions_to_that_exercise(app, trainer, store, classroom):
    elsewhere = make_class(trainer, "Day 2")
    other = submit(store, store.join_classroom(elsewhere, "Zarina").id, "heading", "pass")
    response = post(trainer, f"/trainer/classes/{classroom['id']}/regrade", exercise="hello")
    assert response.status_code == 302 and response.location.endswith(
        f"/trainer/classes/{classroom['id']}#results"
    )
    assert statuses(store, classroom["submissions"]) == ["queued"] * 3
    assert store.get_submission(other).status == "pass"
    assert pending(app) == classroom["submissions"]
    # The earlier result stays until the new one arrives.
    assert store.get_submission(classroom["submissions"][1]).result["status"] == "pass"
    page = trainer.get(f"/trainer/classes/{classroom['id']}").text
    assert "3 tries at “Say hello” are being checked again." in page


def test_regrade_of_an_unknown_exercise_is_404(app, trainer, store, classroom):
    response = post(trainer, f"/trainer/classes/{classroom['id']}/regrade", exercise="nope")
    assert response.status_code == 404
    assert statuses(store, classroom["submissions"]) == ["fail", "pass", "fail"] and pending(app) == []


def test_regraded_results_arrive_from_the_real_grader(app, trainer, store, classroom):
    """The checks "changed": a stored fail on the heading solution passes when graded again."""
    first, second, third = classroom["submissions"]
    fourth = submit(store, classroom["farrukh"], "heading", "fail", files_of("solutions/heading"))
    everything = [first, second, third, fourth]
    grading = app.extensions["sandbox"].grading
    try:
        grading.start()
        post(trainer, f"/trainer/classes/{classroom['id']}/regrade", exercise="hello")
        deadline = time.monotonic() + 60
        while "queued" in statuses(store, everything) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        grading.stop()
    assert statuses(store, everything) == ["fail", "pass", "fail", "pass"]
    assert store.get_submission(third).result["checks"][-1]["id"] == "counts"  # graded for real
    assert store.get_submission(fourth).result["submission"] == fourth


@pytest.mark.parametrize(
    "method, path",
    [("get", "export.csv"), ("get", "export.json"), ("post", "regrade")],
)
def test_results_routes_refuse_everyone_but_the_class_trainer(app, store, classroom, others, method, path):
    url = f"/trainer/classes/{classroom['id']}/{path}"
    learner = app.test_client()
    post(learner, f"/join/{classroom['code']}", name="Nodira")
    stranger = app.test_client()

    def call(client):
        return client.get(url) if method == "get" else post(client, url, exercise="hello")

    assert call(others).status_code == 404
    for client in (learner, stranger):
        response = call(client)
        assert response.status_code == 302 and "/trainer/login" in response.location
    assert app.test_client().post(url, data={"exercise": "hello"}).status_code in (302, 403)
    bogus = app.test_client()
    bogus.environ_base["HTTP_AUTHORIZATION"] = "Bearer sbx_wrong"
    assert call(bogus).status_code == 401  # a program with a wrong token is told so, not sent to a login page
    assert statuses(store, classroom["submissions"]) == ["fail", "pass", "fail"]
    assert pending(app) == []


def test_results_routes_accept_the_trainer_api_token(app, store, classroom):
    token = store.new_api_token(store.trainer_by_name("amina").id)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    assert client.get(f"/trainer/classes/{classroom['id']}/export.csv").status_code == 200
    response = client.post(f"/trainer/classes/{classroom['id']}/regrade", data={"exercise": "hello"})
    assert response.status_code == 302 and pending(app) == classroom["submissions"]


def test_sandbox_export_prints_the_class_by_code_or_number(tmp_path, store, classroom):
    by_code = run(tmp_path, "export", classroom["code"].lower(), "--format", "csv")
    assert by_code.exit_code == 0, by_code.output
    rows = csv_rows(by_code.output)
    assert [(r["learner"], r["step"], r["status"]) for r in rows][2:] == [
        ("Farrukh", "heading", "passed"),
        ("Farrukh", "button", "failing"),
    ]
    assert rows[0]["learner"].startswith("'=")
    by_number = run(tmp_path, "export", str(classroom["id"]), "--format", "json")
    assert by_number.exit_code == 0, by_number.output
    data = json.loads(by_number.output)
    assert [len(learner["submissions"]) for learner in data["learners"]] == [0, 3]


def test_sandbox_export_says_when_there_is_no_such_class(tmp_path, store):
    result = run(tmp_path, "export", "NOPE99")
    assert result.exit_code == 1
    assert "there is no class with the code or number 'NOPE99'" in result.output
