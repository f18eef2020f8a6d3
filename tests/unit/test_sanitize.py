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
