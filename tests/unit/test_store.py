"""The store keeps every learner's code, and never loses a version it replaces; its schema migrates."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from sandbox.store import MIGRATIONS, StaleRevision, Store
from sandbox.store.activity import count_failed
from sandbox.store.models import Base


def test_save_then_load_returns_the_latest_files_and_revision(store):
    learner = store.create_learner()
    assert store.get_work(learner, "hello") is None
    first = store.save_work(learner, "hello", {"app.js": "1"}, 0, "heading")
    second = store.save_work(learner, "hello", {"app.js": "2"}, first.revision)
    work = store.get_work(learner, "hello")
    assert (first.revision, second.revision) == (1, 2)
    assert work.files == {"app.js": "2"} and work.revision == 2 and work.step_id == "heading"
    assert store.history(learner, "hello") == []


def test_a_save_based_on_an_old_revision_is_refused_with_the_stored_copy(store):
    learner = store.create_learner()
    store.save_work(learner, "hello", {"app.js": "from laptop"}, 0)
    store.save_work(learner, "hello", {"app.js": "laptop again"}, 1)
    with pytest.raises(StaleRevision) as stale:
        store.save_work(learner, "hello", {"app.js": "from phone"}, 1)
    assert (stale.value.work.files, stale.value.work.revision) == ({"app.js": "laptop again"}, 2)
    assert store.get_work(learner, "hello").files == {"app.js": "laptop again"}
    # The learner chose their phone's version: the copy it replaces is kept.
    store.save_work(learner, "hello", {"app.js": "from phone"}, 2, reason="chosen")
    assert store.get_work(learner, "hello").files == {"app.js": "from phone"}
    assert [w.files for w in store.history(learner, "hello")] == [{"app.js": "laptop again"}]


def test_reset_keeps_the_code_it_replaces(store):
    learner = store.create_learner()
    store.save_work(learner, "hello", {"app.js": "my work"}, 0)
    store.save_work(learner, "hello", {"app.js": "starter"}, 1, reason="reset")
    assert store.history(learner, "hello")[0].files == {"app.js": "my work"}


def test_learners_do_not_see_each_others_work(store):
    ana, ben = store.create_learner(), store.create_learner()
    store.save_work(ana, "hello", {"app.js": "ana"}, 0)
    assert store.get_work(ben, "hello") is None
    assert store.all_work(ben) == {}


def tables_and_revision(store: Store) -> tuple[set[str], tuple[str, ...]]:
    with store.engine.connect() as connection:
        return set(inspect(connection).get_table_names()), MigrationContext.configure(
            connection
        ).get_current_heads()


def test_upgrade_of_an_empty_database_runs_every_migration(empty_database):
    store = Store(empty_database)
    store.upgrade()
    tables, revision = tables_and_revision(store)
    assert set(Base.metadata.tables) <= tables
    assert revision == tuple(ScriptDirectory(str(MIGRATIONS)).get_heads())
    assert store.create_learner() == 1
    store.dispose()


def test_upgrade_of_an_old_database_runs_the_migrations_it_lacks_and_keeps_its_rows(empty_database):
    store = Store(empty_database)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:  # a database made by an older version, before phone links
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        # a row written by that version (the ORM of this one would write columns it lacks)
        connection.execute(
            text(
                "INSERT INTO learners (created_at, last_seen, removed)"
                " VALUES ('2026-01-01', '2026-01-01', false)"
            )
        )
    learner = 1
    assert "phone_links" not in tables_and_revision(store)[0]

    store.upgrade()

    tables, revision = tables_and_revision(store)
    assert {"phone_links", "published_apps"} <= tables
    assert revision == tuple(ScriptDirectory(str(MIGRATIONS)).get_heads())
    assert store.learner_exists(learner) and store.create_phone_link(learner, "hello").active
    store.dispose()


def test_an_exercise_app_published_before_migration_0010_stays_published_beside_a_projects(empty_database):
    """0010 lets a published app belong to a project: the table is rebuilt, its rows kept."""
    store = Store(empty_database)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0009")
    learner = store.create_learner()
    with store.engine.begin() as connection:  # written by that version (this ORM would name project_id)
        connection.execute(
            text(
                "INSERT INTO published_apps (slug, learner_id, exercise_id, name, theme_color, files,"
                " version, created_at, updated_at) VALUES ('old-slug-0123456', :learner, 'hello', 'Mine',"
                " '#2563eb', '{\"index.html\": \"<h1>Mine\"}', 3, '2026-01-01', '2026-01-01')"
            ),
            {"learner": learner},
        )

    store.upgrade()

    kept = store.published_by_slug("old-slug-0123456")
    assert kept.files == {"index.html": "<h1>Mine"} and kept.version == 3 and kept.project_id is None
    trainer = store.create_trainer("amina", "correct horse")
    classroom = store.create_classroom(trainer.id, "Day 1")
    project = store.create_project(classroom.id, "Ours", "poverty", "", "blank", {"index.html": ""}, {}, [])
    ours = store.publish_project(project.id, {"index.html": "<h1>Ours"}, "Ours", "#0f766e")
    assert store.published_by_slug(ours.slug).project_id == project.id
    assert store.published_app(learner, "hello").slug == "old-slug-0123456"
    store.dispose()


def test_migration_0014_adds_pictures_to_a_project_made_before_it(empty_database):
    """0014 adds project_assets and published_assets: a project from before gets pictures, and its
    published snapshot a copy of them; the pictures go with the project."""
    store = Store(empty_database)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0013")
    trainer = store.create_trainer("amina", "correct horse")
    classroom = store.create_classroom(trainer.id, "Day 1")
    project = store.create_project(classroom.id, "Old", "poverty", "", "blank", {"index.html": ""}, {}, [])
    assert "project_assets" not in tables_and_revision(store)[0]

    store.upgrade()

    picture = b"\x89PNG\r\n\x1a\n" + bytes(range(256))  # every byte value survives the round trip
    asset, replaced = store.save_project_asset(project.id, "logo.png", "image/png", picture, "Ali")
    assert (asset.name, asset.size, replaced) == ("logo.png", len(picture), False)
    assert store.project_asset(project.id, "logo.png")[1] == picture
    published = store.publish_project(
        project.id, {"index.html": "<img src=assets/logo.png>"}, "Old", "#0f766e"
    )
    assert store.published_asset(published.id, "logo.png") == ("image/png", asset.digest, picture)
    store.delete_project(project.id)
    assert store.published_asset(published.id, "logo.png") is None and store.project_assets(project.id) == []
    store.dispose()


def test_upgrade_of_a_database_at_the_newest_revision_changes_nothing(store):
    learner = store.create_learner()
    store.upgrade()
    store.upgrade()
    assert store.learner_exists(learner) and store.create_learner() == learner + 1


def test_activity_reads_each_learners_work_and_tries_without_files(store):
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
    assert set(found) == {farrukh.id, zarina.id}
    assert found[farrukh.id].work["counter"].step == "minus"
    assert [(a.step, a.status, a.failed) for a in found[farrukh.id].attempts] == [
        ("plus", "pass", 0),
        ("minus", "fail", 2),
    ]
    assert [(a.step, a.status) for a in found[zarina.id].attempts] == [("plus", "queued")]
    assert store.activity([]) == {}


def test_counting_failed_checks_reads_a_stored_result_and_survives_junk():
    result = '{"checks": [{"status": "pass"}, {"status": "fail"}, {"status": "skipped"}]}'
    assert count_failed(result) == 2
    assert count_failed(None) == 0
    assert count_failed("not json") == 0
    assert count_failed('{"checks": "x"}') == 0


def test_clearing_the_push_stops_asking_the_class_to_open_anything(store):
    trainer = store.create_trainer("amina", "correct horse")
    classroom = store.create_classroom(trainer.id, "Day 1")
    store.set_push(classroom.id, "counter", "plus")
    assert store.get_classroom(classroom.id).push["exercise"] == "counter"
    store.clear_push(classroom.id)
    assert store.get_classroom(classroom.id).push is None


def test_class_submissions_are_those_of_its_learners_oldest_first(store):
    trainer = store.create_trainer("amina", "correct horse")
    day1 = store.create_classroom(trainer.id, "Day 1")
    day2 = store.create_classroom(trainer.id, "Day 2")
    farrukh = store.join_classroom(day1.id, "Farrukh")
    other = store.join_classroom(day2.id, "Zarina")
    first = store.create_submission(farrukh.id, "counter", "plus", {"index.html": "1"}, "en")
    store.create_submission(other.id, "counter", "plus", {"index.html": "x"}, "en")
    second = store.create_submission(farrukh.id, "card", "heading", {"index.html": "2"}, "en")
    assert [s.id for s in store.class_submissions(day1.id)] == [first.id, second.id]
    assert [s.id for s in store.class_submissions(day1.id, "card")] == [second.id]
    assert store.class_submissions(day1.id)[0].files == {"index.html": "1"}

    store.save_result(first.id, "pass", {"checks": []})
    store.mark_queued([first.id])
    marked = store.get_submission(first.id)
    assert marked.status == "queued" and marked.result == {"checks": []}  # kept until the new result
