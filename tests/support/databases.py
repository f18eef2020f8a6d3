"""Where each test's database comes from: a copy of one migrated SQLite file, or (with
`--database=postgresql`) a PostgreSQL database cloned from a migrated template database.

Both engines give every test a database of its own, migrated once per session and then copied, so a
test never pays for the migrations and never sees another test's rows.
"""

from __future__ import annotations

import itertools
import os
import queue
import shutil
import threading
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine

from sandbox.store import Store

# The server that `--database=postgresql` (and `make test`'s second pass) uses; any database
# there will do, the tests only connect to it to create and drop their own.
POSTGRES_URL = os.environ.get("SANDBOX_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("SANDBOX_TEST_REDIS", "redis://127.0.0.1:6379/15")

# Beside an instance folder's files: the name of the PostgreSQL database that folder's app uses.
MARKER = "test-database"


def postgres_answers(url: str = POSTGRES_URL) -> str | None:
    """None when the PostgreSQL server at `url` answers, else why not (for a skip reason)."""
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 2})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as error:  # any failure to connect means: no server to test against
        where = make_url(url).render_as_string(hide_password=True)
        return f"no PostgreSQL at {where} ({type(error).__name__})"


def redis_answers(url: str = REDIS_URL) -> str | None:
    """None when the Redis server at `url` answers, else why not."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        return None
    except Exception as error:
        return f"no Redis at {url} ({type(error).__name__})"


def url_of_instance(instance: Path) -> str | None:
    """The PostgreSQL database a test app of this instance folder uses, if it uses one (for commands
    run on the same folder); None for SQLite (the command finds sandbox.db in the folder itself)."""
    marker = instance / MARKER
    if not marker.exists():
        return None
    database = make_url(POSTGRES_URL).set(database=marker.read_text().strip())
    return database.render_as_string(hide_password=False)


class SqliteDatabases:
    """Every database a file; an instance folder's database is its sandbox.db."""

    engine_name = "sqlite"

    def __init__(self, folder: Path):
        self.template = folder / "sandbox.db"
        store = Store(f"sqlite:///{self.template}")
        store.upgrade()
        store.dispose()  # the last connection closes the write-ahead log into the file

    def for_instance(self, instance: Path) -> str:
        """The URL of the database of an instance folder: a fresh copy, or the one it has (a restart)."""
        path = instance / "sandbox.db"
        if not path.exists():
            shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def migrated(self, folder: Path) -> str:
        return self.for_instance(folder)

    def empty(self, folder: Path) -> str:
        return f"sqlite:///{folder / 'empty.db'}"

    def drop(self, url: str) -> None:
        pass  # the file goes with the test's temporary folder

    def close(self) -> None:
        pass


class PostgresDatabases:
    """Databases on one PostgreSQL server, each `CREATE DATABASE ... TEMPLATE` of a migrated one.

    Creating and dropping a database takes about a second each here (it waits for the disk), so a
    thread keeps two copies of the template ready and another drops what tests are done with: a
    test rarely waits for either.
    """

    READY = 2

    engine_name = "postgresql"

    def __init__(self, server_url: str = POSTGRES_URL):
        self.server = make_url(server_url)
        self.prefix = f"sandbox_test_{os.getpid()}"
        self._names = itertools.count(1)
        self._owners: dict[str, Path] = {}  # database -> the instance folder it was made for
        self.admin: Engine = create_engine(self.server, isolation_level="AUTOCOMMIT")
        self.template = f"{self.prefix}_template"
        self._create(self.template)
        store = Store(self.url(self.template))
        store.upgrade()
        store.dispose()  # a template may have no connections while it is copied
        self._ready: queue.Queue[str] = queue.Queue(self.READY)
        self._dropping: queue.Queue[str | None] = queue.Queue()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._keep_ready, name="test-databases-make", daemon=True),
            threading.Thread(target=self._drop_done, name="test-databases-drop", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _keep_ready(self) -> None:
        while not self._stop.is_set():
            name = self._new(self.template)
            while not self._stop.is_set():
                try:
                    self._ready.put(name, timeout=0.2)
                    break
                except queue.Full:
                    continue

    def _drop_done(self) -> None:
        while (name := self._dropping.get()) is not None:
            self._drop(name)

    def _drop(self, name: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def url(self, name: str) -> str:
        return self.server.set(database=name).render_as_string(hide_password=False)

    def _create(self, name: str, template: str | None = None) -> None:
        with self.admin.connect() as connection:
            clause = f' TEMPLATE "{template}"' if template else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))

    def _new(self, template: str | None) -> str:
        name = f"{self.prefix}_{next(self._names)}"
        self._create(name, template)
        return name

    def for_instance(self, instance: Path) -> str:
        """The database of an instance folder. A folder copied from another (its marker names a database
        made for that other folder) gets a copy of that database too, as a copied sandbox.db would be."""
        marker = instance / MARKER
        name = marker.read_text().strip() if marker.exists() else None
        if name is None:
            name = self._ready.get(timeout=60)
        elif self._owners.get(name) != instance:
            name = self._new(name)
        self._owners[name] = instance
        marker.write_text(name)
        return self.url(name)

    def migrated(self, folder: Path) -> str:
        return self.for_instance(folder)

    def empty(self, folder: Path) -> str:
        return self.url(self._new(None))

    def drop(self, url: str) -> None:
        """Drop a test's database when the test is done with it (each one is a few megabytes)."""
        name = make_url(url).database
        if name and name.startswith(self.prefix) and name != self.template:
            self._owners.pop(name, None)
            self._dropping.put(name)

    def close(self) -> None:
        self._stop.set()
        self._dropping.put(None)
        for thread in self._threads:
            thread.join(30)
        with self.admin.connect() as connection:
            names = connection.scalars(
                text("SELECT datname FROM pg_database WHERE datname LIKE :prefix"),
                {"prefix": f"{self.prefix}_%"},
            ).all()
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


if __name__ == "__main__":  # `make test` asks whether to run the PostgreSQL pass
    import sys

    absent = postgres_answers()
    print(absent or "PostgreSQL answers")
    sys.exit(1 if absent else 0)
