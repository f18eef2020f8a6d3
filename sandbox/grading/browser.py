"""Find a Chromium to drive, and the flags that keep it quiet and offline."""

from __future__ import annotations

import glob
import os
import shutil
from pathlib import Path

# Without these, Chromium keeps trying to reach Google's services on a machine with no internet.
QUIET_FLAGS = [
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--force-webrtc-ip-handling-policy",
]

# For tests that drive our own pages on loopback; the grader maps every host to nothing.
LOCAL_PAGES_FLAGS = [
    *QUIET_FLAGS,
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]


class ChromiumNotFound(RuntimeError):
    """No Chromium on this machine; the message says how to get one."""


HOW_TO_INSTALL = (
    "No Chromium found. Install one: as root on Debian/Ubuntu `apt-get install -y --no-install-recommends "
    "chromium`; with internet `.venv/bin/python -m playwright install chromium`; or set SANDBOX_CHROMIUM "
    "to a Chromium or Chrome executable. `make run` and `make test` try the first two for you."
)


def find_chromium(configured: str | None = None) -> str:
    """Return the path of a Chromium: the configured one, Debian's, or Playwright's own download."""
    configured = configured or os.environ.get("SANDBOX_CHROMIUM", "")
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return configured
        raise ChromiumNotFound(f"SANDBOX_CHROMIUM={configured} is not an executable file. " + HOW_TO_INSTALL)
    for name in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(name).is_file():
            return name
    found = shutil.which("chromium")
    if found:
        return found
    cache = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache" / "ms-playwright")
    for candidate in sorted(glob.glob(f"{cache}/chromium-*/chrome-linux*/chrome"), reverse=True):
        return candidate
    raise ChromiumNotFound(HOW_TO_INSTALL)


# Chromium's headless shell: the same engine without the browser's own layers, made for driving by
# a program. It grades with about a third less CPU than the full browser (docs/grading.md).
HEADLESS_SHELLS = ("/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium-headless-shell")


def find_grading_chromium(configured: str | None = None) -> str:
    """Return the Chromium the grader drives: the configured one (SANDBOX_CHROMIUM), else Chromium's
    headless shell when it is installed (Debian's chromium-headless-shell, or Playwright's own),
    else the full Chromium of find_chromium()."""
    if configured or os.environ.get("SANDBOX_CHROMIUM", ""):
        return find_chromium(configured)
    for name in HEADLESS_SHELLS:
        if Path(name).is_file() and os.access(name, os.X_OK):
            return name
    cache = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache" / "ms-playwright")
    for candidate in sorted(
        glob.glob(f"{cache}/chromium_headless_shell-*/chrome-linux*/*headless_shell"), reverse=True
    ):
        return candidate
    return find_chromium()
