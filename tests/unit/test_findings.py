"""What the grader found for each case of an exercise: kept as messages, said in the reader's language."""

from __future__ import annotations

import json

import pytest

from sandbox.authoring import BehaviourCache, Report, finding_line
from sandbox.exercises import Finding
from sandbox.exercises.model import Message
from sandbox.grading.messages import translations
from sandbox.grading.result import CheckResult, GradeResult
from sandbox.grading.validate import NOTHING_RETURNED, SOLUTION_FAILS, WRONG_FAILS_OTHERS, _judge


def gettext_of(language: str):
    catalog = translations(language)

    def gettext(text: str, **values: object) -> str:
        said = catalog.gettext(text)
        return said % values if values else said

    def ngettext(singular: str, plural: str, num: int, **values: object) -> str:
        return catalog.ngettext(singular, plural, num) % {"num": num, **values}

    return gettext, ngettext


def result(status: str, *checks: tuple[str, str, str | None], message: str | None = None) -> GradeResult:
    return GradeResult(
        "hello", "button", status, 5, [CheckResult(i, i, s, m) for i, s, m in checks], message=message
    )


WRONG = Finding(
    "wrong/no-count",
    "button",
    False,
    (
        Message(WRONG_FAILS_OTHERS, {"expected": "counts", "failing": "has-button (Add a button)"}),
        Message(NOTHING_RETURNED, {"checks": "counts"}),
    ),
)

SAID = {
    "en": "expected to fail exactly counts; got failing: has-button (Add a button). counts: the JavaScript "
    "gave undefined.",
    "ru": "ожидалось, что не будут пройдены ровно эти проверки: counts; не пройдены: has-button "
    "(Add a button). counts: JavaScript вернул undefined.",
    "tg": "интизор буд, ки маҳз ин санҷишҳо нагузаранд: counts; нагузаштанд: has-button (Add a button). "
    "counts: JavaScript undefined дод.",
}


@pytest.mark.parametrize("language", ["en", "ru", "tg"])
def test_a_finding_is_said_in_the_language_it_is_shown_in(language):
    gettext, _ngettext = gettext_of(language)
    assert WRONG.said(gettext).startswith(SAID[language])
    assert WRONG.detail.startswith(SAID["en"])  # English where nobody asks for a language


def test_a_finding_goes_through_json_and_back_unchanged():
    kept = json.loads(json.dumps(WRONG.to_dict()))
    assert "detail" not in kept  # the cache keeps the messages, not one language's text
    assert Finding.from_dict(kept) == WRONG
    gettext, _ngettext = gettext_of("ru")
    assert WRONG.to_dict(gettext)["detail"] == WRONG.said(gettext)  # a JSON answer says it


@pytest.mark.parametrize(
    ("case", "graded", "expected", "ok", "english"),
    [
        ("starter", result("fail", ("h", "fail", "No heading")), set(), True, "failing: h (No heading)"),
        ("starter", result("pass", ("h", "pass", None)), set(), False, "expected to fail step 'button'"),
        ("solutions/button", result("pass"), set(), True, "all checks pass"),
        ("solutions/button", result("fail", ("h", "fail", None)), set(), False, "expected to pass step"),
        ("wrong/x", result("fail", ("c", "fail", "Two")), {"c"}, True, "failing: c (Two)"),
        ("wrong/x", result("pass"), {"c"}, False, "expected to fail exactly c; got all checks pass"),
        ("wrong/x", result("error", message="Too slow"), {"c"}, False, "got error: Too slow"),
    ],
)
def test_each_way_a_case_can_go_has_its_sentence(case, graded, expected, ok, english):
    judged, message = _judge(case, "button", graded, expected)
    assert judged is ok and english in message.said()
    for language in ("ru", "tg"):
        gettext, _ngettext = gettext_of(language)
        assert gettext(message.text) != message.text  # translated


def test_the_solution_sentence_names_the_step_and_what_failed():
    _ok, message = _judge("solutions/button", "button", result("fail", ("counts", "fail", "Zero")), set())
    assert message == Message(SOLUTION_FAILS, {"step": "button", "failing": "counts (Zero)"})


def test_an_old_cache_entry_is_unchecked_and_the_rest_are_kept(tmp_path):
    path = tmp_path / "behaviour.json"
    old = {"case": "starter", "step": "heading", "ok": True, "detail": "failing: h (No heading)"}
    path.write_text(
        json.dumps(
            {
                "old": {"fingerprint": "a", "checked_at": "then", "findings": [old]},
                "new": {"fingerprint": "b", "checked_at": "now", "findings": [WRONG.to_dict()]},
            }
        )
    )
    cache = BehaviourCache(path)
    assert cache.get("old") is None  # checked again when a trainer asks
    assert cache.get("new").findings == (WRONG,)
    cache.put("old", "c", [WRONG])
    assert BehaviourCache(path).get("old").findings == (WRONG,)


def test_a_damaged_cache_is_empty(tmp_path):
    path = tmp_path / "behaviour.json"
    path.write_text("[1, 2")
    assert BehaviourCache(path).get("hello") is None
    path.write_text("[1, 2]")
    assert BehaviourCache(path).get("hello") is None


REPORT = Report(
    "hello",
    (),
    (Finding("starter", "heading", True, (Message("all checks pass"),)), WRONG),
    {"steps": 2, "checks": 2, "wrong": 1},
)


@pytest.mark.parametrize(
    ("language", "head", "line"),
    [
        (
            "en",
            "FAIL hello: 2 steps, 2 checks, 1 wrong cases; 1 of 2 cases behave as declared",
            "  - wrong/no-count (step button): expected to fail exactly counts",
        ),
        (
            "ru",
            "ОШИБКА hello: шагов: 2, проверок: 2, ошибочных вариантов: 1; как заявлено: 1 из 2 случаев",
            "  - wrong/no-count (шаг button): ожидалось, что не будут пройдены ровно эти проверки: counts",
        ),
        (
            "tg",
            "ХАТО hello: қадамҳо: 2, санҷишҳо: 2, вариантҳои хато: 1; тавре ки эълон шудааст: 1 аз 2 ҳолат",
            "  - wrong/no-count (қадами button): интизор буд, ки маҳз ин санҷишҳо нагузаранд: counts",
        ),
    ],
)
def test_the_validate_report_is_printed_in_the_terminals_language(language, head, line):
    gettext, ngettext = gettext_of(language)
    lines = REPORT.lines(gettext, ngettext)
    assert lines[0] == head
    assert len(lines) == 2 and lines[1].startswith(line)
    assert ("  - " + finding_line(WRONG, gettext)) == lines[1]
