"""The exercises folder and the catalog loaded from it, replaced as a whole when the folder changes."""

from __future__ import annotations

import threading
from pathlib import Path

from .courses import load_catalog
from .model import Catalog


class CatalogFolder:
    """Owns the catalog every page and grading job reads, the lock that guards it, and its reload.

    A catalog is never changed in place: `reload` loads the folder again and swaps the whole
    catalog, so a reader always sees one consistent catalog. Whoever moves an exercise into the
    folder holds `lock` while doing so and reloading, so that a reload which read the folder
    earlier never overwrites a newer catalog. Reentrant: installing reloads while holding it.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.lock = threading.RLock()
        self._catalog = load_catalog(self.path)

    @property
    def catalog(self) -> Catalog:
        """The catalog as last loaded."""
        return self._catalog

    def reload(self) -> Catalog:
        """Load the folder again; every reader sees the new catalog from now on."""
        with self.lock:
            self._catalog = load_catalog(self.path)
            return self._catalog
