"""Unpack an exercise zip safely: relative paths only, no links, no passwords, within the limits."""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask_babel import gettext as _

from ..errors import SandboxError, TooLarge
from ..exercises.loader import ID

MAX_ZIP_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 1000
# What zip tools add on their own; left out instead of refused.
JUNK_NAMES = {"__MACOSX", "__pycache__", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Limits:
    """How big an upload may be: the zip itself, everything in it unpacked, and how many entries."""

    zip_bytes: int = MAX_ZIP_BYTES
    unpacked_bytes: int = MAX_UNPACKED_BYTES
    entries: int = MAX_ENTRIES


class UnsafeZip(SandboxError):
    """The zip cannot be unpacked safely (a path outside its folder, a link, not a zip at all)."""

    status = 400


class ZipTooLarge(TooLarge):
    """The zip, or what it unpacks to, is over the limits."""


# What reading a damaged or unusual zip entry can raise (corrupt data, an unsupported compression).
UNREADABLE = (OSError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError)


def zip_too_large(limits: Limits) -> ZipTooLarge:
    """The refusal for a zip over the size limit (also used before the upload is even read)."""
    return ZipTooLarge(
        _("The zip is over %(size)s. Leave out big images and try again.", size=human_size(limits.zip_bytes))
    )


def _unpacks_too_big(limits: Limits) -> str:
    return _("The zip unpacks to more than %(size)s.", size=human_size(limits.unpacked_bytes))


def human_size(size: int) -> str:
    """5 MB, 195 KB: how a size limit is said to a trainer."""
    if size >= 1024 * 1024:
        return _("%(size)s MB", size=f"{round(size / (1024 * 1024), 1):g}")
    return _("%(size)s KB", size=round(size / 1024))


def _parts(name: str) -> list[str]:
    """Split a zip entry name into safe path parts, or refuse it."""
    name = name.replace("\\", "/")  # some Windows tools write backslashes
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise UnsafeZip(
            _("“%(name)s” is an absolute path: a zip for an exercise holds only relative paths.", name=name)
        )
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise UnsafeZip(_("“%(name)s” points outside the exercise folder (..).", name=name))
    if any(":" in part or "\0" in part for part in parts):
        raise UnsafeZip(_("“%(name)s” is not a plain file name.", name=name))
    return parts


def junk(parts: list[str]) -> bool:
    """Dot-files and what zip tools add on their own: left out of an exercise, never refused."""
    return any(part.startswith(".") or part in JUNK_NAMES for part in parts)


def unpack(data: bytes, into: Path, limits: Limits = Limits()) -> Path:
    """Unpack an exercise zip into a new folder under `into`; return that folder.

    The zip holds either the exercise's files at the top (exercise.yaml, steps/, ...) or one folder
    holding them. The new folder is named by exercise.yaml's id when it has a valid one.
    Refused: absolute paths, `..`, links, encrypted entries, more than the limits allow.
    """
    if len(data) > limits.zip_bytes:
        raise zip_too_large(limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as error:
        raise UnsafeZip(_("This is not a zip file. Zip the exercise folder and try again.")) from error
    if len(entries) > limits.entries:
        raise ZipTooLarge(_("The zip has more than %(count)d files.", count=limits.entries))

    planned: list[tuple[list[str], zipfile.ZipInfo]] = []
    seen: set[tuple[str, ...]] = set()
    for info in entries:
        parts = _parts(info.filename)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise UnsafeZip(
                _("“%(name)s” is a symbolic link; put the file itself in the zip.", name=info.filename)
            )
        if info.flag_bits & 0x1:
            raise UnsafeZip(
                _("“%(name)s” is encrypted; zip the exercise without a password.", name=info.filename)
            )
        if not parts or info.is_dir() or junk(parts):
            continue
        if tuple(parts) in seen:
            raise UnsafeZip(_("“%(name)s” is in the zip twice.", name=info.filename))
        seen.add(tuple(parts))
        planned.append((parts, info))
    if not planned:
        raise UnsafeZip(_("The zip is empty."))
    if sum(info.file_size for _, info in planned) > limits.unpacked_bytes:
        raise ZipTooLarge(_unpacks_too_big(limits))

    if any(parts in (["exercise.yaml"], ["course.yaml"]) for parts, _ in planned):
        strip, wrapper = 0, None
    elif len({parts[0] for parts, _ in planned}) == 1 and all(len(parts) > 1 for parts, _ in planned):
        strip, wrapper = 1, planned[0][0][0]
    else:
        raise UnsafeZip(
            _(
                "The zip must hold one exercise or one course: exercise.yaml (or course.yaml) "
                "and its folders at the top, or one folder that holds them."
            )
        )
    planned = [(parts[strip:], info) for parts, info in planned]

    root = into / _folder_name(archive, planned, wrapper)
    root.mkdir(parents=True)
    written = 0
    for parts, info in planned:
        target = root.joinpath(*parts)
        if not target.resolve().is_relative_to(root.resolve()):
            raise UnsafeZip(_("“%(name)s” points outside the exercise folder.", name=info.filename))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, target.open("xb") as sink:
                # Count what really comes out: the sizes a zip declares can lie (zip bombs).
                while chunk := source.read(64 * 1024):
                    written += len(chunk)
                    if written > limits.unpacked_bytes:
                        raise ZipTooLarge(_unpacks_too_big(limits))
                    sink.write(chunk)
        except UNREADABLE as error:
            raise UnsafeZip(_("“%(name)s” could not be unpacked.", name=info.filename)) from error
    return root


def _folder_name(archive: zipfile.ZipFile, planned, wrapper: str | None) -> str:
    """Name the folder by exercise.yaml's (or course.yaml's) id; without a valid one the loader will
    refuse it anyway."""
    for parts, info in planned:
        if parts in (["exercise.yaml"], ["course.yaml"]) and info.file_size <= 256 * 1024:
            try:
                raw = yaml.safe_load(archive.read(info))
            except (yaml.YAMLError, ValueError, *UNREADABLE):
                break
            if isinstance(raw, dict) and isinstance(raw.get("id"), str) and ID.match(raw["id"]):
                return raw["id"]
    if wrapper and ID.match(wrapper):
        return wrapper
    return "exercise"
