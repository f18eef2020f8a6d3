"""Static assets: content hashes for cache-busting URLs, and gzip copies made once and kept.

A trainer's laptop has no proxy in front of it, so the app compresses text itself; the
editor bundle is ~4x smaller gzipped, which is what keeps the learner page inside its budget.

The page scripts are ES modules that import each other (`from "./socket.js"`): those imports are
given the imported file's hash as they are served, so every module has a content-hash URL, and a
module's own hash changes when anything it imports changes.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import posixpath
import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from werkzeug.security import safe_join

COMPRESSIBLE = {
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "text/plain",
    "application/manifest+json",
}

# An import of a module beside this one: `import ... from "./x.js"`, `import "./x.js"`, or one
# loaded when needed, `import("./x.js")` (the editor's chunks: frontend/README.md).
MODULE_IMPORT = re.compile(rb"""(\b(?:from|import)\s*(?:\(\s*)?)(["'])(\./[\w./-]+\.js)\2""")


@dataclass(frozen=True)
class Asset:
    path: Path
    mimetype: str
    digest: str
    body: bytes
    # The module files this one imports, with the hash each had when this was made.
    imports: tuple[tuple[str, str], ...] = ()

    @cached_property
    def gzipped(self) -> bytes | None:
        """The gzip copy, made when first served: a page's URLs need only the hash."""
        if self.mimetype in COMPRESSIBLE and len(self.body) > 512:
            return gzip.compress(self.body, 9, mtime=0)
        return None


class StaticFiles:
    """Reads assets under `root` once per change of the file, with their hash and gzip copy."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._cache: dict[str, tuple[float, Asset]] = {}
        self._lock = threading.Lock()

    def get(self, filename: str, _seen: frozenset[str] = frozenset()) -> Asset | None:
        """Return the asset for a path under root, or None if there is no such file."""
        joined = safe_join(str(self.root), filename)
        if joined is None:
            return None
        path = Path(joined)
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return None
        if not path.is_file():
            return None
        cached = self._cache.get(filename)
        if cached and cached[0] == mtime and self._imports_unchanged(cached[1], _seen):
            return cached[1]
        body = path.read_bytes()
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        imports: tuple[tuple[str, str], ...] = ()
        if path.suffix in {".js", ".mjs"}:
            mimetype = "text/javascript"
            body, imports = self._hash_imports(filename, body, _seen | {filename})
        asset = Asset(path, mimetype, hashlib.sha256(body).hexdigest()[:12], body, imports)
        with self._lock:
            self._cache[filename] = (mtime, asset)
        return asset

    def _imports_unchanged(self, asset: Asset, seen: frozenset[str]) -> bool:
        for name, digest in asset.imports:
            found = None if name in seen else self.get(name, seen | {name})
            if (found.digest if found else "missing") != digest:
                return False
        return True

    def _hash_imports(self, filename: str, body: bytes, seen: frozenset[str]):
        """Give each `./x.js` import its file's hash: ("./x.js?h=..."); a cycle is left as it is."""
        found: list[tuple[str, str]] = []

        def hashed(match: re.Match) -> bytes:
            relative = match.group(3).decode()
            name = posixpath.normpath(posixpath.join(posixpath.dirname(filename), relative))
            imported = None if name in seen else self.get(name, seen)
            if imported is None:
                return match.group(0)
            found.append((name, imported.digest))
            quote = match.group(2)
            return match.group(1) + quote + f"{relative}?h={imported.digest}".encode() + quote

        return MODULE_IMPORT.sub(hashed, body), tuple(found)

    def digest(self, filename: str) -> str:
        asset = self.get(filename)
        return asset.digest if asset else "missing"
