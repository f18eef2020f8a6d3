"""A check whose texts are given per language, as the grader runs it: it looks for the words of the
learner's language, or of the language their code is written in, and says what it wanted in the
learner's language (docs/exercise-format.md, "Texts inside the app")."""

from __future__ import annotations

import pytest

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
