"""Where a review comment sits (sandbox/coedit/anchors.py): the positions a page sends are checked
to be Yjs relative positions and nothing else; the lines a comment covers now are where the text
it was made on is, nearest where it was (the page's own figure, from the positions, is exact:
tests/browser/test_mentor_review.py); a comment on a learner's exercise work follows each save's line
changes."""

from __future__ import annotations

import pytest
from pycrdt import Assoc, Doc, StickyIndex, Text

from sandbox.coedit.anchors import check_position, find_lines, lines_now
from sandbox.coedit.document import Document

CODE = "".join(f"let step{n} = {n};\n" for n in range(1, 21))


def test_a_comment_on_line_12_is_found_again_after_lines_are_inserted_above_and_below():
    changed = "// one\n// two\n// three\n" + CODE.replace("let step13", "// below\nlet step13")
    assert lines_now(changed, "let step12 = 12;", 12, 12) == (15, 15)


def test_of_several_lines_alike_the_server_says_the_nearest_to_where_the_comment_was():
    """Only an estimate: the page knows which "}" it is, from the positions."""
    code = "}\n" * 10 + "let a;\n" + "}\n" * 10
    assert lines_now(code, "}", 12, 12) == (12, 12)
    assert lines_now("x\n" + code, "}", 5, 5) == (5, 5)
    assert lines_now("x\n" + code, "let a;", 11, 11) == (12, 12)


def test_a_range_with_lines_typed_inside_runs_from_its_first_line_to_its_last():
    changed = "// top\n" + CODE.replace("let step13 = 13;\n", "let step13 = 13;\n// inside\n")
    assert lines_now(changed, "let step12 = 12;\nlet step13 = 13;\nlet step14 = 14;", 12, 14) == (13, 16)


def test_a_comment_whose_code_is_gone_stays_where_it_was_within_the_file():
    assert lines_now(CODE, "let gone = 0;", 12, 13) == (12, 13)
    assert lines_now("one line", "let gone = 0;", 12, 13) == (1, 1)


def test_the_text_the_page_saw_wins_over_its_line_numbers_when_they_differ():
    assert find_lines(CODE, 10, 10, "let step12 = 12;") == (12, 12)
    assert find_lines(CODE, 10, 11, "let step12 = 12;\nlet step13 = 13;") == (12, 13)
    assert find_lines(CODE, 10, 10, "not in the file") == (10, 10)
    assert find_lines(CODE, 10, 10, None) == (10, 10)
    assert find_lines(CODE, 22, 22, None) is None and find_lines(CODE, 0, 1, None) is None


def test_positions_made_by_yrs_and_yjs_are_accepted():
    text = Doc().get("app.js", type=Text)
    text.insert(0, CODE)
    for index, assoc in ((0, Assoc.AFTER), (15, Assoc.BEFORE), (len(CODE), Assoc.BEFORE)):
        assert check_position(StickyIndex.new(text, index, assoc).encode(), "app.js")
    assert check_position(b"\x01\x06app.js\x00", "app.js")  # the end of the file's own text (Yjs)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00",
        b"\x07\x01\x02",  # no such kind
        b"\x00\x01\x02\x00\x00",  # something after it
        b"\x00" + b"\xff" * 20,  # a number that never ends
        b"\x01\x08index.js\x00",  # another file's text
        b"\x01\x09app.js\x00",  # a name longer than the bytes
        b"\x00\x01\x02" + b"\x00" * 70,  # too long
    ],
)
def test_anything_else_is_refused(data):
    assert not check_position(data, "app.js")


def test_a_save_over_http_puts_its_change_in_the_right_place_after_cyrillic_text():
    """pycrdt counts positions in UTF-8 bytes: the smallest edit is placed by bytes, not characters."""
    document = Document.from_files({"index.html": "<p>Салом, дӯстон 😀</p>\n<p>x</p>\n"})
    document.replace({"index.html": "<p>Салом, дӯстони азиз 😀</p>\n<p>y</p>\n"})
    assert document.files()["index.html"] == "<p>Салом, дӯстони азиз 😀</p>\n<p>y</p>\n"
    document.replace({"index.html": "<p>Салом</p>\n"})
    assert document.files()["index.html"] == "<p>Салом</p>\n"


# A comment on a learner's exercise work (sandbox/store/work_comments.py): each save moves its line
# with the lines the save changed, as the timeline's line operations say.
MOVES = [
    ("three lines typed above", "a\nb\nc\n", "x\ny\nz\na\nb\nc\n", 2, 5),
    ("a line typed below", "a\nb\nc\n", "a\nb\nnew\nc\n", 2, 2),
    ("the line itself deleted: where it was", "a\nb\nc\n", "a\nc\n", 2, 2),
    ("the line itself changed: where it was", "a\nb\nc\n", "a\nB!\nc\n", 2, 2),
    ("a row of braces, a comment typed above them", "}\n}\n}\nx\n", "// c\n}\n}\n}\nx\n", 3, 4),
    ("the empty line after the last newline", "a\nb\n", "z\na\nb\n", 3, 4),
]


@pytest.mark.parametrize(("case", "before", "after", "line", "moved"), MOVES, ids=[m[0] for m in MOVES])
def test_a_comment_on_exercise_work_follows_the_lines_each_save_changed(case, before, after, line, moved):
    from sandbox.store.timeline import file_delta
    from sandbox.store.work_comments import moved_line

    assert moved_line(file_delta(before, after), line) == moved, case
