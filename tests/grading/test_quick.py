"""The quick look (sandbox/grading/quick.py) decides simple checks in one call; it never changes a grade.

Every case is graded twice: by the grader as it runs (quick look first) and by a grader that asks
Playwright only. The two results must be the same, word for word. The cases are the whole table of
check kinds (tests/support/check_cases.py) and pages chosen to trip a shortcut: accessible names from several
sources, hidden twins, shadow DOM, text beside scripts, buttons covered, off screen or moving.
"""

from __future__ import annotations

import threading

import pytest

from sandbox.grading import quick
from sandbox.grading.runner import Grader, Submission
from tests.support.check_cases import CASES, HINT, Case, fail, ok
from tests.support.grading import DEADLINE_S, LOAD_MS, page

ROLE_SEND = {"role": "button", "name": "Send", "visible": True}
CLICK_COUNT = {"do": [{"click": "#go"}], "expect": {"locator": "#out", "text": "1"}}
SHADOW = "document.getElementById('host').attachShadow({mode: 'open'}).innerHTML = "
COUNTER = (
    "document.getElementById('go').onclick = () => { document.getElementById('out').textContent = '1'; };"
)

TRICKY = [
    ok(
        "role-skips-an-aria-hidden-twin",
        ROLE_SEND,
        page('<div aria-hidden="true"><button>Send</button></div><button>Send</button>'),
    ),
    ok(
        "role-skips-a-display-none-twin",
        ROLE_SEND,
        page('<button style="display:none">Send</button><button>Send</button>'),
    ),
    ok("role-name-ignores-case", ROLE_SEND, page("<button>SEND report</button>")),
    fail("role-exact-name", {**ROLE_SEND, "exact": True}, page("<button>Send report</button>")),
    ok(
        "role-name-from-css-content",
        {"role": "button", "name": "+", "visible": True},
        page('<button class="plus"></button>', css='.plus::before { content: "+"; }'),
    ),
    ok(
        "role-name-from-a-child",
        {"role": "button", "name": "+", "visible": True},
        page("<button><span>+</span></button>"),
    ),
    ok(
        "role-name-from-aria-label",
        {"role": "button", "name": "Add one", "visible": True},
        page('<button aria-label="Add one">+</button>'),
    ),
    fail(
        "role-aria-label-wins-over-text",
        {"role": "button", "name": "+", "visible": True},
        page('<button aria-label="Add one">+</button>'),
    ),
    ok(
        "role-name-from-labelledby",
        ROLE_SEND,
        page('<span id="l">Send</span><button aria-labelledby="l">x</button>'),
    ),
    ok("role-input-submit", ROLE_SEND, page('<input type="submit" value="Send">')),
    ok("role-name-from-title", ROLE_SEND, page('<button title="Send"></button>')),
    ok(
        "role-other-role-wins",
        ROLE_SEND,
        page('<button role="tab">Send</button><div role="button">Send</div>'),
    ),
    ok(
        "role-heading",
        {"role": "heading", "name": "What we do", "visible": True},
        page("<h2>What we do</h2>"),
    ),
    ok(
        "role-link", {"role": "link", "name": "contact", "visible": True}, page('<a href="#c">Contact us</a>')
    ),
    fail(
        "role-in-closed-details",
        ROLE_SEND,
        page("<details><summary>More</summary><button>Send</button></details>"),
    ),
    ok(
        "role-in-shadow-dom",
        ROLE_SEND,
        page(
            '<div id="host"></div>',
            js=SHADOW + "'<button>Send</button>';",
        ),
    ),
    ok(
        "css-in-shadow-dom",
        {"locator": "#inner", "text": "hi"},
        page(
            '<div id="host"></div>',
            js=SHADOW + "'<p id=\"inner\">hi</p>';",
        ),
    ),
    ok(
        "text-beside-a-script",
        {"locator": "#t", "text": "Hi"},
        page('<div id="t">Hi<script>1</script></div>'),
    ),
    ok(
        "text-with-runs-of-space",
        {"locator": "#t", "text": "Hello world"},
        page('<p id="t">  Hello \n   world </p>'),
    ),
    ok("text-of-a-hidden-element", {"locator": "#t", "text": "Hidden"}, page('<p id="t" hidden>Hidden</p>')),
    fail("text-of-the-title-element", {"locator": "title", "text": "Test app"}, page("")),
    ok(
        "contains-across-children",
        {"locator": "#t", "contains": "big world"},
        page('<p id="t">the <b>big</b> world</p>'),
    ),
    ok(
        "visible-with-opacity-zero",
        {"locator": "#t", "visible": True},
        page('<p id="t" style="opacity:0">x</p>'),
    ),
    fail(
        "visible-when-visibility-hidden",
        {"locator": "#t", "visible": True},
        page('<p id="t" style="visibility:hidden">x</p>'),
    ),
    ok(
        "hidden-when-visibility-hidden",
        {"locator": "#t", "visible": False},
        page('<p id="t" style="visibility:hidden">x</p>'),
    ),
    ok("hidden-when-absent", {"locator": "#t", "visible": False}, page("<p>x</p>")),
    ok(
        "visible-display-contents",
        {"locator": "#t", "visible": True},
        page('<div id="t" style="display:contents"><p>x</p></div>'),
    ),
    ok(
        "playwright-selector-syntax",
        {"locator": "p:has-text('two')", "text": "two"},
        page("<p>one</p><p>two</p>"),
    ),
    ok("count-of-items", {"locator": "li", "count": 3}, page("<ul><li>a</li><li>b</li><li>c</li></ul>")),
    fail(
        "count-of-items-wrong", {"locator": "li", "count": 2}, page("<ul><li>a</li><li>b</li><li>c</li></ul>")
    ),
    ok("value-typed-in-html", {"locator": "#n", "value": "Ann"}, page('<input id="n" value="Ann">')),
    ok(
        "disabled-by-fieldset",
        {"locator": "#b", "enabled": False},
        page('<fieldset disabled><button id="b">x</button></fieldset>'),
    ),
    ok(
        "enabled-with-aria-disabled",
        {"locator": "#b", "enabled": True},
        page('<button id="b" aria-disabled="false">x</button>'),
    ),
    ok("checked-box", {"locator": "#c", "checked": True}, page('<input type="checkbox" id="c" checked>')),
    ok(
        "css-colour",
        {"locator": "#t", "css": {"color": "rgb(255, 0, 0)"}},
        page('<p id="t" style="color:red">x</p>'),
    ),
    ok("click-then-count", CLICK_COUNT, page('<button id="go">Go</button><p id="out">0</p>', js=COUNTER)),
    ok(
        "click-off-screen",
        CLICK_COUNT,
        page('<p id="out">0</p><button id="go" style="margin-top:2000px">Go</button>', js=COUNTER),
    ),
    fail(
        "click-a-covered-button",
        CLICK_COUNT,
        page(
            '<button id="go">Go</button><p id="out">0</p>'
            '<div style="position:fixed;inset:0;background:#fff"></div>',
            js=COUNTER,
        ),
    ),
    ok(
        "click-a-moving-button",
        CLICK_COUNT,
        page(
            '<button id="go" style="animation: s 0.2s">Go</button><p id="out">0</p>',
            css="@keyframes s { from { margin-left: 50px; } }",
            js=COUNTER,
        ),
    ),
    ok(
        "click-a-button-that-comes-later",
        CLICK_COUNT,
        page(
            '<p id="out">0</p>',
            js=(
                "setTimeout(() => { const b = document.createElement('button'); b.id = 'go';"
                " b.textContent = 'Go';"
                " b.onclick = () => { document.getElementById('out').textContent = '1'; };"
                " document.body.append(b); }, 30);"
            ),
        ),
    ),
    fail("click-nothing-there", CLICK_COUNT, page('<p id="out">0</p>')),
    ok(
        "text-changes-a-moment-after-the-click",
        CLICK_COUNT,
        page(
            '<button id="go">Go</button><p id="out">0</p>',
            js=(
                "document.getElementById('go').onclick = () => setTimeout(() => {"
                " document.getElementById('out').textContent = '1'; }, 50);"
            ),
        ),
    ),
    fail("text-never-changes", CLICK_COUNT, page('<button id="go">Go</button><p id="out">0</p>')),
    fail("element-missing", {"locator": "#nothing", "text": "x"}, page("<p>x</p>")),
    fail("role-missing", ROLE_SEND, page("<p>x</p>")),
    ok(
        "tap-targets-big-enough",
        {"page": "tap-targets"},
        page('<button style="width:50px;height:50px">+</button>'),
    ),
    fail(
        "tap-targets-too-small",
        {"page": "tap-targets"},
        page('<button style="width:20px;height:20px;padding:0">+</button>'),
    ),
    fail("viewport-meta-missing", {"page": "viewport-meta"}, page("<p>x</p>", viewport=False)),
]

# The table states targets and assertions; a check holds them under `expect` (click cases are whole checks).
for _case in TRICKY:
    if "expect" not in _case.check:
        _case.check = {"expect": _case.check}


@pytest.fixture(scope="module")
def playwright_only():
    """A grader that never takes the quick look: every check through Playwright's locators."""
    grader = Grader(workers=1, deadline_s=DEADLINE_S, load_ms=LOAD_MS, quick=False)
    yield grader
    grader.close()


def outcome(result):
    return [
        (c.id, c.status, c.message, c.expected, c.actual, c.file, c.line) for c in result.checks
    ], result.status


@pytest.mark.parametrize("case", [*CASES, *TRICKY], ids=str)
def test_quick_look_gives_the_same_result_as_playwright(case: Case, make_exercise, grade, playwright_only):
    check = {**case.check, "id": "the-check", "name": "The check", "hint": HINT}
    exercise = make_exercise([check], **case.extra)

    quick_result = grade(exercise, case.files)
    slow_result = playwright_only.grade(Submission(exercise, exercise.steps[-1].id, case.files))

    assert outcome(quick_result) == outcome(slow_result)
    if case in TRICKY:
        assert quick_result.status == case.status, quick_result.to_dict()


def test_simple_passing_checks_are_decided_by_the_quick_look(make_exercise, grade, monkeypatch):
    """The shortcut is taken: role, text, viewport and a click on a plain page need no Playwright locator."""
    answers = []
    lock = threading.Lock()
    look, click = quick.QuickLook.look, quick.QuickLook.click

    def spy_look(self, check):
        answer = look(self, check)
        with lock:
            answers.append((check.id, answer))
        return answer

    def spy_click(self, spec):
        answer = click(self, spec)
        with lock:
            answers.append(("click", answer))
        return answer

    monkeypatch.setattr(quick.QuickLook, "look", spy_look)
    monkeypatch.setattr(quick.QuickLook, "click", spy_click)
    exercise = make_exercise(
        [
            {"id": "button", "expect": {"role": "button", "name": "Go", "visible": True}},
            {"id": "starts", "expect": {"locator": "#out", "text": "0"}},
            {"id": "fits", "expect": {"page": "viewport-meta"}},
            {"id": "counts", **CLICK_COUNT},
        ]
    )

    result = grade(exercise, page('<button id="go">Go</button><p id="out">0</p>', js=COUNTER))

    assert result.status == "pass", result.to_dict()
    assert sorted(answers) == sorted(
        [("button", True), ("starts", True), ("fits", True), ("click", True), ("counts", True)]
    )
