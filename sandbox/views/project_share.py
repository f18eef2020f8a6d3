"""Show and share a group project: publish its app on the publish origin (with a QR code), and
download it with its technical assignment as a zip (docs/projects.md, "Show and share").

Who may do what is the project page's (tests/web/test_permissions.py): its members and the trainer
of its class; everyone else gets 404. Publishing and unpublishing are changes (the CSRF header).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import gettext as _

from ..errors import NotFound, SandboxError
from ..publish import THEME, app_path, publish_base
from ..qr import qr_svg
from ..store import Project
from ..takehome import AssignmentSheet, build_project_zip, folder_name
from . import services
from .api import parse_files
from .projects import ASSIGNMENT_LABELS, STATUS_NAMES, _problem_label, project_for_viewer
from .takehome import DEFAULT_THEME, MAX_NAME_CHARS, clean_name, published_json

bp = Blueprint("project_share", __name__)


def _published_json(project: Project, published) -> dict:
    return published_json(published, f"/projects/{project.id}/published/qr.svg")


@bp.get("/api/projects/<int:project_id>/published")
def published_state(project_id: int):
    """Say whether the project's app is published, and where."""
    project, _viewer = project_for_viewer(project_id)
    return _published_json(project, services().store.published_project(project.id))


@bp.put("/api/projects/<int:project_id>/published")
def publish(project_id: int):
    """Publish the project's app as it is now (or again: same address, new snapshot, next version)."""
    project, _viewer = project_for_viewer(project_id, change=True)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise SandboxError(_("We could not read that request: it must be a JSON object."))
    files = dict(project.files)
    if body.get("files") is not None:
        # What the member's editor shows (the group's document, with typing not yet stored).
        files.update(
            parse_files(project.files, body["files"], current_app.config["MAX_FILE_BYTES"], "project")
        )
    theme = body.get("theme") or DEFAULT_THEME
    if not isinstance(theme, str) or not THEME.match(theme):
        raise SandboxError(_("Pick a colour for your app."))
    name = clean_name(body.get("name"), project.name[:MAX_NAME_CHARS].strip())
    try:
        published = services().store.publish_project(project.id, files, name, theme.lower())
    except LookupError:  # deleted since it was read
        raise NotFound(_("There is no such project, or you are not in its group.")) from None
    return _published_json(project, published)


@bp.delete("/api/projects/<int:project_id>/published")
def unpublish(project_id: int):
    """Take the project's app offline: its address stops working."""
    project, _viewer = project_for_viewer(project_id, change=True)
    if not services().store.unpublish_project(project.id):
        raise NotFound(_("This app is not published."))
    return {"published": False}


@bp.get("/projects/<int:project_id>/published/qr.svg")
def published_qr(project_id: int):
    """A QR code of the project's published app, to open it on a phone."""
    project, _viewer = project_for_viewer(project_id)
    published = services().store.published_project(project.id)
    if published is None:
        raise NotFound(_("This app is not published."))
    url = publish_base(current_app.config, request.host, request.scheme) + app_path(published.slug)
    response = Response(qr_svg(url, scale=6), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def assignment_sheet(project: Project) -> tuple[AssignmentSheet, list[str], list]:
    """The assignment's words in the asking person's language, the members' names and the stories."""
    store = services().store
    names = {learner.id: learner.name or "" for learner in store.learners_of(project.classroom_id)}
    members = [names.get(m, "") for m in project.members]
    stories = store.stories(project.id)
    facts = " · ".join(
        (
            _problem_label(project),
            _("Members") + ": " + (", ".join(members) or "—"),
            _("Group code") + ": " + project.code,
        )
    )
    sheet = AssignmentSheet(
        title=_("Technical assignment") + ": " + project.name,
        facts=facts,
        fields=tuple(
            (str(label), project.assignment.get(key, "")) for key, label in ASSIGNMENT_LABELS.items()
        ),
        stories_title=_("What the app must do"),
        stories=tuple(
            (
                story.status == "done",
                _("As a %(role)s I can %(action)s", role=story.role, action=story.action)
                + f" ({STATUS_NAMES[story.status]})",
            )
            for story in stories
        ),
    )
    return sheet, members, stories


@bp.get("/projects/<int:project_id>/download.zip")
def download(project_id: int):
    """Send the project's files, a README and the technical assignment (Markdown and HTML) as a zip."""
    project, _viewer = project_for_viewer(project_id)
    sheet, members, stories = assignment_sheet(project)
    # The printable page, standing alone: its style inside it, nothing to fetch, so it opens from the disk.
    sheet_html = render_template(
        "projects/assignment_file.html",
        project=project,
        members=members,
        problem=_problem_label(project),
        fields=ASSIGNMENT_LABELS,
        stories=stories,
        statuses=STATUS_NAMES,
    )
    folder = folder_name(project.name, f"project-{project.id}")
    pictures = services().store.project_asset_data(project.id)  # under assets/, where the app finds them
    body = build_project_zip(
        folder, project.name, project.files, sheet, sheet_html, project.updated_at, pictures
    )
    response = Response(body, mimetype="application/zip")
    # The folder name is plain ASCII (folder_name), so it needs no quoting.
    response.headers["Content-Disposition"] = f'attachment; filename="{folder}.zip"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
