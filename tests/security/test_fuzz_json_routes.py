"""Fuzzing every JSON route: any body, any path value, any query, as a learner and as a trainer.

The routes are read from the app's URL map (every rule under /api/), so a route added later is
fuzzed without a line here. Property: the answer is a clear refusal (4xx, JSON with an "error"
in the person's language) or a valid result (2xx JSON, or a zip/QR for the download routes),
never a 500, and nothing is logged with a traceback.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.app import create_app
from tests.support import FIXTURE_EXERCISES
from tests.support.fuzz import Tracebacks, bodies, fuzz_settings, shaped, texts, values
from tests.support.web import TOKEN, join, sign_in

EXAMPLES = 40  # per route: about 30 routes, so about 1,200 requests in all

FILE_NAMES = st.sampled_from(["index.html", "style.css", "app.js", "../x", "", "INDEX.HTML"]) | texts
FILES = st.dictionaries(st.sampled_from(["index.html", "style.css", "app.js"]), st.text(max_size=30)) | (
    st.dictionaries(FILE_NAMES, st.text(max_size=30) | values, max_size=4)
)
# The keys the routes read, each with its expected shape (shaped() mixes in anything else).
BODY = shaped(
    {
        "files": FILES,
        "revision": st.integers(min_value=-1, max_value=2**70),
        "step": st.sampled_from(["heading", "button", "nope"]),
        "exercise": st.sampled_from(["hello", "nope", "", "../hello"]),
        "reason": st.sampled_from(["reset", "chosen", "conflict"]),
        "text": texts,
        "name": texts,
        "theme": st.sampled_from(["#2563eb", "red", "#zzzzzz", ""]) | texts,
        "learner": st.integers(min_value=-1, max_value=2**70),
    }
)
QUERY = st.dictionaries(
    st.sampled_from(["exercise", "step", "lang", "since", "archived"]) | texts, texts, max_size=3
)
CONTENT_TYPES = st.sampled_from(
    ["application/json"] * 6 + ["text/plain", "application/x-www-form-urlencoded", "application/zip", None]
)


@dataclass
class World:
    app: object
    clients: dict
    ids: dict


@pytest.fixture(scope="module")
def world(tmp_path_factory, databases, grader):
    """A class with a learner who saved, pressed Check and made a phone link; its trainer signed in."""
    folder = tmp_path_factory.mktemp("fuzz-json")
    shutil.copytree(FIXTURE_EXERCISES / "hello", folder / "exercises" / "hello")
    (folder / "instance").mkdir()
    app = create_app(
        {
            "INSTANCE_PATH": str(folder / "instance"),
            "DATABASE_URL": databases.for_instance(folder / "instance"),
            "EXERCISES_DIR": str(folder / "exercises"),
        },
        grader=grader,
    )
    store = app.extensions["sandbox"].store
    trainer = sign_in(app, "amina")
    classroom = store.create_classroom(store.trainer_by_name("amina").id, "Day 1")
    learner = join(app, classroom.join_code, "Farrukh")
    files = {"index.html": "<h1>Hi</h1>"}
    assert learner.put("/api/work/hello", json={"files": files, "revision": 0}).status_code == 200
    submitted = learner.post(
        "/api/submissions", json={"exercise": "hello", "step": "heading", "files": files}
    )
    link = learner.post("/api/phone-links", json={"exercise": "hello"}).json["link"]
    ids = {
        "classroom_id": classroom.id,
        "learner_id": store.learners_of(classroom.id)[0].id,
        "submission_id": submitted.json["id"],
        "link_id": link["id"],
        "token": urlsplit(link["url"]).path.rstrip("/").rsplit("/", 1)[-1],
        "exercise_id": "hello",
    }
    yield World(app, {"learner": learner, "trainer": trainer}, ids)
    app.extensions["sandbox"].grading.stop()
    store.dispose()
    databases.drop(app.config["DATABASE_URL"])


def _json_rules(app) -> list[tuple[str, str]]:
    return sorted(
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and not rule.websocket
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


def _routes_of_this_code() -> list[tuple[str, str]]:
    """The JSON routes, read at collection from a throwaway app (in-memory database, no grader)."""
    folder = tempfile.mkdtemp(prefix="sandbox-fuzz-routes-")
    try:
        app = create_app({"INSTANCE_PATH": folder, "DATABASE_URL": "sqlite://", "EXERCISES_DIR": folder})
        app.extensions["sandbox"].store.dispose()
        return _json_rules(app)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


ROUTES = _routes_of_this_code()


def path_values(world: World, rule: str):
    """A strategy for the URL: each <part> the world's own value, a neighbour, or anything."""
    parts = [part for part in rule.split("<")[1:]]
    strategies = {}
    for part in parts:
        spec = part.split(">", 1)[0]
        converter, _, name = spec.rpartition(":")
        own = world.ids.get(name)
        if converter == "int":
            strategies[spec] = st.sampled_from([own or 1]) | st.integers(min_value=0, max_value=2**80)
        else:
            strategies[spec] = st.sampled_from([str(own or "hello")]) | texts.map(lambda t: quote(t, safe=""))
    return st.fixed_dictionaries(strategies)


def fill(rule: str, chosen: dict) -> str:
    for spec, value in chosen.items():
        rule = rule.replace(f"<{spec}>", str(value))
    return rule


@pytest.mark.parametrize(("method", "rule"), ROUTES, ids=lambda v: v)
def test_fuzz_every_json_route_answers_4xx_or_a_valid_result(world, caplog, method, rule):
    """Threat: a hostile body, path or query (wrong types, huge or deep values, bad JSON) makes a
    JSON route fail with a 500 and a traceback (a crash a learner can cause at will)."""
    logged = Tracebacks(caplog)

    @fuzz_settings(EXAMPLES)
    @given(
        who=st.sampled_from(["learner", "trainer"]),
        where=path_values(world, rule),
        query=QUERY,
        body=bodies(BODY),
        content_type=CONTENT_TYPES,
    )
    def property_(who, where, query, body, content_type):
        client = world.clients[who]
        url = fill(rule, where)
        headers = {"X-CSRF-Token": TOKEN}
        answer = client.open(
            url,
            method=method,
            query_string=query,
            data=None if method == "GET" else body,
            content_type=content_type,
            headers=headers,
        )
        said = (
            f"{method} {url} as {who} with {body[:120]!r}: {answer.status_code} {answer.get_data()[:200]!r}"
        )
        assert answer.status_code < 500, said
        if answer.status_code >= 400:
            assert answer.is_json and answer.json["error"], said
        elif answer.mimetype == "application/json":
            assert answer.json is not None, said
        assert logged.new() == [], said

    property_()
