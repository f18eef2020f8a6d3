"""One vocabulary of check words (sandbox/exercises/vocabulary.py), and every place that must agree with it.

The loader accepts exactly these words; the Playwright path has a handler for each; the quick look
(quick.py and quick.js) knows only words from it, the same ones on both sides; docs/checks.md
explains each one. A word added in one place and not the others fails here, and a word the
Playwright path cannot check is refused when it is graded, never passed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sandbox.exercises import ExerciseInvalid, vocabulary
from sandbox.grading import checks, quick
from sandbox.grading.checks import accessible
from sandbox.grading.runner import Submission
from tests.support.grading import page, write_exercise

DOCS = Path(__file__).resolve().parents[2] / "docs" / "checks.md"

# A value the loader takes for each assertion: a word added to the vocabulary needs one here too.
SAMPLES = {
    "visible": True,
    "text": "2",
    "contains": "2",
    "not_contains": "Infinity",
    "count": 1,
    "min_count": 1,
    "value": "2",
    "attribute": {"id": "count"},
    "css": {"display": "block"},
    "checked": True,
    "enabled": True,
}
ACTION_SAMPLES = {"wait": 10, "reload": True}
# A value the loader takes for what a page check takes ("x" when any text will do).
PAGE_SAMPLES = {"rules": ["image-alt"]}


def doc_sections() -> dict[str, str]:
    """docs/checks.md split at its `## ` headings."""
    parts = re.split(r"^## (.+)$", DOCS.read_text(encoding="utf-8"), flags=re.M)
    return {title.strip(): body for title, body in zip(parts[1::2], parts[2::2], strict=True)}


def first_column(section: str) -> list[str]:
    """The first cell of each row of a section's table (the header and the rule left out)."""
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [row.split("|")[1].strip() for row in rows[2:]]


def quick_js_words(browser) -> dict[str, list[str]]:
    """What quick.js knows, asked in a real Chromium."""
    page = browser.new_page()
    try:
        return page.evaluate(f"({quick.SOURCE})([{{words: true}}])")[0]
    finally:
        page.close()


def test_docs_explain_every_target_and_no_other():
    cells = first_column(doc_sections()["Targets (exactly one)"])

    assert [re.match(r"`(\w+)`", cell).group(1) for cell in cells] == list(vocabulary.TARGETS)
    for option in vocabulary.TARGET_OPTIONS:
        assert f"`{option}" in doc_sections()["Targets (exactly one)"], option


def test_docs_explain_every_assertion_and_no_other():
    cells = first_column(doc_sections()["Assertions on an element"])

    assert [re.match(r"`(\w+):", cell).group(1) for cell in cells] == list(vocabulary.ASSERTIONS)


def test_docs_explain_every_page_check_with_what_it_takes():
    documented = {}
    for cell in first_column(doc_sections()["Page checks"]):
        name, *takes = re.findall(r"`([\w-]+)`", cell)
        documented[name] = tuple(takes)

    assert documented == vocabulary.PAGE_CHECKS


def test_docs_explain_every_action_with_what_it_takes():
    documented = {}
    for cell in first_column(doc_sections()["Actions (`do`)"]):
        for step in re.findall(r"`\{(.+?)\}`", cell):
            verb, *keys = [part.split(":")[0].strip() for part in step.split(",")]
            documented[verb] = tuple(keys)

    assert documented == vocabulary.ACTIONS


def test_docs_and_the_grader_explain_every_accessibility_rule_and_no_other():
    rules = [cell.strip("`") for cell in first_column(doc_sections()["Accessibility rules"])]

    assert rules == list(vocabulary.ACCESSIBILITY_RULES)
    assert list(accessible.RULES) == list(vocabulary.ACCESSIBILITY_RULES)


def test_the_playwright_path_has_a_handler_for_every_word():
    assert set(checks.ASSERTIONS) == set(vocabulary.ASSERTIONS)
    assert [*checks.LOCATORS, "page"] == list(vocabulary.TARGETS)
    assert checks.TARGET_OPTIONS == vocabulary.TARGET_OPTIONS
    assert set(checks.PAGE_CHECKS) == set(vocabulary.PAGE_CHECKS)
    for name, takes in vocabulary.PAGE_CHECKS.items():
        assert set(checks.PAGE_ASSERTIONS.get(name, {})) == set(takes), name
    assert set(checks.ACTIONS) == set(vocabulary.ACTIONS)


def test_the_quick_look_knows_only_vocabulary_words_the_same_on_both_sides(browser):
    js = quick_js_words(browser)

    assert set(js["assertions"]) == set(quick.ASSERTION_VALUES)
    assert set(quick.ASSERTION_VALUES) <= set(vocabulary.ASSERTIONS)
    assert set(quick.PAGE_PROBES) <= set(js["pages"]) <= set(vocabulary.PAGE_CHECKS)
    assert quick.TARGET_KEYS <= {*vocabulary.TARGETS, *vocabulary.TARGET_OPTIONS}
    for word in vocabulary.TARGETS:
        target = quick.target_of({word: "x"})
        assert target is None or set(target) - set(vocabulary.TARGET_OPTIONS) <= set(js["targets"]), word


def test_the_loader_accepts_every_word_of_the_vocabulary(tmp_path):
    assert set(SAMPLES) == set(vocabulary.ASSERTIONS), "give each assertion a sample value here"
    element = [{"expect": {"locator": "#count", name: value}} for name, value in SAMPLES.items()]
    targets = [{"expect": {word: "x", "visible": True}} for word in vocabulary.TARGETS if word != "page"]
    pages = [
        {"expect": {"page": name, **{key: PAGE_SAMPLES.get(key, "x") for key in takes}}}
        for name, takes in vocabulary.PAGE_CHECKS.items()
    ]
    actions = [
        {"do": [{verb: ACTION_SAMPLES.get(verb, "#count"), **{key: "x" for key in takes}}], "js": "true"}
        for verb, takes in vocabulary.ACTIONS.items()
    ]

    exercise = write_exercise(tmp_path, [*element, *targets, *pages, *actions])

    assert len(exercise.checks_through("only")) == len(element) + len(targets) + len(pages) + len(actions)


@pytest.mark.parametrize(
    "expect",
    [
        {"locator": "#count", "glows": True},
        {"page": "sparkles"},
        {"page": "title", "glows": "x"},
        {"page": "accessible", "rules": ["image-alt", "sparkles"]},
        {"page": "accessible", "rules": "image-alt"},
    ],
    ids=["assertion", "page-check", "page-assertion", "accessibility-rule", "rules-not-a-list"],
)
def test_the_loader_refuses_a_word_outside_the_vocabulary(tmp_path, expect):
    with pytest.raises(ExerciseInvalid):
        write_exercise(tmp_path, [{"expect": expect}])


@pytest.mark.parametrize(
    "expect",
    [{"locator": "#count", "text": "2", "glows": True}, {"page": "title", "glows": "x"}],
    ids=["assertion", "page-assertion"],
)
def test_a_word_the_playwright_path_cannot_check_is_an_error_not_a_pass(
    tmp_path, monkeypatch, grader, expect
):
    # As if the word had been added to the vocabulary (so the loader takes it) and nowhere else.
    monkeypatch.setattr(vocabulary, "ASSERTIONS", (*vocabulary.ASSERTIONS, "glows"))
    monkeypatch.setattr(
        vocabulary, "PAGE_CHECKS", {**vocabulary.PAGE_CHECKS, "title": ("text", "contains", "glows")}
    )
    exercise = write_exercise(tmp_path, [{"expect": expect}])

    result = grader.grade(Submission(exercise, "only", page('<p id="count">2</p>', title="x")))

    assert [check.status for check in result.checks] == ["error"]
    assert "mistake in the exercise" in result.checks[0].message
