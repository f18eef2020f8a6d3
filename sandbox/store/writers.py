"""One writer at a time in this process, for SQLite: writers wait in line instead of polling.

SQLite lets one connection write at a time; the others, with `busy_timeout`, sleep and try again
(1, 2, 5, 10 ... up to 100 ms between tries) and give up with "database is locked" after the
timeout. With a class's saves and a burst of Checks from one process's threads, that polling left
the lock free while every waiter slept, the waiters held the pool's connections meanwhile, and on
a busy machine saves waited seconds and some failed (issue 13, docs/durability.md). So each write
transaction of this process takes a lock first (at its first INSERT, UPDATE or DELETE, where
Python's sqlite3 begins the transaction) and gives it back when it commits or rolls back: the
next writer starts the moment the last one is done. Readers never wait for it (WAL). Other
processes on the same file (`sandbox worker`, a command) still meet SQLite's own waiting.
"""

from __future__ import annotations

import threading

from sqlalchemy import event
from sqlalchemy.engine import Engine

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
# A writer that waited this long goes on without the lock, to SQLite's own waiting (as before it):
# a lock held that long is held by something that waits for us.
WAIT_S = 5.0
_HOLDS = "sandbox_holds_write_lock"


class Writers:
    """The lock one engine's write transactions take in turn."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.owner: int | None = None  # the thread whose transaction holds it

    def before_write(self, connection, _cursor, statement: str, *_args) -> None:
        info = connection.info
        if info.get(_HOLDS) or not statement.lstrip()[:7].upper().startswith(WRITES):
            return
        if self.owner == threading.get_ident():
            return  # a second connection of the same thread: SQLite decides, as it did
        if self.lock.acquire(timeout=WAIT_S):
            self.owner = threading.get_ident()
            info[_HOLDS] = True

    def done(self, info: dict) -> None:
        if info.pop(_HOLDS, False):
            self.owner = None
            self.lock.release()


def serialize_writes(engine: Engine) -> Writers:
    """Make `engine`'s write transactions take turns (see the module's doc)."""
    writers = Writers()
    event.listen(engine, "before_cursor_execute", writers.before_write)
    event.listen(engine, "commit", lambda connection: writers.done(connection.info))
    event.listen(engine, "rollback", lambda connection: writers.done(connection.info))
    # A connection given back to the pool ends whatever it held (the pool rolls it back itself).
    event.listen(engine.pool, "checkin", lambda _dbapi, record: writers.done(record.info))
    return writers
