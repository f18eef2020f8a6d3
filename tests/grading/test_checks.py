"""What each check kind does, as the grader runs it in real Chromium: docs/checks.md as a table.

Every case (the table is tests/support/check_cases.py) is a small app and one check. A failing check
must say what is wrong in plain words (with the expected and actual values where there are such), and
carry the trainer's hint.
"""

from __future__ import annotations

import re

import pytest

from sandbox.grading.messages import translations
from sandbox.grading.runner import Submission
from tests.support.check_cases import (
    CASES,
    CHECKS_PY,
    COUNTER,
    HINT,
    NO_MARGIN,
    Case,
    assert_plain,
    problems,
)
from tests.support.grading import page


@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_kind_behaves_as_documented(case: Case, make_exercise, grade):
    check = {**case.check, "id": "the-check", "name": "The check", "hint": HINT}
    exercise = make_exercise([check], **case.extra)

    result = grade(exercise, case.files)

    assert [c.id for c in result.checks] == ["the-check"]
    outcome = result.checks[0]
    assert (outcome.status, outcome.message) == (case.status, outcome.message)
    assert result.status == case.status
    if case.status == "pass":
        assert outcome.message is None and outcome.hint is None
        return
    assert_plain(outcome.message)
    for words in case.says:
        assert words in outcome.message, f"{words!r} not in {outcome.message!r}"
    # A hint says what to change in the app: none when the exercise is at fault.
    assert outcome.hint == (None if case.status == "error" else HINT)
    if case.expected is not None:
        assert outcome.expected == case.expected
    if case.actual is not None:
        assert outcome.actual == case.actual


def test_python_check_with_a_mistake_is_an_error_of_the_exercise(make_exercise, grade):
    exercise = make_exercise([{"python": "checks.py:broken"}], checks_py=CHECKS_PY)

    result = grade(exercise, COUNTER)

    assert result.status == "error"
    assert result.checks[0].status == "error"
    assert_plain(result.checks[0].message)
    assert "not in your code" in result.checks[0].message


# ---- the result


def test_result_follows_the_contract(make_exercise, grade):
    exercise = make_exercise(
        [
            {
                "id": "has-button",
                "name": "There is a button labelled +",
                "expect": {"role": "button", "name": "+", "visible": True},
            },
            {"id": "counts", "do": [{"click": "#add"}], "expect": {"locator": "#count", "text": "5"}},
        ]
    )

    data = grade(exercise, COUNTER, submission=42).to_dict()

    assert data["version"] == 1
    assert data["submission"] == 42
    assert data["exercise"] == exercise.id
    assert data["step"] == "only"
    assert data["status"] == "fail"
    assert isinstance(data["duration_ms"], int) and 0 < data["duration_ms"] < 6000
    assert [c["id"] for c in data["checks"]] == ["has-button", "counts"]
    for check in data["checks"]:
        assert {"id", "name", "status", "message", "hint", "expected", "actual"} <= set(check)
    passed, failed = data["checks"]
    assert passed == passed | {
        "name": "There is a button labelled +",
        "status": "pass",
        "message": None,
        "hint": None,
        "expected": None,
        "actual": None,
    }
    assert failed["status"] == "fail"
    assert (failed["expected"], failed["actual"]) == ("5", "1")
    assert failed["hint"] == "Hint for counts"


def test_checks_keep_the_order_of_the_exercise(make_exercise, grade):
    exercise = make_exercise(
        [
            {"id": "acts", "do": [{"click": "#add"}], "expect": {"locator": "#count", "text": "1"}},
            {"id": "reads", "expect": {"locator": "#count", "text": "0"}},
            {"id": "js", "js": "true"},
            {"id": "page", "expect": {"page": "viewport-meta"}},
        ]
    )

    result = grade(exercise, COUNTER)

    assert [(c.id, c.status) for c in result.checks] == [
        ("acts", "pass"),
        ("reads", "pass"),
        ("js", "pass"),
        ("page", "pass"),
    ]


def test_grading_is_cumulative(make_exercise, grade):
    exercise = make_exercise(
        steps={
            "heading": [
                {"id": "has-heading", "expect": {"role": "heading", "name": "Counter", "visible": True}}
            ],
            "button": [
                {"id": "counts", "do": [{"click": "#add"}], "expect": {"locator": "#count", "text": "1"}}
            ],
        }
    )
    without_heading = COUNTER
    with_heading = page(
        '<h1>Counter</h1><p id="count">0</p><button id="add">+</button>', js=COUNTER["app.js"]
    )

    first_step_only = grade(exercise, without_heading, step="heading")
    second_step = grade(exercise, without_heading, step="button")
    both = grade(exercise, with_heading, step="button")

    assert [c.id for c in first_step_only.checks] == ["has-heading"]
    assert [(c.id, c.status) for c in second_step.checks] == [("has-heading", "fail"), ("counts", "pass")]
    assert second_step.status == "fail"
    assert both.status == "pass"


# ---- isolation: every check and every submission starts from nothing


def test_each_check_sees_a_fresh_page(make_exercise, grade):
    exercise = make_exercise(
        [
            {
                "id": "clicks-twice",
                "do": [{"click": "#add"}, {"click": "#add"}],
                "expect": {"locator": "#count", "text": "2"},
            },
            {"id": "clicks-once", "do": [{"click": "#add"}], "expect": {"locator": "#count", "text": "1"}},
            {"id": "js-clicks", "js": "document.getElementById('add').click(); return n === 1;"},
            {"id": "python-clicks", "python": "checks.py:count_is_one"},
            {"id": "untouched", "expect": {"locator": "#count", "text": "0"}},
            {"id": "storage-empty", "js": "localStorage.length === 0 && sessionStorage.length === 0"},
        ],
        checks_py=CHECKS_PY,
    )

    result = grade(exercise, COUNTER)

    assert problems(result) == []


def test_read_only_js_checks_share_one_load_and_others_do_not(make_exercise, grade):
    # A global left by one check shows which load the next one ran on.
    exercise = make_exercise(
        [
            {"id": "first", "js": "window.loads = (window.loads || 0) + 1; return true;", "read_only": True},
            {"id": "same-load", "js": "window.loads === 1", "read_only": True},
            {"id": "acts", "js": "window.acted = true; return true;"},
            {"id": "own-load", "js": "window.acted === undefined && window.loads === undefined"},
            {"id": "declarative-untouched", "expect": {"locator": "#count", "text": "0"}},
        ]
    )

    assert problems(grade(exercise, COUNTER)) == []


def test_a_read_only_js_check_that_changes_the_page_is_the_exercises_mistake(make_exercise, grade):
    exercise = make_exercise(
        [{"id": "clicks", "js": "document.getElementById('add').click(); return true;", "read_only": True}]
    )

    result = grade(exercise, COUNTER).checks[0]

    assert (result.status, result.hint) == ("error", None)
    assert "changed the page" in result.actual


STORAGE_WRITER = page(
    "<p>writes</p>",
    js="""localStorage.setItem("secret", "from the last learner");
sessionStorage.setItem("secret", "x");
document.cookie = "secret=1; path=/";
document.cookie = "shared=1; domain=grader.test; path=/";
window.name = "secret";
indexedDB.open("notes");""",
)


def test_storage_is_fresh_for_every_submission(make_exercise, one_worker):
    exercise = make_exercise(
        [
            {"id": "local-storage", "js": "localStorage.length === 0"},
            {"id": "session-storage", "js": "sessionStorage.length === 0"},
            {"id": "cookies", "js": "document.cookie === ''"},
            {"id": "indexeddb", "js": "(await indexedDB.databases()).length === 0"},
            {"id": "window-name", "js": "window.name === ''"},
        ]
    )
    writer_sees_its_own = make_exercise(
        [
            {"id": "own-local-storage", "js": "localStorage.getItem('secret') !== null"},
            {
                "id": "own-cookies",
                "js": "document.cookie.includes('secret=1') && document.cookie.includes('shared=1')",
            },
            {"id": "own-window-name", "js": "window.name === 'secret'"},
        ]
    )

    # One worker, so the reader is graded in the very page the writer ran in.
    assert problems(one_worker.grade(Submission(writer_sees_its_own, "only", STORAGE_WRITER))) == []
    result = one_worker.grade(Submission(exercise, "only", page("<p>reads</p>")))

    assert problems(result) == []


@pytest.mark.parametrize(
    ("device", "width", "height"),
    [
        ("small-phone", 320, 568),
        ("phone", 360, 640),
        ("tall-phone", 412, 915),
        ({"width": 375, "height": 667}, 375, 667),
    ],
    ids=["small-phone", "phone", "tall-phone", "custom"],
)
def test_page_has_the_exercise_device_size_and_touch(make_exercise, grade, device, width, height):
    exercise = make_exercise(
        [
            {"id": "size", "js": f"innerWidth === {width} && innerHeight === {height}"},
            {"id": "touch", "js": "'ontouchstart' in window && navigator.maxTouchPoints > 0"},
            {"id": "fits", "expect": {"page": "no-horizontal-scroll"}},
        ],
        device=device,
    )

    result = grade(exercise, page(f'<div style="width: {width}px">as wide as the phone</div>', css=NO_MARGIN))

    assert problems(result) == []


def test_helpers_run_before_the_apps_scripts(make_exercise, grade):
    exercise = make_exercise(
        [
            {"id": "helper-ran-first", "js": "window.seenByApp === 'helper'"},
            {"id": "helper-for-checks", "js": "window.countItems() === 3"},
        ],
        helpers={
            "helpers.js": "window.helperMark = 'helper';\n"
            "window.countItems = () => document.querySelectorAll('li').length;"
        },
    )
    other = make_exercise([{"id": "no-helpers", "js": "typeof window.countItems === 'undefined'"}])
    app = page("<ul><li>a</li><li>b</li><li>c</li></ul>", js="window.seenByApp = window.helperMark;")

    assert problems(grade(exercise, app)) == []
    for _ in range(2):  # either worker, after it ran the helpers: another exercise does not get them
        assert problems(grade(other, app)) == []


def test_a_dom_ready_helper_finds_the_pages_elements(make_exercise, grade):
    # Like a stock library that looks for its elements when it starts: at the start of the document
    # there are none yet.
    library = "window.found = document.querySelectorAll('li').length;\nwindow.afterApp = window.appRan;"
    exercise = make_exercise(
        [
            {"id": "finds-the-items", "js": "found === 3"},
            {"id": "after-the-apps-scripts", "js": "afterApp === true"},
            {"id": "before-the-apps-listeners", "js": "appSawLibrary === true"},
            {"id": "start-helper-still-first", "js": "window.seenByApp === 'helper'"},
        ],
        helpers={"library.js": library, "first.js": "window.helperMark = 'helper';"},
        helpers_at={"library.js": "dom-ready"},
    )
    app = page(
        "<ul><li>a</li><li>b</li><li>c</li></ul>",
        js="window.appRan = true;\nwindow.seenByApp = window.helperMark;\n"
        "document.addEventListener('DOMContentLoaded', () => {\n"
        "  window.appSawLibrary = window.found === 3;\n});",
    )

    assert problems(grade(exercise, app)) == []


# ---- languages


def test_messages_are_in_the_learners_language(make_exercise, grade):
    exercise = make_exercise(
        [
            {
                "id": "says-two",
                "name": {"en": "The counter shows 2", "ru": "Счётчик показывает 2"},
                "hint": {"en": "Count every click.", "ru": "Считай каждое нажатие."},
                "expect": {"locator": "#count", "text": "2"},
            }
        ],
        languages=("en", "ru"),
    )

    english = grade(exercise, COUNTER).checks[0]
    russian = grade(exercise, COUNTER, language="ru").checks[0]

    # Names and hints come from the exercise, in the learner's language.
    assert (english.name, english.hint) == ("The counter shows 2", "Count every click.")
    assert (russian.name, russian.hint) == ("Счётчик показывает 2", "Считай каждое нажатие.")
    # Messages come from the catalog, or in English while it has no translation.
    template = "%(what)s should say “%(expected)s”, but it says “%(actual)s”."
    if translations("ru").gettext(template) == template:
        assert russian.message == english.message
    else:
        assert re.search(r"[а-яА-Я]", russian.message)
    assert_plain(russian.message)
    assert "2" in russian.message and "0" in russian.message


def test_a_js_checks_own_message_is_in_the_learners_language(make_exercise, grade):
    said = "{en: 'Show four items', ru: 'Покажи четыре пункта'}"
    exercise = make_exercise([{"id": "four", "js": f"({{pass: false, message: {said}}})"}])

    assert grade(exercise, COUNTER, language="ru").checks[0].message == "Покажи четыре пункта"
    assert grade(exercise, COUNTER, language="tg").checks[0].message == "Show four items"


def test_exercise_texts_fall_back_to_english(make_exercise, grade):
    exercise = make_exercise([{"id": "says-two", "expect": {"locator": "#count", "text": "2"}}])

    result = grade(exercise, COUNTER, language="tg").checks[0]

    assert result.name == "Check says-two"
    assert result.hint == "Hint for says-two"
    assert_plain(result.message)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "We tried to click a button named “Save”, but could not find it."),
        ("ru", "Мы попытались нажать на элемент «кнопка» с названием «Save», но не нашли его."),
        ("tg", "Мо кӯшиш кардем: пахш кардан — унсури «тугма» бо номи «Save», вале онро наёфтем."),
    ],
)
def test_action_and_role_words_are_in_the_learners_language(make_exercise, grade, language, expected):
    exercise = make_exercise(
        [
            {
                "id": "saves",
                "do": [{"click": {"role": "button", "name": "Save"}}],
                "expect": {"locator": "#count", "text": "1"},
            }
        ]
    )
    assert grade(exercise, COUNTER, language=language).checks[0].message == expected


# ---- the accessibility check


NO_ALT = page('<h1>Me</h1><img src="photo.png" width="40" height="40">')


def test_accessibility_check_gives_the_rules_hint_when_the_check_has_none(make_exercise, grade):
    exercise = make_exercise([{"expect": {"page": "accessible"}, "hint": None}])

    result = grade(exercise, NO_ALT).checks[0]

    assert result.status == "fail"
    assert 'alt="' in result.hint and "<img>" in result.hint


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_accessibility_messages_and_hints_are_in_the_learners_language(make_exercise, grade, language):
    exercise = make_exercise([{"expect": {"page": "accessible"}, "hint": None}])

    result = grade(exercise, NO_ALT, language=language).checks[0]

    assert result.status == "fail"
    assert re.search(r"[а-яА-ЯӣӯҳқҷғӢӮҲҚҶҒ]", result.message), result.message
    assert re.search(r"[а-яА-ЯӣӯҳқҷғӢӮҲҚҶҒ]", result.hint), result.hint
    assert '<img src="photo.png"' in result.message
    assert_plain(result.message)


def test_accessibility_check_cannot_be_fooled_by_the_apps_own_javascript(make_exercise, grade):
    # axe runs in a world of the grader's own: what the app redefines in its world is not what axe uses.
    fooling = (
        "window.axe = { run: async () => ({ violations: [] }) };\n"
        "Element.prototype.getAttribute = () => 'a picture';\n"
        "Element.prototype.hasAttribute = () => true;\n"
        "window.getComputedStyle = () => ({ getPropertyValue: () => '' });"
    )
    exercise = make_exercise([{"expect": {"page": "accessible", "rules": ["image-alt"]}}])

    result = grade(exercise, {**NO_ALT, "app.js": fooling}).checks[0]

    assert (result.status, result.actual) == ("fail", "image-alt (1)")
