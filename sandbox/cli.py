"""The `sandbox` command: run the server, look after the database and the exercises."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, routes_command, shell_command, with_appcontext

from .app import create_app, start_background_work
from .exercises import ExerciseInvalid, load_exercise


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False, load_dotenv=False)
def main() -> None:
    """Beginners build their first mobile app in the browser."""


main.add_command(shell_command)
main.add_command(routes_command)


@main.command("run")
@click.option(
    "--host", default=None, help="Address to listen on (default 127.0.0.1; 0.0.0.0 for the room's Wi-Fi)."
)
@click.option("--port", default=None, type=int, help="Port to listen on (default 5000).")
@with_appcontext
def run_command(host: str | None, port: int | None) -> None:
    """Start the server and print where to open it."""
    from werkzeug.serving import run_simple

    app = current_app._get_current_object()
    host = host or app.config["HOST"]
    port = port or app.config["PORT"]
    catalog = app.extensions["sandbox"].catalog
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    click.echo("")
    click.echo(f"  sandbox is running with {len(catalog.exercises)} exercises.")
    click.echo(f"  Learners open:  http://{shown}:{port}/")
    for name, problems in catalog.problems.items():
        click.echo(
            f"  Not loaded: {name}: {problems[0]}"
            + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else "")
        )
    click.echo("  Stop with Ctrl+C.")
    click.echo("")
    start_background_work(app)
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)


@main.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database (it is also done at every start)."""
    store = current_app.extensions["sandbox"].store
    store.upgrade()
    click.echo(f"Database ready: {store.url}")


@main.group("exercises")
def exercises_group() -> None:
    """List and check exercises."""


@exercises_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: [{id, title, steps}].")
@with_appcontext
def list_command(as_json: bool) -> None:
    """List the exercises that loaded."""
    catalog = current_app.extensions["sandbox"].catalog
    rows = [
        {"id": e.id, "title": e.title.get(), "steps": [s.id for s in e.steps]}
        for e in catalog.exercises.values()
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{row['id']:24} {row['title']}  ({len(row['steps'])} steps)")
    for name, problems in catalog.problems.items():
        click.echo(
            f"{name:24} NOT LOADED: {len(problems)} problem(s); run `sandbox exercises validate`", err=True
        )


@exercises_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check exercise folders (default: every exercise) and report every problem found."""
    if not paths:
        root = Path(current_app.config["EXERCISES_DIR"])
        paths = tuple(sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))))
    elif len(paths) == 1 and not (paths[0] / "exercise.yaml").exists():
        paths = tuple(
            sorted(p for p in paths[0].iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
        )
    failed = 0
    for path in paths:
        try:
            exercise = load_exercise(path)
        except ExerciseInvalid as error:
            failed += 1
            click.echo(f"FAIL {path.name}: {len(error.problems)} problem(s)")
            for problem in error.problems:
                click.echo(f"  - {problem}")
        else:
            checks = sum(len(s.checks) for s in exercise.steps)
            counts = f"{len(exercise.steps)} steps, {checks} checks, {len(exercise.wrong)} wrong cases"
            click.echo(f"ok   {exercise.id}: {counts}")
    if failed:
        click.echo(f"{failed} of {len(paths)} exercises have problems.")
        sys.exit(1)
