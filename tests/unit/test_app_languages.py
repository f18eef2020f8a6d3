"""An app in the learner's language: a table of the lines to translate (app-texts.ru.yaml) or whole
files beside the English ones (index.ru.html), checks whose texts are given per language, and what
the loader says when a language lacks some of them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from sandbox.exercises import ExerciseInvalid, load_exercise
from sandbox.exercises.app_texts import translated_name
from tests.support import BUNDLED_EXERCISES, FIXTURE_EXERCISES

BUNDLED = sorted(p.name for p in BUNDLED_EXERCISES.iterdir() if p.is_dir())
HEADING = {"en": "Hello", "ru": "Привет"}


@pytest.fixture
def hello(tmp_path) -> Path:
    """The test exercise with its heading in Russian: the check, the starter's and solutions' pages."""
    target = tmp_path / "exercises" / "hello"
    shutil.copytree(FIXTURE_EXERCISES / "hello", target)
    path = target / "exercise.yaml"
    data = yaml.safe_load(path.read_text())
    data["steps"][0]["checks"][0]["expect"]["name"] = dict(HEADING)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    for folder in ("starter", "solutions/heading", "solutions/button", "wrong/no-count"):
        english = (target / folder / "index.html").read_text()
        (target / folder / "index.ru.html").write_text(english.replace("Hello", "Привет"))
    return target


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ExerciseInvalid) as caught:
        load_exercise(folder)
    return [str(p) for p in caught.value.problems]


def test_a_language_gets_its_own_files_and_the_english_ones_it_has_none_of(hello):
    exercise = load_exercise(hello)
    russian = exercise.in_language("ru")
    assert exercise.app_languages == ("ru",)
    assert "Привет" in russian.solutions["heading"]["index.html"]
    assert russian.solutions["heading"]["app.js"] == exercise.solutions["heading"]["app.js"]
    assert "Hello" in exercise.solutions["heading"]["index.html"]  # English stays English
    assert exercise.starter_for("heading", "ru") == russian.starter
    assert exercise.in_language("tg") is exercise  # a language the app has no texts in: English


def test_an_exercise_without_translated_files_is_unchanged():
    exercise = load_exercise(FIXTURE_EXERCISES / "hello")
    assert exercise.app_languages == () and exercise.in_language("ru") is exercise


def test_a_check_looks_for_its_text_in_a_language_english_elsewhere(hello):
    check = load_exercise(hello).steps[0].checks[0]
    assert check.expect["name"] == "Hello"
    assert check.in_language("ru").expect["name"] == "Привет"
    assert check.in_language("tg") is check


def test_the_text_language_is_the_learners_unless_their_code_holds_another_languages_words(hello):
    check = load_exercise(hello).steps[0].checks[0]
    russian_app = {"index.html": "<h1>Привет</h1>"}
    # A learner who began in Russian and switched the page to English keeps their Russian app.
    assert check.text_language(russian_app, "en") == "ru"
    assert check.text_language({"index.html": "<h1>Hello</h1>"}, "ru") == "en"
    # Code with none of the words (or both) is told them in the learner's language.
    assert check.text_language({"index.html": "<main></main>"}, "ru") == "ru"
    assert check.text_language({"index.html": "<p>Hello</p><h1>Привет</h1>"}, "ru") == "ru"
    # A word inside a name in the code is not the word: id="hello-box", sayHello().
    assert check.text_language({"index.html": '<h1 id="Hello-box">Привет</h1>'}, "en") == "ru"


def test_a_translated_file_for_a_language_not_declared_is_refused(hello):
    (hello / "starter" / "index.tg.html").write_text("<h1>Салом</h1>")
    (hello / "starter" / "index.old.html").write_text("")
    problems = problems_of(hello)
    assert any("starter/index.tg.html" in p and "translation" in p for p in problems)
    assert any("starter/index.old.html" in p for p in problems)


def test_a_language_with_texts_of_its_own_must_have_all_of_them(hello):
    (hello / "solutions" / "button" / "index.ru.html").unlink()
    data = yaml.safe_load((hello / "exercise.yaml").read_text())
    data["steps"][1]["checks"][0]["expect"]["text"] = {"en": "2", "tg": "2"}
    (hello / "exercise.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    problems = problems_of(hello)
    assert any("solutions/button/index.ru.html" in p and "is missing" in p for p in problems)
    assert any("check counts" in p and "'ru'" in p for p in problems)  # its text lacks Russian
    assert any("'tg' is not a language of `languages`" in p for p in problems)


def test_a_partial_language_may_lack_app_texts(hello):
    (hello / "solutions" / "button" / "index.ru.html").unlink()
    data = yaml.safe_load((hello / "exercise.yaml").read_text())
    data["partial_languages"] = ["ru"]
    (hello / "exercise.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    exercise = load_exercise(hello)
    assert "Hello" in exercise.in_language("ru").solutions["button"]["index.html"]


TABLE = """# Hello in Russian
index.html:
  <h1>Hello</h1>:
    <h1>Привет</h1>
  <title>Hello</title>: <title>Привет</title>
"""


def test_a_table_of_lines_translates_the_file_in_every_case_as_whole_files_do(hello):
    """app-texts.ru.yaml gives each case's index.ru.html from its index.html, byte for byte as the
    whole files beside them did (each line keeping its indent); a whole file an author kept still
    wins over the table."""
    whole = load_exercise(hello).in_language("ru")
    for folder in ("starter", "solutions/heading", "solutions/button", "wrong/no-count"):
        (hello / folder / "index.ru.html").unlink()
    (hello / "app-texts.ru.yaml").write_text(TABLE)
    tabled = load_exercise(hello).in_language("ru")
    assert tabled.starter == whole.starter and tabled.solutions == whole.solutions
    assert tabled.wrong == whole.wrong
    assert "\n  <h1>Привет</h1>\n" in tabled.solutions["button"]["index.html"]
    (hello / "starter" / "index.ru.html").write_text("<h1>Здравствуйте</h1>")
    mixed = load_exercise(hello).in_language("ru")
    assert mixed.starter["index.html"] == "<h1>Здравствуйте</h1>"
    assert mixed.solutions == whole.solutions


def test_a_table_line_that_matches_nothing_or_a_table_in_another_language_is_refused(hello):
    """A line the English files no longer have (its English changed) would silently translate
    nothing: the loader names it; so it does a table of a language the exercise lacks."""
    (hello / "app-texts.ru.yaml").write_text(TABLE + "  <h1>Helo</h1>: <h1>Привет</h1>\nstyle.scss: {}\n")
    (hello / "app-texts.tg.yaml").write_text(TABLE)
    problems = problems_of(hello)
    assert any("app-texts.ru.yaml: index.html: <h1>Helo</h1>: matches no line" in p for p in problems)
    assert any("app-texts.ru.yaml: style.scss: is not one of the exercise's files" in p for p in problems)
    assert any("app-texts.tg.yaml: names no language" in p for p in problems)
    (hello / "app-texts.tg.yaml").unlink()
    (hello / "app-texts.ru.yaml").write_text("index.html: [<h1>Hello</h1>]\n")
    assert any("must map each English line" in p for p in problems_of(hello))


@pytest.mark.parametrize("name", BUNDLED)
def test_the_bundled_exercises_repeat_no_file_they_could_take(name):
    """The bundled exercises are written the short way: no wrong case holds a file equal to its
    solution's, and no translated file is one the app-texts table already gives."""
    folder = BUNDLED_EXERCISES / name
    exercise = load_exercise(folder)
    for case in exercise.wrong:
        for file in exercise.files:
            path = folder / "wrong" / case.name / file
            assert not path.is_file() or path.read_text() != exercise.solutions[case.step][file], path
    for language in exercise.app_languages:
        assert (folder / f"app-texts.{language}.yaml").is_file()
        assert not [path for file in exercise.files for path in folder.rglob(translated_name(file, language))]


def code_lines(markdown: str) -> list[str]:
    return [
        line.strip()
        for block in re.findall(r"```\w*\n(.*?)```", markdown, re.S)
        for line in block.split("\n")
    ]


def solution_lines(exercise, step_id: str) -> set[str]:
    return {line.strip() for text in exercise.solutions[step_id].values() for line in text.split("\n")}


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_app_is_in_russian_and_tajik_and_its_instructions_show_that_code(name):
    """Each line of code the Russian and Tajik instructions show is a line of that language's
    solution (its words translated as the app's are, the code itself not), or, where the English
    shows a line the solution does not have (another way to write it), that line translated."""
    exercise = load_exercise(BUNDLED_EXERCISES / name)
    assert exercise.app_languages == ("ru", "tg")
    for language in ("ru", "tg"):
        translated = exercise.in_language(language)
        assert f'<html lang="{language}">' in translated.solutions[exercise.steps[-1].id]["index.html"]
        for step in exercise.steps:
            solution, english = solution_lines(translated, step.id), solution_lines(exercise, step.id)
            shown = code_lines(step.instructions.get(language))
            assert len(shown) == len(code_lines(step.instructions.get("en")))
            for line, line_en in zip(shown, code_lines(step.instructions.get("en")), strict=True):
                assert line in solution or "..." in line or (line_en not in english and line != line_en), (
                    f"{name} {step.id} ({language}): a line of code that is not in the solution: {line}"
                )
