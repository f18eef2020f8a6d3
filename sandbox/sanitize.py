"""Markdown to safe HTML: render with markdown-it, then clean with nh3 (the only sanitizer import).

Instructions may hold the safe subset of HTML (the tags of ALLOWED_TAGS: `<code>`, `<em>`,
`<blockquote>`, `<kbd>`...). Any other tag shows as the text it is, as all raw HTML did before, so
"type <button> here" still reads as written; nh3 then cleans what is left.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "code",
    "pre",
    "kbd",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "code": {"class"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^>]*>")


def _only_allowed_tags(html: str) -> str:
    """Raw HTML from the author with every tag outside ALLOWED_TAGS escaped, so it shows as text."""

    def keep_or_escape(match: re.Match) -> str:
        tag = match.group(0)
        if match.group(2).lower() in ALLOWED_TAGS:
            return tag
        return tag.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    return _TAG.sub(keep_or_escape, html)


def _raw_html(renderer, tokens, index, options, env) -> str:
    return _only_allowed_tags(tokens[index].content)


_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")
_markdown.add_render_rule("html_inline", _raw_html)
_markdown.add_render_rule("html_block", _raw_html)


def markdown_to_html(text: str, assets_url: str | None = None) -> str:
    """Render trainer-written markdown and return HTML that is safe to put into our pages.

    Relative image paths such as `assets/logo.svg` point into the exercise's assets at `assets_url`.
    """
    html = _markdown.render(text)

    def rebase(tag: str, attribute: str, value: str) -> str | None:
        if assets_url and tag == "img" and attribute == "src" and value.startswith("assets/"):
            return assets_url.rstrip("/") + "/" + value.removeprefix("assets/")
        return value

    return _lines_of_code_blocks(
        nh3.clean(
            attribute_filter=rebase,
            html=html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel="noopener noreferrer",
        )
    )


_CODE_BLOCK = re.compile(r"(<pre><code[^>]*>)(.*?)(</code></pre>)", re.S)


def _lines_of_code_blocks(html: str) -> str:
    """Each line of a code block in a span of its own (after cleaning: the text is escaped already),
    so a line too long for the instructions column wraps with its continuation indented, and the
    learner can tell one line that wrapped from two lines (app.css: .instructions .code-line)."""

    def split(match: re.Match) -> str:
        lines = match.group(2).removesuffix("\n").split("\n")
        body = "".join(f'<span class="code-line">{line}</span>' for line in lines)
        return f"{match.group(1)}{body}{match.group(3)}"

    return _CODE_BLOCK.sub(split, html)
