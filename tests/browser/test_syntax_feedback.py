"""Friendly feedback while typing (frontend/src/feedback/): each mistake gets its plain message and
line, in the learner's language; no correct bundled code is ever marked; a mark typed on a phone
shows in the gutter and under the text, and its console item goes to the line.

One page serves the whole table: each case puts its text in the editor and asks for a check at
once (`sandboxEditor.checkNow()`), the same path as the debounced check after typing.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sandbox.exercises import load_exercise
from tests.support import ROOT
from tests.support.browser import PHONE, open_exercise, preview, record_errors


@pytest.fixture(scope="session")
def browser(full_browser):
    """The full browser here (tests/conftest.py says why): a tap on a mark shows its message."""
    return full_browser


FILES = ["index.html", "style.css", "app.js"]
HTML = "<!doctype html>\n<html>\n<head>\n{head}</head>\n<body>\n{body}</body>\n</html>\n"
STYLE = "<style>\n{rules}</style>\n"
# A script in index.html whose { (line 9 when it starts on line 6) is never closed.
CLICKS = (
    "<h1>Hi</h1>\n<script>\nlet count = 0;\n"
    "document.body.addEventListener('click', () => {{\n  count += 1;\n{end}"
)

# (file, text, line, message): the first problem found, in English.
CASES = [
    (
        "index.html",
        HTML.format(head="", body="<main>\n<p>Salom\n</main>\n"),
        7,
        "<p> on line 7 is never closed: add </p> before </main> on line 8.",
    ),
    (
        "index.html",
        HTML.format(head="", body="<section>\n<h1>Hi</h1>\n</div>\n"),
        8,
        "</div> on line 8 closes <section> (opened on line 6)",
    ),
    (
        "index.html",
        HTML.format(head="", body="<div>\n<p>Hi</p>\n"),
        6,
        "<div> on line 6 is never closed: add </div> before </body>",
    ),
    ("index.html", HTML.format(head="", body="<p>Hi</p>\n</p>\n"), 7, "</p> on line 7 closes nothing"),
    (
        "index.html",
        HTML.format(head="", body='<a href="next.html>Next</a>\n<p>Hi</p>\n'),
        6,
        'The value of href on line 6 has no closing quote: add " at the end',
    ),
    (
        "index.html",
        HTML.format(head="", body='<script src="apps.js"></script>\n'),
        6,
        "“apps.js” is not a file of this exercise: did you mean app.js?",
    ),
    (
        "index.html",
        HTML.format(head='<link rel="stylesheet" href="css/main.css">\n', body=""),
        4,
        "“css/main.css” is not a file of this exercise: did you mean style.css?",
    ),
    (
        "style.css",
        "h1 {\n  color: red\n  font-size: 20px;\n}\n",
        2,
        "Add a ; at the end of line 2: color: red;",
    ),
    (
        "style.css",
        "h1 {\n  color: red;\n\np {\n  margin: 0;\n}\n",
        1,
        "The rule h1 on line 1 is never closed: add } before line 4.",
    ),
    (
        "style.css",
        "h1 {\n  color: red;\n",
        1,
        "The rule h1 on line 1 is never closed: add } after its last line.",
    ),
    ("style.css", "h1 {\n  color: red;\n}\n}\n", 4, "The } on line 4 closes nothing"),
    ("style.css", "p {\n  colr: red;\n}\n", 2, "CSS has no property “colr”: did you mean color?"),
    ("style.css", "p {\n  dispaly: flex;\n}\n", 2, "did you mean display?"),
    (
        "style.css",
        "p {\n  display: flexx;\n}\n",
        2,
        "display does not understand “flexx”: did you mean flex?",
    ),
    ("style.css", "p {\n  color: bleu;\n}\n", 2, "color does not understand “bleu”: did you mean blue?"),
    ("style.css", "p {\n  width: 100;\n}\n", 2, "100 needs a unit for width, like 100px."),
    (
        "app.js",
        "const add = document.querySelector('#add');\nadd.addEventListener('click', () => {\n  count += 1;\n",
        2,
        "The { on line 2 is never closed: add }.",
    ),
    (
        "app.js",
        "function add() {\n  alert('hi';\n}\n",
        2,
        "The ( on line 2 is never closed: add ) before the } on line 3.",
    ),
    (
        "app.js",
        "const name = 'Dilnoza;\nconsole.log(name);\n",
        1,
        "The text that starts with ' on line 1 is never closed",
    ),
    ("app.js", "let count = 0;\ncount = count + 1);\n", 2, "The ) on line 2 closes nothing"),
    (
        "app.js",
        "let count = 0\nif count > 3 {\n  count = 0;\n}\n",
        2,
        "JavaScript cannot read line 2 at “count”.",
    ),
    (
        "app.js",
        "let count = 0;\nif (count = 3) {\n  count = 0;\n}\n",
        2,
        "= puts a value into count. To compare, write === (three signs).",
    ),
    ("app.js", "let n = 0;\nwhile (n = 1) {\n  n++;\n}\n", 2, "= puts a value into n."),
    # Code inside index.html: the checks of app.js and style.css, with index.html's lines.
    (
        "index.html",
        HTML.format(head="", body=CLICKS.format(end="") + "</script>\n"),
        9,
        "The { on line 9 is never closed: add } before </script> on line 11.",
    ),
    (
        "index.html",
        HTML.format(head="", body="<script>\nlet count = 0\nif count > 3 {\n  count = 0;\n}\n</script>\n"),
        8,
        "JavaScript cannot read line 8 at “count”.",
    ),
    (
        "index.html",
        HTML.format(head="", body="<script>\nlet count = 0;\nif (count = 3) {\n}\n</script>\n"),
        8,
        "= puts a value into count. To compare, write === (three signs).",
    ),
    (
        "index.html",
        HTML.format(head="", body="<p>Hi</p>\n<script>\nconst s = 'Dilnoza;\n</script>\n"),
        8,
        "The text that starts with ' on line 8 is never closed",
    ),
    (
        "index.html",
        HTML.format(head="", body="<p>Hi</p>\n<script>\nlet count = 0;\n"),
        7,
        "<script> on line 7 is never closed: add </script> where it ends.",
    ),
    (
        "index.html",
        HTML.format(head=STYLE.format(rules="p {\n  colr: red;\n}\n"), body=""),
        6,
        "did you mean color?",
    ),
    (
        "index.html",
        HTML.format(head=STYLE.format(rules="h1 {\n  color: red\n  margin: 0;\n}\n"), body=""),
        6,
        "Add a ; at the end of line 6: color: red;",
    ),
    (
        "index.html",
        HTML.format(head=STYLE.format(rules="h1 {\n  color: red;\n"), body=""),
        5,
        "The rule h1 on line 5 is never closed: add } before </style> on line 7.",
    ),
    (
        "index.html",
        HTML.format(head="", body='<p>Hi</p>\n<p style="color: bleu">Salom</p>\n'),
        7,
        "color does not understand “bleu”: did you mean blue?",
    ),
    (
        "index.html",
        HTML.format(head="", body='<h1 style="color: red background: yellow">Hi</h1>\n'),
        6,
        "Add a ; after color: red on line 6.",
    ),
    ("index.html", HTML.format(head="", body='<div style="widht: 50%">\n</div>\n'), 6, "did you mean width?"),
]

TRANSLATED = [
    (
        "ru",
        "style.css",
        "p {\n  colr: red;\n}\n",
        2,
        "В CSS нет свойства «colr»: может быть, вы имели в виду color?",
    ),
    (
        "ru",
        "index.html",
        HTML.format(head="", body="<main>\n<p>Salom\n</main>\n"),
        7,
        "<p> в строке 7 не закрыт: добавьте </p> перед </main> в строке 8.",
    ),
    ("ru", "app.js", "if (x = 1) {\n}\n", 1, "= записывает значение в x."),
    (
        "tg",
        "style.css",
        "p {\n  colr: red;\n}\n",
        2,
        "Дар CSS хосияти «colr» нест: шояд шумо color-ро дар назар доштед?",
    ),
    ("tg", "app.js", "alert('hi';\n", 1, "Қавси ( дар сатри 1 баста нашудааст"),
    (
        "ru",
        "index.html",
        HTML.format(head="", body=CLICKS.format(end="") + "</script>\n"),
        9,
        "Скобка { в строке 9 не закрыта: добавьте } перед </script> в строке 11.",
    ),
    (
        "ru",
        "index.html",
        HTML.format(head=STYLE.format(rules="p {\n  colr: red;\n}\n"), body=""),
        6,
        "В CSS нет свойства «colr»: может быть, вы имели в виду color?",
    ),
    (
        "tg",
        "index.html",
        HTML.format(head=STYLE.format(rules="h1 {\n  color: red;\n"), body=""),
        5,
        "Қоидаи h1 дар сатри 5 баста нашудааст: пеш аз </style> дар сатри 7 } илова кунед.",
    ),
    (
        "tg",
        "index.html",
        HTML.format(head="", body='<h1 style="color: red background: yellow">Hi</h1>\n'),
        6,
        "Пас аз color: red дар сатри 6 ; илова кунед.",
    ),
]

# Correct code inside HTML that the checks must leave alone.
CORRECT_INLINE = [
    HTML.format(head="", body=CLICKS.format(end="});\n") + "</script>\n"),
    HTML.format(
        head="", body='<script type="module">\nimport { add } from "./app.js";\nadd(1);\n</script>\n'
    ),
    HTML.format(head="", body='<script type="text/template">\n<p>{{ name }</p>\n</script>\n'),
    HTML.format(head="", body='<script type="application/json">\n{"a": [1, 2}\n</script>\n'),
    HTML.format(head="", body='<script src="app.js"></script>\n<script>\n</script>\n'),
    HTML.format(head=STYLE.format(rules="@media (max-width: 600px) {\n  p { margin: 0 }\n}\n"), body=""),
    HTML.format(head='<style type="text/scss">\n$x: 1;\np { a { b: c } }\n</style>\n', body=""),
    HTML.format(
        head="",
        body='<p style="--main: #36c; color: var(--main); background: url(data:image/png;base64,AA)">Hi</p>\n'
        '<p style="margin: 0 auto; font-weight: bold;">Hi</p>\n<p style="">Hi</p>\n',
    ),
]

CHECK = """async ([name, text]) => {
    window.sandboxEditor.setFile(name, text);
    const found = await window.sandboxEditor.checkNow();
    return found
        .filter((p) => p.file === name)
        .map((p) => ({ line: p.line, message: p.message, severity: p.severity }));
}"""


SET_AND_CHECK = "async (files) => { sandboxEditor.setFiles(files); return sandboxEditor.checkNow(); }"


@pytest.fixture(scope="module")
def shared(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    page = record_errors(context.new_page())
    open_exercise(page, server)
    yield page
    assert page.app_errors == [], page.app_errors
    context.close()


def first_problem(page, name: str, text: str) -> dict:
    found = page.evaluate(CHECK, [name, text])
    assert found, f"no problem found in {name}:\n{text}"
    return found[0]


def test_each_mistake_gets_its_message_and_line(shared):
    wrong = []
    for name, text, line, message in CASES:
        got = first_problem(shared, name, text)
        if got["line"] != line or message not in got["message"]:
            wrong.append(f"{name} {text!r}: expected line {line} {message!r}, got {got}")
    assert wrong == []
    # The = in a condition is a warning; a missing bracket an error.
    assert first_problem(shared, "app.js", "if (a = 1) {}\n")["severity"] == "warning"
    assert first_problem(shared, "app.js", "if (a == 1 {}\n")["severity"] == "error"


def test_no_correct_bundled_code_is_ever_marked(shared):
    """Every starter and every step's solution of the bundled exercises, in each language of the
    app: not one mark."""
    marked = []
    checked = 0
    for folder in sorted((ROOT / "exercises").iterdir()):
        english = load_exercise(folder)
        for language in ("en", *english.app_languages):
            exercise = english.in_language(language)
            for case, files in [("starter", exercise.starter), *exercise.solutions.items()]:
                found = shared.evaluate(SET_AND_CHECK, dict(files))
                checked += len(files)
                marked += [
                    f"{folder.name} {case} ({language}) {p['file']} line {p['line']}: {p['message']}"
                    for p in found
                ]
    assert checked >= 180
    assert marked == []
    shared.evaluate("() => window.sandboxEditor.setFiles({})")


def test_correct_code_inside_html_is_never_marked(shared):
    marked = []
    for text in CORRECT_INLINE:
        found = shared.evaluate(SET_AND_CHECK, {"index.html": text, "style.css": "", "app.js": ""})
        marked += [f"{text!r}: line {p['line']} {p['message']}" for p in found]
    assert marked == []


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_messages_are_in_the_learners_language(shared, server, language):
    shared.goto(f"{server.url}/exercises/hello/heading?lang={language}")
    expect(shared.locator("body[data-ready=true]")).to_be_attached()
    for lang, name, text, line, message in TRANSLATED:
        if lang != language:
            continue
        got = first_problem(shared, name, text)
        assert (got["line"], message in got["message"]) == (line, True), got


def test_typed_on_a_phone_the_mark_shows_and_its_console_item_goes_to_the_line(browser, server):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    page = record_errors(context.new_page())
    try:
        open_exercise(page, server)
        page.locator("#tab-code").tap()
        page.locator('.file-tab[data-file="app.js"]').tap()
        page.locator("#editor .cm-content").tap()
        page.keyboard.press("Control+End")
        page.keyboard.press("Enter")
        page.keyboard.type("let count = 0;\nif (count = 3) {\ncount = 0;", delay=20)
        warning = page.locator("#editor .cm-lintRange-warning")
        expect(warning).to_have_text("=")
        marker = page.locator("#editor .cm-lint-marker-warning")
        expect(marker).to_be_visible()
        marker.tap()  # a phone has no hover: a tap on the mark shows its message
        expect(page.locator(".cm-tooltip-lint")).to_contain_text("= puts a value into count")
        line = int(page.locator("#console-problems li").first.get_attribute("data-line"))
        assert page.locator(".cm-line").nth(line - 1).text_content().startswith("if (count = 3)")
        # The learner looks at the app; the console says what is wrong; a tap goes back to the line.
        page.locator("#tab-preview").tap()
        expect(preview(page).locator("body")).to_be_visible()
        item = page.locator("#console-problems li")
        expect(item).to_have_count(1)
        expect(item).to_contain_text(f"app.js line {line}")
        expect(item).to_contain_text("= puts a value into count")
        expect(page.locator("#console-count")).to_have_text("1")
        item.locator(".where").tap()
        expect(page.locator("#editor")).to_be_visible()
        expect(page.locator(".cm-sandbox-flash")).to_contain_text("if (count = 3)")
        # Fixed: the mark and the item go.
        page.locator(".cm-sandbox-flash").tap()
        page.keyboard.press("End")
        for _ in range(len(" 3) {")):
            page.keyboard.press("ArrowLeft")
        page.keyboard.type("==", delay=20)
        expect(page.locator(".cm-line").nth(line - 1)).to_have_text("if (count === 3) {")
        expect(page.locator("#editor .cm-lintRange-warning")).to_have_count(0)
        expect(page.locator("#console-problems")).to_be_hidden()
        assert page.app_errors == [], page.app_errors
    finally:
        context.close()


def tap_line_start(page, text: str) -> None:
    """Put the cursor at the start of the editor's line holding `text`, with a tap."""
    box = page.locator("#editor .cm-line", has_text=text).first.bounding_box()
    page.touchscreen.tap(box["x"] + 2, box["y"] + box["height"] / 2)


def test_a_script_typed_into_index_html_on_a_phone_is_checked_with_its_lines(browser, server):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    page = record_errors(context.new_page())
    vendor = []
    page.on(
        "request",
        lambda r: vendor.append(r.url.split("?")[0].rsplit("/", 1)[-1]) if "/vendor/" in r.url else None,
    )
    try:
        open_exercise(page, server)
        page.wait_for_load_state("networkidle")
        # The first load brings the editor and the JavaScript mode, not the checks or their marks.
        assert "jsmode.js" in vendor
        assert "marks.js" not in vendor and "checker.js" not in vendor
        page.locator("#tab-code").tap()
        gutter = page.locator("#editor .cm-gutter-lint")
        width = gutter.bounding_box()["width"]
        assert width > 10  # the marks' place is kept from the start
        tap_line_start(page, "</body>")
        page.keyboard.type("<script>", delay=20)  # the editor adds </script>
        page.keyboard.press("Enter")
        page.keyboard.type("let count = 0", delay=20)
        page.keyboard.press("Enter")
        page.keyboard.type("if count > 3 {", delay=20)
        marker = page.locator("#editor .cm-lint-marker-error")
        expect(marker).to_be_visible()
        assert "marks.js" in vendor and "checker.js" in vendor
        assert gutter.bounding_box()["width"] == width  # nothing moved sideways
        lines = page.evaluate("sandboxEditor.getFile('index.html')").split("\n")
        line = next(n for n, text in enumerate(lines, 1) if "if count > 3" in text)
        expect(page.locator("#editor .cm-lintRange-error")).to_have_text("count")
        # JavaScript inside the HTML is coloured (the mode came after the editor).
        expect(page.locator("#editor .cm-line", has_text="let count").locator("span").first).to_have_text(
            "let"
        )
        marker.tap()
        expect(page.locator(".cm-tooltip-lint")).to_contain_text(
            f"JavaScript cannot read line {line} at “count”"
        )
        page.locator("#tab-preview").tap()
        item = page.locator("#console-problems li")
        expect(item).to_have_count(1)
        expect(item).to_contain_text(f"index.html line {line}")
        item.locator(".where").tap()
        expect(page.locator(".cm-sandbox-flash")).to_contain_text("if count > 3")
        assert page.app_errors == [], page.app_errors
    finally:
        context.close()


def test_a_css_mistake_typed_into_a_style_in_index_html_is_said_in_russian(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    page = record_errors(context.new_page())
    try:
        page.goto(f"{server.url}/exercises/hello/heading?lang=ru")
        expect(page.locator("body[data-ready=true]")).to_be_attached()
        page.locator("#editor .cm-line", has_text="</head>").click(position={"x": 2, "y": 5})
        page.keyboard.type("<style>", delay=20)
        page.keyboard.press("Enter")
        page.keyboard.type("p {", delay=20)
        page.keyboard.press("Enter")
        page.keyboard.type("colr: red;", delay=20)
        underline = page.locator("#editor .cm-lintRange-error")
        expect(underline).to_have_text("colr")
        lines = page.evaluate("sandboxEditor.getFile('index.html')").split("\n")
        line = next(n for n, text in enumerate(lines, 1) if "colr" in text)
        item = page.locator("#console-problems li")
        expect(item).to_have_count(1)
        expect(item).to_contain_text(f"index.html, строка {line}")
        expect(item).to_contain_text("В CSS нет свойства «colr»: может быть, вы имели в виду color?")
        underline.hover()
        expect(page.locator(".cm-tooltip-lint")).to_contain_text("В CSS нет свойства «colr»")
        # Fixed: the mark and the item go.
        page.keyboard.press("Home")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.keyboard.type("o", delay=20)
        expect(underline).to_have_count(0)
        expect(page.locator("#console-problems")).to_be_hidden()
        assert page.app_errors == [], page.app_errors
    finally:
        context.close()
