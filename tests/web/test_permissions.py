"""Who may do what: every route and websocket, tried by everyone who must be refused, and by its owner.

The routes are read from the app's URL map. Each one is either in PUBLIC (with the reason) or in
ROUTES (whose it is); a route added later without a line here fails
test_every_route_is_classified, so nothing new is left untested.

For each route in ROUTES, everyone who is not allowed is refused the way the design says, and
nothing changed (every database table, the grading queue, the exercises folder and the grader's
findings are compared before and after):

| whose route                 | no session  | a learner | another trainer | a made-up API token |
|-----------------------------|-------------|-----------|-----------------|---------------------|
| a trainer page of a class   | login page  | login page| 404             | 401                 |
| a trainer page (any trainer)| login page  | login page| allowed         | 401                 |
| the trainer API of a class  | 403         | 403       | 404             | 401                 |
| the trainer API (any)       | 403         | 403       | allowed         | 401                 |
| a learner's own API         | 403         | (owner)   | 403 (any trainer)| 401                |
| a group project             | 404         | 404 (not in the group) | 404 | 401              |
| a mentor's page             | mentor login| mentor login | mentor login | 401              |

A mentor (docs/mentors.md) is refused every trainer and learner route (the trainer's login page, or
403 from the API); a mentor a project is shared with reads it and comments on it, but gets 403 for
anything that changes it; a mentor of another project (of the same class) gets 404 for this one.
Only the trainer and mentors start a comment thread: a member of the group gets 403.

"No session" is a browser that has nothing but a CSRF token (so the refusal is about who it is,
not a missing token); a state-changing request with no cookie at all is refused too (403). A
learner of another class may use the learner API for their own work only: they never see or
change the owner's. 404 for another trainer's class is on purpose: classes are never revealed.
A group project is its members' and its class's trainer's: a classmate outside the group, a learner
of another class and another trainer all get 404, as if it did not exist.
Then the owner succeeds, so the test cannot pass by refusing everyone.

The websockets are refused before the handshake with no session, the wrong role, another
trainer and a foreign (or opaque) Origin; every message type a socket knows, sent by someone
who may not send it, is answered with an error and changes no table and no subscription.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import inspect, text

from sandbox.app import create_app
from sandbox.store import project_timeline
from tests.support import FIXTURE_EXERCISES
from tests.support.coedit import line_anchors
from tests.support.pictures import png
from tests.support.web import (
    TOKEN,
    exercise_folder,
    heading_result,
    join,
    refused,
    sign_in,
    with_csrf,
    zip_of,
)

LOGIN = "the trainer login page"

# Trainer pages and API of one class: only the trainer who owns it.
CLASS_PAGE, CLASS_API = "class page", "class api"
# Trainer pages and API shared by every trainer (the exercises, their own list of classes).
TRAINER_PAGE, TRAINER_API = "trainer page", "trainer api"
# The learner's own work, found from their session: no id of anyone else's in the URL.
LEARNER_API = "learner api"
# A group project: its members (learners of its class in its group), the trainer of its class and
# the mentors it is shared with, who may read it but not change it (PROJECT_CHANGE).
PROJECT_PAGE, PROJECT_API, PROJECT_CHANGE = "project page", "project api", "project change"
# Starting a comment thread on a project: the trainer and its mentors (the owner here: a mentor).
REVIEW_START = "review start"
# A mentor's own pages (docs/mentors.md).
MENTOR_PAGE = "mentor page"
MENTOR_LOGIN = "the mentor login page"
NOBODY_ELSE = {
    "no session": 404,
    "classmate": 404,
    "other learner": 404,
    "other trainer": 404,
    "other mentor": 404,
}

REFUSED: dict[str, dict[str, int | str]] = {
    CLASS_PAGE: {
        "no session": LOGIN,
        "learner": LOGIN,
        "mentor": LOGIN,
        "other trainer": 404,
        "made-up token": 401,
    },
    TRAINER_PAGE: {"no session": LOGIN, "learner": LOGIN, "mentor": LOGIN, "made-up token": 401},
    CLASS_API: {"no session": 403, "learner": 403, "mentor": 403, "other trainer": 404, "made-up token": 401},
    TRAINER_API: {"no session": 403, "learner": 403, "mentor": 403, "made-up token": 401},
    LEARNER_API: {
        "no session": 403,
        "owner trainer": 403,
        "other trainer": 403,
        "mentor": 403,
        "made-up token": 401,
    },
    PROJECT_PAGE: {**NOBODY_ELSE, "made-up token": 401},
    PROJECT_API: {**NOBODY_ELSE, "made-up token": 401},
    PROJECT_CHANGE: {**NOBODY_ELSE, "mentor": 403, "made-up token": 401},
    REVIEW_START: {**NOBODY_ELSE, "learner": 403, "made-up token": 401},
    MENTOR_PAGE: {
        "no session": MENTOR_LOGIN,
        "learner": MENTOR_LOGIN,
        "owner trainer": MENTOR_LOGIN,
        "made-up token": 401,
    },
}


@dataclass(frozen=True)
class Route:
    """Whose a route is, what the owner sends, and what the owner gets."""

    whose: str
    owner: int
    body: dict | None = None  # JSON under /api, a form elsewhere
    upload: bool = False  # the body also carries an exercise zip
    picture: bool = False  # the body is a picture, uploaded as a form's file (multipart)
    # For learner routes a learner of another class may call: what they must never see, and what
    # they get when the URL names something of the owner's (None: as the owner, for their own).
    hides: tuple[str, ...] = field(default_factory=tuple)
    stranger: int | None = None


# Every route that is not public, by (method, rule as in app.url_map).
ROUTES: dict[tuple[str, str], Route] = {
    # trainer pages of one class
    ("GET", "/trainer/classes/<int:classroom_id>"): Route(CLASS_PAGE, 200),
    ("POST", "/trainer/classes/<int:classroom_id>"): Route(CLASS_PAGE, 302, {"name": "Renamed"}),
    ("POST", "/trainer/classes/<int:classroom_id>/learners/<int:learner_id>"): Route(
        CLASS_PAGE, 302, {"action": "remove"}
    ),
    ("GET", "/trainer/classes/<int:classroom_id>/qr.svg"): Route(CLASS_PAGE, 200),
    ("GET", "/trainer/classes/<int:classroom_id>/sheet"): Route(CLASS_PAGE, 200),
    ("GET", "/trainer/classes/<int:classroom_id>/export.csv"): Route(CLASS_PAGE, 200),
    ("GET", "/trainer/classes/<int:classroom_id>/export.json"): Route(CLASS_PAGE, 200),
    ("GET", "/trainer/classes/<int:classroom_id>/projector"): Route(CLASS_PAGE, 200),
    ("POST", "/trainer/classes/<int:classroom_id>/regrade"): Route(
        CLASS_PAGE, 302, {"exercise": "hello", "action": "remove"}
    ),
    ("POST", "/trainer/classes/<int:classroom_id>/projects"): Route(
        CLASS_PAGE, 302, {"name": "Group B", "problem": "poverty", "template": "blank"}
    ),
    ("POST", "/trainer/classes/<int:classroom_id>/projects/<int:project_id>"): Route(
        CLASS_PAGE, 302, {"name": "Renamed project"}
    ),
    ("GET", "/trainer/classes/<int:classroom_id>/review"): Route(CLASS_PAGE, 200),
    # trainer pages for every trainer
    ("GET", "/trainer/"): Route(TRAINER_PAGE, 200),
    ("POST", "/trainer/classes"): Route(TRAINER_PAGE, 302, {"name": "Day 2"}),
    ("POST", "/trainer/token"): Route(TRAINER_PAGE, 200),
    ("GET", "/trainer/exercises"): Route(TRAINER_PAGE, 200),
    ("GET", "/trainer/library"): Route(TRAINER_PAGE, 200),
    ("POST", "/trainer/classes/<int:classroom_id>/library"): Route(
        CLASS_PAGE, 302, {"exercise": "hello", "action": "remove"}
    ),
    ("POST", "/trainer/exercises"): Route(TRAINER_PAGE, 302, upload=True),
    ("POST", "/trainer/exercises/<exercise_id>/check"): Route(TRAINER_PAGE, 302),
    # the trainer API of one class
    ("GET", "/api/trainer/classes/<int:classroom_id>/dashboard"): Route(CLASS_API, 200),
    ("POST", "/api/trainer/classes/<int:classroom_id>/push"): Route(CLASS_API, 200, {"exercise": "hello"}),
    ("POST", "/api/trainer/classes/<int:classroom_id>/broadcast"): Route(CLASS_API, 201, {"text": "Lunch"}),
    ("GET", "/api/trainer/classes/<int:classroom_id>/messages"): Route(CLASS_API, 200),
    ("POST", "/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/note"): Route(
        CLASS_API, 201, {"text": "Close the h1 tag"}
    ),
    ("GET", "/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/notes"): Route(CLASS_API, 200),
    ("GET", "/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/work"): Route(CLASS_API, 200),
    (
        "GET",
        "/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/versions/<exercise_id>",
    ): Route(CLASS_API, 200),
    # the trainer's comments on a learner's exercise work (docs/mentors.md), from the watch view
    (
        "GET",
        "/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/comments/<exercise_id>",
    ): Route(CLASS_API, 200),
    (
        "POST",
        "/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/comments/<exercise_id>",
    ): Route(CLASS_API, 201, {"file": "index.html", "line": 1, "text": "A good heading"}),
    (
        "POST",
        "/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/comments/<exercise_id>"
        "/<int:work_comment_id>/replies",
    ): Route(CLASS_API, 201, {"text": "And a subtitle?"}),
    (
        "PATCH",
        "/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/comments/<exercise_id>"
        "/<int:work_comment_id>",
    ): Route(CLASS_API, 200, {"resolved": True}),
    ("POST", "/api/trainer/classes/<int:classroom_id>/sprint"): Route(CLASS_API, 201, {"minutes": 40}),
    ("DELETE", "/api/trainer/classes/<int:classroom_id>/sprint"): Route(CLASS_API, 200),
    # the trainer API for every trainer
    ("GET", "/api/trainer/exercises"): Route(TRAINER_API, 200),
    ("POST", "/api/trainer/exercises"): Route(TRAINER_API, 201, upload=True),
    # a learner's own work
    ("GET", "/api/work/<exercise_id>"): Route(LEARNER_API, 200, hides=("Farrukh's heading",)),
    ("PUT", "/api/work/<exercise_id>"): Route(
        LEARNER_API, 200, {"files": {"index.html": "<h1>Hello"}, "revision": 1, "step": "heading"}
    ),
    ("GET", "/api/work/<exercise_id>/versions"): Route(LEARNER_API, 200, hides=("Farrukh's heading",)),
    # the trainer's comments on it: the learner reads, answers and resolves them (a stranger: 404)
    ("GET", "/api/work/<exercise_id>/comments"): Route(LEARNER_API, 200, hides=("A heading?",)),
    ("POST", "/api/work/<exercise_id>/comments/<int:work_comment_id>/replies"): Route(
        LEARNER_API, 201, {"text": "Yes"}, stranger=404
    ),
    ("PATCH", "/api/work/<exercise_id>/comments/<int:work_comment_id>"): Route(
        LEARNER_API, 200, {"resolved": True}, stranger=404
    ),
    ("POST", "/api/submissions"): Route(
        LEARNER_API, 202, {"exercise": "hello", "step": "heading", "files": {"index.html": "<h1>Hello"}}
    ),
    ("GET", "/api/submissions/<int:submission_id>"): Route(LEARNER_API, 200, stranger=404),
    ("GET", "/api/exercises/<exercise_id>/submissions"): Route(LEARNER_API, 200),
    ("GET", "/api/live"): Route(LEARNER_API, 200, hides=("Day 1", "Only for Farrukh")),
    # a learner's own phone links, published app and take-home zip
    ("POST", "/api/phone-links"): Route(LEARNER_API, 201, {"exercise": "hello"}),
    ("GET", "/api/phone-links/<exercise_id>"): Route(LEARNER_API, 200, hides=("/phone/",)),
    ("DELETE", "/api/phone-links/<int:link_id>"): Route(LEARNER_API, 200, stranger=404),
    ("GET", "/api/published/<exercise_id>"): Route(LEARNER_API, 200, hides=('"published":true',)),
    ("PUT", "/api/published/<exercise_id>"): Route(LEARNER_API, 200, {"name": "Mine", "theme": "#2563eb"}),
    ("DELETE", "/api/published/<exercise_id>"): Route(LEARNER_API, 200, stranger=404),
    ("GET", "/exercises/<exercise_id>/published/qr.svg"): Route(LEARNER_API, 200, stranger=404),
    ("GET", "/exercises/<exercise_id>/take-home.zip"): Route(LEARNER_API, 200),
    # a learner joins a group of their class by its code, or starts a project if the class allows
    ("POST", "/projects/join"): Route(LEARNER_API, 302, {"code": "<other group code>"}, stranger=404),
    ("POST", "/projects"): Route(
        LEARNER_API, 302, {"name": "Ours", "problem": "environment", "template": "tabs"}, stranger=403
    ),
    # a group project: its members and its class's trainer
    ("GET", "/projects/<int:project_id>"): Route(PROJECT_PAGE, 200),
    ("GET", "/projects/<int:project_id>/assignment"): Route(PROJECT_PAGE, 200),
    ("GET", "/api/projects/<int:project_id>"): Route(PROJECT_API, 200),
    ("PUT", "/api/projects/<int:project_id>/files"): Route(
        PROJECT_CHANGE, 200, {"files": {"index.html": "<h1>Ours"}, "revision": 1}
    ),
    ("PUT", "/api/projects/<int:project_id>/assignment"): Route(
        PROJECT_CHANGE, 200, {"assignment": {"problem": "Pipes leak"}, "revision": 0}
    ),
    ("POST", "/api/projects/<int:project_id>/stories"): Route(
        PROJECT_CHANGE, 201, {"role": "resident", "action": "report a leak"}
    ),
    ("PATCH", "/api/projects/<int:project_id>/stories/<int:story_id>"): Route(
        PROJECT_CHANGE, 200, {"status": "doing"}
    ),
    ("DELETE", "/api/projects/<int:project_id>/stories/<int:story_id>"): Route(PROJECT_CHANGE, 200),
    # a group project's published app (published in the world below) and its zip
    ("GET", "/api/projects/<int:project_id>/published"): Route(PROJECT_API, 200),
    ("PUT", "/api/projects/<int:project_id>/published"): Route(PROJECT_CHANGE, 200, {"name": "Clean water"}),
    ("DELETE", "/api/projects/<int:project_id>/published"): Route(PROJECT_CHANGE, 200),
    ("GET", "/projects/<int:project_id>/published/qr.svg"): Route(PROJECT_PAGE, 200),
    ("GET", "/projects/<int:project_id>/download.zip"): Route(PROJECT_PAGE, 200),
    # how the group's app was built (docs/history.md): its versions, and bringing one back
    # a project's pictures (views/project_assets.py): a mentor lists them, only the group changes them
    ("GET", "/api/projects/<int:project_id>/assets"): Route(PROJECT_API, 200),
    ("POST", "/api/projects/<int:project_id>/assets"): Route(PROJECT_CHANGE, 201, picture=True),
    ("DELETE", "/api/projects/<int:project_id>/assets/<name>"): Route(PROJECT_CHANGE, 200),
    ("GET", "/api/projects/<int:project_id>/versions"): Route(PROJECT_API, 200),
    ("POST", "/api/projects/<int:project_id>/versions/<int:number>/restore"): Route(PROJECT_CHANGE, 200, {}),
    # a mentor's review (docs/mentors.md): threads of comments on lines of a project's files
    ("GET", "/api/projects/<int:project_id>/comments"): Route(PROJECT_API, 200),
    ("POST", "/api/projects/<int:project_id>/comments"): Route(
        REVIEW_START, 201, {"<anchors>": "index.html", "text": "Give the page a title"}
    ),
    ("POST", "/api/projects/<int:project_id>/comments/<int:comment_id>/replies"): Route(
        PROJECT_API, 201, {"text": "Done"}
    ),
    ("PATCH", "/api/projects/<int:project_id>/comments/<int:comment_id>"): Route(
        PROJECT_API, 200, {"resolved": True}
    ),
    # the trainer invites mentors and shares the class's projects with them
    ("POST", "/trainer/classes/<int:classroom_id>/mentors"): Route(CLASS_PAGE, 200, {"name": "Ivan"}),
    ("POST", "/trainer/classes/<int:classroom_id>/mentors/<int:mentor_id>"): Route(
        CLASS_PAGE, 302, {"action": "share"}
    ),
    # the mentor's own page: the projects shared with them
    ("GET", "/mentor/"): Route(MENTOR_PAGE, 200),
}

# Routes anyone may call, by design.
PUBLIC: dict[tuple[str, str], str] = {
    ("GET", "/"): "the list of exercises: the first page anyone sees",
    ("GET", "/api/exercises"): "the list of exercises as JSON: titles and step ids, nobody's work",
    ("GET", "/exercises/<exercise_id>"): "opens an exercise; a new browser becomes a new learner here",
    ("GET", "/exercises/<exercise_id>/<step_id>"): "the exercise page; a new browser becomes a new learner",
    ("GET", "/exercises/<exercise_id>/frame"): "the empty sandboxed page the learner's app is written into",
    # A group project's app in its sandboxed frame, which sends no cookie: the address holds the
    # project's capability key (an HMAC of its id), known only to who may open the project; a wrong
    # key is 404 (tests/web/test_project_assets.py).
    (
        "GET",
        "/projects/<int:project_id>/app/<key>/<tag>/frame",
    ): "the empty sandboxed page of a project's app",
    ("GET", "/projects/<int:project_id>/app/<key>/<tag>/assets/<name>"): "a project's picture, for its app",
    ("GET", "/exercises/<exercise_id>/assets/<path:filename>"): "images an exercise ships for the app",
    ("GET", "/static/<path:filename>"): "our CSS and scripts",
    ("GET", "/favicon.ico"): "the site icon browsers ask for on every page",
    ("GET", "/join"): "asks for a class code",
    ("POST", "/join"): "looks up a class code (only open classes; a wrong code is a plain 400)",
    ("GET", "/join/<code>"): "the join page of a class, for whoever has its code",
    ("POST", "/join/<code>"): "joining with the code and a name is how a learner gets in",
    ("GET", "/resume"): "asks for a resume code",
    ("POST", "/resume"): "continuing on another device with one's own resume code",
    ("GET", "/trainer/login"): "the sign-in page",
    ("POST", "/trainer/login"): "signing in (rate-limited, tested in test_classroom.py)",
    ("POST", "/trainer/logout"): "ends whatever session the browser has, its own only",
    ("GET", "/mentor/login"): "the mentor's sign-in page",
    ("POST", "/mentor/login"): "a mentor signing in (rate-limited like the trainer's)",
    ("POST", "/mentor/logout"): "ends whatever session the browser has, its own only",
    ("GET", "/mentor/invite/<code>"): "an invite link: its one-time code is the key (test_mentors.py)",
    ("POST", "/mentor/invite/<code>"): "choosing a password with an invite code; a wrong code is 404",
    ("GET", "/phone/<token>"): "a phone link: its secret token is the key to one app (test_phone.py)",
    ("GET", "/api/phone/<token>"): "the same app as JSON, for the phone's re-sync; a wrong token is 404",
    ("GET", "/healthz"): "a load balancer's probe: this process answers; says nothing of anyone",
    (
        "GET",
        "/readyz",
    ): "a load balancer's probe: database, Redis, grading answer (test_serving.py); nobody's data",
}

# Websockets: checked before the handshake (see the websocket tests below).
WEBSOCKETS = {
    "/live": "a learner's pages: results, notes, pushes, broadcasts",
    "/live/classes/<int:classroom_id>": "the dashboard of the trainer who owns the class",
    "/live/classes/<int:classroom_id>/projector": "the projector view of the trainer who owns the class",
    "/live/phone/<token>": "a phone showing one learner's app, opened with a phone link's token",
    "/live/projects/<int:project_id>": (
        "a group project's co-editing: its members, its class's trainer, the mentors it is shared with"
    ),
}


# ---- the world: two trainers, each with a class and a learner who has saved and pressed Check


@dataclass
class World:
    app: object
    store: object
    exercises_dir: Path
    owner: FlaskClient  # Amina, who owns class "Day 1"
    other_trainer: FlaskClient  # Boris, with a class of his own
    learner: FlaskClient  # Farrukh, in Amina's class
    other_learner: FlaskClient  # Stranger, in Boris's class
    classroom_id: int
    other_classroom_id: int
    learner_id: int
    submission_id: int
    link_id: int
    project_id: int  # Farrukh's group's project, in Amina's class
    story_id: int  # one of its user stories
    other_code: str  # the group code of another project of Amina's class, Farrukh not in it
    mentor_id: int  # Olga, Amina's mentor: Farrukh's group's project is shared with her
    comment_id: int  # Olga's comment on that project
    classmate: FlaskClient  # Dilnoza, in Amina's class, a member of the other group
    mentor: FlaskClient  # Olga
    other_mentor: FlaskClient  # Ivan, Amina's mentor too, with the other group's project shared
    work_comment_id: int = 0  # Amina's comment on Farrukh's exercise work

    def url(self, rule: str) -> str:
        values = {
            "<int:classroom_id>": self.classroom_id,
            "<int:learner_id>": self.learner_id,
            "<int:submission_id>": self.submission_id,
            "<int:link_id>": self.link_id,
            "<int:project_id>": self.project_id,
            "<int:story_id>": self.story_id,
            "<int:mentor_id>": self.mentor_id,
            "<int:comment_id>": self.comment_id,
            "<int:work_comment_id>": self.work_comment_id,
            "<int:number>": 1,  # the first version of Farrukh's group's project
            "<token>": "a-made-up-token",
            "<exercise_id>": "hello",
            "<step_id>": "heading",
            "<code>": self.store.get_classroom(self.classroom_id).join_code,
            "<path:filename>": "js/i18n.js",
            "<name>": "water.png",  # the picture Farrukh uploaded to his group's project
            "<key>": "a-made-up-key",  # (the project's real one is in its page: test_project_assets.py)
            "<tag>": "v0123456789",
        }
        for part, value in values.items():
            rule = rule.replace(part, str(value))
        assert "<" not in rule, f"add a value for {rule} to World.url"
        return rule

    def client(self, who: str) -> FlaskClient:
        """A client for one of the roles in REFUSED."""
        if who == "no session":
            return with_csrf(self.app.test_client())
        if who == "made-up token":
            client = self.app.test_client()
            client.environ_base["HTTP_AUTHORIZATION"] = "Bearer sbx_made-up"
            return client
        return {
            "learner": self.learner,
            "owner trainer": self.owner,
            "other trainer": self.other_trainer,
            "other learner": self.other_learner,
            "classmate": self.classmate,
            "mentor": self.mentor,
            "other mentor": self.other_mentor,
        }[who]


def copy_exercises(folder: Path) -> Path:
    """A writable copy of the test exercises: the owner's upload installs one here."""
    shutil.copytree(FIXTURE_EXERCISES / "hello", folder / "hello")
    return folder


def _new_class(client, name: str) -> int:
    response = client.post("/trainer/classes", data={"csrf_token": TOKEN, "name": name})
    return int(response.location.rsplit("/", 1)[1])


ROLES = ("owner", "other_trainer", "learner", "other_learner", "classmate", "mentor", "other_mentor")


def _mentor(app, store, trainer_id: int, name: str, project_id: int) -> FlaskClient:
    """A mentor of the trainer's, signed in, with one project shared."""
    _mentor_row, code = store.invite_mentor(trainer_id, name)
    mentor = store.accept_invite(code, "correct horse")
    store.share_projects(mentor.id, [project_id], [project_id])
    client = with_csrf(app.test_client())
    client.post("/mentor/login", data={"csrf_token": TOKEN, "name": name, "password": "correct horse"})
    return with_csrf(client)


@pytest.fixture(scope="module")
def template(tmp_path_factory, databases, grader) -> dict:
    """The world, made once through the real routes: its instance folder, each role's cookie, the ids.

    Each test then starts from a copy of that folder (database, secret key, grading queue), which
    is much faster than signing in and joining again (password hashing is slow on purpose).
    """
    folder = tmp_path_factory.mktemp("template")
    (folder / "instance").mkdir()
    app = create_app(
        {
            "INSTANCE_PATH": str(folder / "instance"),
            "DATABASE_URL": databases.for_instance(folder / "instance"),
            "EXERCISES_DIR": str(copy_exercises(folder / "exercises")),
        },
        grader=grader,
    )
    store = app.extensions["sandbox"].store
    clients = {"owner": sign_in(app, "amina"), "other_trainer": sign_in(app, "boris")}
    classroom_id = _new_class(clients["owner"], "Day 1")
    other_classroom_id = _new_class(clients["other_trainer"], "Boris's class")
    clients["learner"] = join(app, store.get_classroom(classroom_id).join_code, "Farrukh")
    clients["other_learner"] = join(app, store.get_classroom(other_classroom_id).join_code, "Stranger")
    clients["classmate"] = join(app, store.get_classroom(classroom_id).join_code, "Dilnoza")
    learner = clients["learner"]
    learner_id = next(one.id for one in store.learners_of(classroom_id) if one.name == "Farrukh")
    files = {"index.html": "<h1>Farrukh's heading</h1>"}
    saved = learner.put("/api/work/hello", json={"files": files, "revision": 0, "step": "heading"})
    assert saved.status_code == 200
    submitted = learner.post(
        "/api/submissions", json={"exercise": "hello", "step": "heading", "files": files}
    )
    # Graded, so that he may press Check again.
    store.save_result(submitted.json["id"], "fail", heading_result("fail").to_dict())
    note = f"/api/trainer/classes/{classroom_id}/learners/{learner_id}/note"
    assert clients["owner"].post(note, json={"text": "Only for Farrukh"}).status_code == 201
    link = learner.post("/api/phone-links", json={"exercise": "hello"}).json["link"]
    assert learner.put("/api/published/hello", json={"name": "Farrukh's app"}).status_code == 200
    # Group projects: the class lets learners start them; Farrukh's group has one with a story, and
    # Dilnoza's group another; a sprint of the class is running.
    owner_post = {"csrf_token": TOKEN}
    clients["owner"].post(
        f"/trainer/classes/{classroom_id}",
        data={**owner_post, "projects_setting": "1", "learner_projects": "1"},
    )
    project = {**owner_post, "problem": "healthcare", "template": "reports"}
    made_url = f"/trainer/classes/{classroom_id}/projects"
    clients["owner"].post(made_url, data={**project, "name": "Clean water", "members": str(learner_id)})
    dilnoza = next(one.id for one in store.learners_of(classroom_id) if one.name == "Dilnoza")
    clients["owner"].post(made_url, data={**project, "name": "Other group", "members": str(dilnoza)})
    ours, theirs = store.projects_of(classroom_id)
    story = learner.post(f"/api/projects/{ours.id}/stories", json={"role": "resident", "action": "report"})
    assert story.status_code == 201
    assert learner.put(f"/api/projects/{ours.id}/published", json={}).status_code == 200
    picture = {"file": (io.BytesIO(png()), "water.png", "image/png")}
    uploaded = learner.post(
        f"/api/projects/{ours.id}/assets", data=picture, content_type="multipart/form-data"
    )
    assert uploaded.status_code == 201
    with store.session() as db, db.begin():  # its first version: the files it started from
        project_timeline.record(db, ours.id, ours.files)
    started = clients["owner"].post(f"/api/trainer/classes/{classroom_id}/sprint", json={"minutes": 40})
    assert started.status_code == 201
    # Mentors: Olga follows Farrukh's group's project, Ivan the other group's; Olga commented.
    amina = store.trainer_by_name("amina").id
    clients["mentor"] = _mentor(app, store, amina, "Olga", ours.id)
    clients["other_mentor"] = _mentor(app, store, amina, "Ivan", theirs.id)
    on_line_2 = line_anchors(clients["mentor"], ours.id, "index.html", 2, 2)
    made = clients["mentor"].post(f"/api/projects/{ours.id}/comments", json={**on_line_2, "text": "A title?"})
    assert made.status_code == 201
    olga = next(one.id for one in store.mentors_of(amina) if one.name == "Olga")
    # Amina commented on line 1 of Farrukh's exercise work, from the watch view.
    watched = f"/api/trainer/classes/{classroom_id}/learners/{learner_id}/comments/hello"
    on_work = clients["owner"].post(watched, json={"file": "index.html", "line": 1, "text": "A heading?"})
    assert on_work.status_code == 201
    made = {
        "instance": folder / "instance",
        "cookies": {role: clients[role].get_cookie("sandbox_session").value for role in ROLES},
        "ids": (
            classroom_id,
            other_classroom_id,
            learner_id,
            submitted.json["id"],
            link["id"],
            ours.id,
            story.json["id"],
            theirs.code,
            olga,
            made.json["id"],
        ),
        "work_comment": on_work.json["id"],
    }
    app.extensions["sandbox"].grading.stop()
    store.dispose()
    return made


@pytest.fixture
def exercises_dir(tmp_path) -> Path:
    return copy_exercises(tmp_path / "exercises")


@pytest.fixture
def app(make_app, tmp_path, exercises_dir, template):
    shutil.copytree(template["instance"], tmp_path / "instance")
    return make_app(instance=tmp_path / "instance", EXERCISES_DIR=str(exercises_dir))


@pytest.fixture
def world(app, exercises_dir, template) -> World:
    def client_of(role: str) -> FlaskClient:
        client = app.test_client()
        client.set_cookie("sandbox_session", template["cookies"][role])
        client.environ_base["HTTP_X_CSRF_TOKEN"] = TOKEN  # the session holds TOKEN as its CSRF token
        return client

    clients = [client_of(role) for role in ROLES]
    return World(
        app,
        app.extensions["sandbox"].store,
        exercises_dir,
        *clients[:4],
        *template["ids"],
        *clients[4:],
        template["work_comment"],
    )


def snapshot(world: World) -> dict:
    """Everything a request could change: each table's rows, the grading queue, the exercises folder
    and the grader's findings about them."""
    engine = world.store.engine
    with engine.connect() as connection:
        tables = {
            name: connection.execute(text(f'SELECT * FROM "{name}" ORDER BY 1')).all()
            for name in sorted(inspect(engine).get_table_names())
        }
    queued = sorted(task.args[0] for task in world.app.extensions["sandbox"].grading.huey.pending())
    files = sorted(str(path.relative_to(world.exercises_dir)) for path in world.exercises_dir.rglob("*"))
    findings = Path(world.app.instance_path) / "exercise-behaviour.json"  # what the grader found
    behaviour = findings.read_text() if findings.exists() else None
    return {"tables": tables, "queued": queued, "files": files, "behaviour": behaviour}


def call(world: World, client: FlaskClient, method: str, rule: str, route: Route, with_csrf_token=True):
    url = world.url(rule)
    body = {
        key: world.other_code if value == "<other group code>" else value
        for key, value in (route.body or {}).items()
    }
    if "<anchors>" in body:  # lines of a file, as a project page sends them (the first line)
        body.update(line_anchors(world.owner, world.project_id, body.pop("<anchors>"), 1, 1))
    if route.picture:
        return client.open(
            url,
            method=method,
            data={"file": (io.BytesIO(png()), "new.png", "image/png")},
            content_type="multipart/form-data",
        )
    if route.upload:
        folder = exercise_folder(world.exercises_dir.parent, "greeting")
        body["zip"] = (io.BytesIO(zip_of(folder)), "greeting.zip")
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/") and not route.upload:
        return client.open(url, method=method, json=body)
    if with_csrf_token and not route.upload:
        body["csrf_token"] = TOKEN
    return client.open(
        url, method=method, data=body, content_type=None if not route.upload else "multipart/form-data"
    )


def text_of(response) -> str:
    return response.get_data().decode("utf-8", "replace")  # a zip or a QR code is not text


def describe(response) -> str:
    return f"{response.status_code} {response.location or ''} {text_of(response)[:200]}"


def assert_refused(response, expected: int | str, who: str, method: str, rule: str) -> None:
    said = f"{method} {rule} as {who}: expected {expected}, got {describe(response)}"
    if expected == LOGIN:
        assert response.status_code == 302 and "/trainer/login" in response.location, said
    elif expected == MENTOR_LOGIN:
        assert response.status_code == 302 and "/mentor/login" in response.location, said
    else:
        assert response.status_code == expected, said
    if response.status_code >= 400 and rule.startswith("/api/"):
        assert response.is_json and response.json["error"], said
    if expected == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer"), said


# ---- every route is classified


def _http_rules(app) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if not rule.websocket
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_is_classified(app):
    unclassified = sorted(_http_rules(app) - set(ROUTES) - set(PUBLIC))
    assert not unclassified, (
        "these routes are not in tests/web/test_permissions.py: add each to ROUTES (who owns it) "
        f"or to PUBLIC (with the reason anyone may call it): {unclassified}"
    )
    gone = sorted((set(ROUTES) | set(PUBLIC)) - _http_rules(app))
    assert not gone, f"these routes no longer exist; take them out of test_permissions.py: {gone}"
    sockets = sorted(rule.rule for rule in app.url_map.iter_rules() if rule.websocket)
    assert sockets == sorted(WEBSOCKETS), (
        "a websocket was added or removed: say who may open it in sandbox/views/live.py (SOCKETS) "
        f"and in WEBSOCKETS here; found {sockets}"
    )


# ---- everyone who is not allowed is refused, and nothing changes


@pytest.mark.parametrize(("method", "rule"), sorted(ROUTES), ids=lambda v: v)
def test_a_route_refuses_everyone_but_its_owner_and_nothing_changes(world, method, rule):
    route = ROUTES[(method, rule)]
    before = snapshot(world)
    for who, expected in REFUSED[route.whose].items():
        response = call(world, world.client(who), method, rule, route)
        assert_refused(response, expected, who, method, rule)
        assert snapshot(world) == before, f"{method} {rule} as {who} changed something"
    if method != "GET":
        response = call(world, world.app.test_client(), method, rule, route, with_csrf_token=False)
        assert response.status_code in (401, 403), f"{method} {rule} with no cookie: {describe(response)}"
        assert snapshot(world) == before, f"{method} {rule} with no cookie changed something"

    if route.whose == LEARNER_API:
        _a_learner_of_another_class_sees_and_changes_only_their_own(world, method, rule, route, before)
    if route.whose in (TRAINER_PAGE, TRAINER_API) and method == "GET":
        # Shared between trainers, but nobody else's classes show.
        page = world.other_trainer.get(world.url(rule))
        assert page.status_code == 200 and "Day 1" not in text_of(page)

    if route.whose in (LEARNER_API, PROJECT_PAGE, PROJECT_API, PROJECT_CHANGE):
        owner = world.learner
    else:
        owner = world.mentor if route.whose in (REVIEW_START, MENTOR_PAGE) else world.owner
    response = call(world, owner, method, rule, route)
    assert response.status_code == route.owner, f"{method} {rule} as its owner: {describe(response)}"
    if response.status_code == 302:
        assert "/login" not in response.location, f"{method} {rule} as its owner: {describe(response)}"
    if method != "GET":
        assert snapshot(world) != before, f"{method} {rule} as its owner changed nothing"


def _a_learner_of_another_class_sees_and_changes_only_their_own(world, method, rule, route, before):
    stranger = world.other_learner
    response = call(world, stranger, method, rule, route)
    said = f"{method} {rule} as a learner of another class: {describe(response)}"
    if route.stranger is not None:
        assert response.status_code == route.stranger, said  # the owner's: as if it did not exist
        assert snapshot(world) == before, said
        return
    assert response.status_code == route.owner, said  # their own work, found from their session
    for secret in route.hides:
        assert secret not in text_of(response), said
    if response.is_json and "submissions" in response.json:
        assert world.submission_id not in [s["id"] for s in response.json["submissions"]], said
    after = snapshot(world)
    for table in LEARNERS_OWN:
        assert farrukhs(world, after, table) == farrukhs(world, before, table), (
            f"{said}: Farrukh's {table} changed"
        )


LEARNERS_OWN = (
    "learners",
    "work",
    "work_history",
    "submissions",
    "messages",
    "phone_links",
    "published_apps",
    "project_members",
    "work_comments",
)


def farrukhs(world: World, found: dict, table: str) -> list:
    """The rows of a table that are the owner learner's."""
    column = "id" if table == "learners" else "learner_id"
    return [row for row in found["tables"][table] if row._mapping[column] == world.learner_id]


def test_the_trainer_of_the_class_may_open_and_change_its_projects(world):
    """A project is its members' and its class's trainer's (the refusals are in the table above)."""
    url = f"/api/projects/{world.project_id}"
    assert world.owner.get(f"/projects/{world.project_id}").status_code == 200
    assert world.owner.get(f"/projects/{world.project_id}/assignment").status_code == 200
    assert world.owner.get(url).json["files"]["index.html"].startswith("<!DOCTYPE html>")
    saved = world.owner.put(f"{url}/files", json={"files": {"app.js": "// from the trainer"}, "revision": 1})
    assert saved.status_code == 200
    story = world.owner.patch(f"{url}/stories/{world.story_id}", json={"status": "done"})
    assert story.status_code == 200 and story.json["status"] == "done"
    # The trainer may show and share it too: publish again, download the zip, unpublish.
    assert world.owner.put(f"{url}/published", json={}).json["version"] == 2
    assert world.owner.get(f"/projects/{world.project_id}/download.zip").mimetype == "application/zip"
    assert world.owner.delete(f"{url}/published").json == {"published": False}


def test_a_mentor_reads_the_project_shared_with_them_and_comments_on_it(world):
    """Their refusals (changing it; any other project) are in the table above."""
    page = world.mentor.get(f"/projects/{world.project_id}")
    assert page.status_code == 200
    assert 'id="asset-list"' in text_of(page) and 'id="asset-upload"' not in text_of(
        page
    )  # pictures: read only
    assert world.mentor.get(f"/api/projects/{world.project_id}").json["files"]["index.html"]
    threads = world.mentor.get(f"/api/projects/{world.project_id}/comments").json["threads"]
    assert [thread["id"] for thread in threads] == [world.comment_id]
    url = f"/api/projects/{world.project_id}/comments/{world.comment_id}"
    assert world.mentor.post(f"{url}/replies", json={"text": "And a subtitle"}).status_code == 201
    assert world.mentor.patch(url, json={"resolved": True}).status_code == 200
    on_line_1 = line_anchors(world.owner, world.project_id, "index.html", 1, 1)
    started = world.owner.post(f"/api/projects/{world.project_id}/comments", json={**on_line_1, "text": "Hi"})
    assert started.status_code == 201 and started.json["author"]["role"] == "trainer"  # trainers too


def test_a_made_up_api_token_is_refused_even_on_public_routes_and_with_a_session(world):
    world.learner.environ_base["HTTP_AUTHORIZATION"] = "Bearer sbx_made-up"
    before = snapshot(world)
    files = {"index.html": "overwritten"}
    save = world.learner.put("/api/work/hello", json={"files": files, "revision": 1, "step": "heading"})
    assert save.status_code == 401 and save.headers["WWW-Authenticate"].startswith("Bearer")
    assert world.learner.get("/api/exercises").status_code == 401
    assert snapshot(world) == before


def test_the_owners_api_token_works_where_their_session_does(world):
    token = world.store.new_api_token(world.store.trainer_by_name("amina").id)
    program = world.app.test_client()
    program.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    assert program.get(f"/api/trainer/classes/{world.classroom_id}/dashboard").status_code == 200
    sent = program.post(f"/api/trainer/classes/{world.classroom_id}/broadcast", json={"text": "From the CLI"})
    assert sent.status_code == 201  # no CSRF token: browsers never send a token on their own
    assert program.get(f"/api/trainer/classes/{world.other_classroom_id}/dashboard").status_code == 404


@pytest.mark.parametrize(
    ("sent", "lands"),
    [
        ("/trainer/classes/1", "/trainer/classes/1"),
        ("/trainer/?archived=1", "/trainer/?archived=1"),
        ("//evil.example/", "/trainer/"),
        ("/\t/evil.example/", "/trainer/"),  # browsers drop the tab: //evil.example
        ("/\\evil.example/", "/trainer/"),  # browsers read the backslash as a slash
        ("/\n/evil.example/", "/trainer/"),  # was a 500: no line breaks in a header
        ("https://evil.example/", "/trainer/"),
        ("javascript:alert(1)", "/trainer/"),
    ],
)
def test_signing_in_goes_back_only_to_a_page_of_this_site(app, sent, lands):
    client = with_csrf(app.test_client())
    form = {"csrf_token": TOKEN, "name": "amina", "password": "correct horse"}
    response = client.post("/trainer/login", query_string={"next": sent}, data=form)
    assert response.status_code == 302 and response.location == lands


def test_resume_codes_cannot_be_guessed_quickly(world):
    """A resume code opens a learner's work: the 11th wrong guess within a minute gets 429."""
    guesser = with_csrf(world.app.test_client())
    for _ in range(10):
        assert guesser.post("/resume", data={"csrf_token": TOKEN, "code": "WRONGONE"}).status_code == 400
    code = world.store.get_learner(world.learner_id).resume_code
    assert guesser.post("/resume", data={"csrf_token": TOKEN, "code": code}).status_code == 429
    assert guesser.get("/api/work/hello").status_code == 403  # still nobody


@pytest.mark.parametrize(("method", "rule"), sorted(PUBLIC), ids=lambda v: v)
def test_public_routes_answer_a_stranger(world, method, rule):
    client = with_csrf(world.app.test_client())
    url = world.url(rule)
    response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": TOKEN})
    if rule == "/readyz":  # this app runs no grading consumer: not ready, and saying so is the answer
        assert response.status_code == 503 and response.json["checks"]["grading"]["ok"] is False
    else:
        assert response.status_code < 500, f"{method} {rule}: {describe(response)}"
    assert "Farrukh&#39;s heading" not in text_of(response)


# ---- websockets: who may open them


def test_the_learner_socket_refuses_no_session_a_trainer_a_token_and_other_sites(world, served):
    assert refused(served, "/live") == 403
    assert refused(served, "/live", world.owner) == 403  # a trainer is not a learner
    assert refused(served, "/live", world.learner, origin="http://evil.example") == 403
    assert refused(served, "/live", world.learner, origin=None) == 403
    assert refused(served, "/live", world.learner, origin="null") == 403  # learner code in a sandboxed frame
    assert _refused_with_token(served, "/live") == 401
    world.store.update_learner(world.learner_id, removed=True)
    assert refused(served, "/live", world.learner) == 403


@pytest.mark.parametrize("view", ["", "/projector"])
def test_the_trainer_sockets_refuse_everyone_but_the_trainer_of_the_class(world, served, view):
    path = f"/live/classes/{world.classroom_id}{view}"
    assert refused(served, path) == 403
    assert refused(served, path, world.learner) == 403
    assert refused(served, path, world.other_learner) == 403
    assert refused(served, path, world.other_trainer) == 404
    assert refused(served, path, world.owner, origin="http://evil.example") == 403
    assert refused(served, path, world.owner, origin=None) == 403
    assert refused(served, path, world.owner, origin="null") == 403
    assert _refused_with_token(served, path) == 401
    assert refused(served, f"/live/classes/{world.other_classroom_id}{view}", world.owner) == 404


def test_the_phone_socket_needs_a_working_phone_link_and_our_origin(world, served):
    """What a phone may send and hear is in test_phone.py; here: who may open it at all."""
    assert refused(served, "/live/phone/a-made-up-token") == 404
    token = world.store.active_phone_link(world.learner_id, "hello").token
    assert refused(served, f"/live/phone/{token}", origin="http://evil.example") == 403
    world.store.revoke_phone_link(world.learner_id, world.link_id)
    assert refused(served, f"/live/phone/{token}") == 404


def test_the_project_socket_is_only_its_members_and_the_trainer_of_its_class(world, served, sockets):
    """Co-editing (docs/projects.md): what a member may send is below and in test_coediting.py."""
    path = f"/live/projects/{world.project_id}"
    assert refused(served, path) == 404
    assert refused(served, path, world.classmate) == 404  # in the class, not in the group
    assert refused(served, path, world.other_learner) == 404
    assert refused(served, path, world.other_trainer) == 404
    assert refused(served, path, world.learner, origin="http://evil.example") == 403
    assert refused(served, path, world.learner, origin=None) == 403
    assert refused(served, path, world.learner, origin="null") == 403  # learner code in a sandboxed frame
    assert _refused_with_token(served, path) == 401
    assert refused(served, f"/live/projects/{world.project_id + 1000}", world.owner) == 404
    assert refused(served, path, world.other_mentor) == 404  # a mentor of the other group's project
    for allowed in (world.learner, world.owner, world.mentor):
        assert sockets(served, path, allowed).next("hello")["sv"]


def _refused_with_token(host: str, path: str) -> int:
    import http.client

    connection = http.client.HTTPConnection(host, timeout=5)
    try:
        connection.request(
            "GET",
            path,
            headers={
                "Upgrade": "websocket",
                "Connection": "Upgrade",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version": "13",
                "Origin": f"http://{host}",
                "Authorization": "Bearer sbx_made-up",
            },
        )
        return connection.getresponse().status
    finally:
        connection.close()


# ---- websockets: every message type, sent by whoever may not send it

# Everything either socket knows: what the server sends, and what a trainer may ask for.
MESSAGE_TYPES = [
    "hello",
    "push",
    "message",
    "note",
    "result",
    "ping",
    "error",
    "grid",
    "rows",
    "files",
    "sprint",
    "project-saved",
    "comment",
]
TRAINER_REQUESTS = ["watch", "unwatch"]


def _topics(world) -> set[str]:
    return set(world.app.extensions["sandbox"].hub._topics)


@pytest.mark.parametrize("kind", [kind for kind in MESSAGE_TYPES + TRAINER_REQUESTS if kind != "files"])
def test_a_learner_may_send_nothing_but_their_typing_on_their_socket(world, served, sockets, kind):
    socket = sockets(served, "/live?exercise=hello&step=heading", world.learner)
    socket.next("hello")
    before, topics = snapshot(world), _topics(world)
    socket.send({"type": kind, "learner": world.learner_id, "text": "hi", "topic": "trainer:1"})
    assert socket.next("error")["error"] == "not-allowed"
    assert snapshot(world) == before and _topics(world) == topics


@pytest.mark.parametrize("kind", MESSAGE_TYPES + TRAINER_REQUESTS + ["ack", "who", "project"])
def test_a_member_may_send_only_sync_updates_and_cursors_on_the_project_socket(world, served, sockets, kind):
    socket = sockets(served, f"/live/projects/{world.project_id}", world.learner)
    socket.next("hello")
    before, topics = snapshot(world), _topics(world)
    socket.send({"type": kind, "learner": world.learner_id, "update": "AAA=", "topic": "trainer:1"})
    assert socket.next("error")["error"] == "not-allowed"
    assert snapshot(world) == before and _topics(world) == topics


def test_a_learners_typing_goes_only_to_their_own_phone_and_is_not_stored(world, served, sockets):
    """The one thing a learner's page sends: its files, for their own phone (docs/phone.md)."""
    hub = world.app.extensions["sandbox"].hub
    stranger = world.store.learners_of(world.other_classroom_id)[0].id
    theirs = hub.subscribe(f"watch:{stranger}")
    trainer_topic = hub.subscribe(f"trainer:{world.classroom_id}")
    try:
        socket = sockets(served, "/live?exercise=hello&step=heading", world.learner)
        socket.next("hello")
        trainer_topic.take(0.2)
        before = snapshot(world)
        socket.send(
            {"type": "files", "learner": stranger, "exercise": "hello", "files": {"index.html": "<h1>x"}}
        )
        socket.nothing("files", within=0.3)
        assert theirs.take(0.2) == [] and trainer_topic.take(0.1) == []
        assert snapshot(world) == before
    finally:
        hub.unsubscribe(f"watch:{stranger}", theirs)
        hub.unsubscribe(f"trainer:{world.classroom_id}", trainer_topic)


@pytest.mark.parametrize("kind", MESSAGE_TYPES + ["subscribe", "push-to-class"])
def test_the_trainer_may_send_only_watch_and_unwatch(world, served, sockets, kind):
    socket = sockets(served, f"/live/classes/{world.classroom_id}", world.owner)
    socket.next("hello")
    before, topics = snapshot(world), _topics(world)
    socket.send({"type": kind, "learner": world.learner_id, "topic": f"learner:{world.learner_id}"})
    assert socket.next("error")["error"] == "not-allowed"
    assert snapshot(world) == before and _topics(world) == topics


def test_the_trainer_may_watch_only_a_learner_of_this_class(world, served, sockets):
    socket = sockets(served, f"/live/classes/{world.classroom_id}", world.owner)
    socket.next("hello")
    stranger = world.store.learners_of(world.other_classroom_id)[0].id
    before, topics = snapshot(world), _topics(world)
    for learner in (stranger, str(world.learner_id), None, 10**9):
        socket.send({"type": "watch", "learner": learner})
        assert socket.next("error")["error"] == "no-such-learner"
    assert snapshot(world) == before and _topics(world) == topics
    socket.send({"type": "watch", "learner": world.learner_id})
    assert socket.next("files")["learner"] == world.learner_id
    assert f"watch:{world.learner_id}" in _topics(world)
