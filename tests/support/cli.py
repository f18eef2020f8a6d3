"""The `sandbox` command run as a trainer types it, on a temp instance folder."""

from __future__ import annotations

from click.testing import CliRunner

from sandbox.cli import main
from tests.support import FIXTURE_EXERCISES


def run(tmp_path, *args, exercises=FIXTURE_EXERCISES, color=False):
    env = {
        "SANDBOX_INSTANCE_PATH": str(tmp_path / "instance"),
        "SANDBOX_EXERCISES_DIR": str(exercises),
        "SANDBOX_LANGUAGE": "en",  # these tests read English output, whatever the machine's locale
    }
    return CliRunner().invoke(main, list(args), env=env, color=color)
