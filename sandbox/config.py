"""Default settings; every one can be overridden by a SANDBOX_<NAME> environment variable."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, object] = {
    # Where bundled and trainer exercises live.
    "EXERCISES_DIR": str(ROOT / "exercises"),
    # Database, secret key and (later) job queue live here.
    "INSTANCE_PATH": str(ROOT / "instance"),
    # A Chromium or Chrome executable; found automatically when empty.
    "CHROMIUM": "",
    # SQLite in the instance folder unless a URL is given (postgresql+psycopg://... works too).
    "DATABASE_URL": None,
    # Signs the session cookie; generated once into the instance folder when not set.
    "SECRET_KEY": None,
    # How trainers' passwords are hashed (a method of werkzeug.security: scrypt, or pbkdf2:sha256:N).
    # A stored hash names its own method, so changing this never locks anyone out. Keep the default:
    # the test suite alone uses a quick one, to spend its time on what it tests.
    "PASSWORD_HASH": "scrypt",
    # Largest single learner file, and largest request body.
    "MAX_FILE_BYTES": 256 * 1024,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    # Scaled out (docs/deploy.md): Redis carries the grading queue and the live events between
    # processes and machines; empty on a laptop (the queue in SQLite, events within the one process).
    # Every key and channel starts with REDIS_NAMESPACE, so several sandboxes can share one Redis.
    "REDIS_URL": "",
    "REDIS_NAMESPACE": "sandbox",
    # Grading: worker threads (each with its own Chromium; 0: as many as this machine's cores and
    # memory run well, grading.runner.adaptive_workers) and the longest one submission may take.
    "GRADER_WORKERS": 0,
    "GRADER_DEADLINE": 10,
    # Trainer uploads: the largest exercise zip, and whether uploaded exercises may run Python checks
    # (those run inside the server with all its rights, so they are off unless a trainer turns them on).
    "EXERCISE_UPLOAD_BYTES": 5 * 1024 * 1024,
    "ALLOW_UPLOADED_PYTHON": False,
    # Where the server listens: this computer only, unless set to 0.0.0.0 (every network: the room's Wi-Fi).
    "HOST": "127.0.0.1",
    "PORT": 5000,
    # Published apps are served from another origin: this port (0: the main port + 1) on the same
    # host, or the full address learners reach it at (a proxy with HTTPS, another host name).
    "PUBLISH_PORT": 0,
    "PUBLISH_URL": "",
    # The address phones use for "Open on my phone" links, like http://192.168.1.23:5000; when empty,
    # the address the learner's page was opened at (or, for 127.0.0.1, the first Wi-Fi address).
    "PUBLIC_URL": "",
    # Behind a proxy (docs/deploy.md): how many proxies in front set X-Forwarded-For, -Proto, -Host and
    # -Port, so that the client's address (login rate limits), https (secure cookies) and the host
    # are read from them. 0 (a laptop, nothing in front): those headers are ignored, as anyone can send them.
    "PROXY_HOPS": 0,
    # "json": one JSON object a log line, each with the request id of the request it was written in
    # (X-Request-Id, or made up, and sent back in that header); "text" on a laptop.
    "LOG_FORMAT": "text",
}


def _parse(raw: str, default: object) -> object:
    """Turn an environment string into the type of its default."""
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, list):
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def from_environment(environ: dict[str, str] | None = None) -> dict[str, object]:
    """Return the defaults with any SANDBOX_* overrides applied."""
    environ = dict(os.environ if environ is None else environ)
    settings = dict(DEFAULTS)
    for name, default in DEFAULTS.items():
        raw = environ.get(f"SANDBOX_{name}")
        if raw is not None:
            settings[name] = _parse(raw, default)
    return settings


def instance_folder(settings: dict) -> Path:
    """The instance folder (INSTANCE_PATH, by default ./instance), made when missing."""
    instance = Path(settings.get("INSTANCE_PATH") or ROOT / "instance")
    instance.mkdir(parents=True, exist_ok=True)
    return instance


def database_url(settings: dict, instance: Path) -> str:
    """DATABASE_URL, or the SQLite file in the instance folder."""
    return settings.get("DATABASE_URL") or f"sqlite:///{instance / 'sandbox.db'}"
