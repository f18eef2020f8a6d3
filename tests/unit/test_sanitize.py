"""Trainer markdown becomes HTML that cannot run script in our pages."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from sandbox.sanitize import markdown_to_html


def test_markdown_renders_headings_emphasis_code_and_lists():
    html = markdown_to_html(
        "# Title\n\nSome **bold** and `<b>code</b>`.\n\n- one\n- two\n\n```html\n<p>x</p>\n```"
    )
    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html
    assert "<code>&lt;b&gt;code&lt;/b&gt;</code>" in html
    assert "<li>one</li>" in html
    assert '<code class="language-html"><span class="code-line">&lt;p&gt;x&lt;/p&gt;</span>' in html


def test_each_line_of_a_code_block_is_a_line_of_its_own_so_a_long_one_wraps_as_one():
    html = markdown_to_html("```js\nlet a = 1;\n\n  show(a);\n```")

    assert html == (
        '<pre><code class="language-js"><span class="code-line">let a = 1;</span>'
        '<span class="code-line"></span><span class="code-line">  show(a);</span></code></pre>\n'
    )


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=//evil></iframe>",
        '<svg onload="alert(1)">',
        "![x](javascript:alert(1))",
        '<div style="background:url(javascript:alert(1))">x</div>',
    ],
)
def test_markdown_never_lets_script_through(attack):
    elements = elements_in(markdown_to_html(attack))
    for tag, attributes in elements:
        assert tag not in {"script", "iframe", "svg", "object", "embed", "style"}
        for name, value in attributes:
            assert not name.startswith("on") and name != "style"
            assert not (value or "").lower().startswith("javascript:")


def elements_in(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Return every element the browser would build from this HTML, with its attributes."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def test_links_get_noopener_and_images_point_into_the_exercise_assets():
    html = markdown_to_html("[site](https://example.org) ![logo](assets/logo.svg)", "/exercises/e/assets/")
    assert 'rel="noopener noreferrer"' in html
    assert 'src="/exercises/e/assets/logo.svg"' in html


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        (
            "Type <code>let</code> and <kbd>Enter</kbd>.",
            "<p>Type <code>let</code> and <kbd>Enter</kbd>.</p>\n",
        ),
        ("<em>Careful</em>, <strong>now</strong>.", "<p><em>Careful</em>, <strong>now</strong>.</p>\n"),
        (
            "<blockquote><p>Cats are great.</p></blockquote>",
            "<blockquote><p>Cats are great.</p></blockquote>",
        ),
        ("<ul>\n<li>one</li>\n<li>two</li>\n</ul>", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("line<br>break", "<p>line<br>break</p>\n"),
        (
            '<a href="https://example.org/cats" onclick="x()" style="color:red">cats</a>',
            '<p><a href="https://example.org/cats" rel="noopener noreferrer">cats</a></p>\n',
        ),
        ('<a href="javascript:alert(1)">x</a>', '<p><a rel="noopener noreferrer">x</a></p>\n'),
    ],
)
def test_instructions_may_hold_the_safe_subset_of_html(markdown, html):
    assert markdown_to_html(markdown) == html


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        # A tag outside the safe subset reads as the text it is, as every tag did before.
        ("Add a <button> inside <body>.", "<p>Add a &lt;button&gt; inside &lt;body&gt;.</p>\n"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<div class="note">Hi</div>', '&lt;div class="note"&gt;Hi&lt;/div&gt;'),
        ("`<code>` in a code span", "<p><code>&lt;code&gt;</code> in a code span</p>\n"),
    ],
)
def test_other_tags_in_instructions_show_as_text(markdown, html):
    assert markdown_to_html(markdown) == html
