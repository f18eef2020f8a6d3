"""Every step of every bundled exercise, done as a beginner does it: typing, key by key.

On a phone (360x640, touch) and a laptop (1280x800) the learner types the code the step asks
for, presses Check, and sees the step pass without scrolling. The code typed is the difference
between the previous step's code and the step's solution, line by line with Enter at line ends
and no indentation (the editor indents), so anything the editor adds by itself (closing
brackets, quotes and tags) must be typed over and never doubled. Every symbol, and every letter the
editor could type over, is a key press of its own; other runs of letters go in at once, as a phone
keyboard's suggestion does (`type_text`: twice as fast, and the editor sees the same keys where it
acts). Each exercise is typed key by
key at one of the two sizes (they alternate, so both sizes type); at the other its last step is
pasted, and Check must still answer within sight: typing is the editor's and the same at both
sizes, the layout is each size's own (every step's solution passing is the grading tests' and the
typed half's). Separately, each code block of the instructions is typed as shown
into the file it names, at the place the solution has it.
"""

from __future__ import annotations

import difflib
import re

import pytest
from playwright.sync_api import Page, expect

from sandbox.exercises import load_exercise
from tests.support import BUNDLED_EXERCISES
from tests.support.browser import PHONE

BUNDLED = sorted(p.name for p in BUNDLED_EXERCISES.iterdir() if p.is_dir())
SIZES = {"phone": PHONE, "laptop": {"viewport": {"width": 1280, "height": 800}}}
TYPED_AT = {name: ("phone", "laptop")[index % 2] for index, name in enumerate(BUNDLED)}


def lines_of(text: str) -> list[str]:
    """The code as the test compares it: indentation and trailing spaces do not count."""
    return [line.strip() for line in text.rstrip("\n").split("\n")]


@pytest.fixture
def learner_page(browser, request):
    context = browser.new_context(**SIZES[request.param])
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.size = request.param
    yield page
    context.close()


def editor_text(page: Page) -> str:
    return page.evaluate("() => sandboxEditor.view.state.doc.toString()")


def put_cursor(page: Page, anchor: int, head: int | None = None) -> None:
    """Place the cursor (or select), as a tap or click on the code would."""
    page.evaluate(
        "([anchor, head]) => { const v = sandboxEditor.view; v.focus();"
        " v.dispatch({selection: {anchor, head: head ?? anchor}, scrollIntoView: true}); }",
        [anchor, head],
    )


def line_start(text: str, number: int) -> int:
    """Offset of the start of line `number` (0-based) in text."""
    return sum(len(line) + 1 for line in text.split("\n")[:number])


def line_end(text: str, number: int) -> int:
    return line_start(text, number) + len(text.split("\n")[number])


WORD = re.compile(r"[A-Za-z0-9_$ ]+")
SYMBOLS = re.compile(r"[^A-Za-z0-9_$ ]+")


def type_text(page: Page, text: str) -> None:
    """Type `text` as key presses, as fast as that can be told apart from typing every key.

    The editor acts on its own only on symbols (it closes brackets, quotes and tags) and when a key
    types over the character at the cursor (a closer, or the letters of a close tag it typed). So
    every symbol is a key press of its own, and so is a letter that is also the character at the
    cursor; a run of other letters, digits and spaces goes in at once, as a phone keyboard's word
    suggestion does. Nothing can type over inside such a run: the character at the cursor stays
    the same while it goes in, and none of the run's letters is that character.
    """
    position = 0
    while position < len(text):
        word = WORD.match(text, position)
        if not word:  # symbols: each its own key press, sent together (the keys, not their text)
            symbols = SYMBOLS.match(text, position).group()
            page.keyboard.type(symbols)
            position += len(symbols)
            continue
        run = word.group()
        at_cursor = page.evaluate(
            "() => { const s = sandboxEditor.view.state; const h = s.selection.main.head;"
            " return s.doc.sliceString(h, h + 1); }"
        )
        cut = run.find(at_cursor) if at_cursor else -1
        if cut < 0:
            page.keyboard.insert_text(run)
            position += len(run)
            continue
        if cut:
            page.keyboard.insert_text(run[:cut])
        page.keyboard.type(run[cut])
        position += cut + 1


def type_lines(page: Page, lines: list[str], enter_first: bool = False, enter_last: bool = False) -> None:
    for index, line in enumerate(lines):
        if index or enter_first:
            page.keyboard.press("Enter")
        type_text(page, line.strip())
    if enter_last:
        page.keyboard.press("Enter")


def edit_line(page: Page, old: str, new: str, start: int) -> None:
    """Change one line in place: keep what it has in common with the new line, type the rest."""
    old_body, new_body = old.strip(), new.strip()
    offset = start + len(old) - len(old.lstrip())
    prefix = len(new_body)
    for i, (a, b) in enumerate(zip(old_body, new_body, strict=False)):
        if a != b:
            prefix = i
            break
    else:
        prefix = min(len(old_body), len(new_body))
    suffix = 0
    while (
        suffix < min(len(old_body), len(new_body)) - prefix
        and old_body[len(old_body) - 1 - suffix] == new_body[len(new_body) - 1 - suffix]
    ):
        suffix += 1
    put_cursor(page, offset + prefix, offset + len(old_body) - suffix)
    if len(old_body) - suffix > prefix:
        page.keyboard.press("Backspace")
    type_text(page, new_body[prefix : len(new_body) - suffix])


def balanced(lines: list[str]) -> bool:
    """Every bracket the lines close, they opened (strings are not looked into: good enough here)."""
    depth = 0
    for char in "".join(lines):
        depth += (char in "([{") - (char in ")]}")
        if depth < 0:
            return False
    return depth == 0


def split_insert(block: list[str], following: list[str]) -> tuple[list[str], int, list[str]] | None:
    """An unbalanced insertion as two balanced ones around lines that are there already.

    difflib may line up a closing `}` of the old code with one of the new code, which makes the
    inserted lines close a block they did not open. A learner types the two balanced parts, each
    where it belongs. When block = X + F[:q] + Y and the old code goes on with F, the new code is
    also X + F[:q] + (Y + F[:q]) + F[q:]: insert X, skip q existing lines, insert Y + F[:q].
    Returns (len(X), q), or None.
    """
    for k in range(1, len(block)):
        for q in range(1, len(block) - k + 1):
            if block[k : k + q] != following[:q]:
                break
            if balanced(block[:k]) and balanced(block[k + q :] + following[:q]):
                return k, q
    return None


def type_changes(page: Page, target: str) -> None:
    """Turn the open file into `target` by typing what differs, from the last change up."""
    current = editor_text(page)
    old, new = current.split("\n"), target.rstrip("\n").split("\n")
    plain_old, plain_new = lines_of(current), [line.strip() for line in new]
    matcher = difflib.SequenceMatcher(None, plain_old, plain_new, autojunk=False)
    edits = []  # (op, first old line, end old line, new lines), in order
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "insert" and not balanced(plain_new[j1:j2]):
            split = split_insert(plain_new[j1:j2], plain_old[i1:])
            if split:
                k, q = split
                edits.append(("insert", i1, i1, new[j1 : j1 + k]))
                edits.append(("insert", i1 + q, i1 + q, new[j1 + k + q : j2 + q]))
                continue
        if op != "equal":
            edits.append((op, i1, i2, new[j1:j2]))
    for op, i1, i2, lines in reversed(edits):
        text = editor_text(page)
        if op == "replace" and i2 - i1 == len(lines):
            for k in reversed(range(i2 - i1)):
                edit_line(page, old[i1 + k], lines[k], line_start(text, i1 + k))
        elif op == "insert" and i1 > 0:
            put_cursor(page, line_end(text, i1 - 1))
            type_lines(page, lines, enter_first=True)
        elif op == "insert":
            put_cursor(page, 0)
            type_lines(page, lines, enter_last=True)
        else:  # delete or replace: remove the old lines, type the new ones in their place
            if i2 < len(old) or i1 == 0:
                put_cursor(page, line_start(text, i1), min(len(text), line_start(text, i2)))
            else:
                put_cursor(page, line_end(text, i1 - 1), len(text))
            page.keyboard.press("Backspace")
            if op == "replace":
                type_lines(page, lines, enter_last=i2 < len(old) or i1 == 0)


def paste(page: Page, target: str) -> None:
    """Replace the open file with `target` as a paste does: select all, then the text at once."""
    page.locator(".cm-content").focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(target)


def open_code(page: Page, name: str) -> None:
    if page.size == "phone":
        page.locator("#tab-code").click()
    page.locator(f'.file-tab[data-file="{name}"]').click()


def inside_viewport(page: Page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
        return r.width > 0 && r.top >= 0 && r.left >= 0
          && r.bottom <= innerHeight && r.right <= innerWidth; }""",
        selector,
    )


@pytest.mark.parametrize("learner_page", list(SIZES), indirect=True)
@pytest.mark.parametrize("name", BUNDLED)
def test_walkthrough_every_step_typed_key_by_key_passes_check(learner_page, bundled_server, name):
    page = learner_page
    typed = TYPED_AT[name] == page.size
    exercise = load_exercise(BUNDLED_EXERCISES / name)
    for step in exercise.steps if typed else exercise.steps[-1:]:
        page.goto(f"{bundled_server.url}/exercises/{name}/{step.id}")
        expect(page.locator("body[data-ready=true][data-previews]")).to_be_attached()
        solution = exercise.solutions[step.id]
        for file in exercise.files:
            open_code(page, file)
            if typed:
                type_changes(page, solution[file])
            else:
                paste(page, solution[file])
            assert lines_of(editor_text(page)) == lines_of(solution[file]), f"step {step.id}, {file}"
        expect(page.locator("#save-badge")).to_have_attribute("data-state", "saved")
        page.locator("#check").click()
        expect(page.locator("body")).to_have_attribute("data-checks", "1", timeout=30_000)
        verdict = page.locator("#check-verdict")
        expect(verdict).to_have_attribute("data-kind", "pass")
        assert inside_viewport(page, "#check-verdict"), f"step {step.id}: the result is off-screen"


def instruction_blocks(markdown: str, files: tuple[str, ...]) -> list[tuple[str, str]]:
    """The code blocks of a step, each with the file named last before it (**app.js**)."""
    blocks, file = [], None
    for part in re.split(r"(```[\w-]*\n.*?```)", markdown, flags=re.S):
        if part.startswith("```"):
            code = part.split("\n", 1)[1].rsplit("```", 1)[0]
            if file:
                blocks.append((file, code))
        else:
            found = re.findall(r"\*\*([\w.-]+)\*\*|`([\w.-]+)`", part)
            named = [word for pair in found for word in pair if word in files]
            if named:
                file = named[-1]
    return blocks


def find_run(haystack: list[str], needle: list[str]) -> int | None:
    for start in range(len(haystack) - len(needle) + 1):
        if haystack[start : start + len(needle)] == needle:
            return start
    return None


@pytest.mark.parametrize("learner_page", ["laptop"], indirect=True)
def test_instruction_code_blocks_typed_as_shown_give_that_code(learner_page, bundled_server):
    """Each block is a whole run of its step's solution (or a fragment or a changed line, which the
    walkthrough types), no block is cut off at the column's edge, and each block typed where the
    solution has it gives the solution. The blocks of exercises the walkthrough types on the laptop
    are typed there already (mostly the same lines), so here the others are."""
    page = learner_page
    runs = typed = 0
    for name in BUNDLED:
        exercise = load_exercise(BUNDLED_EXERCISES / name)
        page.goto(f"{bundled_server.url}/exercises/{name}")
        expect(page.locator("body[data-ready=true]")).to_be_attached()
        cut = page.evaluate(
            "() => [...document.querySelectorAll('.instructions pre')]"
            ".filter((pre) => pre.scrollWidth > pre.clientWidth + 1).map((pre) => pre.textContent)"
        )
        assert cut == [], f"{name}: a code block is cut off at the column's edge"
        for step in exercise.steps:
            markdown = step.instructions.values.get("en", "")
            for file, code in instruction_blocks(markdown, exercise.files):
                target = exercise.solutions[step.id][file].rstrip("\n").split("\n")
                block = lines_of(code)
                start = find_run([line.strip() for line in target], block)
                if start is None or len(block) < 2:
                    continue  # a fragment or a changed line: the walkthrough types those
                runs += 1
                if TYPED_AT[name] == "laptop":
                    continue
                page.locator(f'.file-tab[data-file="{file}"]').click()
                without = "\n".join(target[:start] + [""] + target[start + len(block) :])
                page.evaluate("([f, t]) => sandboxEditor.setFile(f, t)", [file, without])
                put_cursor(page, line_start(without, start))
                type_lines(page, block)
                assert lines_of(editor_text(page)) == lines_of("\n".join(target)), f"{name} {step.id} {file}"
                typed += 1
    assert runs >= 20 and typed >= 10  # most blocks are whole runs of the solution
