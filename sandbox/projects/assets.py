"""A group project's assets: the pictures a member uploads and the app uses as `assets/<name>`.

Plain values only (no Flask, no database): what a picture is (read from its first bytes, never
from the name or the type the browser sent), the safe name it is kept under, and the limits.
Why they are served the way they are (a capability address for the sandboxed preview, the SVG
policy): docs/projects.md, "Pictures (assets)".
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..names import latin

MAX_ASSET_BYTES = 1024 * 1024  # one picture
MAX_ASSETS = 20  # pictures in one project
MAX_PROJECT_ASSET_BYTES = 5 * 1024 * 1024  # all of a project's pictures together
MAX_NAME_CHARS = 60  # the name without its extension is cut to fit

# What may be uploaded, by the type its bytes say, and the extension its name then gets.
TYPES = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/svg+xml": "svg",
}
EXTENSIONS = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
              "webp": "image/webp", "svg": "image/svg+xml"}  # fmt: skip
# A stored name: lower-case Latin letters, digits, dot, dash and underscore; one extension of ours.
NAME = re.compile(rf"^[a-z0-9][a-z0-9._-]{{0,{MAX_NAME_CHARS - 1}}}\.(png|jpg|jpeg|gif|webp|svg)$")

# An SVG is XML text whose first element is <svg>: after an optional byte-order mark, XML
# declaration, comments, processing instructions and a doctype without an internal subset.
_SVG_PROLOG = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<\?[^>]*\?>)\s*)*"
    rb"(?:<!DOCTYPE\s+svg[^>\[]*>\s*)?(?:(?:<!--.*?-->)\s*)*<svg[\s>/]",
    re.DOTALL | re.IGNORECASE,
)


def sniff(data: bytes) -> str | None:
    """The picture's type from its bytes (one of TYPES), or None when it is none of those."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if _SVG_PROLOG.match(data[:4096]) and b"<!ENTITY" not in data.upper():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "image/svg+xml"
    return None


def asset_name(uploaded: str, mimetype: str) -> str:
    """The name a picture is kept and used under: "Вода Чистая.PNG" -> "voda-chistaya.png".

    Latin letters (Russian and Tajik transliterated), digits, dot, dash and underscore; the
    extension is the one its bytes say (a JPEG sent as "logo.png" becomes "logo.jpg"), except
    that ".jpeg" stays ".jpeg" for a JPEG, as the learner wrote it."""
    base = uploaded.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    wanted = TYPES[mimetype]
    if mimetype == "image/jpeg" and extension.lower() == "jpeg":
        wanted = "jpeg"
    words = re.findall(r"[a-z0-9_]+(?:[.-][a-z0-9_]+)*", latin(stem.lower()))
    clean = "-".join(words)[:MAX_NAME_CHARS].strip("._-") or "picture"
    return f"{clean}.{wanted}"


@dataclass(frozen=True)
class Asset:
    """A project's picture as listed (its bytes are read only when served)."""

    name: str
    mimetype: str
    size: int
    digest: str  # sha256 of the bytes, hex: the ETag, and part of the preview's address
    uploaded_by: str = ""  # the member's name, as it was then


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def assets_tag(assets: Iterable[Asset]) -> str:
    """A short tag that changes whenever any picture is added, replaced or deleted.

    It is part of the preview frame's address, so each picture's address changes with it and a
    browser may keep the pictures cached (even offline) without ever showing an old one."""
    text = "\n".join(sorted(f"{a.name}:{a.digest}" for a in assets))
    return "v" + hashlib.sha256(text.encode()).hexdigest()[:10]


def over_limits(assets: Iterable[Asset], name: str, size: int) -> str | None:
    """Which limit a new picture `name` of `size` bytes would break ("file", "count", "total"), if any.

    A picture with the name of one already there replaces it, so that one is not counted."""
    if size > MAX_ASSET_BYTES:
        return "file"
    others = [a for a in assets if a.name != name]
    if len(others) >= MAX_ASSETS:
        return "count"
    if sum(a.size for a in others) + size > MAX_PROJECT_ASSET_BYTES:
        return "total"
    return None


# How a picture is served, on our origin and on the publish origin. Opened on its own (a direct
# link to an SVG), it is a document: the policy lets it run no script and load nothing, and the
# sandbox gives it an opaque origin besides. As an <img> or a CSS background it is only a picture.
SERVED_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def served_headers(name: str, mimetype: str, sha: str) -> dict[str, str]:
    """The headers of a served picture (its Cache-Control is the caller's)."""
    return {
        "Content-Type": mimetype,
        "Content-Security-Policy": SERVED_CSP,
        "X-Content-Type-Options": "nosniff",
        # The name is NAME-shaped (plain ASCII), so it needs no quoting beyond the quotes.
        "Content-Disposition": f'inline; filename="{name}"',
        "ETag": f'"{sha}"',
    }
