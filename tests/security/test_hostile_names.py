"""Names people type (learners, trainers, classes) keep no control, bidi or invisible characters,
and exports neutralise what is already stored: no escape sequences in a trainer's terminal, no
formulas in their spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest

from tests.support.cli import run
from tests.support.web import TOKEN, sign_in

HOSTILE = [
    ("Ali\u202egpj.exe", "Aligpj.exe"),  # a right-to-left override: would show as "Aliexe.jpg"
    ("Zar\u0000ina\u001b[31m", "Zar ina [31m"),  # NUL and ESC
    ("\u2066Bob\u2069 \u200f", "Bob"),  # isolates, a right-to-left mark
    ("Line\u2028break", "Line break"),
]
INVISIBLE = ["\u200b\u200b\u200b", "\u2060", "\u200e\u200f", " \u200d "]


@pytest.fixture
def trainer(app):
    return sign_in(app, "amina")


@pytest.fixture
def classroom(app, trainer):
    store = app.extensions["sandbox"].store
    return store.create_classroom(store.trainer_by_name("amina").id, "Day 1")


def joined_names(app, classroom) -> list[str]:
    return [learner.name for learner in app.extensions["sandbox"].store.learners_of(classroom.id)]


@pytest.mark.parametrize(("typed", "stored"), HOSTILE)
def test_hostile_names_joining_keeps_no_control_or_bidi_characters(app, classroom, typed, stored):
    """Threat: a learner's name carries control or bidi characters into every page and export."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["csrf"] = TOKEN
    answer = client.post(f"/join/{classroom.join_code}", data={"csrf_token": TOKEN, "name": typed})
    assert answer.status_code == 302
    assert joined_names(app, classroom) == [stored]


@pytest.mark.parametrize("typed", INVISIBLE)
def test_hostile_names_a_name_of_invisible_characters_is_refused(app, classroom, typed):
    """Threat: a name of zero-width characters shows as a blank learner on the dashboard."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["csrf"] = TOKEN
    answer = client.post(f"/join/{classroom.join_code}", data={"csrf_token": TOKEN, "name": typed})
    assert answer.status_code == 400
    assert "Type your name" in answer.get_data(as_text=True)
    assert joined_names(app, classroom) == []


def test_hostile_names_class_names_and_renames_keep_no_bidi_characters(app, trainer, classroom):
    """Threat: a trainer's class name or a renamed learner carries bidi overrides onto the pages."""
    store = app.extensions["sandbox"].store
    trainer.post("/trainer/classes", data={"csrf_token": TOKEN, "name": "Day\u202e 2\u0007"})
    names = sorted(c.name for c in store.classrooms_of(store.trainer_by_name("amina").id))
    assert names == ["Day 1", "Day 2"]
    learner = store.join_classroom(classroom.id, "Farrukh")
    trainer.post(
        f"/trainer/classes/{classroom.id}/learners/{learner.id}",
        data={"csrf_token": TOKEN, "name": "Far\u202erukh\u001b"},
    )
    assert store.get_learner(learner.id).name == "Farrukh"


def test_hostile_names_the_csv_export_neutralises_stored_names(app, trainer, classroom, tmp_path):
    """Threat: names already stored with escape sequences or formulas reach a terminal or a sheet raw."""
    store = app.extensions["sandbox"].store
    store.set_assignments(classroom.id, ["hello"])
    store.join_classroom(classroom.id, "\u001b]0;owned\u0007\u001b[2JBob")  # retitles, clears the terminal
    store.join_classroom(classroom.id, "\u0007=cmd|' /C calc'!A0")
    store.join_classroom(classroom.id, "@SUM(1+1)\u0000")
    for output in (
        run(tmp_path, "export", classroom.join_code, "--format", "csv").output,
        trainer.get(f"/trainer/classes/{classroom.id}/export.csv").get_data(as_text=True),
    ):
        assert not any(ord(ch) < 32 and ch not in "\r\n" for ch in output), repr(output)
        learners = {row["learner"] for row in csv.DictReader(io.StringIO(output.lstrip("\ufeff")))}
        assert learners == {"]0;owned[2JBob", "'=cmd|' /C calc'!A0", "'@SUM(1+1)"}
