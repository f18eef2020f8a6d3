"""Fixtures shared by every test: a real app on a real SQLite file in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.app import create_app

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_EXERCISES = Path(__file__).resolve().parent / "fixtures" / "exercises"
BUNDLED_EXERCISES = ROOT / "exercises"


@pytest.fixture
def app(tmp_path):
    """An app with the test exercise, its database in a fresh temp folder."""
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "EXERCISES_DIR": str(FIXTURE_EXERCISES)})
    yield app
    services = app.extensions["sandbox"]
    services.grading.stop()  # the grader's browsers, if a test made the app grade something
    services.store.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def learner(client):
    """A test client that has opened an exercise, so it is a learner with a CSRF token."""
    client.get("/exercises/hello/heading")
    with client.session_transaction() as session:
        token = session["csrf"]
    client.environ_base["HTTP_X_CSRF_TOKEN"] = token
    return client
