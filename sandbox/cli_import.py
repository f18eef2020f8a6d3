"""`sandbox import fcc FILE.json... [--into DIR]`: make a course of freeCodeCamp's 2018 challenge files."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .authoring.fcc import ImportRefused, import_fcc
from .exercises.model import say
from .i18n import cli_gettext as _
from .i18n import cli_ngettext as ngettext


@click.group("import")
def import_group() -> None:
    """Make exercises from another curriculum's files."""


@import_group.command("fcc")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--into", type=click.Path(file_okay=False, path_type=Path), help="Default: the exercises folder."
)
@click.option(
    "--course", "course_id", default="freecodecamp-2018", show_default=True, help="The course's id."
)
@with_appcontext
def fcc_command(files: tuple[Path, ...], into: Path | None, course_id: str) -> None:
    """Convert freeCodeCamp 2018 curriculum challenge files (CC BY-SA 4.0) into a course.

    Each file becomes an exercise, each challenge a step with its seed as its starting code and its
    tests as checks. Validate the course afterwards with `sandbox exercises validate DIR/COURSE`.
    """
    into = into or Path(current_app.config["EXERCISES_DIR"])
    into.mkdir(parents=True, exist_ok=True)
    try:
        imported = import_fcc(list(files), into, course_id)
    except ImportRefused as refused:
        raise click.ClickException(str(refused)) from refused
    for message, values in imported.skipped:
        click.echo(say(message, {**values, "why": _(values["why"])}, _))
    click.echo(
        ngettext(
            "Wrote %(course)s: %(num)d exercise, %(steps)d steps.",
            "Wrote %(course)s: %(num)d exercises, %(steps)d steps.",
            len(imported.exercises),
            course=str(imported.course),
            steps=imported.steps,
        )
    )
