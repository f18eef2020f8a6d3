"""A class's saves and Checks write to one SQLite file from many threads: they take turns in this
process (sandbox/store/writers.py) instead of polling SQLite's lock, which under load left saves
waiting seconds and failing with "database is locked"."""

from __future__ import annotations

import sys
import threading
import time
import traceback

import pytest
from sqlalchemy import update

from sandbox.store.models import LearnerRow


def test_a_second_writer_waits_for_the_first_to_commit_and_readers_never_wait(store):
    if not store.url.startswith("sqlite"):
        pytest.skip("the lock is SQLite's: other databases let writers in themselves")
    learner = store.create_learner()
    first = store.session()
    first.begin()
    first.execute(update(LearnerRow).where(LearnerRow.id == learner).values(name="Ali"))  # holds it
    saved: list[float] = []
    second = threading.Thread(
        target=lambda: (store.save_work(learner, "hello", {"app.js": "1"}, 0), saved.append(time.monotonic()))
    )
    second.start()
    time.sleep(0.3)
    assert second.is_alive() and not saved  # waiting in line, not failing
    # In line in this process (not polling SQLite's lock, which gives up after its busy timeout).
    waiting_in = [frame.name for frame in traceback.extract_stack(sys._current_frames()[second.ident])]
    assert "before_write" in waiting_in, waiting_in
    assert store.get_learner(learner) is not None  # a reader goes on meanwhile
    committed = time.monotonic()
    first.commit()
    first.close()
    second.join(5)
    assert saved and saved[0] >= committed
    assert store.get_work(learner, "hello").files == {"app.js": "1"}
    assert store.get_learner(learner).name == "Ali"
