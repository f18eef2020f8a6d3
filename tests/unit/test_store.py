"""The store keeps every learner's code, and never loses a version it replaces; its schema migrates."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from sandbox.store import MIGRATIONS, Store
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


def test_a_save_based_on_an_old_revision_wins_but_keeps_the_replaced_copy(store):
    learner = store.create_learner()
    store.save_work(learner, "hello", {"app.js": "from laptop"}, 0)
    store.save_work(learner, "hello", {"app.js": "laptop again"}, 1)
    saved = store.save_work(learner, "hello", {"app.js": "from phone"}, 1)
    assert saved.conflict
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


def test_upgrade_of_an_empty_database_runs_every_migration(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'new.db'}")
    store.upgrade()
    tables, revision = tables_and_revision(store)
    assert set(Base.metadata.tables) <= tables
    assert revision == tuple(ScriptDirectory(str(MIGRATIONS)).get_heads())
    assert store.create_learner() == 1
    store.dispose()


def test_upgrade_of_an_old_database_runs_the_migrations_it_lacks_and_keeps_its_rows(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:  # a database made by an older version, before phone links
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    learner = store.create_learner()
    assert "phone_links" not in tables_and_revision(store)[0]

    store.upgrade()

    tables, revision = tables_and_revision(store)
    assert {"phone_links", "published_apps"} <= tables
    assert revision == tuple(ScriptDirectory(str(MIGRATIONS)).get_heads())
    assert store.learner_exists(learner) and store.create_phone_link(learner, "hello").active
    store.dispose()


def test_upgrade_of_a_database_at_the_newest_revision_changes_nothing(store):
    learner = store.create_learner()
    store.upgrade()
    store.upgrade()
    assert store.learner_exists(learner) and store.create_learner() == learner + 1
