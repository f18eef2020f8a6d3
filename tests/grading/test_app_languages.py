"""A check whose texts are given per language, as the grader runs it: it looks for the words of the
learner's language, or of the language their code is written in, and says what it wanted in the
learner's language (docs/exercise-format.md, "Texts inside the app")."""

from __future__ import annotations

import shutil

import pytest
import yaml

from sandbox.exercises import load_exercise
from sandbox.grading.validate import validate_behaviour
from tests.support import FIXTURE_EXERCISES
from tests.support.grading import page

RESET = {"en": "Reset", "ru": "Сбросить", "tg": "Аз нав"}
COUNTER = """<p id="count">3</p><button>LABEL</button>
<script>
  document.querySelector("button").onclick = () => { document.querySelector("#count").textContent = 0; };
</script>"""
PRESS_RESET = {
    "do": [{"click": {"role": "button", "name": RESET}}],
    "expect": {"locator": "#count", "text": "0"},
}


@pytest.fixture
def reset_exercise(make_exercise):
    return make_exercise(
        [
            {"expect": {"role": "button", "name": RESET, "visible": True}},
            PRESS_RESET,
        ],
        languages=("en", "ru", "tg"),
    )


@pytest.mark.parametrize("language", ["en", "ru", "tg"])
def test_an_app_in_the_learners_language_passes(reset_exercise, grade, language):
    result = grade(reset_exercise, page(COUNTER.replace("LABEL", RESET[language])), language=language)
    assert result.status == "pass", [c.message for c in result.checks]


def test_a_learner_who_switched_the_page_language_keeps_passing_with_their_app(reset_exercise, grade):
    """Begun in Russian, the page then switched to English (or to Tajik): the code is still Russian."""
    russian_app = page(COUNTER.replace("LABEL", "Сбросить"))
    assert grade(reset_exercise, russian_app, language="en").status == "pass"
    assert grade(reset_exercise, russian_app, language="tg").status == "pass"


def test_a_failure_names_the_words_in_the_learners_language(reset_exercise, grade):
    result = grade(reset_exercise, page(COUNTER.replace("LABEL", "Go")), language="ru")
    assert result.status == "fail"
    message = result.checks[0].message
    assert "Сбросить" in message and "Reset" not in message
    tajik = grade(reset_exercise, page(COUNTER.replace("LABEL", "Go")), language="tg")
    assert "Аз нав" in tajik.checks[0].message


def test_the_validator_grades_each_case_again_in_each_language_of_the_app(tmp_path, grader):
    """The hello exercise with its heading in Russian, whose Russian solution of the last step
    forgot to translate it: that solution fails in Russian only, and is named so."""
    root = tmp_path / "hello"
    shutil.copytree(FIXTURE_EXERCISES / "hello", root)
    data = yaml.safe_load((root / "exercise.yaml").read_text())
    data["steps"][0]["checks"][0]["expect"]["name"] = {"en": "Hello", "ru": "Привет"}
    (root / "exercise.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    for folder in ("starter", "solutions/heading", "solutions/button", "wrong/no-count"):
        english = (root / folder / "index.html").read_text()
        translated = english if folder == "solutions/button" else english.replace("Hello", "Привет")
        (root / folder / "index.ru.html").write_text(translated.replace('lang="en"', 'lang="ru"'))
    findings = {f.case: f for f in validate_behaviour(load_exercise(root), grader)}
    assert set(findings) == {
        f"{case}{suffix}" for case in findings if "(" not in case for suffix in ("", " (ru)")
    }
    assert [case for case, f in findings.items() if not f.ok] == ["solutions/button (ru)"]
    assert findings["solutions/button (ru)"].language == "ru"
    assert "has-heading" in findings["solutions/button (ru)"].detail
