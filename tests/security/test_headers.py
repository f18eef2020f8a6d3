"""What every answer tells the browser: its Content-Security-Policy and the flags of its cookies.

Every GET route of the app is in PAGES below (a route added later fails
test_every_get_route_has_a_page_type until it is given one), with an address to try it at and the
kind of page it is:

| kind      | what is served                       | the policy docs/architecture.md promises              |
|-----------|--------------------------------------|-------------------------------------------------------|
| ours      | our pages, JSON, downloads           | APP_CSP: only our own script files run (no inline     |
|           |                                      | script, no eval), framed only by our own pages        |
| learner   | where learner code runs: the preview | FRAME_CSP: a sandbox without allow-same-origin (an    |
|           | frame's page and exercise assets     | opaque origin), no network, no frames, no workers     |
| published | a published app (the publish origin) | PUBLISHED_CSP: its own origin only, framed by nobody  |
| picture   | a group project's uploaded picture,  | SERVED_CSP: opened on its own (an SVG is a document), |
|           | on our origin and the publish origin | a sandbox with no script and nothing loaded           |

Cookies: every cookie we set is HttpOnly (a published app on the same host cannot read it) and
SameSite=Lax (no other site's form or fetch carries it), and Secure exactly when the browser came
over https (directly, or through a proxy counted by SANDBOX_PROXY_HOPS: docs/deploy.md).
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from sandbox.app import APP_CSP
from sandbox.projects.assets import SERVED_CSP
from sandbox.publish import PUBLISHED_CSP
from sandbox.views.preview import FRAME_CSP
from sandbox.views.published import create_publish_app
from tests.support import ROOT
from tests.support.pictures import SVG
from tests.support.web import TOKEN, join, make_class, post, sign_in, with_csrf

OURS, LEARNER, PICTURE = "ours", "learner", "picture"
STATIC_JS = ROOT / "static" / "js"

# Every GET route: an address with {classroom}, {learner}, {submission}, {token}, {project} filled in, who
# opens it, and its kind. HTML pages are also read for inline script.
PAGES: dict[str, tuple[str, str, str]] = {
    "/": ("/", "learner", OURS),
    "/api/exercises": ("/api/exercises", "stranger", OURS),
    "/exercises/<exercise_id>": ("/exercises/hello", "learner", OURS),
    "/exercises/<exercise_id>/<step_id>": ("/exercises/hello/heading", "learner", OURS),
    "/exercises/<exercise_id>/frame": ("/exercises/hello/frame", "stranger", LEARNER),
    "/exercises/<exercise_id>/assets/<path:filename>": (
        "/exercises/hello/assets/logo.svg",
        "stranger",
        LEARNER,
    ),
    "/exercises/<exercise_id>/take-home.zip": ("/exercises/hello/take-home.zip", "learner", OURS),
    "/exercises/<exercise_id>/published/qr.svg": ("/exercises/hello/published/qr.svg", "learner", OURS),
    "/static/<path:filename>": ("/static/css/app.css", "stranger", OURS),
    "/favicon.ico": ("/favicon.ico", "stranger", OURS),
    "/join": ("/join", "stranger", OURS),
    "/join/<code>": ("/join/{code}", "stranger", OURS),
    "/resume": ("/resume", "stranger", OURS),
    "/phone/<token>": ("/phone/{token}", "stranger", OURS),
    "/api/phone/<token>": ("/api/phone/{token}", "stranger", OURS),
    "/healthz": ("/healthz", "stranger", OURS),
    "/readyz": ("/readyz", "stranger", OURS),
    "/trainer/login": ("/trainer/login", "stranger", OURS),
    "/trainer/": ("/trainer/", "trainer", OURS),
    "/trainer/exercises": ("/trainer/exercises", "trainer", OURS),
    "/trainer/classes/<int:classroom_id>": ("/trainer/classes/{classroom}", "trainer", OURS),
    "/trainer/classes/<int:classroom_id>/qr.svg": ("/trainer/classes/{classroom}/qr.svg", "trainer", OURS),
    "/trainer/classes/<int:classroom_id>/sheet": ("/trainer/classes/{classroom}/sheet", "trainer", OURS),
    "/trainer/classes/<int:classroom_id>/projector": (
        "/trainer/classes/{classroom}/projector",
        "trainer",
        OURS,
    ),
    "/trainer/classes/<int:classroom_id>/export.csv": (
        "/trainer/classes/{classroom}/export.csv",
        "trainer",
        OURS,
    ),
    "/trainer/classes/<int:classroom_id>/export.json": (
        "/trainer/classes/{classroom}/export.json",
        "trainer",
        OURS,
    ),
    "/api/trainer/classes/<int:classroom_id>/dashboard": (
        "/api/trainer/classes/{classroom}/dashboard",
        "trainer",
        OURS,
    ),
    "/api/trainer/classes/<int:classroom_id>/messages": (
        "/api/trainer/classes/{classroom}/messages",
        "trainer",
        OURS,
    ),
    "/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/notes": (
        "/api/trainer/classes/{classroom}/learners/{learner}/notes",
        "trainer",
        OURS,
    ),
    "/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/work": (
        "/api/trainer/classes/{classroom}/learners/{learner}/work",
        "trainer",
        OURS,
    ),
    "/api/trainer/exercises": ("/api/trainer/exercises", "trainer", OURS),
    "/api/work/<exercise_id>": ("/api/work/hello", "learner", OURS),
    "/api/submissions/<int:submission_id>": ("/api/submissions/{submission}", "learner", OURS),
    "/api/exercises/<exercise_id>/submissions": ("/api/exercises/hello/submissions", "learner", OURS),
    "/api/live": ("/api/live", "learner", OURS),
    "/api/phone-links/<exercise_id>": ("/api/phone-links/hello", "learner", OURS),
    "/api/published/<exercise_id>": ("/api/published/hello", "learner", OURS),
    "/api/work/<exercise_id>/versions": ("/api/work/hello/versions", "learner", OURS),
    "/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/versions/<exercise_id>": (
        "/api/trainer/classes/{classroom}/learners/{learner}/versions/hello",
        "trainer",
        OURS,
    ),
    "/trainer/library": ("/trainer/library", "trainer", OURS),
    "/trainer/classes/<int:classroom_id>/review": ("/trainer/classes/{classroom}/review", "trainer", OURS),
    "/projects/<int:project_id>": ("/projects/{project}", "learner", OURS),
    "/projects/<int:project_id>/assignment": ("/projects/{project}/assignment", "learner", OURS),
    "/api/projects/<int:project_id>": ("/api/projects/{project}", "learner", OURS),
    "/api/projects/<int:project_id>/published": ("/api/projects/{project}/published", "learner", OURS),
    "/projects/<int:project_id>/published/qr.svg": ("/projects/{project}/published/qr.svg", "learner", OURS),
    "/projects/<int:project_id>/download.zip": ("/projects/{project}/download.zip", "learner", OURS),
    "/projects/<int:project_id>/app/<key>/<tag>/frame": ("{frame}", "stranger", LEARNER),
    "/projects/<int:project_id>/app/<key>/<tag>/assets/<name>": ("{picture}", "stranger", PICTURE),
    "/api/projects/<int:project_id>/assets": ("/api/projects/{project}/assets", "mentor", OURS),
    "/api/projects/<int:project_id>/comments": ("/api/projects/{project}/comments", "mentor", OURS),
    "/api/work/<exercise_id>/comments": ("/api/work/hello/comments", "learner", OURS),
    "/api/trainer/classes/<int:classroom_id>/learners/<int:learner_id>/comments/<exercise_id>": (
        "/api/trainer/classes/{classroom}/learners/{learner}/comments/hello",
        "trainer",
        OURS,
    ),
    "/api/projects/<int:project_id>/versions": ("/api/projects/{project}/versions", "mentor", OURS),
    "/mentor/": ("/mentor/", "mentor", OURS),
    "/mentor/login": ("/mentor/login", "stranger", OURS),
    "/mentor/invite/<code>": ("/mentor/invite/{invite}", "stranger", OURS),
}
# Error pages are pages too: the friendly HTML ones and the JSON ones under /api.
ERRORS = {
    "a missing page": "/no-such-page",
    "a missing exercise": "/exercises/nope",
    "a missing API": "/api/nope",
}
# Websockets answer GET too, but only with an upgrade (the socket tests cover their Origin checks).
SOCKETS = {
    "/live",
    "/live/classes/<int:classroom_id>",
    "/live/classes/<int:classroom_id>/projector",
    "/live/phone/<token>",
    "/live/projects/<int:project_id>",
}


def policy(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy as its directives and their values."""
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        assert name not in directives, f"{name} twice in {header}"
        directives[name] = values
    return directives


class Scripts(HTMLParser):
    """What of a page could run as script: inline <script>s, on* attributes, javascript: links."""

    def __init__(self):
        super().__init__()
        self.inline: list[str] = []
        self.frames: list[dict] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "script" and "src" not in found and found.get("type") != "application/json":
            self.inline.append(f"<script {found}>")
        if tag == "iframe":
            self.frames.append(found)
        for name, value in attrs:
            if name.startswith("on"):
                self.inline.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.inline.append(f"<{tag} {name}={value}>")


@pytest.fixture
def people(app):
    """A trainer with a class, a learner in it with a saved Check and a phone link, and a stranger."""
    store = app.extensions["sandbox"].store
    trainer = sign_in(app, "amina")
    classroom = make_class(trainer)
    code = store.get_classroom(classroom).join_code
    learner = join(app, code, "Farrukh")
    learner.get("/exercises/hello/heading")
    check = {"exercise": "hello", "step": "heading", "files": {"index.html": "<h1>Hi</h1>"}}
    submission = learner.post("/api/submissions", json=check).json["id"]
    link = learner.post("/api/phone-links", json={"exercise": "hello"}).json["link"]
    assert learner.put("/api/published/hello", json={"name": "Farrukh's app"}).status_code == 200
    learner_id = store.learners_of(classroom)[0].id
    files = {"index.html": "<h1>Ours</h1>"}
    project = store.create_project(
        classroom, "Clean water", "healthcare", "", "blank", files, {}, [learner_id]
    )
    picture = {"file": (io.BytesIO(SVG), "logo.svg", "image/svg+xml")}
    uploaded = learner.post(
        f"/api/projects/{project.id}/assets", data=picture, content_type="multipart/form-data"
    )
    assert learner.put(f"/api/projects/{project.id}/published", json={}).status_code == 200
    _mentor, invite = store.invite_mentor(store.trainer_by_name("amina").id, "Olga")
    store.share_projects(_mentor.id, [project.id], [project.id])
    _other, unused = store.invite_mentor(store.trainer_by_name("amina").id, "Ivan")
    mentor = with_csrf(app.test_client())
    post(mentor, f"/mentor/invite/{invite}", password="a long secret", again="a long secret")
    names = {
        "invite": unused,
        "project": project.id,
        "classroom": classroom,
        "code": code,
        "learner": store.learners_of(classroom)[0].id,
        "submission": submission,
        "token": link["url"].split("/phone/", 1)[1].split("?", 1)[0],
        "frame": uploaded.json["frame_url"],
        "picture": uploaded.json["assets"][0]["url"],
    }
    people = {
        "trainer": trainer,
        "learner": learner,
        "mentor": mentor,
        "stranger": with_csrf(app.test_client()),
    }
    return people, names


def test_every_get_route_has_a_page_type(app):
    """Threat: a page added later is served without anyone deciding what its policy must be."""
    routes = {rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert routes - set(PAGES) - set(SOCKETS) == set(), "give each new route a line in PAGES"
    assert set(PAGES) - routes == set(), "routes in PAGES that the app no longer has"


def test_csp_our_pages_run_only_our_own_script_files(people):
    """Threat: script injected into one of our pages (a name, a note, markdown that slipped past the
    sanitizer) runs with the trainer's or learner's session: our pages must allow only our own script
    files, no inline script or eval, no plugins, no <base> and forms only to us, and must themselves
    hold no inline script that such a policy would have to allow."""
    clients, names = people
    answers = [
        (f"{route} ({url})", clients[who].get(url.format(**names)))
        for route, (url, who, kind) in PAGES.items()
        if kind == OURS
    ]
    answers += [(what, clients["learner"].get(url)) for what, url in ERRORS.items()]
    for what, response in answers:
        assert response.status_code in (200, 302, 404, 503), (
            what,
            response.status_code,
        )  # 503: /readyz, no grading here
        assert response.headers["Content-Security-Policy"] == APP_CSP, what
        assert response.headers["X-Content-Type-Options"] == "nosniff", what
        if response.mimetype == "text/html":
            scripts = Scripts()
            scripts.feed(response.get_data(as_text=True))
            assert scripts.inline == [], what
    csp = policy(APP_CSP)
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no other host
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"] and csp["connect-src"] == ["'self'"]


def test_csp_our_pages_cannot_be_framed_by_another_site(people):
    """Threat: clickjacking: another site (or a published app, on another port) frames the trainer's
    dashboard and tricks a click on Push or Remove learner."""
    clients, names = people
    for route, (url, who, kind) in PAGES.items():
        if kind == OURS and route.startswith("/trainer"):
            response = clients[who].get(url.format(**names))
            assert policy(response.headers["Content-Security-Policy"])["frame-ancestors"] == ["'self'"], route


def test_csp_learner_code_runs_only_in_an_opaque_sandbox(people):
    """Threat: a learner's app (run in the editor, on the phone page, on the trainer's watch view and
    projector) reaches our origin: reads cookies or storage, calls our API with the viewer's session,
    navigates the top window, opens popups, frames or fetches anything. The page it runs in carries
    the sandbox in its own header too, so opening its address directly is no way out."""
    clients, names = people
    for route, (url, who, kind) in PAGES.items():
        if kind != LEARNER:
            continue
        response = clients[who].get(url.format(**names))
        assert response.status_code == 200, route
        assert response.headers["Content-Security-Policy"] == FRAME_CSP, route
    csp = policy(FRAME_CSP)
    assert csp["sandbox"] == ["allow-scripts", "allow-forms", "allow-modals"]  # no allow-same-origin,
    # allow-top-navigation, allow-popups, allow-downloads
    assert csp["connect-src"] == ["'none'"] and csp["frame-src"] == ["'none'"]
    assert csp["worker-src"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert csp["form-action"] == ["'none'"]


def test_csp_every_frame_is_sandboxed_without_our_origin(people):
    """Threat: a frame made without the sandbox (or with allow-same-origin, allow-top-navigation,
    allow-popups) gives the code in it our origin or the top window. No page of ours holds a frame
    in its HTML; the one script that makes frames, preview.js, gives each a sandbox from its two
    constants (tests/security/test_trainer_frames.py watches them in Chromium)."""
    clients, names = people
    for route, (url, who, kind) in PAGES.items():
        response = clients[who].get(url.format(**names))
        if kind == OURS and response.mimetype == "text/html":
            scripts = Scripts()
            scripts.feed(response.get_data(as_text=True))
            assert scripts.frames == [], route
    makers = [
        path.name
        for path in STATIC_JS.glob("*.js")
        if re.search(r"createElement\(\s*[\"']iframe", path.read_text())
    ]
    assert makers == ["preview.js"]
    source = (STATIC_JS / "preview.js").read_text()
    assert re.findall(r'frame\.setAttribute\("sandbox", ([^)]*)\)', source) == ["this.sandbox"]
    sandboxes = dict(re.findall(r'^const (SANDBOX\w*) = "([^"]*)";', source, re.M))
    assert set(sandboxes) == {"SANDBOX", "SANDBOX_NO_MODALS"}
    assert len(re.findall(r"this\.sandbox = ", source)) == 1, "the frame's sandbox is set once, from them"
    for value in sandboxes.values():
        assert set(value.split()) <= {"allow-scripts", "allow-forms", "allow-modals"}, value


def test_csp_an_uploaded_picture_runs_no_script_even_opened_on_its_own(app, people):
    """Threat: a group uploads an SVG with a script and links to it: opened on its own it is a
    document of our origin (or of the publish origin), which would run the script with our cookies.
    Served with SERVED_CSP it is a sandbox (an opaque origin) where no script runs, nothing loads."""
    clients, names = people
    for route, (url, who, kind) in PAGES.items():
        if kind == PICTURE:
            response = clients[who].get(url.format(**names))
            assert response.status_code == 200 and response.mimetype == "image/svg+xml", route
            assert response.headers["Content-Security-Policy"] == SERVED_CSP, route
            assert response.headers["X-Content-Type-Options"] == "nosniff", route
    publish = create_publish_app(app.extensions["sandbox"].store, app.extensions["sandbox"].exercises)
    listed = clients["learner"].get(f"/api/projects/{names['project']}/published").json
    path = listed["url"].split("://", 1)[1].split("/", 1)[1]
    response = publish.test_client().get(f"/{path}assets/logo.svg")
    assert response.status_code == 200 and response.headers["Content-Security-Policy"] == SERVED_CSP
    csp = policy(SERVED_CSP)
    assert csp["sandbox"] == [] and csp["default-src"] == ["'none'"] and "script-src" not in csp


def test_csp_a_published_app_stays_on_its_own_origin_and_is_framed_by_nobody(app, people):
    """Threat: a published app (learner code as a top-level page, docs/take-home.md) calls our API,
    posts a form to us or is framed by a page that overlays it."""
    publish = create_publish_app(app.extensions["sandbox"].store, app.extensions["sandbox"].exercises)
    clients, names = people
    for listed_at in ("/api/published/hello", f"/api/projects/{names['project']}/published"):
        listed = clients["learner"].get(listed_at).json  # a learner's exercise app, a group's project app
        path = listed["url"].split("://", 1)[1].split("/", 1)[1]
        response = publish.test_client().get(f"/{path}")
        assert response.status_code == 200, listed_at
        assert response.headers["Content-Security-Policy"] == PUBLISHED_CSP, listed_at
    csp = policy(PUBLISHED_CSP)
    assert csp["connect-src"] == ["'self'"] and csp["form-action"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["frame-src"] == ["'none'"]


# ---- cookies

PROXY = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}


def cookies_set_by_every_flow(app, **environ) -> list[tuple[str, str]]:
    """Every Set-Cookie line from what sets cookies: a first visit, a language choice, joining,
    resuming, signing in and out."""
    store = app.extensions["sandbox"].store
    lines: list[tuple[str, str]] = []

    def client():
        made = app.test_client()
        made.environ_base.update(environ)
        return made

    def note(what, response):
        lines.extend((what, line) for line in response.headers.getlist("Set-Cookie"))

    visitor = client()
    note("first visit", visitor.get("/exercises/hello/heading"))
    note("a language chosen", visitor.get("/exercises/hello/heading?lang=ru&c=1"))
    store.create_trainer("amina", "correct horse")
    trainer = with_csrf(client())
    note(
        "signing in",
        trainer.post(
            "/trainer/login", data={"csrf_token": TOKEN, "name": "amina", "password": "correct horse"}
        ),
    )
    classroom = make_class(with_csrf(trainer))
    found = store.get_classroom(classroom)
    newcomer = with_csrf(client())
    note("joining", newcomer.post(f"/join/{found.join_code}", data={"csrf_token": TOKEN, "name": "Farrukh"}))
    resume_code = store.learners_of(classroom)[0].resume_code
    other_device = with_csrf(client())
    note("resuming", post(other_device, "/resume", code=resume_code))
    note("signing out", post(with_csrf(trainer), "/trainer/logout"))
    return lines


def test_cookies_are_httponly_and_samesite_and_not_secure_over_plain_http(app):
    """Threat: a script (a published app on the same host, cookies do not separate by port) reads
    the session, or another site's page makes the browser send it; and on a classroom laptop's
    plain http a Secure cookie would never come back, so learners would lose their session."""
    lines = cookies_set_by_every_flow(app)
    assert {line.split("=", 1)[0] for _what, line in lines} >= {"sandbox_session", "lang"}
    for what, line in lines:
        flags = [flag.strip().lower() for flag in line.split(";")[1:]]
        assert "httponly" in flags and "samesite=lax" in flags, (what, line)
        assert "secure" not in flags, (what, line)


def test_cookies_are_secure_when_served_over_https_behind_the_proxy(make_app):
    """Threat: behind HTTPS, a cookie without Secure goes out over plain http (a network in the
    middle reads the session) when anything links to the http:// address."""
    app = make_app(PROXY_HOPS=1)
    lines = cookies_set_by_every_flow(app, **PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert {line.split("=", 1)[0] for _what, line in lines} >= {"sandbox_session", "lang"}
    for what, line in lines:
        flags = [flag.strip().lower() for flag in line.split(";")[1:]]
        assert {"httponly", "samesite=lax", "secure"} <= set(flags), (what, line)
