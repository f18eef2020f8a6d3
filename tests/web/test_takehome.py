"""Take it home: the zip download and publishing, each route tried by its owner and by everyone else.

The publish origin is its own WSGI app (sandbox/publish/); here it runs through its test client,
with the main app's cookies sent along as a browser on the same host would send them.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from urllib.parse import urljoin

import pytest

from sandbox.publish import PUBLISHED_CSP, standalone
from sandbox.views.published import create_publish_app
from tests.support.web import TOKEN, with_csrf

APP_HTML = (
    '<!DOCTYPE html><html><head><title>Mine</title><link rel="stylesheet" href="style.css"></head>'
    '<body><img src="assets/logo.svg" alt=""><button id="add">+</button><span id="count">0</span>'
    '<script src="app.js"></script></body></html>'
)
APP_JS = 'document.querySelector("#add").onclick = () => { count.textContent = 1; };'


def save(client, files: dict, revision: int = 0) -> None:
    response = client.put("/api/work/hello", json={"files": files, "revision": revision, "step": "heading"})
    assert response.status_code == 200, response.json


@pytest.fixture
def published_origin(app):
    services = app.extensions["sandbox"]
    return create_publish_app(services.store, services.exercises).test_client()


def unzip(response) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return {name: archive.read(name) for name in archive.namelist()}


# ---- the zip


def test_the_zip_has_the_learners_saved_files_the_assets_they_use_and_a_readme(learner):
    save(learner, {"index.html": APP_HTML, "app.js": APP_JS})
    response = learner.get("/exercises/hello/take-home.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="hello.zip"'
    entries = unzip(response)
    assert sorted(entries) == [
        "hello/README.txt",
        "hello/app.js",
        "hello/assets/logo.svg",
        "hello/index.html",
        "hello/style.css",
    ]
    assert entries["hello/index.html"].decode() == APP_HTML
    assert entries["hello/app.js"].decode() == APP_JS
    assert entries["hello/style.css"].decode() == "body { font-family: sans-serif; }\n"  # the starter's
    readme = entries["hello/README.txt"].decode("utf-8-sig")
    assert "Say hello" in readme and "index.html" in readme and "assets/" in readme


def test_the_zip_leaves_out_assets_the_app_does_not_use(learner):
    entries = unzip(learner.get("/exercises/hello/take-home.zip"))
    assert not any("/assets/" in name for name in entries)
    assert "hello/index.html" in entries  # a learner who never saved gets the starter


def test_the_readme_is_in_the_learners_language(learner):
    readme = unzip(learner.get("/exercises/hello/take-home.zip?lang=ru"))["hello/README.txt"]
    assert "Скажи привет" in readme.decode("utf-8-sig")  # the exercise's own Russian title


def test_a_learner_downloads_only_their_own_work(learner, other):
    save(learner, {"index.html": "<h1>Secret of the first learner</h1>"})
    entries = unzip(other.get("/exercises/hello/take-home.zip"))
    assert b"Secret" not in entries["hello/index.html"]
    assert b"Start here." in entries["hello/index.html"]


def test_the_zip_needs_a_learner_and_a_real_exercise(app, learner):
    assert app.test_client().get("/exercises/hello/take-home.zip").status_code == 403
    assert learner.get("/exercises/nope/take-home.zip").status_code == 404


# ---- publishing, on the main origin


def test_publishing_gives_an_address_on_the_publish_origin(learner, store):
    response = learner.put("/api/published/hello", json={"files": {"index.html": APP_HTML}})
    assert response.status_code == 200
    state = response.json
    assert state["published"] is True and state["version"] == 1
    assert state["url"].startswith("http://localhost:5001/a/") and state["url"].endswith("/")
    assert state["name"] == "Say hello" and state["theme"] == "#2563eb"
    assert learner.get("/api/published/hello").json["url"] == state["url"]
    qr = learner.get(state["qr"])
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"


def test_publishing_again_keeps_the_address_and_replaces_the_snapshot(learner, store):
    first = learner.put("/api/published/hello", json={"files": {"index.html": "<p>one</p>"}}).json
    second = learner.put(
        "/api/published/hello",
        json={"files": {"index.html": "<p>two</p>"}, "name": " My  app ", "theme": "#FF0000"},
    ).json
    assert second["url"] == first["url"] and second["version"] == 2
    assert second["name"] == "My app" and second["theme"] == "#ff0000"
    slug = first["url"].rstrip("/").rsplit("/", 1)[1]
    assert store.published_by_slug(slug).files["index.html"] == "<p>two</p>"


def test_publishing_without_files_takes_the_saved_copy(learner, store):
    save(learner, {"index.html": "<p>saved</p>"})
    state = learner.put("/api/published/hello", json={}).json
    slug = state["url"].rstrip("/").rsplit("/", 1)[1]
    assert store.published_by_slug(slug).files["index.html"] == "<p>saved</p>"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"theme": "red"}, 400),
        ({"theme": "#12345g"}, 400),
        ({"name": "x" * 41}, 400),
        ({"files": {"secret.py": "x"}}, 400),
        ({"files": {"index.html": "x" * (256 * 1024 + 1)}}, 413),
    ],
)
def test_publishing_refuses_bad_input(learner, store, body, status):
    assert learner.put("/api/published/hello", json=body).status_code == status
    assert learner.get("/api/published/hello").json == {"published": False}


def test_unpublishing_stops_the_address(learner, store, published_origin):
    state = learner.put("/api/published/hello", json={"files": {"index.html": APP_HTML}}).json
    path = state["url"].split("5001", 1)[1]
    assert published_origin.get(path).status_code == 200
    assert learner.delete("/api/published/hello").json == {"published": False}
    assert published_origin.get(path).status_code == 404
    assert published_origin.get(path + "manifest.webmanifest").status_code == 404
    assert learner.delete("/api/published/hello").status_code == 404
    again = learner.put("/api/published/hello", json={"files": {"index.html": APP_HTML}}).json
    assert again["url"] != state["url"]  # a new, different address


def test_publishing_routes_need_a_learner(app):
    nobody = with_csrf(app.test_client())
    assert nobody.get("/api/published/hello").status_code == 403
    assert nobody.put("/api/published/hello", json={}).status_code == 403
    assert nobody.delete("/api/published/hello").status_code == 403
    assert nobody.get("/exercises/hello/published/qr.svg").status_code == 403


def test_publishing_needs_the_csrf_header(learner, store):
    del learner.environ_base["HTTP_X_CSRF_TOKEN"]
    assert learner.put("/api/published/hello", json={}).status_code == 403
    assert learner.put("/api/published/hello", json={}, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    learner.environ_base["HTTP_X_CSRF_TOKEN"] = TOKEN
    assert learner.get("/api/published/hello").json == {"published": False}


def test_a_learner_cannot_see_or_unpublish_anothers_app(learner, other, published_origin):
    state = learner.put("/api/published/hello", json={"files": {"index.html": APP_HTML}}).json
    assert other.get("/api/published/hello").json == {"published": False}
    assert other.get("/exercises/hello/published/qr.svg").status_code == 404
    assert other.delete("/api/published/hello").status_code == 404
    assert published_origin.get(state["url"].split("5001", 1)[1]).status_code == 200


def test_the_publish_address_follows_the_settings(app, learner):
    app.config["PUBLISH_PORT"] = 7001
    assert learner.put("/api/published/hello", json={}).json["url"].startswith("http://localhost:7001/a/")
    app.config["PUBLISH_URL"] = "https://apps.example.org/"
    assert learner.get("/api/published/hello").json["url"].startswith("https://apps.example.org/a/")


# ---- the publish origin


@pytest.fixture
def published(learner):
    files = {"index.html": APP_HTML, "app.js": APP_JS}
    state = learner.put("/api/published/hello", json={"files": files, "name": "Клик Счёт"}).json
    return state["url"].split("5001", 1)[1]


def test_the_published_page_links_its_manifest_icons_and_service_worker(published_origin, published):
    response = published_origin.get(published)
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert html.startswith('<!DOCTYPE html><html><head><link rel="manifest" href="manifest.webmanifest">')
    assert '<script src="install.js"></script>' in html and '<script src="app.js"></script>' in html
    assert response.headers["Content-Security-Policy"] == PUBLISHED_CSP
    assert "connect-src 'self'" in PUBLISHED_CSP and "form-action 'none'" in PUBLISHED_CSP
    assert published_origin.get(published.rstrip("/")).status_code == 308


def test_the_manifest_has_what_an_installable_app_needs(published_origin, published):
    response = published_origin.get(published + "manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["name"] == "Клик Счёт" and manifest["short_name"] == "Клик Счёт"
    assert manifest["start_url"] == "./" and manifest["scope"] == "./" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#2563eb"
    sizes = {icon["sizes"]: icon for icon in manifest["icons"]}
    for size in (192, 512):
        icon = published_origin.get(published + sizes[f"{size}x{size}"]["src"])
        assert icon.mimetype == "image/png" and icon.data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", icon.data[16:24]) == (size, size)
    svg = published_origin.get(published + "icon.svg").get_data(as_text=True)
    assert ">КС</text>" in svg  # the initials of the learner's name for the app


def test_the_service_worker_caches_the_apps_own_files(published_origin, published):
    response = published_origin.get(published + "sw.js")
    assert response.mimetype == "text/javascript" and response.headers["Cache-Control"] == "no-cache"
    script = response.get_data(as_text=True)
    files = json.loads(script.split("const FILES = ", 1)[1].split(";\n", 1)[0])
    assert (
        files[0] == "./"
        and "app.js" in files
        and "assets/logo.svg" in files
        and "manifest.webmanifest" in files
    )
    for name in files:
        assert published_origin.get(urljoin(published, name)).status_code == 200, name


def test_the_publish_origin_serves_only_published_apps(published_origin, published):
    assert published_origin.get("/").status_code == 404
    assert published_origin.get("/api/exercises").status_code == 404
    assert published_origin.get("/a/not-a-real-slug/").status_code == 404
    assert published_origin.get("/a/../api/").status_code == 404
    assert published_origin.get(published + "../../exercise.yaml").status_code == 404
    assert published_origin.get(published + "solutions/button/app.js").status_code == 404
    assert published_origin.post(published).status_code == 405
    missing = published_origin.get("/a/nothing-here-at-all/", headers={"Accept-Language": "en"})
    assert "not published" in missing.get_data(as_text=True)


def test_the_publish_origin_on_its_own_serves_apps_published_on_the_main_server(app, published):
    # As gunicorn 'sandbox.publish:standalone()' starts it: its own process, the same settings.
    alone = standalone(
        {
            "INSTANCE_PATH": app.instance_path,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "EXERCISES_DIR": app.config["EXERCISES_DIR"],
        }
    )
    try:
        client = alone.test_client()
        page = client.get(published)
        assert page.status_code == 200 and page.headers["Content-Security-Policy"] == PUBLISHED_CSP
        html = page.get_data(as_text=True)
        assert '<link rel="manifest" href="manifest.webmanifest">' in html and APP_JS not in html
        assert client.get(published + "app.js").get_data(as_text=True) == APP_JS
        assert client.get(published + "assets/logo.svg").status_code == 200  # from the exercise folder
        assert client.get("/api/exercises").status_code == 404
    finally:
        alone.extensions["sandbox"].store.dispose()


def test_the_publish_origin_never_sets_cookies_or_grants_cors(app, learner, published_origin, published):
    session = learner.get_cookie("sandbox_session").value
    for path in (published, published + "app.js", published + "manifest.webmanifest", "/nothing"):
        response = published_origin.get(
            path,
            headers={"Cookie": f"sandbox_session={session}", "Origin": "http://localhost:5000"},
        )
        assert "Set-Cookie" not in response.headers, path
        assert "Access-Control-Allow-Origin" not in response.headers, path
    preflight = published_origin.options(
        published, headers={"Origin": "http://localhost:5000", "Access-Control-Request-Method": "PUT"}
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_the_main_api_refuses_a_published_apps_requests_and_changes_nothing(app, learner, store):
    """What a published app's fetch(..., {credentials: "include"}) would send: our cookie, its Origin."""
    save(learner, {"index.html": "<p>mine</p>"})
    evil = {"Origin": "http://localhost:5001"}
    del learner.environ_base["HTTP_X_CSRF_TOKEN"]  # a published app cannot know the token
    work = learner.get("/api/work/hello", headers=evil)
    assert "Access-Control-Allow-Origin" not in work.headers  # so the browser shows it nothing
    attempts = [
        learner.put("/api/work/hello", json={"files": {"index.html": "pwned"}, "revision": 1}, headers=evil),
        learner.post(
            "/api/submissions", json={"exercise": "hello", "step": "heading", "files": {}}, headers=evil
        ),
        learner.put("/api/published/hello", json={}, headers=evil),
        learner.put(
            "/api/published/hello", json={}, headers={**evil, "X-CSRF-Token": TOKEN}
        ),  # even with a token
        learner.open(
            "/api/work/hello", method="OPTIONS", headers={**evil, "Access-Control-Request-Method": "PUT"}
        ),
    ]
    for response in attempts[:4]:
        assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in attempts[4].headers
    learner.environ_base["HTTP_X_CSRF_TOKEN"] = TOKEN
    assert learner.get("/api/work/hello").json["files"] == {"index.html": "<p>mine</p>"}
    assert learner.get("/api/published/hello").json == {"published": False}


def test_the_main_session_cookie_is_host_only_httponly_and_samesite(learner):
    cookie = learner.get_cookie("sandbox_session")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.domain or cookie.domain == "localhost"  # no Domain=: host-only
