"""The `sandbox` command, as a trainer types it."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from sandbox.cli import main
from tests.conftest import FIXTURE_EXERCISES


def run(tmp_path, *args, exercises=FIXTURE_EXERCISES):
    env = {
        "SANDBOX_INSTANCE_PATH": str(tmp_path / "instance"),
        "SANDBOX_EXERCISES_DIR": str(exercises),
        "SANDBOX_LANGUAGE": "en",  # these tests read English output, whatever the machine's locale
    }
    return CliRunner().invoke(main, list(args), env=env)


def test_exercises_list_json_prints_id_title_and_step_ids(tmp_path):
    result = run(tmp_path, "exercises", "list", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"id": "hello", "title": "Say hello", "steps": ["heading", "button"]}
    ]


def test_exercises_validate_passes_a_good_exercise(tmp_path):
    result = run(tmp_path, "exercises", "validate", "--structure-only")
    assert result.exit_code == 0
    assert "ok   hello: 2 steps, 2 checks, 1 wrong cases" in result.output


def test_exercises_validate_fails_with_a_readable_report(tmp_path):
    folder = tmp_path / "exercises"
    shutil.copytree(FIXTURE_EXERCISES / "hello", folder / "hello")
    (folder / "hello" / "starter" / "app.js").unlink()
    result = run(tmp_path, "exercises", "validate", str(folder / "hello"), exercises=folder)
    assert result.exit_code == 1
    assert "FAIL hello: 1 problem(s)" in result.output
    assert "hello/starter/app.js: is missing" in result.output


def test_init_creates_the_database(tmp_path):
    result = run(tmp_path, "init")
    assert result.exit_code == 0 and "Database ready" in result.output
    assert (tmp_path / "instance" / "sandbox.db").exists()
