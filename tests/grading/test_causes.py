"""A failing check says what probably caused it, when the grader saw it: a table of mistakes.

Each case is an app with one beginner's mistake and one check it fails. The verdict is the check's
own; the message goes on to name the cause, with the file and line where there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.check_cases import assert_plain
from tests.support.grading import page


@dataclass
class Cause:
    id: str
    check: dict[str, Any]
    files: dict[str, str]
    says: str  # the words the message must contain
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        return self.id


COVER = '<div id="cover" style="position: fixed; inset: 0; background: white">Loading</div>'

CAUSES = [
    Cause(
        "typo-in-a-name",
        {"expect": {"locator": "#count", "text": "25"}},
        page(
            '<p id="count">0</p>',
            js="const total = 25;\ndocumnet.getElementById('count').textContent = total;",
        ),
        "Your app stopped with an error first: "
        "app.js, line 2: documnet is not defined — did you mean document?",
        "app.js",
        2,
    ),
    Cause(
        "typo-in-own-name",
        {"expect": {"locator": "#count", "text": "25"}},
        page('<p id="count">0</p>', js="const total = 25;\ncount.textContent = totl;"),
        "app.js, line 2: totl is not defined — did you mean total?",
        "app.js",
        2,
    ),
    Cause(
        "alert-instead-of-page-text",
        {"expect": {"locator": "#result", "text": "25"}},
        page('<p id="result"></p>', js="alert(20 + 5);"),
        "Your app showed “25” in a message box; show it on the page instead, in #result.",
    ),
    Cause(
        "near-miss-selector",
        {"expect": {"locator": "#count", "text": "0"}},
        page('<p id="cuont">0</p>'),
        "We could not find the element “#count” on the page. Your page has #cuont: is that the one, "
        "spelled differently?",
    ),
    Cause(
        "near-miss-class-in-a-click",
        {"do": [{"click": ".add-button"}], "expect": {"locator": "#count", "text": "1"}},
        page('<p id="count">0</p><button class="add-buton">+</button>'),
        "Your page has .add-buton: is that the one, spelled differently?",
    ),
    Cause(
        "hidden-element",
        {"expect": {"locator": "#go", "visible": True}},
        page('<div style="display: none"><button id="go">Go</button></div>'),
        "It is hidden: it, or an element around it, has display: none.",
    ),
    Cause(
        "off-screen-button",
        {"do": [{"click": "#go"}], "expect": {"locator": "#count", "text": "1"}},
        page(
            '<p id="count">0</p><button id="go" style="position: absolute; left: -500px">Go</button>',
            js="go.onclick = () => { count.textContent = 1; };",
        ),
        "It is outside the screen, where nobody can see or tap it.",
    ),
    Cause(
        "covered-button",
        {"do": [{"click": "#go"}], "expect": {"locator": "#count", "text": "1"}},
        page(
            '<p id="count">0</p><button id="go">Go</button>' + COVER,
            js="go.onclick = () => { count.textContent = 1; };",
        ),
        "div#cover “Loading” lies on top of it, so a tap hits that instead.",
    ),
    Cause(
        "syntax-error-in-app-js",
        {"expect": {"locator": "#count", "text": "1"}},
        page('<p id="count">0</p>', js="const one = 1;\nconst two = ;\ncount.textContent = one;"),
        "Your app stopped with an error first: app.js, line 2: SyntaxError: Unexpected token ';'",
        "app.js",
        2,
    ),
    Cause(
        "syntax-error-in-a-script-in-index-html",
        {"expect": {"locator": "#count", "text": "1"}},
        page('<p id="count">0</p>\n<script>\nlet = = 1;\n</script>'),
        "index.html, line 13: SyntaxError",
        "index.html",
        13,
    ),
]


@pytest.mark.parametrize("case", CAUSES, ids=str)
def test_a_failing_check_names_its_likely_cause(case, make_exercise, grade):
    result = grade(make_exercise([case.check]), case.files)

    check = result.checks[0]
    assert (result.status, check.status) == ("fail", "fail"), check
    assert case.says in check.message, check.message
    assert_plain(check.message)
    assert (check.file, check.line) == (case.file, case.line)


def test_a_console_error_check_says_which_name_was_meant(make_exercise, grade):
    result = grade(
        make_exercise([{"expect": {"page": "no-console-errors"}}]),
        page("<p>hi</p>", js="\nconsole.log(documnet.title);"),
    )

    check = result.checks[0]
    assert check.message == (
        "Your app has an error: app.js, line 2: documnet is not defined — did you mean document?"
    )
    assert (check.file, check.line) == ("app.js", 2)


def test_a_javascript_check_without_a_hint_says_what_it_tested(make_exercise, grade):
    exercise = make_exercise([{"js": "typeof greet === 'function'", "hint": None}])

    check = grade(exercise, page("<p>hi</p>")).checks[0]

    assert check.message == (
        "This check tested “typeof greet === 'function'” on your page, and it came out false, not true."
    )


def test_a_click_on_nothing_there_is_answered_without_waiting_for_it(make_exercise, grade, monkeypatch):
    """Looking for why a click failed never waits for a target that is not on the page.

    Asking the page why a target is hidden, covered or disabled waits for the target (Playwright's
    locators do): for one that is not there, that wait made every such Check a second and a half
    slower. With nothing there, the page is not asked."""
    from playwright.sync_api import Locator

    from sandbox.grading.checks import causes

    asked = []
    ask = Locator.evaluate

    def spy(self, expression, *args, **kwargs):
        if expression is causes._DIAGNOSE:
            asked.append(str(self))
        return ask(self, expression, *args, **kwargs)

    monkeypatch.setattr(Locator, "evaluate", spy)
    exercise = make_exercise([{"do": [{"click": "#add"}], "expect": {"locator": "#count", "text": "1"}}])

    missing = grade(exercise, page('<p id="count">0</p>'))
    hidden = grade(exercise, page('<p id="count">0</p><button id="add" hidden>+</button>'))

    assert missing.status == "fail" and "could not find it" in missing.checks[0].message
    assert hidden.status == "fail"
    assert len(asked) == 1  # the hidden button was asked about; the missing one was not
