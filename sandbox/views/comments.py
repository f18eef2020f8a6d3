"""A mentor's review of a group project: comments on lines of its files, answered and resolved by
the group, seen live by everyone who has the project open (docs/mentors.md).

Who may do what (tests/web/test_permissions.py): whoever may open the project (its members, its
class's trainer, a mentor it is shared with) reads the threads, answers and resolves them; only
the trainer and mentors start one (a learner gets 403); everyone else gets 404.
"""

from __future__ import annotations

from flask import Blueprint, request, url_for
from flask_babel import gettext as _

from ..coedit.anchors import Anchor, check_position, find_lines, lines_now
from ..errors import Forbidden, NotFound, SandboxError, TooLarge
from ..live import events as live
from ..live.coediting import decode, encode
from ..store import Comment, Project
from ..store.models import is_row_id
from . import services
from .projects import Viewer, project_for_viewer

bp = Blueprint("comments", __name__)

MAX_COMMENT_CHARS = 2000
MAX_COMMENTS = 500  # a project's threads
MAX_REPLIES = 100  # a thread's answers
MAX_LINES = 200  # the lines one comment may cover


def thread_fields(comment, lines: tuple[int, int] | None) -> dict:
    """A thread as pages get it (a project's, or one on a learner's exercise work:
    views/work_comments.py): where it is now (or where it was made, if its code is gone)."""
    line, end_line = lines if lines is not None else (comment.line, comment.end_line)
    return {
        "id": comment.id,
        "file": comment.file,
        "line": line,
        "endLine": end_line,
        "quote": comment.quote,
        "author": {"name": comment.author_name, "role": comment.author_role},
        "text": comment.text,
        "at": comment.created_at.isoformat() + "Z",
        "resolved": comment.resolved_at is not None,
        "resolvedBy": comment.resolved_by,
        "replies": [
            {
                "id": reply.id,
                "author": {"name": reply.author_name, "role": reply.author_role},
                "text": reply.text,
                "at": reply.created_at.isoformat() + "Z",
            }
            for reply in comment.replies
        ],
    }


def thread_json(comment: Comment, lines: tuple[int, int] | None) -> dict:
    """A project's thread, with its two Yjs positions (the page reads the exact lines from them)."""
    return {**thread_fields(comment, lines), "start": encode(comment.start), "end": encode(comment.end)}


def threads_json(project: Project, found: list[Comment] | None = None) -> list[dict]:
    """The project's threads, each with the lines it covers in the files as they are now (where
    the text it was made on is; the page reads the exact place from the positions)."""
    store = services().store
    if found is None:
        found = store.comments_of(project.id)
    files = store.get_project(project.id).files if found else {}
    return [
        thread_json(c, lines_now(files[c.file], c.quote, c.line, c.end_line) if c.file in files else None)
        for c in found
    ]


def review_data(project: Project, viewer: Viewer) -> dict:
    """What the project page needs of the review: the threads, and whether this viewer starts them."""
    return {
        "url": url_for("comments.comments", project_id=project.id),
        "threads": threads_json(project),
        "mayStart": viewer.role in ("trainer", "mentor"),
        "readOnly": viewer.role == "mentor",
    }


def json_object() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise SandboxError(_("We could not read that request: it must be a JSON object."))
    return body


def post_text(body: dict) -> str:
    raw = body.get("text")
    if not isinstance(raw, str) or not raw.strip():
        raise SandboxError(_("Write something first."))
    text = raw.replace("\r\n", "\n").strip()
    if len(text) > MAX_COMMENT_CHARS:
        raise TooLarge(_("A comment is at most %(count)d characters.", count=MAX_COMMENT_CHARS))
    return text


def commented_lines(body: dict, files, not_a_file: str) -> tuple[str, int, int, str | None]:
    """The file, first and last line and the text seen there of a new comment: {file, line,
    endLine, seen}, a 400 in the person's language for a file not in `files` or a bad range."""
    name = body.get("file")
    if not isinstance(name, str) or name not in files:
        raise SandboxError(not_a_file)
    first = line_number(body.get("line"))
    last = line_number(body.get("endLine", first))
    if last < first or last - first >= MAX_LINES:
        raise SandboxError(_("A comment covers from one to %(count)d lines.", count=MAX_LINES))
    seen = body.get("seen") if isinstance(body.get("seen"), str) else None
    return name, first, last, seen


def line_number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 1_000_000:
        raise SandboxError(_("Choose a line of the file to comment on."))
    return value


def _comment_id(comment_id: int) -> int:
    if not is_row_id(comment_id):
        raise NotFound(_("This project has no such comment."))
    return comment_id


def _publish(project: Project, comment: Comment | None) -> dict:
    if comment is None:
        raise NotFound(_("This project has no such comment."))
    thread = threads_json(project, [comment])[0]
    live.comment_changed(project.id, thread)
    return thread


@bp.get("/api/projects/<int:project_id>/comments")
def comments(project_id: int):
    """The project's review threads, each on the lines it covers now."""
    project, _viewer = project_for_viewer(project_id)
    return {"threads": threads_json(project)}


@bp.post("/api/projects/<int:project_id>/comments")
def start(project_id: int):
    """The trainer or a mentor comments on lines of a file: {file, line, endLine, seen, start, end,
    text}; start and end are Yjs relative positions (base64) the page made (coedit/anchors.py)."""
    project, viewer = project_for_viewer(project_id)
    if viewer.role == "learner":
        raise Forbidden(_("The trainer and mentors start comments; answer theirs below the code."))
    body = json_object()
    name, first, last, seen = commented_lines(body, project.files, _("Choose a file of this project."))
    positions = [decode(body.get(key)) for key in ("start", "end")]
    if any(data is None or not check_position(data, name) for data in positions):
        raise SandboxError(_("Choose the lines in the code editor, then comment."))
    text = post_text(body)
    store = services().store
    if len(store.comments_of(project.id)) >= MAX_COMMENTS:
        raise SandboxError(_("A project has at most %(count)d comments.", count=MAX_COMMENTS))
    code = store.get_project(project.id).files[name]
    found = find_lines(code, first, last, seen)
    if found is None or not code:
        raise SandboxError(_("“%(file)s” has no line %(line)d.", file=name, line=last))
    lines = code.split("\n")
    anchor = Anchor(*positions, found[0], found[1], "\n".join(lines[found[0] - 1 : found[1]]))
    comment = store.add_comment(project.id, name, anchor, viewer.role, viewer.name, text)
    return _publish(project, comment), 201


@bp.post("/api/projects/<int:project_id>/comments/<int:comment_id>/replies")
def answer(project_id: int, comment_id: int):
    """Answer in a thread: {text}."""
    project, viewer = project_for_viewer(project_id)
    text = post_text(json_object())
    store = services().store
    found = store.get_comment(project.id, _comment_id(comment_id))
    if found is not None and len(found.replies) >= MAX_REPLIES:
        raise SandboxError(_("A thread has at most %(count)d answers.", count=MAX_REPLIES))
    thread = store.add_reply(project.id, _comment_id(comment_id), viewer.role, viewer.name, text)
    return _publish(project, thread), 201


@bp.patch("/api/projects/<int:project_id>/comments/<int:comment_id>")
def resolve(project_id: int, comment_id: int):
    """Mark a thread resolved, or open it again: {resolved: true/false}."""
    project, viewer = project_for_viewer(project_id)
    resolved = json_object().get("resolved")
    if not isinstance(resolved, bool):
        raise SandboxError(_("“resolved” must be true or false."))
    thread = services().store.resolve_comment(project.id, _comment_id(comment_id), resolved, viewer.name)
    return _publish(project, thread)
