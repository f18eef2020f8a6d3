"""Put the learner's own stylesheets and scripts inline into index.html, as the preview does.

The preview (static/js/preview.js) and the grader assemble a submission the same way, so the app
the learner sees is the app that is checked. For the grader it also means one request per load
instead of one per file: each request crosses from Chromium to Playwright to Python and back.
Each inline script ends with `//# sourceURL=<file>` and starts with enough newlines that errors
report the learner's file name and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_SCRIPT = re.compile(r"<script\b([^>]*)>([\s\S]*?)</script\s*>", re.IGNORECASE)
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"""\s*\bsrc\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
SCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}


def _attribute(tag: str, name: str) -> str | None:
    match = re.search(rf"""\b{name}\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))""", tag, re.IGNORECASE)
    if not match:
        return None
    return next(group for group in match.groups()[1:] if group is not None)


def _local_name(url: str | None, files: Mapping[str, str]) -> str | None:
    if not url:
        return None
    clean = re.split(r"[?#]", url.removeprefix("./"))[0]
    return clean if clean in files else None


def _script(code: str, file: str, attributes: str, first_line: int = 1) -> str:
    body = "\n" * (first_line - 1) + code + f"\n//# sourceURL={file}\n"
    return (
        f"<script{attributes}>" + re.sub(r"</script", r"<\\/script", body, flags=re.IGNORECASE) + "</script>"
    )


def assemble(files: Mapping[str, str], entry: str = "index.html") -> str:
    """Return the entry page with the learner's own stylesheets and scripts put inline."""
    html = files.get(entry, "")

    def script(match: re.Match) -> str:
        attributes, inline = match.group(1), match.group(2)
        source = _attribute(attributes, "src")
        if source is not None:
            name = _local_name(source, files)
            if name is None:
                return match.group(0)
            return _script(files[name], name, _SRC.sub("", attributes, count=1))
        kind = (_attribute(attributes, "type") or "").lower()
        if kind not in SCRIPT_TYPES:
            return match.group(0)
        opening = match.group(0).index(">") + 1
        first_line = html.count("\n", 0, match.start() + opening) + 1
        return _script(inline, entry, attributes, first_line)

    def link(match: re.Match) -> str:
        tag = match.group(0)
        if (_attribute(tag, "rel") or "").lower() != "stylesheet":
            return tag
        name = _local_name(_attribute(tag, "href"), files)
        if name is None:
            return tag
        css = re.sub(r"</style", r"<\\/style", files[name], flags=re.IGNORECASE)
        return f'<style data-file="{name}">{css}</style>'

    return _LINK.sub(link, _SCRIPT.sub(script, html))
