"""Install an exercise a trainer uploads as a zip: unpack it safely, prove it, then put it in place.

The zip is unpacked into a staging folder beside the exercises (a dot-folder, which the catalog
never reads), loaded with the same loader the server uses at start, and run through the real
grader (the starter fails step 1, each solution passes, each wrong case fails as declared). Only
then is it moved into the exercises folder with a rename, so a class never sees half an exercise,
and the catalog is reloaded so classes see it at once.

An uploaded exercise remembers who uploaded it (`.uploaded.json` in its folder); only that trainer
may replace it. Exercises that came as folders on disk are never replaced over the web.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import stat
import threading
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from flask_babel import gettext as _

from ..errors import Conflict, SandboxError, TooLarge
from ..grading.validate import Finding, validate_behaviour
from .loader import ID, ExerciseInvalid, load_exercise
from .model import Catalog, Exercise, Problem

if TYPE_CHECKING:
    from ..grading.runner import Grader

MAX_ZIP_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 1000
OWNER_FILE = ".uploaded.json"
STAGING = ".incoming"
# What zip tools add on their own; left out instead of refused.
JUNK_NAMES = {"__MACOSX", "__pycache__", "Thumbs.db", "desktop.ini"}

# Held while an exercise is moved into place and while the catalog is replaced, so that a reload
# that read the folder earlier never overwrites a newer catalog. Reentrant: installing reloads.
catalog_lock = threading.RLock()


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


@dataclass(frozen=True)
class Report:
    """What the validator found: structural problems, then how each case behaved in the grader."""

    exercise_id: str
    problems: tuple[Problem, ...] = ()
    findings: tuple[Finding, ...] = ()
    counts: str = ""  # "2 steps, 2 checks, 1 wrong cases", once the structure is sound

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.findings) and all(f.ok for f in self.findings)

    def lines(self) -> list[str]:
        """The report as `sandbox exercises validate` prints it."""
        if self.problems:
            return [f"FAIL {self.exercise_id}: {len(self.problems)} problem(s)"] + [
                f"  - {problem}" for problem in self.problems
            ]
        bad = [f for f in self.findings if not f.ok]
        head = (
            f"{'FAIL' if bad else 'ok  '} {self.exercise_id}: {self.counts}; "
            f"{len(self.findings) - len(bad)} of {len(self.findings)} cases behave as declared"
        )
        return [head] + [f"  - {f.case} (step {f.step}): {f.detail}" for f in bad]

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise_id,
            "ok": self.ok,
            "problems": [str(p) for p in self.problems],
            "findings": [asdict(f) for f in self.findings],
            "report": self.lines(),
        }


class ExerciseRefused(SandboxError):
    """The exercise did not pass the validator; `report` says what is wrong."""

    status = 422

    def __init__(self, message: str, report: Report):
        super().__init__(message)
        self.report = report


class NotYours(Conflict):
    """An exercise of that id is installed and this trainer may not replace it."""


@dataclass(frozen=True)
class Installed:
    """An exercise that is now in the exercises folder and in the catalog."""

    exercise_id: str
    replaced: bool
    report: Report


# ---- unpacking

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
        return f"{round(size / (1024 * 1024), 1):g} MB"
    return f"{round(size / 1024):d} KB"


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


def _junk(parts: list[str]) -> bool:
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
        if not parts or info.is_dir() or _junk(parts):
            continue
        if tuple(parts) in seen:
            raise UnsafeZip(_("“%(name)s” is in the zip twice.", name=info.filename))
        seen.add(tuple(parts))
        planned.append((parts, info))
    if not planned:
        raise UnsafeZip(_("The zip is empty."))
    if sum(info.file_size for _, info in planned) > limits.unpacked_bytes:
        raise ZipTooLarge(_unpacks_too_big(limits))

    if any(parts == ["exercise.yaml"] for parts, _ in planned):
        strip, wrapper = 0, None
    elif len({parts[0] for parts, _ in planned}) == 1 and all(len(parts) > 1 for parts, _ in planned):
        strip, wrapper = 1, planned[0][0][0]
    else:
        raise UnsafeZip(
            _(
                "The zip must hold one exercise: exercise.yaml and its folders at the top, "
                "or one folder that holds them."
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
    """Name the folder by exercise.yaml's id; without a valid one the loader will refuse it anyway."""
    for parts, info in planned:
        if parts == ["exercise.yaml"] and info.file_size <= 256 * 1024:
            try:
                raw = yaml.safe_load(archive.read(info))
            except (yaml.YAMLError, ValueError, *UNREADABLE):
                break
            if isinstance(raw, dict) and isinstance(raw.get("id"), str) and ID.match(raw["id"]):
                return raw["id"]
    if wrapper and ID.match(wrapper):
        return wrapper
    return "exercise"


PYTHON_REFUSED = (
    "Python checks run on the server with all its rights, so this server does not accept them in "
    "uploads: use expect or js checks, or ask whoever runs the server to copy the folder into its "
    "exercises folder."
)


def upload_problems(root: Path, exercise: Exercise | None, allow_python: bool) -> list[Problem]:
    """What an uploaded exercise may not do that a folder on the server may: run Python, reach outside.

    A folder on the server was put there by whoever runs it; an upload comes from any trainer account
    (or anyone holding its API token), so it must not run code on the server or read its files.
    """
    problems = []
    name = root.name
    if not allow_python:
        for path in sorted(root.rglob("*.py")):
            if not _junk(list(path.relative_to(root).parts)):
                problems.append(Problem(f"{name}/{path.relative_to(root).as_posix()}", "", PYTHON_REFUSED))
        uses = [c for s in exercise.steps for c in s.checks if c.python] if exercise else []
        if uses and not problems:  # a check naming Python outside the folder, without a checks.py
            problems.append(Problem(f"{name}/exercise.yaml", f"{uses[0].id}.python", PYTHON_REFUSED))
    if exercise is not None:
        inside = root.resolve()
        for helper in exercise.helpers:
            if not (root / helper).resolve().is_relative_to(inside):
                problems.append(
                    Problem(f"{name}/exercise.yaml", "helpers", f"'{helper}' is outside the exercise folder")
                )
        for step in exercise.steps:
            for check in step.checks:
                module = (check.python or "").partition(":")[0]
                if module and not (root / module).resolve().is_relative_to(inside):
                    problems.append(
                        Problem(
                            f"{name}/exercise.yaml", f"{check.id}.python", "is outside the exercise folder"
                        )
                    )
    return problems


# ---- who may replace what


def uploaded_by(folder: Path) -> dict[str, Any] | None:
    """Return who uploaded the exercise in this folder ({trainer_id, trainer, at}), or None."""
    try:
        owner = json.loads((folder / OWNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return owner if isinstance(owner, dict) else None


def may_replace(folder: Path, trainer_id: int) -> bool:
    """A new id may always be installed; an existing one only by the trainer who uploaded it."""
    if not folder.exists() and not folder.is_symlink():
        return True
    owner = uploaded_by(folder)
    return owner is not None and owner.get("trainer_id") == trainer_id


def _not_yours(exercise_id: str) -> NotYours:
    return NotYours(
        _(
            "There is already an exercise called “%(id)s”, and only the trainer who uploaded it "
            "may replace it. Give yours another id (in exercise.yaml) and upload it again.",
            id=exercise_id,
        )
    )


# ---- behaviour findings, cached by the files they were found for


def fingerprint(folder: Path) -> str:
    """A digest of every file's name, size and modification time: it changes when any file does."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if _junk(list(relative.parts)) or not path.is_file():
            continue
        info = path.stat()
        digest.update(f"{relative.as_posix()}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class CachedCheck:
    """The grader's findings for one exercise, and the files (by fingerprint) they hold for."""

    fingerprint: str
    findings: tuple[Finding, ...]
    checked_at: str

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)


class BehaviourCache:
    """Findings by exercise id, kept in a JSON file so the exercises page never waits for the grader."""

    def __init__(self, path: Path | None = None):
        self.path = path
        self._lock = threading.Lock()
        self._entries: dict[str, CachedCheck] = {}
        if path is not None and path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                for exercise_id, entry in raw.items():
                    findings = tuple(Finding(**f) for f in entry["findings"])
                    self._entries[exercise_id] = CachedCheck(
                        entry["fingerprint"], findings, entry["checked_at"]
                    )
            except (OSError, ValueError, KeyError, TypeError):
                self._entries = {}  # a damaged cache is only a cache: check again

    def get(self, exercise_id: str) -> CachedCheck | None:
        """The last findings for this id, whether or not they still hold for its files."""
        with self._lock:
            return self._entries.get(exercise_id)

    def current(self, exercise_id: str, folder: Path) -> CachedCheck | None:
        """The findings for this id if its files are unchanged since they were found."""
        cached = self.get(exercise_id)
        return cached if cached and cached.fingerprint == fingerprint(folder) else None

    def put(self, exercise_id: str, folder_fingerprint: str, findings: Iterable[Finding]) -> CachedCheck:
        entry = CachedCheck(
            folder_fingerprint, tuple(findings), datetime.now(UTC).isoformat(timespec="seconds")
        )
        with self._lock:
            self._entries[exercise_id] = entry
            self._save()
        return entry

    def _save(self) -> None:
        if self.path is None:
            return
        data = {
            key: {
                "fingerprint": e.fingerprint,
                "checked_at": e.checked_at,
                "findings": [asdict(f) for f in e.findings],
            }
            for key, e in self._entries.items()
        }
        partial = self.path.with_name(self.path.name + ".tmp")
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, self.path)


def check_behaviour(
    exercise: Exercise, grader: Grader, cache: BehaviourCache, files_fingerprint: str | None = None
) -> CachedCheck:
    """Run an installed exercise's cases through the grader and remember the findings.

    Pass the fingerprint taken before the exercise was loaded, so that a file changed meanwhile
    shows as changed rather than as checked.
    """
    before = files_fingerprint or fingerprint(exercise.path)
    return cache.put(exercise.id, before, validate_behaviour(exercise, grader))


# ---- what the exercises page shows


@dataclass(frozen=True)
class ExerciseStatus:
    """One exercise folder as a trainer sees it: loaded or not, and how it behaved in the grader."""

    id: str
    exercise: Exercise | None
    problems: tuple[Problem, ...]
    behaviour: str  # ok, failing, unchecked, changed (checked, but files changed since), broken
    check: CachedCheck | None
    uploaded_by: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.exercise.title.get() if self.exercise else None,
            "loaded": self.exercise is not None,
            "problems": [str(p) for p in self.problems],
            "behaviour": self.behaviour,
            "findings": [asdict(f) for f in self.check.findings] if self.check else [],
            "checked_at": self.check.checked_at if self.check else None,
            "uploaded_by": self.uploaded_by,
        }


def exercise_statuses(catalog: Catalog, exercises_dir: Path, cache: BehaviourCache) -> list[ExerciseStatus]:
    """Every exercise in the catalog, then every folder that did not load, with its status."""
    rows = []
    for exercise in catalog.exercises.values():
        cached = cache.get(exercise.id)
        if cached is None:
            behaviour = "unchecked"
        elif cached.fingerprint != fingerprint(exercise.path):
            behaviour = "changed"
        else:
            behaviour = "ok" if cached.ok else "failing"
        owner = uploaded_by(exercise.path)
        rows.append(
            ExerciseStatus(
                exercise.id, exercise, (), behaviour, cached, owner.get("trainer") if owner else None
            )
        )
    for name, problems in sorted(catalog.problems.items()):
        owner = uploaded_by(exercises_dir / name)
        rows.append(
            ExerciseStatus(
                name, None, tuple(problems), "broken", None, owner.get("trainer") if owner else None
            )
        )
    return rows


# ---- installing


def install_exercise(
    data: bytes,
    exercises_dir: Path,
    trainer_id: int,
    trainer_name: str,
    grader: Grader,
    cache: BehaviourCache,
    reload: Callable[[], None],
    limits: Limits = Limits(),
    allow_python: bool = False,
) -> Installed:
    """Validate an uploaded exercise (structure, then behaviour in the grader) and install it.

    Raises UnsafeZip / ZipTooLarge for a zip that cannot be unpacked safely, NotYours when an
    exercise of that id exists and this trainer did not upload it, and ExerciseRefused with the
    validator's report when the exercise is wrong. `reload` is called once it is in place.
    """
    if len(data) > limits.zip_bytes:
        raise zip_too_large(limits)
    exercises_dir = Path(exercises_dir)
    staging = exercises_dir / STAGING / uuid.uuid4().hex
    try:
        staging.mkdir(parents=True)
    except OSError as error:
        raise SandboxError(
            _("The server cannot write to its exercises folder (%(path)s).", path=str(exercises_dir)), 500
        ) from error
    try:
        root = unpack(data, staging, limits)
        exercise_id = root.name
        try:
            exercise = load_exercise(root)
        except ExerciseInvalid as error:
            exercise, problems = None, list(error.problems)
        else:
            problems = []
        problems += upload_problems(root, exercise, allow_python)
        if problems:
            report = Report(exercise_id, tuple(problems))
            raise ExerciseRefused(
                _("“%(id)s” was not installed: fix the problems below and upload it again.", id=exercise_id),
                report,
            )
        # The structure is sound, so the folder is named by a valid id: may this trainer use it?
        target = exercises_dir / exercise_id
        if not may_replace(target, trainer_id):
            raise _not_yours(exercise_id)

        checks = sum(len(s.checks) for s in exercise.steps)
        counts = f"{len(exercise.steps)} steps, {checks} checks, {len(exercise.wrong)} wrong cases"
        files_fingerprint = fingerprint(root)  # unchanged by the move into place below
        findings = tuple(validate_behaviour(exercise, grader))
        report = Report(exercise_id, (), findings, counts)
        if not report.ok:
            bad = sum(not f.ok for f in findings)
            raise ExerciseRefused(
                _(
                    "“%(id)s” was not installed: %(bad)d of %(total)d cases do not behave as declared.",
                    id=exercise_id,
                    bad=bad,
                    total=len(findings),
                ),
                report,
            )

        (root / OWNER_FILE).write_text(
            json.dumps(
                {"trainer_id": trainer_id, "trainer": trainer_name, "at": datetime.now(UTC).isoformat()},
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        with catalog_lock:
            if not may_replace(target, trainer_id):  # someone else installed it while we validated
                raise _not_yours(exercise_id)
            replaced = target.exists()
            previous = staging / "previous"
            if replaced:
                os.rename(target, previous)
            try:
                os.rename(root, target)
            except OSError:
                if replaced:
                    os.rename(previous, target)
                raise
            cache.put(exercise_id, files_fingerprint, findings)
            reload()
        return Installed(exercise_id, replaced, report)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        try:
            staging.parent.rmdir()  # only when no other upload is using it
        except OSError:
            pass


__all__ = [
    "BehaviourCache",
    "CachedCheck",
    "ExerciseRefused",
    "ExerciseStatus",
    "Installed",
    "Limits",
    "NotYours",
    "Report",
    "UnsafeZip",
    "ZipTooLarge",
    "catalog_lock",
    "check_behaviour",
    "zip_too_large",
    "exercise_statuses",
    "fingerprint",
    "human_size",
    "install_exercise",
    "may_replace",
    "unpack",
    "uploaded_by",
]
