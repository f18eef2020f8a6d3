"""The `sandbox` command, as a trainer types it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from sandbox.store import Store
from tests.support import FIXTURE_EXERCISES, QUICK_HASH
from tests.support.cli import run
from tests.support.databases import url_of_instance


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


def test_exercises_validate_reports_how_much_of_a_partial_language_there_is(tmp_path):
    folder = tmp_path / "exercises"
    shutil.copytree(FIXTURE_EXERCISES / "hello", folder / "hello")
    (folder / "hello" / "steps" / "2-button.ru.md").unlink()
    yaml_file = folder / "hello" / "exercise.yaml"
    yaml_file.write_text(
        yaml_file.read_text().replace("languages: [en, ru]", "languages: [en, ru]\npartial_languages: [ru]")
    )

    result = run(tmp_path, "exercises", "validate", "--structure-only", exercises=folder)

    assert result.exit_code == 0, result.output
    assert (
        "ok   hello: 2 steps, 2 checks, 1 wrong cases\n  ru: 8 of 9 texts (the others are shown in English)\n"
        in (result.output)
    )


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


def test_demo_on_this_computer_only_prints_no_qr_but_why_and_the_command_that_fixes_it(tmp_path):
    result = run(tmp_path, "demo", "--port", "5999")
    assert result.exit_code == 0, result.output
    assert "phones cannot open 127.0.0.1. For the room's Wi-Fi:  make run" in result.output
    assert "\u2588" not in result.output  # no QR code that no phone could open


def test_demo_names_its_class_in_the_trainers_language_and_keeps_one_whatever_the_language(tmp_path):
    """The learners of the demo class read its name on every page: "Demo class" in a Russian
    room was the one English line of their page. The command's language names it; run again in
    another language, it finds the same class (not a second one)."""
    first = run(tmp_path, "demo", "--port", "5999", language="ru")
    again = run(tmp_path, "demo", "--port", "5999", language="en")
    assert first.exit_code == 0 and again.exit_code == 0, first.output + again.output
    code = re.search(r"код (\w+)", first.output).group(1)
    assert f"code {code}," in again.output
    instance = tmp_path / "instance"
    store = Store(url_of_instance(instance) or f"sqlite:///{instance / 'sandbox.db'}", QUICK_HASH)
    try:
        trainer = store.trainer_by_name("demo")
        assert [c.name for c in store.classrooms_of(trainer.id)] == ["Демо-класс"]
    finally:
        store.dispose()


def test_demo_on_the_wifi_prints_a_black_on_white_qr_with_a_quiet_zone(tmp_path):
    result = run(tmp_path, "demo", "--host", "192.168.1.23", "--port", "5999", color=True)  # a terminal
    assert result.exit_code == 0, result.output
    assert "join at http://192.168.1.23:5999/join/" in result.output
    qr = [line for line in result.output.splitlines() if line.startswith("\x1b[30;107m")]
    assert len(qr) >= 12  # drawn with explicit colours, so a light terminal shows it the same
    assert all(line.endswith("\x1b[0m") for line in qr)
    blank = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() == "" for line in qr]
    assert blank[:2] == [True, True] and blank[-2:] == [True, True]  # a quiet zone of 4 modules


def test_every_command_printed_for_the_wifi_works_as_typed():
    """`sandbox` is not on PATH: what we print is `make run` or a path into the virtualenv."""
    sources = [Path("sandbox/cli.py"), *Path("templates").rglob("*.html"), Path("README.md")]
    sources += list(Path("docs").glob("*.md"))
    for source in sources:
        text = source.read_text()
        assert "sandbox run --lan)" not in text.replace(".venv/bin/sandbox run --lan", ""), source
        assert 'make run ARGS="--lan"' not in text, source


def test_exercises_validate_and_list_speak_the_terminals_language(tmp_path):
    result = run(tmp_path, "exercises", "validate", "--structure-only", language="ru")
    assert result.exit_code == 0
    assert "ок   hello: шагов: 2, проверок: 2, ошибочных вариантов: 1" in result.output
    folder = tmp_path / "exercises"
    shutil.copytree(FIXTURE_EXERCISES / "hello", folder / "hello")
    (folder / "hello" / "starter" / "app.js").unlink()
    result = run(tmp_path, "exercises", "validate", str(folder / "hello"), exercises=folder, language="tg")
    assert result.exit_code == 1
    assert "ХАТО hello: мушкилот: 1" in result.output
    assert "1 аз 1 машқ мушкилот дорад." in result.output
    listed = run(tmp_path, "exercises", "list", language="ru")
    assert "Say hello  (2 шага)" in listed.output


def test_exercises_validate_checks_a_course_and_every_exercise_in_it(tmp_path):
    folder = tmp_path / "exercises"
    shutil.copytree(FIXTURE_EXERCISES.parent / "courses" / "web-basics", folder / "web-basics")
    result = run(tmp_path, "exercises", "validate", "--structure-only", exercises=folder)
    assert result.exit_code == 0, result.output
    assert "ok   cat-page: 3 steps, 3 checks, 1 wrong cases" in result.output
    assert "ok   green-title: 1 steps, 1 checks, 0 wrong cases" in result.output

    course_yaml = folder / "web-basics" / "course.yaml"
    course_yaml.write_text(course_yaml.read_text().replace("exercises: [green-title]", "exercises: []"))
    result = run(tmp_path, "exercises", "validate", "--structure-only", exercises=folder)
    assert result.exit_code == 1
    assert "web-basics/course.yaml: section 2, exercises: must list the ids" in result.output


def test_import_fcc_writes_a_course_and_says_what_it_left_out(tmp_path):
    files = [str(p) for p in sorted((FIXTURE_EXERCISES.parent / "fcc").glob("*.json"))]
    result = run(tmp_path, "import", "fcc", *files, "--into", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (
        "page-basics.json: “A Challenge Without a Solution” was left out: it has no solution" in result.output
    )
    assert f"Wrote {tmp_path / 'out' / 'freecodecamp-2018'}: 2 exercises, 3 steps." in result.output
    assert (tmp_path / "out" / "freecodecamp-2018" / "course.yaml").is_file()
