"""The grader serves a submission as one page, as the preview does, and maps lines back to files."""

from __future__ import annotations

from sandbox.grading.assemble import assemble

INDEX = (
    "<!DOCTYPE html>\n"  # 1
    "<html>\n"  # 2
    "<head>\n"  # 3
    '<link rel="stylesheet" href="style.css">\n'  # 4
    '<link rel="icon" href="icon.png">\n'  # 5
    "</head>\n"  # 6
    "<body>\n"  # 7
    '<p onclick="oops()">Hi</p>\n'  # 8
    '<script src="app.js"></script>\n'  # 9
    "<script>\n"  # 10
    "var inline = 1;\n"  # 11
    "</script>\n"  # 12
    '<script src="https://example.org/lib.js"></script>\n'  # 13
    "</body>\n"  # 14
    "</html>\n"  # 15
)
FILES = {
    "index.html": INDEX,
    "style.css": "p {\n  color: red;\n}\n/* </style> */",
    "app.js": "var x = '</script>';\nthrow new Error('line 2');",
}


def page_line(html: str, text: str) -> int:
    return html[: html.index(text)].count("\n") + 1


def test_stylesheets_and_scripts_of_the_learner_are_put_inline():
    html = assemble(FILES).html

    assert '<style data-file="style.css">p {\n  color: red;\n}\n/* <\\/style> */</style>' in html
    assert (
        "<script>var x = '<\\/script>';\nthrow new Error('line 2');\n//# sourceURL=app.js\n</script>" in html
    )
    assert '<link rel="icon" href="icon.png">' in html
    assert '<script src="https://example.org/lib.js"></script>' in html
    assert "<script>\nvar inline = 1;\n</script>" in html  # the page's own script stays as it is


def test_lines_in_an_inlined_script_map_back_to_its_file():
    page = assemble(FILES)

    reported = page_line(page.html, "throw new Error")

    assert page.source("app.js", reported) == ("app.js", 2)
    assert page.source("app.js", page_line(page.html, "var x")) == ("app.js", 1)


def test_lines_of_the_page_itself_map_back_to_index_html_after_a_stylesheet_grew_it():
    page = assemble(FILES)

    assert page_line(page.html, "var inline") > 11  # the stylesheet's lines pushed it down
    assert page.source("index.html", page_line(page.html, "var inline")) == ("index.html", 11)
    assert page.source("index.html", page_line(page.html, "onclick")) == ("index.html", 8)
    assert page.source("index.html", page_line(page.html, "</html>")) == ("index.html", 15)


def test_files_that_are_not_inlined_keep_their_lines():
    page = assemble(FILES)

    assert page.source("lib.js", 7) == ("lib.js", 7)
    assert page.source(None, 3) == (None, 3)


def test_references_with_dot_slash_and_queries_are_found():
    files = {"index.html": '<script src="./app.js?v=2"></script>', "app.js": "ok()"}
    assert assemble(files).html == "<script>ok()\n//# sourceURL=app.js\n</script>"


def test_a_reference_to_a_missing_file_is_left_for_the_browser_to_report():
    files = {"index.html": '<script src="missing.js"></script><link rel="stylesheet" href="gone.css">'}
    assert assemble(files).html == files["index.html"]
