"""The table of check kinds, one small app and one check per case: docs/checks.md as data.

tests/grading/test_checks.py grades every case and checks what it says; test_quick.py grades the same
cases with and without the quick look and wants the same result. `problems` and `assert_plain` are
how those tests read a result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.support.grading import page

HINT = "Hint for the check"

# Words a learner should never see in a message: the grader's machinery showing through.
JARGON = (
    "Traceback",
    "Call log",
    "Locator",
    "locator(",
    "expect(",
    "Timeout",
    "waiting for",
    "Playwright",
    "None",
    "Page.",
    "=>",
    "strict mode",
    "Error: Error",
)


def problems(result) -> list[tuple[str, str, str | None]]:
    """The checks that did not pass, with what they said: [] when everything passed."""
    return [(c.id, c.status, c.message) for c in result.checks if c.status != "pass"]


def assert_plain(message: str | None) -> None:
    """One or two short sentences a beginner can read: no stack traces, no test-tool words."""
    assert message, "a failing check must say what is wrong"
    assert "\n" not in message, message
    assert len(message) <= 300, message
    for word in JARGON:
        assert word not in message, f"{word!r} in {message!r}"
    assert message[0].isupper() or message[0] in "“\"'<", message


@dataclass
class Case:
    id: str
    check: dict[str, Any]  # the check as exercise.yaml has it, without id, name and hint
    files: dict[str, str]
    status: str = "pass"
    says: tuple[str, ...] = ()  # words the message must contain
    expected: str | None = None
    actual: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # more for make_exercise (checks_py, device)

    def __str__(self) -> str:
        return self.id


def fail(case_id, check, files, *says, expected=None, actual=None, **extra) -> Case:
    return Case(case_id, check, files, "fail", says, expected, actual, extra)


def error(case_id, check, files, *says, actual=None, **extra) -> Case:
    """The check cannot run: a mistake in the exercise, not the learner's (no hint is shown)."""
    return Case(case_id, check, files, "error", ("not in your code", *says), None, actual, extra)


def ok(case_id, check, files, **extra) -> Case:
    return Case(case_id, check, files, "pass", extra=extra)


NO_MARGIN = "body { margin: 0; }"

FORM = page(
    """<h1 id="greeting">Hello   there
  friend</h1>
<button id="add">Add one</button>
<label for="name">Your name</label> <input id="name" value="Ann" placeholder="Type your name">
<input id="agree" type="checkbox" checked> <input id="news" type="checkbox">
<button id="off" disabled>Send</button>
<ul><li>a</li><li>b</li><li>c</li></ul>
<p id="hidden" style="display:none">secret</p>
<img id="cat" src="cat.png" alt="A cat">
<p id="red">Red</p>""",
    css="#red { color: rgb(255, 0, 0); font-weight: 700; display: flex; }",
)

COUNTER = page(
    '<p id="count">0</p><button id="add">+</button>',
    js="""let n = Number(localStorage.getItem("n") || 0);
const count = document.getElementById("count");
count.textContent = n;
document.getElementById("add").addEventListener("click", () => {
  n += 1;
  count.textContent = n;
  localStorage.setItem("n", n);
});""",
)
FORGETFUL_COUNTER = page(
    '<p id="count">0</p><button id="add">+</button>',
    js="""let n = 0;
document.getElementById("add").addEventListener("click", () => {
  n += 1;
  document.getElementById("count").textContent = n;
});""",
)
CONTROLS = page(
    """<input id="who" placeholder="Name"> <p id="hello"></p>
<input id="todo"> <ul id="list"></ul>
<select id="size"><option value="s">Small</option><option value="l">Large</option></select>
<p id="picked"></p>
<input id="agree" type="checkbox"> <p id="state">no</p>
<p id="late"></p>""",
    js="""const $ = (id) => document.getElementById(id);
$("who").addEventListener("input", () => { $("hello").textContent = "Hello, " + $("who").value; });
$("todo").addEventListener("keydown", (e) => {
  if (e.key !== "Enter") return;
  const li = document.createElement("li");
  li.textContent = $("todo").value;
  $("list").append(li);
});
$("size").addEventListener("change", () => { $("picked").textContent = $("size").value; });
$("agree").addEventListener("change", () => { $("state").textContent = $("agree").checked ? "yes" : "no"; });
setTimeout(() => { $("late").textContent = "ready"; }, 700);""",
)
TOUCH = page(
    '<p id="count">0</p><button id="add" style="width:60px;height:60px">+</button>',
    js="""let n = 0;
document.getElementById("add").addEventListener("touchend", () => {
  n += 1; document.getElementById("count").textContent = n;
});""",
)

# A small page that passes every accessibility rule: a language, names, labels, contrast, big targets.
ACCESSIBLE = page(
    """<main>
<h1>Volunteers</h1>
<img src="team.png" alt="Our team at the park" width="80" height="60">
<label for="name">Your name</label> <input id="name">
<button id="add">Add one</button>
<a href="#about">About us</a>
</main>""",
    css="body { color: #222; background: #fff; }\nbutton, a, input { min-height: 44px; }",
)


def without_lang(files: dict[str, str]) -> dict[str, str]:
    """The same app with no lang on its <html> tag."""
    return {**files, "index.html": files["index.html"].replace('<html lang="en">', "<html>")}


CHECKS_PY = """
from playwright.sync_api import expect


def count_is_one(page, files):
    page.locator("#add").click()
    expect(page.locator("#count")).to_have_text("1")


def says_why(page, files):
    expect(page.locator("#count"), "The counter should start at 7").to_have_text("7")


def uses_listener(page, files):
    assert "addEventListener" in files["app.js"], "Use addEventListener in app.js to react to the button."


def plain_assert(page, files):
    assert page.locator("#nothing").count() == 1


def broken(page, files):
    return undefined_name  # noqa: F821 - a mistake in the exercise
"""

# A small assertion library in the shape of the common ones: its AssertionError is no native Error
# (so the browser describes a thrown one by its class name alone) and carries expected and actual.
ASSERT_HELPER = """function AssertionError(message, expected, actual) {
  this.name = "AssertionError";
  this.message = message;
  this.expected = expected;
  this.actual = actual;
}
window.assert = {
  equal(actual, expected) {
    if (actual === expected) return;
    throw new AssertionError(`expected ${actual} to equal ${expected}`, expected, actual);
  },
};
"""

# A helper that expects an element no page of the exercise has: it throws while the page loads.
BROKEN_HELPER = "window.ready = document.querySelector('#list').children.length > 0;"

CASES = [
    # ---- targets
    ok("locator-finds-by-css", {"expect": {"locator": "#greeting", "visible": True}}, FORM),
    fail(
        "locator-missing-says-not-found",
        {"expect": {"locator": "#nope", "visible": True}},
        FORM,
        "could not find",
        "#nope",
    ),
    ok("role-with-name", {"expect": {"role": "button", "name": "Add one", "visible": True}}, FORM),
    ok(
        "role-name-matches-part-of-the-name",
        {"expect": {"role": "button", "name": "Add", "visible": True}},
        FORM,
    ),
    fail(
        "role-exact-name-needs-the-whole-name",
        {"expect": {"role": "button", "name": "Add", "exact": True, "visible": True}},
        FORM,
        "button",
        "Add",
    ),
    fail(
        "role-with-another-name-is-not-found",
        {"expect": {"role": "button", "name": "Remove", "visible": True}},
        FORM,
        "could not find",
        "Remove",
    ),
    ok("role-without-name", {"expect": {"role": "heading", "count": 1}}, FORM),
    ok("label-finds-its-field", {"expect": {"label": "Your name", "value": "Ann"}}, FORM),
    fail("label-unknown", {"expect": {"label": "Email", "visible": True}}, FORM, "could not find", "Email"),
    ok("placeholder-finds-its-field", {"expect": {"placeholder": "Type your name", "visible": True}}, FORM),
    fail(
        "placeholder-exact",
        {"expect": {"placeholder": "Type", "exact": True, "visible": True}},
        FORM,
        "could not find",
        "Type",
    ),
    # ---- assertions
    ok("visible-true", {"expect": {"locator": "#add", "visible": True}}, FORM),
    fail(
        "visible-true-on-hidden-element",
        {"expect": {"locator": "#hidden", "visible": True}},
        FORM,
        "cannot be seen",
        expected="visible",
        actual="hidden",
    ),
    ok("visible-false-on-hidden-element", {"expect": {"locator": "#hidden", "visible": False}}, FORM),
    ok("visible-false-on-missing-element", {"expect": {"locator": "#nope", "visible": False}}, FORM),
    fail(
        "visible-false-on-shown-element",
        {"expect": {"locator": "#add", "visible": False}},
        FORM,
        "can still be seen",
        expected="hidden",
        actual="visible",
    ),
    ok(
        "text-normalises-whitespace", {"expect": {"locator": "#greeting", "text": "Hello there friend"}}, FORM
    ),
    fail(
        "text-different",
        {"expect": {"locator": "#greeting", "text": "Goodbye"}},
        FORM,
        "Goodbye",
        "Hello there friend",
        expected="Goodbye",
        actual="Hello there friend",
    ),
    fail("text-part-is-not-enough", {"expect": {"locator": "#greeting", "text": "Hello"}}, FORM, "Hello"),
    ok("contains", {"expect": {"locator": "#greeting", "contains": "there"}}, FORM),
    fail(
        "contains-missing-words",
        {"expect": {"locator": "#greeting", "contains": "world"}},
        FORM,
        "world",
        "Hello there friend",
        expected="world",
    ),
    ok("not-contains", {"expect": {"locator": "#greeting", "not_contains": "Infinity"}}, FORM),
    fail(
        "not-contains-but-does",
        {"expect": {"locator": "#greeting", "not_contains": "there"}},
        FORM,
        "should not contain “there”",
        "Hello there friend",
        expected="no “there”",
        actual="Hello there friend",
    ),
    fail(
        "not-contains-of-missing",
        {"expect": {"locator": "#nope", "not_contains": "there"}},
        FORM,
        "could not find",
    ),
    ok("count", {"expect": {"locator": "li", "count": 3}}, FORM),
    ok("count-zero-of-missing", {"expect": {"locator": ".nope", "count": 0}}, FORM),
    fail(
        "count-wrong",
        {"expect": {"locator": "li", "count": 4}},
        FORM,
        "4",
        "3",
        "the element “li”",
        expected="4",
        actual="3",
    ),
    ok("min-count", {"expect": {"locator": "li", "min_count": 2}}, FORM),
    fail(
        "min-count-too-few",
        {"expect": {"locator": "li", "min_count": 5}},
        FORM,
        "at least 5",
        "found 3",
        expected="5",
        actual="3",
    ),
    ok("value", {"expect": {"locator": "#name", "value": "Ann"}}, FORM),
    fail(
        "value-different",
        {"expect": {"locator": "#name", "value": "Bob"}},
        FORM,
        "Bob",
        "Ann",
        expected="Bob",
        actual="Ann",
    ),
    ok("attribute", {"expect": {"locator": "#cat", "attribute": {"alt": "A cat", "src": "cat.png"}}}, FORM),
    fail(
        "attribute-different",
        {"expect": {"locator": "#cat", "attribute": {"alt": "A dog"}}},
        FORM,
        'alt="A dog"',
        "A cat",
        expected='alt="A dog"',
        actual="A cat",
    ),
    ok(
        "css-as-chromium-reports-it",
        {
            "expect": {
                "locator": "#red",
                "css": {"color": "rgb(255, 0, 0)", "font-weight": "700", "display": "flex"},
            }
        },
        FORM,
    ),
    fail(
        "css-different",
        {"expect": {"locator": "#greeting", "css": {"color": "rgb(255, 0, 0)"}}},
        FORM,
        "color: rgb(255, 0, 0)",
        "color: rgb(0, 0, 0)",
        expected="color: rgb(255, 0, 0)",
        actual="color: rgb(0, 0, 0)",
    ),
    ok("checked-true", {"expect": {"locator": "#agree", "checked": True}}, FORM),
    ok("checked-false", {"expect": {"locator": "#news", "checked": False}}, FORM),
    fail(
        "checked-true-on-unticked",
        {"expect": {"locator": "#news", "checked": True}},
        FORM,
        "should be ticked",
    ),
    fail(
        "checked-false-on-ticked",
        {"expect": {"locator": "#agree", "checked": False}},
        FORM,
        "should not be ticked",
    ),
    ok("enabled-true", {"expect": {"locator": "#add", "enabled": True}}, FORM),
    ok("enabled-false", {"expect": {"locator": "#off", "enabled": False}}, FORM),
    fail("enabled-true-on-disabled", {"expect": {"locator": "#off", "enabled": True}}, FORM, "disabled"),
    fail(
        "enabled-false-on-enabled",
        {"expect": {"locator": "#add", "enabled": False}},
        FORM,
        "should be disabled",
    ),
    ok(
        "several-assertions", {"expect": {"locator": "#greeting", "visible": True, "contains": "Hello"}}, FORM
    ),
    # ---- whole-page checks
    ok("no-horizontal-scroll", {"expect": {"page": "no-horizontal-scroll"}}, FORM),
    fail(
        "no-horizontal-scroll-with-a-wide-box",
        {"expect": {"page": "no-horizontal-scroll"}},
        page('<div style="width: 500px">wide</div>', css=NO_MARGIN),
        "500",
        "360",
        expected="360px",
        actual="500px",
    ),
    ok("viewport-meta", {"expect": {"page": "viewport-meta"}}, FORM),
    fail(
        "viewport-meta-missing",
        {"expect": {"page": "viewport-meta"}},
        page("<p>hi</p>", viewport=False),
        "width=device-width",
        expected="width=device-width",
    ),
    ok(
        "tap-targets",
        {"expect": {"page": "tap-targets"}},
        page('<button style="width:48px;height:48px">+</button>'),
    ),
    fail(
        "tap-targets-too-small",
        {"expect": {"page": "tap-targets"}},
        page('<button style="width:20px;height:20px;padding:0">+</button>'),
        "44×44",
        "“+” (20×20)",
        expected="44×44",
    ),
    ok("no-console-errors", {"expect": {"page": "no-console-errors"}}, COUNTER),
    fail(
        "no-console-errors-names-the-file-and-line",
        {"expect": {"page": "no-console-errors"}},
        page("", js="const a = 1;\n\nshowTotal();"),
        "showTotal is not defined",
        "app.js, line 3",
        actual="ReferenceError: showTotal is not defined",
    ),
    fail(
        "no-console-errors-finds-a-syntax-error",
        {"expect": {"page": "no-console-errors"}},
        page("", js="let total = 0;\nlet x = ;"),
        "SyntaxError",
        "app.js, line 2",
    ),
    fail(
        "no-console-errors-in-an-inline-script",
        {"expect": {"page": "no-console-errors"}},
        page("<p>hi</p>\n<script>\nmissing();\n</script>"),
        "missing is not defined",
        "index.html, line 13",
    ),
    fail(
        "no-console-errors-sees-console-error",
        {"expect": {"page": "no-console-errors"}},
        page("", js="\nconsole.error('the total is wrong')"),
        "the total is wrong",
        "app.js, line 2",
    ),
    fail(
        "no-console-errors-names-a-missing-file",
        {"expect": {"page": "no-console-errors"}},
        page('<img src="photo.png" alt="me">'),
        "photo.png",
    ),
    ok("title-text", {"expect": {"page": "title", "text": "My counter"}}, page(title="My  counter")),
    fail(
        "title-text-different",
        {"expect": {"page": "title", "text": "My counter"}},
        page(title="Test app"),
        "My counter",
        "Test app",
        expected="My counter",
        actual="Test app",
    ),
    ok("title-contains", {"expect": {"page": "title", "contains": "counter"}}, page(title="My counter")),
    fail(
        "title-contains-missing",
        {"expect": {"page": "title", "contains": "counter"}},
        page(title="Test app"),
        "counter",
        "Test app",
        expected="counter",
        actual="Test app",
    ),
    # ---- the accessibility check (axe-core, one beginner's message per rule)
    ok("accessible", {"expect": {"page": "accessible"}}, ACCESSIBLE),
    fail(
        "accessible-picture-without-alt",
        {"expect": {"page": "accessible"}},
        page('<h1>Me</h1><img src="photo.png" width="40" height="40">'),
        "alt text",
        '<img src="photo.png" width="40" height="40">',
        actual="image-alt (1)",
    ),
    fail(
        "accessible-button-without-name",
        {"expect": {"page": "accessible"}},
        page('<button id="add" style="width: 48px; height: 48px"></button>'),
        "no name",
        '<button id="add"',
    ),
    fail(
        "accessible-field-without-label",
        {"expect": {"page": "accessible"}},
        page('<p>Your name</p><input id="name">'),
        "no label",
        '<input id="name">',
    ),
    fail(
        "accessible-faint-text",
        {"expect": {"page": "accessible"}},
        page('<p class="faint">Thank you</p>', css=".faint { color: #aaaaaa; background: white; }"),
        "hard to read",
        "2.32:1",
        "4.5:1",
        expected="4.5:1",
        actual="2.32:1; color-contrast (1)",
    ),
    fail(
        "accessible-page-without-lang",
        {"expect": {"page": "accessible"}},
        without_lang(page("<p>Hello</p>")),
        "which language",
        actual="html-has-lang (1)",
    ),
    fail(
        "accessible-links-too-small",
        {"expect": {"page": "accessible"}},
        page('<a href="#a" style="font-size: 8px">a</a><a href="#b" style="font-size: 8px">b</a>'),
        "too small",
        '<a href="#a" style="font-size: 8px">',
        expected="24×24",
    ),
    fail(
        "accessible-tells-the-first-problem-and-that-there-are-more",
        {"expect": {"page": "accessible"}},
        without_lang(page('<img src="photo.png">')),
        "which language",
        "something else needs fixing",
        actual="html-has-lang (1), image-alt (1)",
    ),
    ok(
        "accessible-runs-only-the-rules-it-names",
        {"expect": {"page": "accessible", "rules": ["button-name", "label"]}},
        page('<img src="photo.png"><button>Add</button>', css="button { color: #ccc; }"),
    ),
    fail(
        "accessible-rules-in-the-order-it-tells-them",
        {"expect": {"page": "accessible", "rules": ["label", "image-alt"]}},
        page('<input id="name"><img src="photo.png">'),
        "alt text",
        "something else needs fixing",
        actual="image-alt (1), label (1)",
    ),
    # ---- actions
    ok(
        "click",
        {"do": [{"click": "#add"}, {"click": "#add"}], "expect": {"locator": "#count", "text": "2"}},
        COUNTER,
    ),
    fail(
        "click-app-that-does-not-count",
        {"do": [{"click": "#add"}], "expect": {"locator": "#count", "text": "1"}},
        page('<p id="count">0</p><button id="add">+</button>'),
        "“1”",
        "“0”",
        expected="1",
        actual="0",
    ),
    ok(
        "click-by-role",
        {"do": [{"click": {"role": "button", "name": "+"}}], "expect": {"locator": "#count", "text": "1"}},
        COUNTER,
    ),
    fail(
        "click-missing-target",
        {"do": [{"click": "#plus"}], "expect": {"locator": "#count", "text": "1"}},
        COUNTER,
        "click",
        "#plus",
        "could not find",
    ),
    fail(
        "click-hidden-target",
        {"do": [{"click": "#add"}], "expect": {"locator": "#count", "text": "1"}},
        page('<p id="count">0</p><button id="add" style="display:none">+</button>'),
        "click",
        "hidden",
    ),
    ok("tap", {"do": [{"tap": "#add"}], "expect": {"locator": "#count", "text": "1"}}, TOUCH),
    ok(
        "fill",
        {"do": [{"fill": "#who", "with": "Ann"}], "expect": {"locator": "#hello", "text": "Hello, Ann"}},
        CONTROLS,
    ),
    ok(
        "fill-by-placeholder",
        {
            "do": [{"fill": {"placeholder": "Name"}, "with": "Bo"}],
            "expect": {"locator": "#hello", "contains": "Bo"},
        },
        CONTROLS,
    ),
    ok(
        "press",
        {
            "do": [{"fill": "#todo", "with": "milk"}, {"press": "#todo", "key": "Enter"}],
            "expect": {"locator": "#list li", "count": 1},
        },
        CONTROLS,
    ),
    ok(
        "select-by-value",
        {"do": [{"select": "#size", "option": "l"}], "expect": {"locator": "#picked", "text": "l"}},
        CONTROLS,
    ),
    ok(
        "select-by-label",
        {"do": [{"select": "#size", "option": "Large"}], "expect": {"locator": "#picked", "text": "l"}},
        CONTROLS,
    ),
    ok("check", {"do": [{"check": "#agree"}], "expect": {"locator": "#state", "text": "yes"}}, CONTROLS),
    ok(
        "uncheck",
        {"do": [{"check": "#agree"}, {"uncheck": "#agree"}], "expect": {"locator": "#state", "text": "no"}},
        CONTROLS,
    ),
    ok("wait", {"do": [{"wait": 900}], "expect": {"locator": "#late", "text": "ready"}}, CONTROLS),
    fail("no-wait-is-too-early", {"expect": {"locator": "#late", "text": "ready"}}, CONTROLS, "ready"),
    ok(
        "reload-keeps-storage",
        {"do": [{"click": "#add"}, {"reload": True}], "expect": {"locator": "#count", "text": "1"}},
        COUNTER,
    ),
    fail(
        "reload-shows-what-was-not-saved",
        {"do": [{"click": "#add"}, {"reload": True}], "expect": {"locator": "#count", "text": "1"}},
        FORGETFUL_COUNTER,
        "“1”",
        "“0”",
        expected="1",
        actual="0",
    ),
    # ---- Python checks
    ok("python", {"python": "checks.py:count_is_one"}, COUNTER, checks_py=CHECKS_PY),
    fail(
        "python-fails-in-plain-words",
        {"python": "checks.py:count_is_one"},
        page('<p id="count">0</p><button id="add">+</button>'),
        "“1”",
        "“0”",
        expected="1",
        actual="0",
        checks_py=CHECKS_PY,
    ),
    fail(
        "python-with-the-trainers-message",
        {"python": "checks.py:says_why"},
        COUNTER,
        "The counter should start at 7",
        expected="7",
        actual="0",
        checks_py=CHECKS_PY,
    ),
    ok("python-reads-files", {"python": "checks.py:uses_listener"}, COUNTER, checks_py=CHECKS_PY),
    fail(
        "python-reads-files-and-fails",
        {"python": "checks.py:uses_listener"},
        page('<button onclick="go()">go</button>'),
        "Use addEventListener",
        checks_py=CHECKS_PY,
    ),
    fail(
        "python-bare-assert",
        {"python": "checks.py:plain_assert"},
        COUNTER,
        "did not pass",
        checks_py=CHECKS_PY,
    ),
    # ---- JavaScript checks
    ok("js-expression", {"js": "document.querySelectorAll('li').length === 3"}, FORM),
    fail(
        "js-expression-false",
        {"js": "document.querySelectorAll('li').length > 3"},
        FORM,
        "true",
        "false",
        expected="true",
        actual="false",
    ),
    ok(
        "js-block-with-files",
        {"js": "const src = files['app.js'];\nreturn src.includes('localStorage');"},
        COUNTER,
    ),
    fail(
        "js-block-with-files-false",
        {"js": "return files['app.js'].includes('localStorage');"},
        FORGETFUL_COUNTER,
        "true",
        "false",
    ),
    ok("js-sees-the-apps-globals", {"js": "typeof n === 'number' && n === 0"}, FORGETFUL_COUNTER),
    ok("js-awaits", {"js": "await new Promise((done) => setTimeout(done, 50)); return true;"}, FORM),
    fail(
        "js-throwing",
        {"js": "document.querySelector('#total').textContent === '3'"},
        FORM,
        "is not on your page yet",
        "textContent",
    ),
    fail("js-throwing-its-own-error", {"js": "throw new Error('no total yet')"}, FORM, "No total yet"),
    ok("js-returns-pass", {"js": "return {pass: true};"}, FORM),
    fail(
        "js-returns-a-message",
        {
            "js": "const n = document.querySelectorAll('li').length;\n"
            "return {pass: n === 4, message: `there are ${n} items, not 4`};"
        },
        FORM,
        "There are 3 items, not 4",
    ),
    fail(
        "js-returns-expected-and-actual",
        {"js": "({pass: false, message: 'Show four items', expected: 4, actual: 3})"},
        FORM,
        "Show four items",
        expected="4",
        actual="3",
    ),
    fail("js-returns-pass-false-alone", {"js": "({pass: false})"}, FORM, "did not pass"),
    fail(
        "js-returns-a-message-in-several-languages",
        {"js": "({pass: false, message: {ru: 'Покажи четыре пункта', en: 'Show four items'}})"},
        FORM,
        "Show four items",
    ),
    ok("js-truthy-object-without-pass-passes", {"js": "({items: 3})"}, FORM),
    fail(
        "js-assertion-library-keeps-its-message",
        {"js": "assert.equal(document.querySelectorAll('li').length, 4);"},
        FORM,
        "Expected 3 to equal 4",
        expected="4",
        actual="3",
        helpers={"assert.js": ASSERT_HELPER},
    ),
    # ---- JavaScript checks: whose mistake is it (docs/checks.md)
    fail(
        "js-name-the-learner-writes-is-missing",
        {"js": "showTotal() === 3"},
        FORM,
        "needs “showTotal” from your code",
        solution=page("<ul><li>a</li></ul>", js="function showTotal() { return 3; }"),
    ),
    error(
        "js-name-no-solution-writes-is-the-exercises-mistake",
        {"js": "$('li').length === 3"},
        FORM,
        actual="ReferenceError: $ is not defined (no solution of the exercise defines it)",
    ),
    fail(
        "js-the-apps-own-code-throws",
        {"js": "total() === 3"},
        page("<p>total</p>", js="function total() {\n  return items.length;\n}"),
        "Your code stopped with an error",
        "items is not defined",
    ),
    error("js-check-that-does-not-compile", {"js": "return (1 +;"}, FORM),
    error(
        "js-check-with-an-invalid-selector", {"js": "document.querySelector('#').textContent === ''"}, FORM
    ),
    error(
        "js-helper-that-throws-while-loading",
        {"js": "window.ready === true"},
        FORM,
        actual="a helper stopped with an error: broken.js: TypeError: Cannot read properties of null "
        "(reading 'children')",
        helpers={"broken.js": BROKEN_HELPER},
    ),
    ok(
        "helper-errors-are-not-the-apps-console-errors",
        {"expect": {"page": "no-console-errors"}},
        COUNTER,
        helpers={"broken.js": BROKEN_HELPER},
    ),
]
