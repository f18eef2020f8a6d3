"""The `sandbox` command: run the server, look after the database and the exercises."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, routes_command, shell_command, with_appcontext

from .app import create_app, start_background_work
from .authoring import Report, exercise_counts
from .cli_import import import_group
from .exercises import CourseInvalid, ExerciseInvalid, load_course, load_exercise
from .exercises.courses import is_course
from .exercises.model import N_
from .grading.validate import validate_behaviour
from .i18n import LANGUAGES, cli_language
from .i18n import cli_gettext as _
from .i18n import cli_ngettext as ngettext
from .names import clean_name
from .services import services


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False, load_dotenv=False)
def main() -> None:
    """Beginners build their first mobile app in the browser."""


main.add_command(shell_command)
main.add_command(routes_command)
main.add_command(import_group)


@main.command("run")
@click.option(
    "--host",
    default=None,
    help="Address to listen on (default 127.0.0.1: this computer only). 0.0.0.0 is every network.",
)
@click.option(
    "--lan",
    is_flag=True,
    help="Listen on every network of this computer (the room's Wi-Fi): same as --host 0.0.0.0.",
)
@click.option("--port", default=None, type=int, help="Port to listen on (default 5000).")
@with_appcontext
def run_command(host: str | None, lan: bool, port: int | None) -> None:
    """Start the server and print where to open it."""
    from .network import ALL_INTERFACES, learner_urls
    from .qr import qr_terminal

    app = current_app._get_current_object()
    host = "0.0.0.0" if lan else (host or app.config["HOST"])
    port = port or app.config["PORT"]
    catalog = services(app).catalog
    everywhere = host in ALL_INTERFACES
    urls = learner_urls(host, port)
    # Phone links made on a page opened at 127.0.0.1 use the first of these instead.
    app.config["LAN_URLS"] = urls if everywhere else []
    click.echo("")
    count = len(catalog.exercises)
    click.echo(
        "  "
        + ngettext(
            "sandbox is running with %(num)d exercise.", "sandbox is running with %(num)d exercises.", count
        )
    )
    if everywhere:
        click.echo("  " + _("Listening on every network of this computer: anyone on the same Wi-Fi can open"))
        click.echo(
            "  " + _("the exercises, join a class with its code and open a phone link they are shown.")
        )
        click.echo("  " + _("Trainer pages still need a trainer's password."))
    for url in urls:
        click.echo("  " + _("Learners open:  %(url)s", url=url))
        if everywhere and url != f"http://127.0.0.1:{port}/":
            click.echo(qr_terminal(url))
    if not everywhere:
        click.echo("  " + _("Phones cannot open this address: the server listens on this computer only,"))
        click.echo(
            "  " + _("so no QR code is shown. For the room's Wi-Fi, stop it (Ctrl+C) and run:  make run")
        )
    for name, problems in catalog.problems.items():
        click.echo(
            "  "
            + _("Not loaded: %(name)s: %(problem)s", name=name, problem=problems[0].said(_))
            + (" " + _("(+%(count)d more)", count=len(problems) - 1) if len(problems) > 1 else "")
        )
    click.echo("  " + _("Stop with Ctrl+C."))
    click.echo("")
    from .serving import classroom_server, raise_open_files_limit

    raise_open_files_limit()
    start_background_work(app)
    _start_publishing(app, host, port)
    classroom_server(host, port, app).serve_forever()


def _start_publishing(app, host: str, port: int) -> None:
    """Serve published apps on their own origin (docs/take-home.md), beside the main server."""
    from .publish import publish_port, start_publish_server

    published = start_publish_server(app, host, port)
    if published is None:
        click.echo(
            "  " + _("Published apps are off: port %(port)s is taken.", port=publish_port(app.config, port))
        )
        click.echo("  " + _("Set SANDBOX_PUBLISH_PORT to a free port to turn them on."))
    else:
        click.echo(
            "  " + _("Published apps are served on port %(port)s (a separate origin).", port=published)
        )


@main.command("worker")
@click.option(
    "--threads",
    type=int,
    default=None,
    help="Grading threads, each with its own Chromium (default: SANDBOX_GRADER_WORKERS, or what the "
    "machine's cores and memory run well).",
)
@with_appcontext
def worker_command(threads: int | None) -> None:
    """Grade submissions from the Redis queue (SANDBOX_REDIS_URL) on this machine until stopped."""
    import signal
    import threading

    grading = services().grading
    if not grading.redis_url:
        raise click.ClickException(
            _("sandbox worker takes its submissions from Redis: set SANDBOX_REDIS_URL (docs/deploy.md).")
        )
    grading.workers = max(1, threads or grading.workers)  # SANDBOX_GRADER_WORKERS, or sized to the machine
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_args: stopping.set())
    grading.work()
    click.echo(_("Grading with %(num)d threads, one browser each. Stop with Ctrl+C.", num=grading.workers))
    try:
        while not stopping.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    grading.consumer.stop(graceful=True)  # the jobs in hand finish first
    grading.stop()


@main.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database (it is also done at every start)."""
    store = services().store
    store.upgrade()
    click.echo(_("Database ready: %(url)s", url=store.url))


@main.group("exercises")
def exercises_group() -> None:
    """List and check exercises."""


@exercises_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: [{id, title, steps}].")
@with_appcontext
def list_command(as_json: bool) -> None:
    """List the exercises that loaded."""
    catalog = services().catalog
    rows = [
        {"id": e.id, "title": e.title.get(), "steps": [s.id for s in e.steps]}
        for e in catalog.exercises.values()
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        steps = ngettext("(%(num)d step)", "(%(num)d steps)", len(row["steps"]))
        click.echo(f"{row['id']:24} {row['title']}  {steps}")
    for name, problems in catalog.problems.items():
        said = _(
            "NOT LOADED: %(num)d problem(s); run `sandbox exercises validate`",
            num=len(problems),
        )
        click.echo(f"{name:24} {said}", err=True)


@exercises_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--structure-only", is_flag=True, help="Only check the files and fields; do not run the grader."
)
@with_appcontext
def validate_command(paths: tuple[Path, ...], structure_only: bool) -> None:
    """Check exercises (default: all): their files and fields, then their behaviour in the real grader.

    The starter must fail step 1 (and each step's own starter its step), each step's solution must
    pass the checks that grade it, and each wrong case must fail exactly the checks its expect.yaml
    names. A course folder (course.yaml) is checked with every exercise in it.
    """
    if not paths:
        paths = (Path(current_app.config["EXERCISES_DIR"]),)
    folders: list[tuple[Path, Path | None]] = []  # each exercise folder, and its course's folder
    failed = 0
    for path in paths:
        inner = [path] if (path / "exercise.yaml").exists() or is_course(path) else _subfolders(path)
        for folder in inner:
            if not is_course(folder):
                folders.append((folder, None))
                continue
            try:
                course = load_course(folder)
            except CourseInvalid as error:
                failed += 1
                for line in Report(folder.name, tuple(error.problems)).lines(_, ngettext):
                    click.echo(line)
                continue
            folders.extend((folder / exercise_id, folder) for exercise_id in course.exercise_ids)
    grader = None if structure_only else _grader()
    try:
        for path, course_folder in folders:
            try:
                exercise = load_exercise(path, course_folder, course_folder.name if course_folder else None)
            except ExerciseInvalid as error:
                failed += 1
                report = Report(path.name, tuple(error.problems))
            else:
                graded = () if grader is None else validate_behaviour(exercise, grader, cli_language())
                findings = tuple(graded)
                report = Report(exercise.id, (), findings, exercise_counts(exercise), exercise.coverage)
                failed += any(not f.ok for f in findings)
            for line in report.lines(_, ngettext):
                click.echo(line)
    finally:
        if grader is not None:
            grader.close()
    if failed:
        click.echo(
            ngettext(
                "%(failed)d of %(num)d exercise has problems.",
                "%(failed)d of %(num)d exercises have problems.",
                len(folders),
                failed=failed,
            )
        )
        sys.exit(1)


def _subfolders(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


@exercises_group.command("push", with_appcontext=False)
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--server", required=True, help="The sandbox server, like http://192.168.1.20:5000.")
@click.option(
    "--token",
    envvar="SANDBOX_TOKEN",
    help="Your API token (made on the trainer's Classes page); default: $SANDBOX_TOKEN.",
)
def push_command(folder: Path, server: str, token: str | None) -> None:
    """Send an exercise folder to a server, which validates it and installs it for every class.

    The server checks the files and fields, then runs the exercise in its grader; when anything is
    wrong it refuses the exercise, the report is printed, and this command exits with 1.
    """
    import urllib.error
    import urllib.request

    if not token:
        raise click.ClickException(_("give your API token with --token or SANDBOX_TOKEN"))
    data = _zip_folder(folder)
    request = urllib.request.Request(
        server.rstrip("/") + "/api/trainer/exercises",
        data=data,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/zip",
            "Accept": "application/json",
            # The server answers in the trainer's own language if they chose one, else in this one.
            "Accept-Language": cli_language(),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise click.ClickException(
            _("could not reach %(server)s: %(reason)s", server=server, reason=reason)
        ) from error
    try:
        answer = json.loads(body)
    except ValueError:
        answer = {"error": body.decode("utf-8", "replace")[:500]}
    for line in answer.get("report", []):
        click.echo(line)
    if status in (200, 201) and answer.get("installed"):
        click.echo(answer.get("message") or _("Installed %(exercise)s.", exercise=answer.get("exercise")))
        return
    reason = answer.get("error") or _("no reason given")
    click.echo(_("Refused (%(status)s): %(reason)s", status=status, reason=reason), err=True)
    sys.exit(1)


def _zip_folder(folder: Path) -> bytes:
    """Zip an exercise folder as one top folder, leaving out hidden files and Python caches."""
    import io
    import zipfile

    folder = folder.resolve()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
                continue
            if path.is_file():
                archive.write(path, f"{folder.name}/{relative.as_posix()}")
    return buffer.getvalue()


def _grader():
    from .grading.runner import Grader

    config = current_app.config
    return Grader(
        workers=int(config["GRADER_WORKERS"]),
        deadline_s=float(config["GRADER_DEADLINE"]),
        chromium=config.get("CHROMIUM") or None,
    )


def _exercise_at(path_or_id: str):
    """An exercise from its folder, or else by its id in the catalogue."""
    folder = Path(path_or_id)
    if (folder / "exercise.yaml").is_file():
        try:
            return load_exercise(folder)
        except ExerciseInvalid as error:
            problems = "\n".join(f"  - {problem}" for problem in error.problems)
            raise click.ClickException(f"the exercise in {folder} has problems:\n{problems}") from error
    if folder.is_dir():
        raise click.ClickException(f"{folder} is a folder, but has no exercise.yaml")
    return _exercise(path_or_id)


def _exercise(exercise_id: str):
    exercise = services().catalog.get(exercise_id)
    if exercise is None:
        raise click.ClickException(
            _("there is no exercise '%(id)s' (see `sandbox exercises list`)", id=exercise_id)
        )
    return exercise


CSV_FIELDS = [
    "folder",
    "exercise",
    "step",
    "status",
    "passed",
    "total",
    "failed_checks",
    "duration_ms",
    "message",
]


@main.command("grade")
@click.argument("exercise_id", metavar="PATH_OR_ID")
@click.argument(
    "folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--step", "step_id", help="The step to grade against (default: the last step).")
@click.option("--format", "output", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--language", default="en", show_default=True, help="Language of the messages.")
@with_appcontext
def grade_command(
    exercise_id: str, folders: tuple[Path, ...], step_id: str | None, output: str, language: str
):
    """Grade folders of submitted files from disk, without the server: one result per folder.

    PATH_OR_ID is an exercise folder (one with exercise.yaml, such as one you are writing) or the id
    of an exercise in the catalogue (`sandbox exercises list`).
    """
    from .grading.runner import Submission

    exercise = _exercise_at(exercise_id)
    step = exercise.step(step_id) if step_id else exercise.steps[-1]
    if step is None:
        raise click.ClickException(_("'%(id)s' has no step '%(step)s'", id=exercise_id, step=step_id))
    submissions = []
    for folder in folders:
        files = dict(exercise.starter_for(step.id, language))
        for name in exercise.files:
            if (folder / name).is_file():
                files[name] = (folder / name).read_text(encoding="utf-8", errors="replace")
        submissions.append(Submission(exercise, step.id, files, language))
    grader = _grader()
    try:
        results = grader.grade_many(submissions)
    finally:
        grader.close()
    if output == "json":
        rows = [
            {"folder": str(folder), **result.to_dict()}
            for folder, result in zip(folders, results, strict=True)
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        writer = csv.DictWriter(sys.stdout, CSV_FIELDS)
        writer.writeheader()
        for folder, result in zip(folders, results, strict=True):
            writer.writerow(
                {
                    "folder": str(folder),
                    "exercise": result.exercise,
                    "step": result.step,
                    "status": result.status,
                    "passed": sum(c.status == "pass" for c in result.checks),
                    "total": len(result.checks),
                    "failed_checks": " ".join(result.failed_checks),
                    "duration_ms": result.duration_ms,
                    "message": result.message or "",
                }
            )
    if any(r.status == "error" for r in results):
        sys.exit(2)


@main.command("regrade")
@click.argument("exercise_id", metavar="EXERCISE")
@with_appcontext
def regrade_command(exercise_id: str) -> None:
    """Grade every stored submission of an exercise again, with its checks as they are now."""
    exercise = _exercise(exercise_id)
    service = services().grading
    stored = service.store.submissions(exercise_id=exercise.id)
    changed = 0
    try:
        for submission in reversed(stored):
            before = submission.status
            result = service.grade_stored(submission.id)
            changed += result is not None and result.status != before
            after = result.status if result else "?"
            click.echo(f"{submission.id:>6}  {submission.step_id:20} {before:>7} -> {after}")
    finally:
        service.stop()
    click.echo(
        ngettext(
            "Graded %(num)d submission again; %(changed)d changed.",
            "Graded %(num)d submissions again; %(changed)d changed.",
            len(stored),
            changed=changed,
        )
    )


@main.command("export")
@click.argument("classroom_ref", metavar="CLASS")
@click.option("--format", "output", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@with_appcontext
def export_command(classroom_ref: str, output: str) -> None:
    """Print a class's results: CSV (one row per learner and step) or JSON (every check of every try).

    CLASS is the class's join code or its number (as in /trainer/classes/NUMBER).
    """
    from . import results

    shared = services()
    store = shared.store
    classroom = store.classroom_by_code(classroom_ref)
    if classroom is None and classroom_ref.isdigit():
        classroom = store.get_classroom(int(classroom_ref))
    if classroom is None:
        raise click.ClickException(
            _("there is no class with the code or number '%(ref)s'", ref=classroom_ref)
        )
    collected = results.collect(store, shared.catalog, classroom)
    if output == "csv":
        click.echo(results.to_csv(collected), nl=False)
    else:
        click.echo(results.to_json_text(collected), nl=False)


@main.group("trainer")
def trainer_group() -> None:
    """Trainer accounts."""


@trainer_group.command("create")
@click.argument("name")
@click.option("--password", help="The password (asked for when not given; --generate makes one).")
@click.option("--generate", is_flag=True, help="Make a random password and print it.")
@with_appcontext
def trainer_create(name: str, password: str | None, generate: bool) -> None:
    """Create a trainer account."""
    import secrets

    if generate:
        password = secrets.token_urlsafe(9)
    elif not password:
        password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise click.ClickException(_("use a password of at least 8 characters"))
    name = clean_name(name, 120)
    if not name:
        raise click.ClickException(_("type a name with letters in it"))
    store = services().store
    try:
        store.create_trainer(name, password)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        _("Trainer %(name)s created.", name=repr(name))
        + (" " + _("Password: %(password)s", password=password) if generate else "")
    )


DEMO_TRAINER = "demo"
# The demo class is named in the command's language (its learners see the name on every page; the
# trainer may rename it) and found again by its name in any language.
DEMO_CLASS = N_("Demo class")


def demo_class_names() -> set[str]:
    from .grading.messages import translations

    return {translations(code).gettext(DEMO_CLASS) for code in LANGUAGES} | {DEMO_CLASS}


@main.command("demo")
@click.option("--host", default=None, help="The address learners use to reach this server.")
@click.option("--lan", is_flag=True, help="Learners come over the room's Wi-Fi (as `sandbox run --lan`).")
@click.option("--port", default=None, type=int)
@with_appcontext
def demo_command(host: str | None, lan: bool, port: int | None) -> None:
    """Create (once) a demo trainer and a demo class with every exercise; print how to get in."""
    from urllib.parse import urlsplit

    from .network import is_loopback, learner_urls
    from .qr import qr_terminal

    app = current_app._get_current_object()
    store = services(app).store
    password_file = Path(app.instance_path) / "demo_password"
    trainer = store.trainer_by_name(DEMO_TRAINER)
    if trainer is None or not password_file.exists():
        import secrets

        password = secrets.token_urlsafe(9)
        if trainer is None:
            trainer = store.create_trainer(DEMO_TRAINER, password)
        else:
            store.set_trainer_password(DEMO_TRAINER, password)
        password_file.write_text(password)
        password_file.chmod(0o600)
    password = password_file.read_text().strip()
    names = demo_class_names()
    classes = [c for c in store.classrooms_of(trainer.id) if c.name in names]
    classroom = classes[0] if classes else store.create_classroom(trainer.id, _(DEMO_CLASS))
    if not classes:
        store.set_assignments(classroom.id, list(services(app).catalog.exercises))
    host = "0.0.0.0" if lan else (host or app.config["HOST"])
    port = port or app.config["PORT"]
    # On every network, the join QR code points at the address phones on the Wi-Fi can reach.
    base = learner_urls(host, port)[0].rstrip("/")
    join = f"{base}/join/{classroom.join_code}"
    click.echo("")
    sign_in = _(
        "Trainer sign-in:  %(url)s   name: %(name)s   password: %(password)s",
        url=f"{base}/trainer/login",
        name=DEMO_TRAINER,
        password=password,
    )
    click.echo("  " + sign_in)
    click.echo(
        "  " + _("Demo class:       code %(code)s, join at %(url)s", code=classroom.join_code, url=join)
    )
    if is_loopback(urlsplit(base).hostname or ""):
        click.echo("  " + _("(No QR code: phones cannot open 127.0.0.1. For the room's Wi-Fi:  make run)"))
    else:
        click.echo(qr_terminal(join))
