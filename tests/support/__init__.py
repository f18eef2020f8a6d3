"""Helpers the tests share that are not fixtures: paths, clients, pages. No test module imports another.

Fixtures live in the conftest.py files (tests/conftest.py for every test, one per folder beside it);
what a fixture or a test calls with arguments lives here.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE_EXERCISES = ROOT / "tests" / "fixtures" / "exercises"
BUNDLED_EXERCISES = ROOT / "exercises"

# The tests' password hash: one round of PBKDF2 instead of scrypt's ~75 ms, paid by every trainer a
# test creates and signs in (several hundred in the suite). The server's default stays scrypt, which
# tests/unit/test_store.py checks; a stored hash names its method, so any server checks these.
QUICK_HASH = "pbkdf2:sha256:1"
