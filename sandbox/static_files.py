"""Static assets: content hashes for cache-busting URLs, and gzip copies made once and kept.

A trainer's laptop has no proxy in front of it, so the app compresses text itself; the
editor bundle is ~4x smaller gzipped, which is what keeps the learner page inside its budget.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import threading
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Asset:
    path: Path
    mimetype: str
    digest: str
    body: bytes
    gzipped: bytes | None


class StaticFiles:
    """Reads assets under `root` once per change of the file, with their hash and gzip copy."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._cache: dict[str, tuple[float, Asset]] = {}
        self._lock = threading.Lock()

    def get(self, filename: str) -> Asset | None:
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
        if cached and cached[0] == mtime:
            return cached[1]
        body = path.read_bytes()
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix in {".js", ".mjs"}:
            mimetype = "text/javascript"
        gzipped = gzip.compress(body, 9, mtime=0) if mimetype in COMPRESSIBLE and len(body) > 512 else None
        asset = Asset(path, mimetype, hashlib.sha256(body).hexdigest()[:12], body, gzipped)
        with self._lock:
            self._cache[filename] = (mtime, asset)
        return asset

    def digest(self, filename: str) -> str:
        asset = self.get(filename)
        return asset.digest if asset else "missing"
