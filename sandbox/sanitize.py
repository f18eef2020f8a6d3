"""Markdown to safe HTML: render with markdown-it, then clean with nh3 (the only sanitizer import)."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

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


def markdown_to_html(text: str, assets_url: str | None = None) -> str:
    """Render trainer-written markdown and return HTML that is safe to put into our pages.

    Relative image paths such as `assets/logo.svg` point into the exercise's assets at `assets_url`.
    """
    html = _markdown.render(text)

    def rebase(tag: str, attribute: str, value: str) -> str | None:
        if assets_url and tag == "img" and attribute == "src" and value.startswith("assets/"):
            return assets_url.rstrip("/") + "/" + value.removeprefix("assets/")
        return value

    return nh3.clean(
        attribute_filter=rebase,
        html=html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
