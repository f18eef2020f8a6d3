"""The store keeps every learner's code, and never loses a version it replaces."""

from __future__ import annotations

from sandbox.store import Store


def make_store(tmp_path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'test.db'}")
    store.upgrade()
    return store


def test_save_then_load_returns_the_latest_files_and_revision(tmp_path):
    store = make_store(tmp_path)
    learner = store.create_learner()
    assert store.get_work(learner, "hello") is None
    first = store.save_work(learner, "hello", {"app.js": "1"}, 0, "heading")
    second = store.save_work(learner, "hello", {"app.js": "2"}, first.revision)
    work = store.get_work(learner, "hello")
    assert (first.revision, second.revision) == (1, 2)
    assert work.files == {"app.js": "2"} and work.revision == 2 and work.step_id == "heading"
    assert store.history(learner, "hello") == []


def test_a_save_based_on_an_old_revision_wins_but_keeps_the_replaced_copy(tmp_path):
    store = make_store(tmp_path)
    learner = store.create_learner()
    store.save_work(learner, "hello", {"app.js": "from laptop"}, 0)
    store.save_work(learner, "hello", {"app.js": "laptop again"}, 1)
    saved = store.save_work(learner, "hello", {"app.js": "from phone"}, 1)
    assert saved.conflict
    assert store.get_work(learner, "hello").files == {"app.js": "from phone"}
    assert [w.files for w in store.history(learner, "hello")] == [{"app.js": "laptop again"}]


def test_reset_keeps_the_code_it_replaces(tmp_path):
    store = make_store(tmp_path)
    learner = store.create_learner()
    store.save_work(learner, "hello", {"app.js": "my work"}, 0)
    store.save_work(learner, "hello", {"app.js": "starter"}, 1, reason="reset")
    assert store.history(learner, "hello")[0].files == {"app.js": "my work"}


def test_learners_do_not_see_each_others_work(tmp_path):
    store = make_store(tmp_path)
    ana, ben = store.create_learner(), store.create_learner()
    store.save_work(ana, "hello", {"app.js": "ana"}, 0)
    assert store.get_work(ben, "hello") is None
    assert store.all_work(ben) == {}


def test_upgrade_twice_is_harmless(tmp_path):
    store = make_store(tmp_path)
    store.upgrade()
    assert store.create_learner() == 1
