"""The words a declarative check may use; docs/checks.md explains each one."""

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
}

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
