"""The live vocabulary: every topic of the hub, every message type, the close codes and limits.

Nothing else spells a topic or a message type: the views, the grading jobs and the sockets use
the names here, so a topic is renamed (or moved to Redis channel names) in one place.

Topics:

- ``learner:<id>``    to one learner: grading results, notes from the trainer, "a phone opened",
                      the trainer's comments on their exercise work
- ``class:<id>``      to every learner of a class: pushes ("open this"), broadcasts, sprints
- ``trainer:<id>``    to the trainer's pages of a class: joins, presence, saves, tries, results,
                      sprints, saves of group projects
- ``watch:<id>``      a learner's files on every autosave (and, while they have a phone link, as
                      they type), for the trainer watching them and for their phone; the
                      threads on their exercise work, for the trainer watching them
- ``phone-link:<id>`` to the phones showing one phone link: it was revoked
- ``project:<id>``    to every open editor of a group project: the members' updates of its
                      co-edited document and their cursors (awareness), its review threads,
                      its plan and its pictures
"""

from __future__ import annotations

# ---- topics


def learner(learner_id: int) -> str:
    return f"learner:{learner_id}"


def classroom(classroom_id: int) -> str:
    return f"class:{classroom_id}"


def trainer(classroom_id: int) -> str:
    return f"trainer:{classroom_id}"


def watch(learner_id: int) -> str:
    return f"watch:{learner_id}"


def phone_link(link_id: int) -> str:
    return f"phone-link:{link_id}"


def project(project_id: int) -> str:
    return f"project:{project_id}"


# ---- message types (the "type" of every message, on a socket or inside the server)

HELLO = "hello"  # server → every socket, on connect (and after dropped messages)
PING = "ping"  # server → every socket, when idle
ERROR = "error"  # server → a socket, after a refused request
PUSH = "push"  # class: the trainer asks everyone to open an exercise (or stops asking)
MESSAGE = "message"  # class: a broadcast
NOTE = "note"  # learner: a note to one learner
RESULT = "result"  # learner and trainer: a grading result
REMOVED = "removed"  # learner and trainer: the trainer removed a learner from the class
PHONE = "phone"  # learner: a phone opened one of their links; the editor answers with FILES
FILES = "files"  # watch, and learner → server: a learner's files
GRID = "grid"  # server → trainer: the whole dashboard
ROWS = "rows"  # server → trainer: some learners' rows of it
REVOKED = "revoked"  # phone-link, and server → phone: the link stopped working
JOINED = "joined"  # trainer: a learner joined the class
PRESENCE = "presence"  # trainer: a learner's page opened or closed
SAVED = "saved"  # trainer: a learner's work was saved
SUBMITTED = "submitted"  # trainer: a learner pressed Check
PUSHED = "pushed"  # trainer: the class's push changed
RENAMED = "renamed"  # trainer: a learner was renamed
WATCH_LEARNER = "watch"  # trainer → server: show me this learner's files
UNWATCH = "unwatch"  # trainer → server: stop
PROJECT = "project"  # projector → server: show these learners' apps
SPRINT = "sprint"  # class and trainer: the class's timed sprint started or ended
PROJECT_SAVED = "project-saved"  # trainer: a group project's files were saved (the review follows)
# The project socket (co-editing, docs/projects.md): the y-protocol's sync and awareness, as JSON
# with the bytes in base64.
SYNC = "sync"  # client → server: its state vector (sync step 1); server → client: what it lacks (step 2)
UPDATE = "update"  # client → server: a change, with an id; project: a change, for the other editors
ACK = "ack"  # server → client: the update with this id is stored
AWARENESS = "awareness"  # both ways, and project: who is here, their cursor and selection
WHO = "who"  # project, and server → client: someone opened the project: say who you are again
# A review thread, whole (new, answered, resolved): on project, and server → client; on learner
# and watch, a thread on a learner's exercise work (with its learner and exercise).
COMMENT = "comment"
PLAN = "plan"  # project, and server → client: the assignment ({assignment, revision}) or the stories changed
ASSETS = "assets"  # project, and server → client: its pictures changed ({assets, frame_url, limits})

# The errors a socket answers with.
NOT_ALLOWED = "not-allowed"
NO_SUCH_LEARNER = "no-such-learner"
TOO_MANY = "too-many"
BAD_FILES = "bad-files"
TOO_BIG = "too-big"
BAD_UPDATE = "bad-update"

# ---- close codes and limits (4000-4999 are for applications)

CLOSE_REMOVED = 4403  # a learner the trainer removed from the class
CLOSE_REVOKED = 4404  # a phone whose link was revoked
CLOSE_LEFT = 4410  # a project editor whose learner is no longer in the group (or the project is gone)
CLOSE_TOO_BIG = 1009

MAX_MESSAGE_BYTES = 4096
# What the editor types, relayed to the learner's phone: the whole file set in one message.
MAX_TYPING_BYTES = 1024 * 1024
# The projector view shows at most this many learners' apps at once.
MAX_PROJECTED = 12
