"""A project's pictures as plain values: the type read from the bytes, the safe name, the limits
(the store holds them in one transaction, also when two members upload at once)."""

from __future__ import annotations

import threading

import pytest

from sandbox.projects.assets import (
    MAX_ASSET_BYTES,
    MAX_ASSETS,
    NAME,
    Asset,
    asset_name,
    assets_tag,
    over_limits,
    sniff,
)
from sandbox.store import AssetLimit
from tests.support.pictures import GIF, JPEG, SVG, WEBP, png


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (png(), "image/png"),
        (JPEG, "image/jpeg"),
        (GIF, "image/gif"),
        (WEBP, "image/webp"),
        (SVG, "image/svg+xml"),
        (b'\xef\xbb\xbf<!-- made by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
        (
            b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg viewBox="0 0 1 1"></svg>',
            "image/svg+xml",
        ),
        (b"<html><body><svg></svg></body></html>", None),  # an HTML page with an SVG in it
        (b'<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>', None),  # entities: not for us
        (b"<svg>\xff\xfe</svg>", None),  # not UTF-8
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", None),  # a sound, not a WebP
        (b"GIF8", None),
        (b"", None),
        (b"\x89PNG", None),
    ],
)
def test_the_type_is_read_from_the_bytes(data, expected):
    assert sniff(data) == expected


@pytest.mark.parametrize(
    ("sent", "mimetype", "stored"),
    [
        ("water.png", "image/png", "water.png"),
        ("Water Drop.PNG", "image/png", "water-drop.png"),
        ("Чистая вода.png", "image/png", "chistaya-voda.png"),
        ("Оби тоза (1).jpeg", "image/jpeg", "obi-toza-1.jpeg"),
        ("photo.png", "image/jpeg", "photo.jpg"),  # its bytes are a JPEG
        ("C:\\Users\\ali\\logo.svg", "image/svg+xml", "logo.svg"),
        ("../../../etc/passwd", "image/png", "passwd.png"),
        ("...", "image/gif", "picture.gif"),
        ("", "image/webp", "picture.webp"),
        ("a" * 200 + ".png", "image/png", "a" * 60 + ".png"),
        ("v1.2-final_.png", "image/png", "v1.2-final.png"),
    ],
)
def test_a_picture_gets_a_safe_name_with_the_extension_its_bytes_say(sent, mimetype, stored):
    name = asset_name(sent, mimetype)
    assert name == stored and NAME.match(name)


def test_the_limits_count_a_replacement_once_and_the_tag_follows_every_change():
    full = [Asset(f"p{n}.png", "image/png", 10, str(n)) for n in range(MAX_ASSETS)]
    assert over_limits(full, "new.png", 10) == "count"
    assert over_limits(full, "p3.png", 10) is None  # it replaces p3.png
    assert over_limits([], "big.png", MAX_ASSET_BYTES + 1) == "file"
    heavy = [Asset(f"h{n}.png", "image/png", 1024 * 1024, str(n)) for n in range(5)]
    assert over_limits(heavy, "one.png", 1) == "total" and over_limits(heavy, "h0.png", 10) is None
    assert assets_tag(full) != assets_tag(full[:-1]) != assets_tag([])
    assert assets_tag(full) == assets_tag(reversed(full))


def test_two_members_uploading_the_last_free_place_at_once_make_one_picture(store):
    trainer = store.create_trainer("amina", "correct horse")
    classroom = store.create_classroom(trainer.id, "Day 1")
    project = store.create_project(classroom.id, "Ours", "poverty", "", "blank", {"index.html": ""}, {}, [])
    for n in range(MAX_ASSETS - 1):
        store.save_project_asset(project.id, f"p{n}.png", "image/png", png(), "Ali")
    results: list[object] = []
    start = threading.Barrier(2)

    def upload(name: str) -> None:
        start.wait()
        try:
            results.append(store.save_project_asset(project.id, name, "image/png", png(), name))
        except AssetLimit as refused:
            results.append(refused.kind)

    threads = [threading.Thread(target=upload, args=(name,)) for name in ("a.png", "b.png")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(map(str, results))[-1] == "count" and len(store.project_assets(project.id)) == MAX_ASSETS
    store.delete_project(project.id)  # its pictures go with it
    assert store.project_assets(project.id) == []
