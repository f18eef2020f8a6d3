"""Each project's document in memory, kept in step with the database (the one source of truth).

A change is applied under the project's lock inside a transaction that holds the project's write
lock in the database (store/coedit.py): the update is stored, the copy in memory catches up with
every update stored since it last looked (updates from other web processes included), the files
JSON is derived from it, and only then is the change acknowledged. Reading (a page's first state,
a reconnecting member's sync) catches up from the database first, so a process whose copy missed
another process's updates never hands out a stale document.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

from .document import BadUpdate, Document, state_vector_of

# The update log is folded into the stored state when it holds this many updates.
COMPACT_EVERY = 400
# Documents kept in memory per process (the least recently used is dropped, and read again).
CACHED = 64

# Each member's colour: dark enough for white text on it (their name over their cursor, 4.5:1).
COLOURS = ("#1a56c4", "#b3261e", "#0b6e3a", "#7b1fa2", "#9c4a00", "#00696f", "#ad1457", "#5d4037")
TRAINER_COLOUR = "#37474f"
MENTOR_COLOUR = "#4a4a8a"


def colour_of(position: int | None) -> str:
    """A member's colour by their place in the group (None: the trainer)."""
    return TRAINER_COLOUR if position is None else COLOURS[position % len(COLOURS)]


class TooBig(ValueError):
    """An update that would make a file bigger than the limit; nothing was stored."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


@dataclass
class _Copy:
    document: Document
    key: str
    through: int  # the last stored update it holds


@dataclass(frozen=True)
class Applied:
    """An update stored: the project's new revision and its files."""

    revision: int
    files: dict[str, str]


class ProjectDocuments:
    """Projects' documents for one process: open, merge an update, replace files. No Flask."""

    def __init__(self, store, max_file_bytes: int = 256 * 1024, compact_every: int = COMPACT_EVERY):
        self.store = store
        self.max_file_bytes = max_file_bytes
        self.compact_every = compact_every
        self._copies: OrderedDict[int, _Copy] = OrderedDict()
        self._locks: dict[int, threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock(self, project_id: int) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(project_id, threading.Lock())

    def _remember(self, project_id: int, copy: _Copy) -> None:
        with self._guard:
            self._copies[project_id] = copy
            self._copies.move_to_end(project_id)
            while len(self._copies) > CACHED:
                self._copies.popitem(last=False)

    def forget(self, project_id: int) -> None:
        with self._guard:
            self._copies.pop(project_id, None)

    def _copy(self, project) -> _Copy:
        """The project's document, caught up with the database (call with its lock held)."""
        with self._guard:
            copy = self._copies.get(project.id)
        if copy is not None:
            stored = self.store.project_document(project.id, after=copy.through)
            if stored is not None and stored.through <= copy.through:
                for update_id, data in stored.updates:
                    copy.document.apply(data)
                    copy.through = update_id
                self._remember(project.id, copy)
                return copy
            # Compacted past what this copy holds (by another process): read it all again.
        stored = self.store.project_document(project.id)
        if stored is None:
            # The project's first document, made from its files. Made once: if two processes
            # make it at once, the second takes the first's (two would double every text).
            document = Document.from_files(project.files)
            key = secrets.token_hex(8)
            if self.store.create_project_document(project.id, key, document.state()):
                copy = _Copy(document, key, 0)
                self._remember(project.id, copy)
                return copy
            stored = self.store.project_document(project.id)
        document = Document(list(project.files))
        document.apply(stored.state)
        through = stored.through
        for update_id, data in stored.updates:
            document.apply(data)
            through = update_id
        copy = _Copy(document, stored.key, through)
        self._remember(project.id, copy)
        return copy

    # reading

    def opened(self, project) -> tuple[str, bytes]:
        """(the document's key, its whole state): what a project page starts from."""
        with self._lock(project.id):
            copy = self._copy(project)
            return copy.key, copy.document.state()

    def state_vector(self, project) -> bytes:
        """The server's sync step 1: what it has of each client."""
        with self._lock(project.id):
            return self._copy(project).document.state_vector()

    def missing_for(self, project, state_vector: bytes) -> bytes:
        """The server's sync step 2: what a client with this state vector lacks (BadUpdate if unreadable)."""
        with self._lock(project.id):
            return self._copy(project).document.missing_for(state_vector)

    def files(self, project) -> dict[str, str]:
        with self._lock(project.id):
            return self._copy(project).document.files()

    # writing

    def apply(self, project, data: bytes) -> Applied:
        """Store a member's update and merge it; acknowledge only after this returns.

        Raises BadUpdate (unreadable) or TooBig (a file over the limit); nothing is stored then.
        """
        data = bytes(data)
        state_vector_of(data)  # unreadable bytes are refused before anything is written
        return self._write(project, lambda document: data)

    def replace(
        self, project, files: dict[str, str], base_revision: int | None = None, restoring: bool = False
    ) -> tuple[bytes, Applied]:
        """Make these files' texts the given ones (a save over HTTP) as one update; (update, result).

        With `base_revision`, only if it is the stored revision (else store.StaleCopy).
        `restoring`: a version brought back (docs/history.md), which is always a version itself.
        """
        made: list[bytes] = []

        def change(document: Document) -> bytes:
            made.append(document.replace(files))
            return made[0]

        applied = self._write(project, change, base_revision, restoring)
        return made[0], applied

    def _write(self, project, change, base_revision: int | None = None, restoring: bool = False) -> Applied:
        with self._lock(project.id):
            copy = self._copy(project)
            try:
                with self.store.project_document_write(project.id, base_revision) as write:
                    data = change(copy.document)
                    update_id = write.append(data)
                    state, later = write.since(copy.through)
                    if state is not None:
                        copy.document.apply(state)
                    for _found_id, found in later:  # this update, and any stored since this copy looked
                        copy.document.apply(found)
                    copy.through = update_id
                    files = copy.document.files()
                    for name, text in files.items():
                        if len(text.encode("utf-8")) > self.max_file_bytes:
                            raise TooBig(name)
                    write.set_files(files, restoring)
                    if write.logged() >= self.compact_every:
                        write.compact(copy.document.state(), update_id)
                    return Applied(write.revision, files)
            except BaseException:
                # The copy may hold what was not stored: read it again next time.
                self.forget(project.id)
                raise


__all__ = ["Applied", "BadUpdate", "ProjectDocuments", "TooBig", "colour_of"]
