"""An exercise's helper scripts, put into every graded document of a page (never into the preview).

Each helper gets a source URL of its own under HELPER_URL, so what it throws or logs is told apart
from the learner's code: the worker keeps it out of the app's console errors, and a JavaScript check
whose helper failed is `error`, a mistake in the exercise (docs/checks.md).
"""

from __future__ import annotations

import json

from ..exercises import Exercise
from ..exercises.model import Helper

# No learner file has a slash in its name, and no served page has this address.
HELPER_URL = "exercise-helper/"


def is_helper(url: str | None) -> bool:
    """True for a script location that is one of the exercise's helpers."""
    return bool(url) and url.startswith(HELPER_URL)


def init_script(helper: Helper, text: str) -> str:
    """The script to run in each new document for one helper.

    A helper `at: start` runs before the app's own scripts. One `at: dom-ready` runs when the document
    has been parsed (DOMContentLoaded), before the app's own DOMContentLoaded listeners, so a stock
    library can find the page's elements. It runs as a script of its own (an indirect eval: its
    top-level names become globals, as in a <script>), under its own source URL.
    """
    named = f"{text}\n//# sourceURL={HELPER_URL}{helper.file}"
    if helper.at == "start":
        return named
    run = f"() => {{ (0, eval)({json.dumps(named)}); }}"
    return f"document.addEventListener('DOMContentLoaded', {run}, {{ once: true }});"


class HelperScripts:
    """The helpers installed in one page (through its DevTools session), changed only when the
    exercise's helpers change."""

    def __init__(self, cdp):
        self.cdp = cdp
        self.sources: tuple[str, ...] = ()
        self.identifiers: list[str] = []
        self.page_events = False  # the Page domain is on in `cdp` (needed for scripts on new documents)

    def sources_for(self, exercise: Exercise) -> tuple[str, ...]:
        return tuple(
            init_script(helper, (helper.path or exercise.path / helper.file).read_text(encoding="utf-8"))
            for helper in exercise.helpers
        )

    def differ(self, sources: tuple[str, ...]) -> bool:
        return sources != self.sources

    def install(self, sources: tuple[str, ...]) -> None:
        """Put these helpers (and no others) into every new document of the page."""
        if sources and not self.page_events:
            # Only pages that ever ran helpers pay for the Page domain's events.
            self.cdp.send("Page.enable")
            self.page_events = True
        for identifier in self.identifiers:
            self.cdp.send("Page.removeScriptToEvaluateOnNewDocument", {"identifier": identifier})
        self.identifiers = [
            self.cdp.send("Page.addScriptToEvaluateOnNewDocument", {"source": source})["identifier"]
            for source in sources
        ]
        self.sources = sources
