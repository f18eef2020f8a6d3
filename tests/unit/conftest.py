"""Fixtures for unit tests: the Store on its own, without an app."""

from __future__ import annotations

import shutil

import pytest

from sandbox.store import Store


@pytest.fixture
def store(tmp_path, migrated_database):
    """A Store on its own copy of the migrated database."""
    shutil.copyfile(migrated_database, tmp_path / "test.db")
    store = Store(f"sqlite:///{tmp_path / 'test.db'}")
    yield store
    store.dispose()
