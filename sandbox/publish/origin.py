"""Where published apps are: the publish origin's port and address, each app's path, its CSP."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SLUG = re.compile(r"^[A-Za-z0-9_-]{8,32}$")
THEME = re.compile(r"^#[0-9a-fA-F]{6}$")
# The learner's app may run its own scripts (inline ones too: beginners write onclick="...") and
# load its own files; it may not connect to, frame, or post forms to anything else, our main
# origin included. 'self' is the publish origin, never the main one (another port or host).
PUBLISHED_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-src 'none'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def publish_port(config, main_port: int | None = None) -> int:
    """The publish origin's port: SANDBOX_PUBLISH_PORT, or the main port + 1."""
    return int(config.get("PUBLISH_PORT") or 0) or int(main_port or config.get("PORT") or 5000) + 1


def publish_base(config, host: str, scheme: str = "http") -> str:
    """The publish origin as the learner's browser should reach it (no trailing slash).

    SANDBOX_PUBLISH_URL wins (a proxy with HTTPS, another host name). Otherwise it is the host the
    learner used for the main app, on the publish port, so a phone on the room's Wi-Fi reaches it.
    """
    configured = str(config.get("PUBLISH_URL") or "").rstrip("/")
    if configured:
        return configured
    hostname = urlsplit(f"//{host}").hostname or "127.0.0.1"
    lan = config.get("LAN_URLS") or []
    if hostname in ("127.0.0.1", "localhost", "::1") and lan:
        # The page was opened on the trainer's laptop, but the app is for a phone on the Wi-Fi.
        hostname = urlsplit(lan[0]).hostname or hostname
    if ":" in hostname:
        hostname = f"[{hostname}]"
    return f"{scheme}://{hostname}:{publish_port(config)}"


def app_path(slug: str) -> str:
    return f"/a/{slug}/"
