"""Every bundled exercise is well-formed, in the order a bootcamp takes them."""

from __future__ import annotations

import re

import pytest
import yaml

from sandbox.exercises import load_catalog, load_exercise
from tests.support import BUNDLED_EXERCISES

BUNDLED = sorted(p.name for p in BUNDLED_EXERCISES.iterdir() if p.is_dir())


def test_all_five_bundled_exercises_load_in_teaching_order():
    catalog = load_catalog(BUNDLED_EXERCISES)
    assert catalog.problems == {}
    assert list(catalog.exercises) == [
        "profile-card",
        "volunteer-counter",
        "report-problem",
        "clinic-tips",
        "job-board",
    ]


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_exercise_has_3_to_6_steps_solutions_and_a_wrong_case(name):
    exercise = load_exercise(BUNDLED_EXERCISES / name)
    assert 3 <= len(exercise.steps) <= 6
    assert set(exercise.solutions) == {s.id for s in exercise.steps}
    assert exercise.wrong, "each exercise ships at least one known-wrong submission"
    for step in exercise.steps:
        assert step.instructions.get("en").strip()
        # An accessibility check brings a hint for each rule it finds broken; every other check has its own.
        assert all(
            check.name.get("en") and (check.hint or (check.expect or {}).get("page") == "accessible")
            for check in step.checks
        )


def _texts(node):
    """Every {en: ..., ru: ..., tg: ...} text of an exercise.yaml, wherever it is."""
    if isinstance(node, dict):
        if isinstance(node.get("en"), str):
            yield node
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


@pytest.mark.parametrize("name", BUNDLED)
def test_words_a_hint_asks_to_type_are_in_the_learners_language(name):
    """A hint that says "type <h1>Your organisation</h1>" in the Russian text asks a learner who
    reads no English to type English words into their app: the words between tags are translated
    like the rest (tags, attributes and code stay as they are)."""
    between_tags = re.compile(r">([^<>]*[A-Za-z]{3,}\s+[A-Za-z]{3,}[^<>]*)</")
    data = yaml.safe_load((BUNDLED_EXERCISES / name / "exercise.yaml").read_text())
    untranslated = [
        (language, words)
        for text in _texts(data)
        for words in between_tags.findall(text["en"])
        for language in ("ru", "tg")
        if words in (text.get(language) or "")
    ]
    assert untranslated == []
