"""The check of the Yjs wire format that guards pycrdt from clients' bytes (sandbox/coedit/wire.py):
whatever Yjs writes passes; counts and lengths past the end (which keep Yrs busy for seconds) and
anything else malformed are refused before pycrdt reads them."""

from __future__ import annotations

import pytest
from pycrdt import Array, Doc, Map, Text

from sandbox.coedit.document import BadUpdate, Document
from sandbox.coedit.wire import Malformed, check_state_vector, check_update


def updates_of_every_kind() -> list:
    """Each kind of change Yjs writes, as (name, update): named by kind, not by size, since a new
    Doc's client id is random and so is the length of its updates (every test process must collect
    the same ids)."""
    doc = Doc()
    made = []
    for name, change in (
        ("text-insert", lambda: doc.get("index.html", type=Text).insert(0, "<h1>Чистая вода 💧</h1>\n")),
        ("text-delete", lambda: doc.get("index.html", type=Text).__delitem__(slice(1, 3))),
        (
            "map-scalars",
            lambda: doc.get("meta", type=Map).update(
                {"n": 1, "f": 1.5, "big": 2**40, "no": None, "yes": True}
            ),
        ),
        (
            "map-nested",
            lambda: doc.get("meta", type=Map).__setitem__("nested", {"list": [1, "two", {"three": [3.0]}]}),
        ),
        ("array", lambda: doc.get("list", type=Array).extend(["a", 2, False, b"\x00\x01"])),
        ("text-in-map", lambda: doc.get("meta", type=Map).__setitem__("text", Text("inside"))),
    ):
        before = doc.get_state()
        change()
        made.append(pytest.param(doc.get_update(before), id=name))
    return [*made, pytest.param(doc.get_update(), id="whole-document")]


@pytest.mark.parametrize("update", updates_of_every_kind())
def test_what_yjs_writes_passes(update):
    check_update(update)
    check_state_vector(Doc().get_state())


@pytest.mark.parametrize(
    "raw",
    [
        bytes.fromhex("a482bd46321c1283"),  # "147 million clients": Yrs took 1.5 s over it
        bytes.fromhex("bbb2ddb9d1b12f650bf306d9ac5c85c375814633be59ef95f65456bd29"),  # 3.5 s
        b"",
        b"\x01",
        b"\x00\x00\x00",  # bytes after the end
        b"\x01\x01\x05\x00\x1f",  # an unknown content kind
        b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",  # a number past 2**53
    ],
)
def test_malformed_bytes_are_refused_before_pycrdt_reads_them(raw):
    with pytest.raises(Malformed):
        check_update(raw)
    with pytest.raises(BadUpdate):
        Document(["index.html"]).apply(raw)


def test_a_state_vector_must_be_as_long_as_it_says():
    check_state_vector(Doc().get_state())
    for raw in (b"\x05\x01\x01", b"\x01\x01", b"\x01\x01\x01\x00"):
        with pytest.raises(Malformed):
            check_state_vector(raw)
