"""A project's files as one CRDT document (pycrdt, the Rust port of Yjs): a Y.Text per file."""

from __future__ import annotations

from pycrdt import Doc, Text, get_state

from .wire import Malformed, check_state_vector, check_update

# An update that changes nothing, as Yjs encodes it (no structs, no deletions).
EMPTY_UPDATE = b"\x00\x00"


class BadUpdate(ValueError):
    """Bytes from a client that are not a Yjs update (or state vector) we can read.

    Every client's bytes are checked by wire.py before pycrdt reads them (a few random bytes can
    otherwise keep Yrs busy for seconds)."""


def _new_doc() -> Doc:
    # Sockets are threads: the document of a project is used by whichever socket holds its lock.
    return Doc(allow_multithreading=True)


def minimal_change(old: str, new: str) -> tuple[int, int, str]:
    """(start, how many characters of `old` to delete there, what to insert): common ends kept."""
    start = 0
    shortest = min(len(old), len(new))
    while start < shortest and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old - start, new[start:end_new]


class Document:
    """One project's document. Not thread-safe by itself: ProjectDocuments holds a lock per project."""

    def __init__(self, names: list[str] | tuple[str, ...]):
        self.names = tuple(names)
        self.doc = _new_doc()
        self.texts = {name: self.doc.get(name, type=Text) for name in self.names}

    @classmethod
    def from_files(cls, files: dict[str, str]) -> Document:
        """A new document holding these files (made once per project: see ProjectDocuments)."""
        document = cls(list(files))
        with document.doc.transaction():
            for name, text in files.items():
                if text:
                    document.texts[name].insert(0, text)
        return document

    def apply(self, update: bytes) -> None:
        """Merge an update (from a client, or from the database); raises BadUpdate if unreadable."""
        try:
            check_update(bytes(update))
            self.doc.apply_update(bytes(update))
        except (Malformed, ValueError, RuntimeError) as error:
            raise BadUpdate(str(error)) from error

    def files(self) -> dict[str, str]:
        return {name: str(self.texts[name]) for name in self.names}

    def state(self) -> bytes:
        """Everything, as one update (what a page starts from; the compacted form in the database)."""
        return self.doc.get_update()

    def state_vector(self) -> bytes:
        """What this document has seen of each client (the y-protocol's sync step 1)."""
        return self.doc.get_state()

    def missing_for(self, state_vector: bytes) -> bytes:
        """What a client with this state vector lacks (sync step 2); raises BadUpdate if unreadable."""
        try:
            check_state_vector(bytes(state_vector))
            return self.doc.get_update(bytes(state_vector))
        except (Malformed, ValueError, RuntimeError) as error:
            raise BadUpdate(str(error)) from error

    def replace(self, files: dict[str, str]) -> bytes:
        """Make each named file's text this one, as the smallest edit; the update it made."""
        before = self.state_vector()
        with self.doc.transaction():
            for name, new in files.items():
                text = self.texts[name]
                old = str(text)
                start, deleted, inserted = minimal_change(old, new)
                # pycrdt counts a Text's positions in UTF-8 bytes, not in Python's characters:
                # "салом" is 10 long to it (a save that added a word after Cyrillic text put
                # the word in the wrong place).
                at = len(old[:start].encode("utf-8"))
                if deleted:
                    del text[at : at + len(old[start : start + deleted].encode("utf-8"))]
                if inserted:
                    text.insert(at, inserted)
        return self.doc.get_update(before)


def state_vector_of(update: bytes) -> bytes:
    """The state vector of an update (checks that it can be read); raises BadUpdate."""
    try:
        check_update(bytes(update))
        return get_state(bytes(update))
    except (Malformed, ValueError, RuntimeError) as error:
        raise BadUpdate(str(error)) from error
