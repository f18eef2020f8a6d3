"""A pytest plugin for bench/same_tests.py: run only the node ids listed in the file $KEEP_TESTS.

Load it with `PYTHONPATH=bench pytest -p keep_tests`; in pytest-xdist's processes too, since they
are started with the same options.
"""

from __future__ import annotations

import os


def pytest_collection_modifyitems(config, items) -> None:
    with open(os.environ["KEEP_TESTS"], encoding="utf-8") as listed:
        keep = {line.strip() for line in listed if line.strip()}
    dropped = [item for item in items if item.nodeid not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item.nodeid in keep]
