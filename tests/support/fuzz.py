"""What the fuzz tests share: Hypothesis settings, hostile JSON values, and the no-traceback check.

`SANDBOX_FUZZ_EXAMPLES=500 pytest tests/security/test_fuzz_*.py` runs each property longer
than the default (which keeps the three fuzz files at a few seconds each).
"""

from __future__ import annotations

import json
import logging
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("SANDBOX_FUZZ_EXAMPLES", "0")) or None


def fuzz_settings(examples: int):
    """A bounded run: `examples` per property (or $SANDBOX_FUZZ_EXAMPLES), no per-example deadline.

    The app, its clients and sockets are made once per test and reused by its examples, which
    Hypothesis warns about for function-scoped fixtures: that reuse is what we want here.
    """
    return settings(
        max_examples=EXAMPLES or examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        print_blob=True,
    )


# Integers well past SQLite's 64 bits, floats JSON has no word for (Python reads NaN, Infinity).
numbers = st.integers() | st.integers(min_value=-(2**80), max_value=2**80) | st.floats()
# Text with control characters, bidi overrides, NUL and lone combining marks (no surrogates: JSON
# from a browser cannot carry them unescaped, and they are sent escaped below).
texts = st.text(max_size=40) | st.sampled_from(["", "\x00", "\u202e", "\u200b" * 3, "..", "a" * 5000])
scalars = st.none() | st.booleans() | numbers | texts
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(texts, inner, max_size=5),
    max_leaves=12,
)


def deep(depth: int, kind: str = "[") -> str:
    """JSON nested `depth` levels deep, as text (the json module recurses once per level)."""
    close = "]" if kind == "[" else "}"
    inner = "[" if kind == "[" else '{"a":'
    return inner * depth + ("" if kind == "[" else "1") + close * depth


def shaped(keys: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    """Objects with some of the keys a route reads, each either of its expected shape or anything."""
    return st.fixed_dictionaries({}, optional={key: shape | values for key, shape in keys.items()})


def as_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=True).encode()


# Whatever a client may put in a body: JSON of any shape, objects shaped like the route's own,
# nothing, not JSON, JSON nested past the recursion limit, bytes that are not UTF-8.
def bodies(shape: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        shape.map(as_json),
        shape.map(as_json),
        values.map(as_json),
        st.binary(max_size=64),
        st.integers(min_value=900, max_value=3000).map(deep).map(str.encode),
        st.integers(min_value=900, max_value=3000).map(lambda n: deep(n, "{")).map(str.encode),
        st.sampled_from([b"", b"{", b"null", b'{"a": NaN}', b"\xff\xfe{}", b'{"a": 1e999}']),
    )


class Tracebacks:
    """The log records of a test so far: `new()` is what was logged at ERROR or with a traceback."""

    def __init__(self, caplog):
        self.caplog = caplog
        caplog.set_level(logging.WARNING)
        self.seen = 0

    def new(self) -> list[str]:
        records = self.caplog.records[self.seen :]
        self.seen = len(self.caplog.records)
        return [
            f"{r.name}: {r.getMessage()}"
            for r in records
            if r.levelno >= logging.ERROR or r.exc_info or "Traceback" in r.getMessage()
        ]
