"""Commands that run the real grader: grade folders, validate behaviour, regrade stored work."""

from __future__ import annotations

import json
import shutil

from tests.support import FIXTURE_EXERCISES
from tests.support.cli import run


def test_grade_prints_one_result_per_folder_in_the_result_contract(tmp_path):
    good, bad = tmp_path / "ana", tmp_path / "ben"
    shutil.copytree(FIXTURE_EXERCISES / "hello" / "solutions" / "button", good)
    shutil.copytree(FIXTURE_EXERCISES / "hello" / "wrong" / "no-count", bad)
    result = run(tmp_path, "grade", "hello", str(good), str(bad))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["folder"], r["status"], r["version"]) for r in rows] == [
        (str(good), "pass", 1),
        (str(bad), "fail", 1),
    ]
    assert [c["id"] for c in rows[1]["checks"] if c["status"] == "fail"] == ["counts"]


def test_grade_as_csv_against_a_chosen_step(tmp_path):
    folder = tmp_path / "ana"
    shutil.copytree(FIXTURE_EXERCISES / "hello" / "solutions" / "heading", folder)
    result = run(tmp_path, "grade", "hello", "--step", "heading", "--format", "csv", str(folder))
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "folder,exercise,step,status,passed,total,failed_checks,duration_ms,message"
    assert lines[1].startswith(f"{folder},hello,heading,pass,1,1,,")


def test_validate_runs_the_grader_and_reports_behaviour(tmp_path):
    result = run(tmp_path, "exercises", "validate")
    assert result.exit_code == 0, result.output
    assert "ok   hello: 2 steps, 2 checks, 1 wrong cases; 4 of 4 cases behave as declared" in result.output


def test_regrade_grades_stored_submissions_again(tmp_path, app):
    store = app.extensions["sandbox"].store
    learner = store.create_learner()
    solution = {
        name: (FIXTURE_EXERCISES / "hello" / "solutions" / "heading" / name).read_text()
        for name in ("index.html", "style.css", "app.js")
    }
    stored = store.create_submission(learner, "hello", "heading", solution, "en")
    store.save_result(stored.id, "fail", {"status": "fail"})  # as graded under older checks
    result = run(tmp_path, "regrade", "hello")
    assert result.exit_code == 0, result.output
    assert "fail -> pass" in result.output and "1 changed" in result.output
    assert store.get_submission(stored.id).status == "pass"
