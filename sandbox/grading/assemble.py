"""Put the learner's own stylesheets and scripts inline into index.html, and keep a map of lines.

The grader serves each submission as one document, as the preview does (static/js/preview.js):
each request a page makes crosses from Chromium to Playwright to Python and back, so one request
per load instead of one per file saves about a seventh of a submission's CPU. Errors must still
name the learner's file and line: an inlined script ends with `//# sourceURL=<file>`, and Chromium
then reports that name, with line numbers counted in the whole document. `Assembled.source()`
turns a reported (file, line) back into the learner's own file and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

_TAG = re.compile(r"<script\b([^>]*)>([\s\S]*?)</script\s*>|<link\b[^>]*>", re.IGNORECASE)
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


@dataclass
class Assembled:
    """The page as served, and where each of its lines came from."""

    html: str
    entry: str = "index.html"
    # (first line in the page, last line, file): a learner's script put inline, line for line.
    inlined: list[tuple[int, int, str]] = field(default_factory=list)
    # (first line in the page, last line, first line in the entry file): the entry's own text.
    copied: list[tuple[int, int, int]] = field(default_factory=list)

    def source(self, file: str | None, line: int | None) -> tuple[str | None, int | None]:
        """The learner's file and line for a (file, line) Chromium reported in the served page."""
        if file is None or line is None:
            return file, line
        if file == self.entry:
            for first, last, original in self.copied:
                if first <= line <= last:
                    return file, original + line - first
            # A script that does not compile never gets its sourceURL: Chromium names the page,
            # and the line in it, for a SyntaxError in an inlined file.
            for first, last, name in self.inlined:
                if first <= line <= last:
                    return name, line - first + 1
            return file, None  # a line that only the assembling added
        for first, last, name in self.inlined:
            if name == file and first <= line <= last:
                return file, line - first + 1
        return file, line


def assemble(files: Mapping[str, str], entry: str = "index.html") -> Assembled:
    """Return the entry page with the learner's own stylesheets and scripts put inline."""
    html = files.get(entry, "")
    page = Assembled("", entry)
    parts: list[str] = []
    line = 1  # the page's line where the next part starts
    original = 1  # the entry file's line where the next copied text starts

    def add(text: str, source: str | None = None) -> None:
        """Append text to the page: the entry's own (source None) or a file's (source = its name)."""
        nonlocal line, original
        if not text:
            return
        last = line + text.count("\n")
        if source is None:
            page.copied.append((line, last, original))
            original += text.count("\n")
        else:
            page.inlined.append((line, last, source))
        parts.append(text)
        line = last

    position = 0
    for match in _TAG.finditer(html):
        add(html[position : match.start()])
        position = match.end()
        tag = match.group(0)
        if tag[:5].lower() == "<link":
            name = _local_name(_attribute(tag, "href"), files)
            if (_attribute(tag, "rel") or "").lower() != "stylesheet" or name is None:
                add(tag)
                continue
            css = re.sub(r"</style", r"<\\/style", files[name], flags=re.IGNORECASE)
            # The stylesheet's lines stand in for the entry's one line of <link>.
            add(f'<style data-file="{name}">', None)
            add(css, name)
            add("</style>", None)
            original += tag.count("\n")  # the <link> tag's own line breaks, if any
            continue
        attributes = match.group(1)
        name = _local_name(_attribute(attributes, "src"), files)
        kind = (_attribute(attributes, "type") or "").lower()
        if name is None or kind not in SCRIPT_TYPES or match.group(2).strip():
            add(tag)  # the entry's own inline script, another site's script, or not JavaScript
            continue
        code = re.sub(r"</script", r"<\\/script", files[name], flags=re.IGNORECASE)
        add(f"<script{_SRC.sub('', attributes, count=1)}>", None)
        add(f"{code}\n//# sourceURL={name}\n", name)
        add("</script>", None)
        original += tag.count("\n")
    add(html[position:])
    page.html = "".join(parts)
    return page
