"""Fuzzing the exercise loader and the exercise upload: any exercise.yaml, any step text, any zip.

An exercise comes from a folder on the server, or from any trainer account as a zip (the upload
page and `POST /api/trainer/exercises` both install through sandbox/authoring). Property: the
loader returns an exercise or raises ExerciseInvalid whose every problem can be said in words;
an upload is installed or refused with a 4xx and a message; nothing is logged with a traceback.
"""

from __future__ import annotations

import copy
import io
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from flask_babel import gettext
from hypothesis import given
from hypothesis import strategies as st

from sandbox.exercises import Exercise, ExerciseInvalid, load_exercise
from sandbox.views import trainer_exercises
from tests.support import FIXTURE_EXERCISES
from tests.support.fuzz import Tracebacks, fuzz_settings, texts, values
from tests.support.web import sign_in

EXAMPLES = 60  # per property

HELLO = FIXTURE_EXERCISES / "hello"
GOOD = yaml.safe_load((HELLO / "exercise.yaml").read_text())

# YAML a trainer may write by mistake or on purpose: tabs, unclosed brackets, tags, aliases,
# an alias bomb, nesting past the parser's recursion limit, keys that are not strings.
HOSTILE_YAML = st.sampled_from(
    [
        "",
        "id: hello\n\ttitle: x",
        "id: [hello",
        "!!python/object:os.system {}",
        "a: &a [1, 2]\nb: *a\nid: *a",
        "a: &a ['x','x','x','x','x','x','x','x','x']\n"
        + "".join(
            f"{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "[" * 1000 + "]" * 1000,
        "{[1, 2]: x}",
        "? [a, b]\n: c",
        "id: hello\nid: hello",
        "\x00\x01",
        "\ufeffid: hello",
    ]
)


def _paths(value, prefix=()):
    """Every place in a YAML tree: mapping keys and list positions."""
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*prefix, index))


PLACES = [path for path in _paths(GOOD) if path]


@st.composite
def mutated(draw) -> dict:
    """The test exercise's yaml with a few places replaced by anything (or removed), a key added."""
    raw = copy.deepcopy(GOOD)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(PLACES))
        parent = raw
        try:
            for part in path[:-1]:
                parent = parent[part]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced this place
    if draw(st.booleans()):
        steps = raw.get("steps")  # replaced by anything above, maybe
        steps = [s for s in steps if isinstance(s, dict)] if isinstance(steps, list) else []
        target = draw(st.sampled_from([raw, *steps]))
        if isinstance(target, dict):
            target[draw(texts)] = draw(values)
    return raw


def _dump(raw) -> str:
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)


YAML_TEXT = st.one_of(mutated().map(_dump), mutated().map(_dump), HOSTILE_YAML, st.text(max_size=200))
# Step texts: markdown of any kind, text that is not UTF-8, raw HTML.
STEP_TEXT = st.one_of(
    st.text(max_size=200).map(str.encode),
    st.binary(max_size=100),
    st.sampled_from([b"<script>alert(1)</script>", b"[x](javascript:alert(1))", b"\xff\xfe", b"#" * 5000]),
)


def _said(error: ExerciseInvalid) -> list[str]:
    return [problem.said(gettext) for problem in error.problems]


@pytest.fixture
def folder(tmp_path) -> Path:
    target = tmp_path / "hello"
    shutil.copytree(HELLO, target)
    return target


def test_fuzz_the_loader_on_any_exercise_yaml_and_step_text(app, folder, caplog):
    """Threat: an exercise.yaml or step file of a wrong shape (a list for a title, a number for
    a check, an alias bomb, bytes that are not UTF-8) crashes the loader, so the server does not
    start or the exercises page fails with a 500."""
    logged = Tracebacks(caplog)
    steps = sorted((folder / "steps").iterdir())

    @fuzz_settings(EXAMPLES)
    @given(text=YAML_TEXT, step=st.sampled_from(steps), step_text=STEP_TEXT | st.none())
    def property_(text, step, step_text):
        (folder / "exercise.yaml").write_text(text, encoding="utf-8")
        original = step.read_bytes()
        if step_text is not None:
            step.write_bytes(step_text)
        try:
            with app.test_request_context():
                try:
                    exercise = load_exercise(folder)
                except ExerciseInvalid as error:
                    said = _said(error)
                    assert said and all(isinstance(line, str) and line for line in said)
                else:
                    assert isinstance(exercise, Exercise)
        finally:
            step.write_bytes(original)
        assert logged.new() == []

    property_()


ENTRY_NAMES = st.sampled_from(
    [
        "exercise.yaml",
        "hello/exercise.yaml",
        "steps/1-heading.md",
        "hello/steps/1-heading.md",
        "starter/index.html",
        "solutions/heading/index.html",
        "checks.py",
        "../evil.txt",
        "/etc/evil",
        "a/../../evil",
        "C:\\evil",
        "steps/",
        "__MACOSX/x",
        "",
    ]
) | texts.filter(lambda t: "\x00" not in t)


@st.composite
def zips(draw) -> bytes:
    """A zip of the test exercise with some entries changed, added or odd (links, encrypted flags),
    or a zip cut short, or bytes that are no zip at all."""
    kind = draw(st.sampled_from(["exercise", "exercise", "entries", "cut", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if kind in ("exercise", "cut"):
            for path in sorted(HELLO.rglob("*")):
                if path.is_file():
                    name = path.relative_to(HELLO).as_posix()
                    data = draw(YAML_TEXT).encode() if name == "exercise.yaml" else path.read_bytes()
                    archive.writestr(f"hello/{name}", data)
        for name, data, odd in draw(
            st.lists(
                st.tuples(ENTRY_NAMES, st.binary(max_size=50), st.sampled_from(["", "link", "encrypted"]))
            )
        ):
            info = zipfile.ZipInfo(name or "x")
            if odd == "link":
                info.external_attr = 0o120777 << 16
            elif odd == "encrypted":
                info.flag_bits |= 0x1
            try:
                archive.writestr(info, data)
            except (ValueError, UserWarning):
                pass  # zipfile itself refuses some names
    data = buffer.getvalue()
    if kind == "cut":
        return data[: draw(st.integers(min_value=0, max_value=len(data)))]
    return data


@pytest.fixture
def no_grading(monkeypatch):
    """The upload's behaviour check finds nothing (so a sound upload is refused as unproven, with
    a 422) instead of running the grader: the fuzzing is about reading the zip, and fast."""
    monkeypatch.setattr(trainer_exercises, "_validate", lambda: lambda exercise: [])


def test_fuzz_exercise_zip_uploads_answer_4xx_or_install(make_app, tmp_path, no_grading, caplog):
    """Threat: a hostile exercise zip (cut short, paths outside its folder, links, encrypted or
    duplicate entries, a broken exercise.yaml) crashes the upload with a 500 or writes outside
    the exercises folder."""
    logged = Tracebacks(caplog)
    exercises_dir = tmp_path / "uploads" / "exercises"
    shutil.copytree(HELLO, exercises_dir / "hello")
    app = make_app(EXERCISES_DIR=str(exercises_dir))
    trainer = sign_in(app, "amina")
    before = sorted(str(p.relative_to(exercises_dir.parent)) for p in exercises_dir.parent.rglob("*"))

    @fuzz_settings(EXAMPLES)
    @given(data=zips(), as_file=st.booleans())
    def property_(data, as_file):
        if as_file:
            answer = trainer.post("/api/trainer/exercises", data={"zip": (io.BytesIO(data), "x.zip")})
        else:
            answer = trainer.post("/api/trainer/exercises", data=data, content_type="application/zip")
        said = f"{answer.status_code} {answer.get_data()[:300]}"
        assert answer.status_code < 500 and answer.is_json, said
        if answer.status_code >= 400:
            assert answer.json["error"], said
        # Nothing written anywhere (a sound upload would add its folder; none is proven here).
        after = sorted(str(p.relative_to(exercises_dir.parent)) for p in exercises_dir.parent.rglob("*"))
        assert after == before, said
        assert logged.new() == [], said

    property_()
