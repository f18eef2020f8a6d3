"""The `sandbox` command run as a trainer types it, on a temp instance folder."""

from __future__ import annotations

from click.testing import CliRunner
from flask.cli import ScriptInfo

from sandbox.app import create_app
from sandbox.cli import main
from tests.support import FIXTURE_EXERCISES
from tests.support.databases import url_of_instance


def run(tmp_path, *args, exercises=FIXTURE_EXERCISES, color=False, language="en"):
    env = {
        "SANDBOX_INSTANCE_PATH": str(tmp_path / "instance"),
        "SANDBOX_EXERCISES_DIR": str(exercises),
        "SANDBOX_LANGUAGE": language,  # English unless a test asks: whatever the machine's locale
    }
    if database := url_of_instance(tmp_path / "instance"):
        env["SANDBOX_DATABASE_URL"] = database
    made = []

    def make_app():
        made.append(create_app())
        return made[-1]

    try:
        return CliRunner().invoke(main, list(args), env=env, obj=ScriptInfo(create_app=make_app), color=color)
    finally:
        for app in made:  # the command's database connections close now, not whenever Python collects them
            app.extensions["sandbox"].store.dispose()
