"""A group project's pictures: a member uploads one, the app finds it as `assets/<name>` in the
sandboxed preview (which sends no cookie: the frame's capability address is the key), the other
members' pages hear of it, and the published app and the zip carry it. The type is read from the
bytes, names are made safe, the limits hold, and an SVG never runs script.

Who may not do it (a mentor: 403 for changes; anyone outside the group: 404) is in
tests/web/test_permissions.py; the policies of the served pictures in tests/security/test_headers.py.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from sandbox.projects.assets import SERVED_CSP
from sandbox.views.preview import FRAME_CSP
from tests.support.coedit import Member
from tests.support.pictures import GIF, JPEG, SVG, WEBP, png
from tests.support.web import group_project

INDEX = (
    '<!DOCTYPE html><html><head><link rel="stylesheet" href="style.css"></head>'
    '<body><img src="assets/water.png" alt="Water"></body></html>'
)


@pytest.fixture
def group(app, trainer, store):
    """A class with a project of Dilnoza and Rustam: (project, their clients, a classmate's)."""
    files = {"index.html": INDEX, "style.css": "body { background: url(assets/logo.svg); }", "app.js": ""}
    return group_project(app, trainer, store, files, ("Dilnoza", "Rustam", "Zarina"))


def upload(client, project_id: int, data: bytes, filename: str, mimetype: str = "image/png", lang: str = ""):
    query = f"?lang={lang}" if lang else ""
    # Encoded here, in memory: the test client would spool a big body to a file it never closes.
    sent = FileStorage(io.BytesIO(data), filename, content_type=mimetype)
    boundary, body = encode_multipart({"file": sent})
    return client.post(
        f"/api/projects/{project_id}/assets{query}",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_a_member_uploads_a_picture_and_the_cookieless_preview_frame_finds_it_by_its_path(app, group):
    project, clients = group
    picture = png()
    before = clients["Dilnoza"].get(f"/api/projects/{project.id}/assets").json
    assert before["assets"] == []
    made = upload(clients["Dilnoza"], project.id, picture, "Вода.PNG")
    assert made.status_code == 201, made.json
    assert made.json["asset"] == "voda.png" and made.json["path"] == "assets/voda.png"
    listed = made.json["assets"][0]
    assert (listed["type"], listed["size"], listed["by"]) == ("image/png", len(picture), "Dilnoza")
    # The frame's address changed with the pictures; the picture sits beside it, as assets/<name>.
    frame = made.json["frame_url"]
    assert frame != before["frame_url"] and listed["url"] == frame.removesuffix("frame") + "assets/voda.png"

    sandboxed = app.test_client()  # the preview frame: an opaque origin, no cookie of ours
    page = sandboxed.get(frame)
    assert page.status_code == 200 and page.headers["Content-Security-Policy"] == FRAME_CSP
    served = sandboxed.get(listed["url"])
    assert served.status_code == 200 and served.data == picture and served.mimetype == "image/png"
    assert served.headers["Content-Security-Policy"] == SERVED_CSP
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in served.headers["Cache-Control"]
    assert sandboxed.get(listed["url"], headers={"If-None-Match": served.headers["ETag"]}).status_code == 304

    # The project page carries that frame address (the history dialog and the trainer's review too).
    assert f'"frameUrl": "{frame}"' in clients["Rustam"].get(f"/projects/{project.id}").get_data(as_text=True)
    assert clients["Rustam"].get(f"/api/projects/{project.id}").json["frame_url"] == frame

    # Without the project's key, nothing: a made-up key, or this project's key on another project.
    key = frame.split("/")[4]
    elsewhere = listed["url"].replace(f"/projects/{project.id}/", f"/projects/{project.id + 1}/")
    for wrong in (frame.replace(key, "A" * 22), listed["url"].replace(key, "A" * 22), elsewhere):
        assert sandboxed.get(wrong).status_code == 404, wrong


def test_the_type_comes_from_the_bytes_and_the_name_is_made_safe(group):
    project, clients = group
    dilnoza = clients["Dilnoza"]
    cases = [
        (JPEG, "logo.png", "image/png", "logo.jpg", "image/jpeg"),  # a JPEG called .png
        (JPEG, "Фото 1.JPEG", "image/jpeg", "foto-1.jpeg", "image/jpeg"),
        (GIF, "../../etc/spin.gif", "image/gif", "spin.gif", "image/gif"),
        (WEBP, "Оби тоза.webp", "application/octet-stream", "obi-toza.webp", "image/webp"),
        (SVG, "icon", "text/plain", "icon.svg", "image/svg+xml"),
        (png(), "!!!.png", "image/png", "picture.png", "image/png"),
    ]
    for data, sent, claimed, name, mimetype in cases:
        made = upload(dilnoza, project.id, data, sent, claimed)
        assert made.status_code == 201, (sent, made.json)
        assert made.json["asset"] == name, sent
        assert {a["name"]: a["type"] for a in made.json["assets"]}[name] == mimetype
    refused = [
        (b"<html><script>alert(1)</script></html>", "page.png"),
        (b"<html><svg></svg></html>", "page.svg"),
        (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "lol.svg"),
        (b"MZ\x90\x00 a program", "run.gif"),
    ]
    for data, sent in refused:
        answer = upload(dilnoza, project.id, data, sent, "image/png")
        assert answer.status_code == 415 and "PNG, JPEG, GIF, WebP or SVG" in answer.json["error"], sent
    assert upload(dilnoza, project.id, b"", "empty.png").status_code == 400
    no_file = dilnoza.post(f"/api/projects/{project.id}/assets", data={}, content_type="multipart/form-data")
    assert no_file.status_code == 400 and no_file.json["error"]
    assert len(dilnoza.get(f"/api/projects/{project.id}/assets").json["assets"]) == len(cases)


def test_an_svg_with_script_is_served_so_that_its_script_cannot_run(app, group):
    project, clients = group
    hostile = (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)">'
        b"<script>alert(1)</script></svg>"
    )
    url = upload(clients["Dilnoza"], project.id, hostile, "evil.svg").json["assets"][0]["url"]
    served = app.test_client().get(url)
    assert served.mimetype == "image/svg+xml" and served.data == hostile
    policy = served.headers["Content-Security-Policy"]
    # Opened on its own it is a document: a sandbox (opaque origin, no script), and nothing may load.
    assert policy.startswith("sandbox;") and "default-src 'none'" in policy and "script-src" not in policy
    assert served.headers["Content-Disposition"] == 'inline; filename="evil.svg"'


def test_the_limits_hold_with_a_clear_message_in_the_members_language(group):
    project, clients = group
    dilnoza = clients["Dilnoza"]
    too_big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024)
    said = upload(dilnoza, project.id, too_big, "big.png", lang="ru")
    assert said.status_code == 413 and "1024 КБ" in said.json["error"], said.json
    english = upload(dilnoza, project.id, too_big, "big.png", lang="en").json["error"]
    assert english.startswith("This picture is too big")
    # 5 MB together: five pictures of 0.9 MB fit, a sixth does not.
    big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (900 * 1024)
    for number in range(5):
        assert upload(dilnoza, project.id, big, f"big-{number}.png").status_code == 201
    said = upload(dilnoza, project.id, big, "big-5.png", lang="ru")
    assert said.status_code == 413 and "5 МБ" in said.json["error"], said.json
    # Replacing one of them is not one more.
    replaced = upload(dilnoza, project.id, big, "big-4.png")
    assert replaced.status_code == 200 and replaced.json["replaced"] is True
    for number in range(5):
        dilnoza.delete(f"/api/projects/{project.id}/assets/big-{number}.png")
    # 20 pictures at most.
    for number in range(20):
        assert upload(dilnoza, project.id, png(), f"p{number}.png").status_code == 201
    said = upload(dilnoza, project.id, png(), "one-more.png", lang="tg")
    assert said.status_code == 409 and "на зиёда аз 20 расм" in said.json["error"], said.json
    assert upload(dilnoza, project.id, png(1, 1), "p3.png").status_code == 200  # a replacement fits


def test_a_deleted_picture_is_gone_and_a_name_that_is_not_one_is_404(app, group):
    project, clients = group
    url = upload(clients["Rustam"], project.id, png(), "water.png").json["assets"][0]["url"]
    gone = clients["Dilnoza"].delete(f"/api/projects/{project.id}/assets/water.png")
    assert gone.status_code == 200 and gone.json["assets"] == []
    assert app.test_client().get(url).status_code == 404
    for name in ("water.png", "WATER.PNG", "..", "a%2F..%2Fb.png", "x.exe"):
        answer = clients["Dilnoza"].delete(f"/api/projects/{project.id}/assets/{name}")
        assert answer.status_code in (404, 405), name
    # A classmate outside the group sees nothing (the whole table: test_permissions.py).
    assert clients["Zarina"].get(f"/api/projects/{project.id}/assets").status_code == 404


def test_the_other_members_open_page_and_the_trainers_review_hear_each_upload_and_delete(
    served, sockets, group, trainer
):
    project, clients = group
    rustam = Member(sockets, served, project.id, clients["Rustam"])
    review = sockets(served, f"/live/classes/{project.classroom_id}", trainer)
    made = upload(clients["Dilnoza"], project.id, png(), "water.png")
    heard = rustam.next("assets")
    assert [a["name"] for a in heard["assets"]] == ["water.png"]
    assert heard["frame_url"] == made.json["frame_url"]
    assert review.next("project-saved")["project"] == project.id  # it fetches the new frame address
    clients["Dilnoza"].delete(f"/api/projects/{project.id}/assets/water.png")
    assert rustam.next("assets")["assets"] == []
    rustam.socket.send({"type": "assets", "assets": []})  # a page may not send one
    assert rustam.next("error")["error"] == "not-allowed"


def test_the_published_app_and_the_zip_carry_the_pictures(app, group):
    project, clients = group
    dilnoza = clients["Dilnoza"]
    picture, logo = png(), SVG
    upload(dilnoza, project.id, picture, "water.png")
    upload(dilnoza, project.id, logo, "logo.svg")
    published = dilnoza.put(f"/api/projects/{project.id}/published", json={}).json
    path = "/" + published["url"].split("://", 1)[1].split("/", 1)[1]
    # Imported here: imported first of all, it would meet sandbox.publish half made.
    from sandbox.views.published import create_publish_app

    services = app.extensions["sandbox"]
    origin = create_publish_app(services.store, services.exercises).test_client()
    assert 'src="assets/water.png"' in origin.get(path).get_data(as_text=True)
    served = origin.get(path + "assets/water.png")
    assert served.status_code == 200 and served.data == picture and served.mimetype == "image/png"
    svg = origin.get(path + "assets/logo.svg")
    assert svg.mimetype == "image/svg+xml" and svg.headers["Content-Security-Policy"] == SERVED_CSP
    worker = origin.get(path + "sw.js").get_data(as_text=True)
    assert '"assets/logo.svg"' in worker and '"assets/water.png"' in worker  # kept for offline use
    # The snapshot keeps its copy until the group publishes again.
    dilnoza.delete(f"/api/projects/{project.id}/assets/water.png")
    assert origin.get(path + "assets/water.png").data == picture
    dilnoza.put(f"/api/projects/{project.id}/published", json={})
    assert origin.get(path + "assets/water.png").status_code == 404
    assert origin.get(path + "assets/logo.svg").status_code == 200

    archive = zipfile.ZipFile(io.BytesIO(clients["Rustam"].get(f"/projects/{project.id}/download.zip").data))
    names = archive.namelist()
    assert "clean-water/assets/logo.svg" in names and archive.read("clean-water/assets/logo.svg") == logo
    assert not [name for name in names if re.search(r"water\.png$", name)]
    assert "assets/" in archive.read("clean-water/README.txt").decode("utf-8-sig")
