"""Fixtures for the scaled-out tests: a Redis to share (skipped, saying why, when none answers) and a
namespace of each test's own in it, so tests never hear each other's queue or events."""

from __future__ import annotations

import uuid

import pytest
import redis

from tests.support.databases import REDIS_URL, redis_answers


@pytest.fixture(scope="session")
def redis_url() -> str:
    absent = redis_answers()
    if absent:
        pytest.skip(absent)
    return REDIS_URL


@pytest.fixture
def namespace(redis_url):
    """A namespace of this test's own; its keys are deleted at the end."""
    name = f"sandbox-test-{uuid.uuid4().hex[:10]}"
    yield name
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{name}*"))
    if keys:
        client.delete(*keys)
    client.close()
