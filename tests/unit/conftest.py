"""Fixtures for unit tests: the Store on its own, without an app."""

from __future__ import annotations

import pytest

from sandbox.store import Store
from tests.support import QUICK_HASH


@pytest.fixture
def store(tmp_path, databases):
    """A Store on its own copy of the migrated database."""
    url = databases.migrated(tmp_path)
    store = Store(url, QUICK_HASH)
    yield store
    store.dispose()
    databases.drop(url)


@pytest.fixture
def empty_database(tmp_path, databases):
    """The URL of a database with nothing in it (not even the migrations)."""
    url = databases.empty(tmp_path)
    yield url
    databases.drop(url)
