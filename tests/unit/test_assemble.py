"""The grader assembles a submission into one page the same way the preview does."""

from __future__ import annotations

from sandbox.grading.assemble import assemble

FILES = {
    "index.html": (
        '<!DOCTYPE html>\n<html>\n<head>\n<link rel="stylesheet" href="style.css">\n'
        '<link rel="icon" href="icon.png">\n</head>\n<body>\n<p>Hi</p>\n'
        '<script src="app.js"></script>\n<script>\nvar inline = 1;\n</script>\n'
        '<script src="https://example.org/lib.js"></script>\n</body>\n</html>\n'
    ),
    "style.css": "p { color: red; } /* </style> */",
    "app.js": "var x = '</script>';\nthrow new Error('line 2');",
}


def test_stylesheets_and_scripts_of_the_learner_are_put_inline():
    html = assemble(FILES)
    assert '<style data-file="style.css">p { color: red; } /* <\\/style> */</style>' in html
    assert (
        "<script>var x = '<\\/script>';\nthrow new Error('line 2');\n//# sourceURL=app.js\n</script>" in html
    )
    assert '<link rel="icon" href="icon.png">' in html
    assert '<script src="https://example.org/lib.js"></script>' in html


def test_inline_scripts_keep_their_line_numbers_in_index_html():
    html = assemble(FILES)
    inline = html.split("<script>")[2].split("</script>")[0]
    lines = inline.split("\n")
    source_line = FILES["index.html"].split("\n").index("var inline = 1;")
    assert lines[source_line] == "var inline = 1;"  # the same line as in index.html
    assert inline.rstrip().endswith("//# sourceURL=index.html")


def test_references_with_dot_slash_and_queries_are_found():
    files = {"index.html": '<script src="./app.js?v=2"></script>', "app.js": "ok()"}
    assert assemble(files) == "<script>ok()\n//# sourceURL=app.js\n</script>"
