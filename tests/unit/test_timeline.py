"""Every saved version of a learner's work is kept, compactly, and comes back exactly as it was saved."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.store import StaleRevision
from sandbox.store.timeline import KEYFRAME_EVERY, apply, delta, lines

texts = st.text(alphabet=st.sampled_from(list("ab<>{}\n\r \t\u2028я")), max_size=60)
files = st.dictionaries(st.sampled_from(["index.html", "style.css", "app.js"]), texts, min_size=1)


@settings(max_examples=300, deadline=None)
@given(files, files)
def test_a_delta_turns_one_version_into_the_next_byte_for_byte(old, new):
    assert apply(old, delta(old, new)) == new


def test_lines_keep_their_endings_and_a_last_line_without_one():
    assert lines("a\r\nb\n\nc") == ["a\r\n", "b\n", "\n", "c"]
    assert lines("") == [] and lines("\n") == ["\n"]


def test_a_delta_holds_only_what_changed():
    old = {"index.html": "".join(f"<p>{n}</p>\n" for n in range(100)), "app.js": "let a = 1;\n"}
    new = {**old, "index.html": old["index.html"].replace("<p>50</p>", "<p>fifty</p>")}
    assert delta(old, new) == {"index.html": [50, -1, ["<p>fifty</p>\n"], 49]}


def save_all(store, learner_id, versions, step="one"):
    revision = 0
    for files in versions:
        revision = store.save_work(learner_id, "hello", files, revision, step).revision
    return revision


def test_every_save_is_a_version_that_comes_back_exactly(store):
    learner_id = store.create_learner()
    typed = [{"index.html": "<h1>Hi" + "!" * n + "</h1>\n", "app.js": f"// {n}"} for n in range(95)]
    save_all(store, learner_id, typed)

    versions = store.versions(learner_id, "hello")
    assert [v.number for v in versions] == list(range(1, 96))
    assert [v.number for v in versions if v.files is not None] == [
        1,
        KEYFRAME_EVERY + 1,
        2 * KEYFRAME_EVERY + 1,
    ]
    for number, files in enumerate(typed, start=1):
        assert store.files_at(learner_id, "hello", number) == files
    assert store.files_at(learner_id, "hello", 96) is None


def test_a_save_that_changes_nothing_adds_no_version_and_a_refused_one_neither(store):
    learner_id = store.create_learner()
    files = {"index.html": "<h1>Hi</h1>"}
    revision = save_all(store, learner_id, [files, files])
    try:
        store.save_work(learner_id, "hello", {"index.html": "stale"}, revision - 1)
    except StaleRevision:
        pass
    assert [v.number for v in store.versions(learner_id, "hello")] == [1]


def test_typing_is_stored_in_little_space(store):
    """400 saves, each changing a few characters of 150 lines (bench/history.py: a 3-hour class)."""
    learner_id = store.create_learner()
    body = [f"  <p id='line-{n}'>Some text on line {n}</p>\n" for n in range(150)]
    versions = []
    for n in range(400):
        body[n % 150] = body[n % 150].replace("</p>", f" {n}</p>")
        versions.append({"index.html": "".join(body), "style.css": "p { margin: 0; }\n"})
    save_all(store, learner_id, versions)
    stored = store.versions(learner_id, "hello")
    size = sum(len(json.dumps(v.files if v.files is not None else v.delta)) for v in stored)
    whole = sum(len(json.dumps(v)) for v in versions)
    assert len(stored) == 400 and size < whole / 15, (size, whole)
    assert store.files_at(learner_id, "hello", 400) == versions[-1]
