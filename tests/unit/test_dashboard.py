"""The dashboard's grid and stuck rules, from plain values (no Flask, no database)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sandbox import dashboard
from sandbox.dashboard import FAILING, NOT_STARTED, PASSED, WORKING
from sandbox.exercises.model import Device, Exercise, Step, Text
from sandbox.store import Activity, Attempt, Learner, WorkMark

NOW = datetime(2026, 5, 4, 10, 0, 0)


def minutes_ago(minutes: float) -> datetime:
    return NOW - timedelta(minutes=minutes)


def exercise(exercise_id: str, steps: list[str]) -> Exercise:
    return Exercise(
        id=exercise_id,
        title=Text({"en": exercise_id.title(), "ru": exercise_id.upper()}),
        summary=None,
        languages=("en", "ru"),
        device=Device("phone", 360, 640),
        files=("index.html",),
        steps=tuple(
            Step(n, s, Text({"en": f"Step {s}"}), Text({"en": ""}), ()) for n, s in enumerate(steps, 1)
        ),
        starter={"index.html": ""},
        solutions={},
        wrong=(),
        assets={},
        path=None,
    )


COUNTER = exercise("counter", ["plus", "minus", "reset"])
CARD = exercise("card", ["heading", "list"])
COLUMNS = dashboard.columns_for([COUNTER, CARD])


def activity(work=None, attempts=(), joined=60, name="Farrukh") -> Activity:
    learner = Learner(7, name, 1, "RESUME01", minutes_ago(1), False)
    return Activity(learner, minutes_ago(joined), work or {}, tuple(attempts))


def attempt(
    n: int, step: str, status: str, minutes: float, failed: int = 0, exercise_id="counter"
) -> Attempt:
    return Attempt(n, exercise_id, step, status, minutes_ago(minutes), failed)


def row(act: Activity, online: bool = True, where=None, stuck_minutes: int = 10):
    return dashboard.learner_row(act, COLUMNS, NOW, stuck_minutes, online=online, where=where)


def states(r) -> list[str]:
    return [cell.state for cell in r.cells]


def test_one_column_per_step_of_each_exercise_in_order():
    assert [(c.exercise, c.step, c.number) for c in COLUMNS] == [
        ("counter", "plus", 1),
        ("counter", "minus", 2),
        ("counter", "reset", 3),
        ("card", "heading", 1),
        ("card", "list", 2),
    ]


def test_a_learner_who_did_nothing_has_not_started_anything():
    r = row(activity(joined=1))
    assert states(r) == [NOT_STARTED] * 5
    assert (r.passed, r.total, r.finished, r.stuck) == (0, 5, False, None)


def test_the_step_a_learner_saved_on_is_working():
    r = row(activity({"counter": WorkMark("minus", minutes_ago(1))}))
    assert states(r)[:3] == [NOT_STARTED, WORKING, NOT_STARTED]


def test_the_page_a_learner_has_open_counts_as_working_while_online():
    where = {"exercise": "card", "step": "heading"}
    assert states(row(activity(), where=where))[3] == WORKING
    assert states(row(activity(), online=False, where=where))[3] == NOT_STARTED


def test_a_failed_try_shows_failing_with_the_number_of_failed_checks():
    r = row(activity(attempts=[attempt(1, "plus", "fail", 3, failed=2)]))
    cell = r.cells[0]
    assert (cell.state, cell.failed, cell.attempts) == (FAILING, 2, 1)


def test_a_grader_error_counts_as_failing():
    r = row(activity(attempts=[attempt(1, "plus", "error", 3)]))
    assert (r.cells[0].state, r.cells[0].failed) == (FAILING, 0)


def test_a_pass_wins_over_earlier_failures_and_counts_towards_progress():
    r = row(activity(attempts=[attempt(1, "plus", "fail", 5, 1), attempt(2, "plus", "pass", 4)]))
    assert r.cells[0].state == PASSED and r.cells[0].attempts == 2
    assert r.passed == 1


def test_a_try_waiting_for_the_grader_is_working_and_checking():
    r = row(activity(attempts=[attempt(1, "minus", "queued", 0)]))
    assert (r.cells[1].state, r.cells[1].checking) == (WORKING, True)


def test_a_new_try_being_checked_keeps_the_last_result_visible():
    r = row(activity(attempts=[attempt(1, "plus", "fail", 2, 3), attempt(2, "plus", "queued", 0)]))
    assert (r.cells[0].state, r.cells[0].failed, r.cells[0].checking) == (FAILING, 3, True)


def test_three_failed_tries_in_a_row_on_one_step_is_stuck():
    tries = [attempt(n, "minus", "fail", 9 - n, 1) for n in range(1, 4)]
    r = row(activity(attempts=tries))
    assert r.stuck is not None
    assert (r.stuck.reason, r.stuck.exercise, r.stuck.step, r.stuck.count) == (
        "failures",
        "counter",
        "minus",
        3,
    )
    assert r.stuck.since == tries[0].created_at


def test_two_failures_are_not_stuck_and_a_pass_in_between_breaks_the_run():
    two = [attempt(1, "plus", "fail", 5), attempt(2, "plus", "fail", 4)]
    assert row(activity(attempts=two)).stuck is None
    broken = [
        attempt(1, "minus", "fail", 6),
        attempt(2, "minus", "fail", 5),
        attempt(3, "minus", "pass", 4),
    ]
    assert row(activity(attempts=broken)).stuck is None


def test_failures_on_different_steps_do_not_add_up():
    tries = [attempt(1, "plus", "fail", 5), attempt(2, "minus", "fail", 4), attempt(3, "reset", "fail", 3)]
    assert row(activity(attempts=tries)).stuck is None


def test_tries_waiting_for_the_grader_do_not_break_a_run_of_failures():
    tries = [
        attempt(1, "plus", "fail", 5),
        attempt(2, "plus", "error", 4),
        attempt(3, "plus", "fail", 3),
        attempt(4, "plus", "queued", 0),
    ]
    assert row(activity(attempts=tries)).stuck.reason == "failures"


def test_passing_the_step_clears_stuck():
    tries = [attempt(n, "plus", "fail", 9 - n) for n in range(1, 4)] + [attempt(4, "plus", "pass", 1)]
    assert row(activity(attempts=tries)).stuck is None


def test_the_most_recently_failed_step_is_named_when_several_are_stuck():
    tries = [attempt(n, "plus", "fail", 30 - n) for n in range(1, 4)]
    tries += [attempt(n, "heading", "fail", 10 - n, exercise_id="card") for n in range(4, 7)]
    assert row(activity(attempts=tries)).stuck.exercise == "card"


def test_no_save_or_try_for_the_class_minutes_while_online_is_stuck():
    idle = activity({"counter": WorkMark("plus", minutes_ago(12))}, joined=30)
    stuck = row(idle, stuck_minutes=10).stuck
    assert (stuck.reason, stuck.since) == ("idle", minutes_ago(12))
    assert row(idle, stuck_minutes=15).stuck is None


def test_a_recent_save_or_try_is_progress():
    assert row(activity({"counter": WorkMark("plus", minutes_ago(2))}, joined=30)).stuck is None
    assert row(activity(attempts=[attempt(1, "plus", "fail", 3)], joined=30)).stuck is None


def test_joining_counts_as_the_first_progress():
    assert row(activity(joined=5)).stuck is None
    assert row(activity(joined=11)).stuck.reason == "idle"


def test_an_offline_learner_is_not_marked_stuck_for_idling():
    assert row(activity(joined=60), online=False).stuck is None


def test_an_offline_learner_is_still_stuck_after_three_failures():
    tries = [attempt(n, "plus", "fail", 90 - n) for n in range(1, 4)]
    assert row(activity(attempts=tries, joined=120), online=False).stuck.reason == "failures"


def test_a_learner_who_passed_every_step_is_finished_and_never_idle_stuck():
    tries = [attempt(n, c.step, "pass", 60, exercise_id=c.exercise) for n, c in enumerate(COLUMNS, 1)]
    r = row(activity(attempts=tries, joined=120))
    assert r.finished and r.passed == r.total == 5
    assert r.stuck is None


def test_grid_json_lists_columns_titles_in_the_language_and_rows():
    r = row(
        activity(attempts=[attempt(1, "plus", "fail", 3, 2)]), where={"exercise": "counter", "step": "plus"}
    )
    from sandbox.store import Classroom

    classroom = Classroom(1, 1, "Day 1", "ACDEFG", False, 10, None, NOW)
    grid = dashboard.grid_json(classroom, [COUNTER, CARD], [r], "ru", NOW)
    assert grid["columns"] == ["counter/plus", "counter/minus", "counter/reset", "card/heading", "card/list"]
    assert grid["exercises"][0]["title"] == "COUNTER"
    row_json = grid["rows"][0]
    assert row_json["name"] == "Farrukh" and row_json["online"] is True
    assert row_json["cells"][0] == {"state": "failing", "failed": 2, "attempts": 1, "checking": False}
    assert row_json["where"] == {"exercise": "counter", "step": "plus"}
    assert grid["now"] == "2026-05-04T10:00:00Z"


def test_the_pushed_exercise_joins_the_grid_when_it_is_not_assigned():
    class Catalog:
        def get(self, exercise_id):
            return {"counter": COUNTER, "card": CARD}.get(exercise_id)

    shown = dashboard.grid_exercises(Catalog(), ["card"], {"exercise": "counter", "step": None})
    assert [e.id for e in shown] == ["card", "counter"]
    assert [e.id for e in dashboard.grid_exercises(Catalog(), ["card", "gone"], None)] == ["card"]


def test_rows_from_the_stores_activity_place_each_try_on_the_grid(store):
    trainer = store.create_trainer("amina", "correct horse")
    classroom = store.create_classroom(trainer.id, "Day 1")
    farrukh = store.join_classroom(classroom.id, "Farrukh")
    zarina = store.join_classroom(classroom.id, "Zarina")
    store.save_work(farrukh.id, "counter", {"index.html": "<h1>"}, 0, "minus")
    first = store.create_submission(farrukh.id, "counter", "plus", {"index.html": ""}, "en")
    store.save_result(first.id, "pass", {"checks": [{"status": "pass"}]})
    second = store.create_submission(farrukh.id, "counter", "minus", {"index.html": ""}, "en")
    store.save_result(second.id, "fail", {"checks": [{"status": "fail"}, {"status": "fail"}]})
    store.create_submission(zarina.id, "counter", "plus", {"index.html": ""}, "en")

    found = store.activity(store.learners_of(classroom.id))
    rows = dashboard.build_rows(found, [COUNTER], NOW, 10, {zarina.id: None})
    assert [c.state for c in rows[0].cells] == [PASSED, FAILING, NOT_STARTED]
    assert rows[0].cells[1].failed == 2
    assert rows[1].online and rows[1].cells[0].checking
