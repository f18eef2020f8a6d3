"""axe-core scans of our own pages, and what the accessibility tests read from a page.

The same axe-core the grader vendors (sandbox/grading/vendor/axe.min.js) is evaluated in the page
under test; DevTools evaluation is not bound by the page's Content-Security-Policy, so nothing is
loaded from anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.support import ROOT

AXE = ROOT / "sandbox" / "grading" / "vendor" / "axe.min.js"

# The rules of WCAG 2.2 A and AA, and axe's best practices (landmarks, heading order, one main).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Problems serious enough to stop someone: these fail the scan. axe rates the landmark and heading
# rules "moderate"; they fail it too, because a screen reader user moves by landmarks and headings.
SERIOUS = {"serious", "critical"}
STRUCTURE = {
    "landmark-one-main",
    "region",
    "heading-order",
    "page-has-heading-one",
    "landmark-unique",
    "landmark-no-duplicate-main",
    "aria-allowed-role",
}


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    targets: tuple[str, ...]
    summary: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}) at {', '.join(self.targets[:4])}: {self.summary}"

    @property
    def blocking(self) -> bool:
        return self.impact in SERIOUS or self.rule in STRUCTURE


def scan(page: Page, disabled: dict[str, str] | None = None) -> list[Violation]:
    """Every violation axe finds on the page as it is now (frames left out: they hold the learner's
    app, which the grader's accessibility check judges, not this scan)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": TAGS},
        "rules": {rule: {"enabled": False} for rule in disabled or {}},
        "resultTypes": ["violations"],
        "iframes": False,
    }
    found = page.evaluate(
        """async (options) => (await axe.run(document, options)).violations.map((v) => ({
            rule: v.id, impact: v.impact || "minor",
            targets: v.nodes.map((n) => n.target.join(" ")),
            summary: v.help,
        }))""",
        options,
    )
    return [Violation(v["rule"], v["impact"], tuple(v["targets"]), v["summary"]) for v in found]


FOCUS_RING = """() => {
    let el = document.activeElement;
    if (!el || el === document.body) return null;
    // CodeMirror draws the ring of its focused text on the editor's box.
    el = el.closest(".cm-editor.cm-focused") || el;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 1;
    const shadow = s.boxShadow && s.boxShadow !== "none";
    if (!outline && !shadow) return null;
    return {
        element: el.id || el.tagName.toLowerCase(),
        outline: outline ? `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}` : "",
        shadow: shadow ? s.boxShadow : "",
    };
}"""


def focus_ring(page: Page, wait_ms: float = 2000) -> dict[str, str] | None:
    """How the focused element shows its focus: its outline or box-shadow, None if neither shows
    within `wait_ms` (for the code editor, its box: CodeMirror marks itself focused a frame after
    the focus moves, later still on a busy machine)."""
    try:
        return page.wait_for_function(FOCUS_RING, timeout=wait_ms).json_value()
    except PlaywrightTimeoutError:
        return None


def overlaps(page: Page, scope: str | None = None) -> list[str]:
    """Visible controls whose boxes cross another's, and text cut off by its own box; with `scope`
    (a selector), only the controls inside it (a panel laid over the page, which covers the rest)."""
    return page.evaluate(
        """(scope) => {
            const all = scope
                ? document.querySelector(scope).querySelectorAll('button, a[href], input, select, summary')
                : document.querySelectorAll('main button, main a[href], main input, main select,'
                    + ' .topbar button, .topbar a[href], .topbar summary');
            const shown = [...all]
                .filter((el) => el.checkVisibility() && el.getClientRects().length)
                .map((el) => [el, el.getBoundingClientRect()])
                .filter(([, r]) => r.width > 0 && r.height > 0);
            const name = (el) => el.id || el.textContent.trim().slice(0, 20) || el.tagName;
            const found = [];
            for (let i = 0; i < shown.length; i++) {
                const [a, r] = shown[i];
                const style = getComputedStyle(a);
                const cut = style.overflowX === 'hidden' && !style.textOverflow.includes('ellipsis');
                if (cut && a.scrollWidth > a.clientWidth + 2) found.push(`clipped: ${name(a)}`);
                for (let j = i + 1; j < shown.length; j++) {
                    const [b, q] = shown[j];
                    if (a.contains(b) || b.contains(a)) continue;
                    const x = Math.min(r.right, q.right) - Math.max(r.left, q.left);
                    const y = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
                    if (x > 2 && y > 2) found.push(`${name(a)} over ${name(b)}`);
                }
            }
            return found;
        }""",
        scope,
    )
