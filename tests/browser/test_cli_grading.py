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


def test_grade_takes_an_exercise_folder_outside_the_catalogue(tmp_path):
    draft = tmp_path / "drafts" / "hello"
    shutil.copytree(FIXTURE_EXERCISES / "hello", draft)
    folder = tmp_path / "ana"
    shutil.copytree(FIXTURE_EXERCISES / "hello" / "solutions" / "button", folder)

    result = run(tmp_path, "grade", str(draft), str(folder), exercises=tmp_path / "empty")

    assert result.exit_code == 0, result.output
    assert [row["status"] for row in json.loads(result.output)] == ["pass"]


def test_grade_says_what_is_wrong_with_a_broken_exercise_folder(tmp_path):
    draft = tmp_path / "hello"
    shutil.copytree(FIXTURE_EXERCISES / "hello", draft)
    yaml_file = draft / "exercise.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("expect:", "expcet:", 1))

    result = run(tmp_path, "grade", str(draft), str(draft / "starter"))

    assert result.exit_code != 0
    assert "expcet: is not a word checks understand; did you mean expect?" in result.output


# Statements with no return: the check gives undefined even on the solution.
NOTHING_RETURNED = """      - id: counts
        name: {en: Pressing the button twice shows 2, ru: Два нажатия показывают 2}
        do: [{click: "#add"}, {click: "#add"}]
        js: "const n = document.querySelector('#count').textContent; n === '2'"
"""


def test_validate_explains_a_javascript_check_that_gives_undefined(tmp_path):
    exercises = tmp_path / "exercises"
    shutil.copytree(FIXTURE_EXERCISES / "hello", exercises / "hello")
    yaml_file = exercises / "hello" / "exercise.yaml"
    text = yaml_file.read_text()
    yaml_file.write_text(text[: text.index("      - id: counts")] + NOTHING_RETURNED)

    result = run(tmp_path, "exercises", "validate", exercises=exercises)

    assert "counts: the JavaScript gave undefined" in result.output, result.output
