"""The words a declarative check may use; docs/checks.md explains each one."""

from .model import N_

# What an `expect` points at (exactly one per check).
TARGETS = ("locator", "role", "label", "placeholder", "page")

# What may be asserted about an element target.
ASSERTIONS = (
    "visible",
    "text",
    "contains",
    "not_contains",
    "count",
    "min_count",
    "value",
    "attribute",
    "css",
    "checked",
    "enabled",
)

# Options that qualify a target rather than assert something.
TARGET_OPTIONS = ("name", "exact")

# Whole-page checks: {page: <name>} with the assertions each accepts.
PAGE_CHECKS: dict[str, tuple[str, ...]] = {
    "no-horizontal-scroll": (),
    "viewport-meta": (),
    "tap-targets": (),
    "no-console-errors": (),
    "title": ("text", "contains"),
    "accessible": ("rules",),
}

# The rules `{page: accessible}` can run (axe-core's rule ids), in the order their problems are told;
# `rules: [...]` picks some, and all of them run when it is left out. Each has a beginner's message
# and hint in sandbox/grading/checks/accessible.py.
ACCESSIBILITY_RULES = (
    "html-has-lang",
    "html-lang-valid",
    "image-alt",
    "button-name",
    "input-button-name",
    "link-name",
    "label",
    "select-name",
    "color-contrast",
    "target-size",
)

# Actions in `do`, with the extra keys each takes.
ACTIONS: dict[str, tuple[str, ...]] = {
    "click": (),
    "tap": (),
    "fill": ("with",),
    "press": ("key",),
    "select": ("option",),
    "check": (),
    "uncheck": (),
    "wait": (),
    "reload": (),
}

# ARIA roles as the grader's messages name them; translated where used (grading/checks/run.py).
ROLE_WORDS = {
    "button": N_("button"),
    "heading": N_("heading"),
    "link": N_("link"),
    "textbox": N_("text box"),
    "searchbox": N_("search box"),
    "checkbox": N_("checkbox"),
    "radio": N_("radio button"),
    "combobox": N_("drop-down list"),
    "listbox": N_("list box"),
    "option": N_("option"),
    "list": N_("list"),
    "listitem": N_("list item"),
    "img": N_("image"),
    "paragraph": N_("paragraph"),
    "table": N_("table"),
    "row": N_("table row"),
    "cell": N_("table cell"),
    "form": N_("form"),
    "dialog": N_("dialog"),
    "alert": N_("alert"),
    "status": N_("status message"),
    "navigation": N_("navigation"),
    "main": N_("main area"),
    "banner": N_("banner"),
    "slider": N_("slider"),
    "spinbutton": N_("number field"),
    "switch": N_("switch"),
    "tab": N_("tab"),
    "menuitem": N_("menu item"),
}
