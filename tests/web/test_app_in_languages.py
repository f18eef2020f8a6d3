"""The app's own texts in the person's language: the starter a learner gets, the finished app the
trainer's library previews, and a learner's saved code, which stays as they wrote it."""

from __future__ import annotations

import json
import re

import pytest

from tests.support import BUNDLED_EXERCISES
from tests.support.web import sign_in, with_csrf

HEADING = {"en": "Volunteers today", "ru": "Волонтёры сегодня", "tg": "Волонтёрҳои имрӯз"}


def page_data(html: str) -> dict:
    return json.loads(re.search(r'id="page-data">(.*?)</script>', html, re.S).group(1))


@pytest.fixture
def bundled_app(make_app):
    return make_app(EXERCISES_DIR=str(BUNDLED_EXERCISES))


@pytest.mark.parametrize("language", ["en", "ru", "tg"])
def test_a_learner_starts_from_the_app_in_their_language(bundled_app, language):
    learner = with_csrf(bundled_app.test_client())
    page = learner.get(f"/exercises/volunteer-counter/plus?lang={language}", follow_redirects=True).text
    assert HEADING[language] in page_data(page)["starter"]["index.html"]
    assert HEADING[language] in learner.get("/api/work/volunteer-counter").get_json()["files"]["index.html"]


def test_saved_code_stays_as_the_learner_wrote_it_when_they_switch_language(bundled_app):
    learner = with_csrf(bundled_app.test_client())
    learner.get("/exercises/volunteer-counter/plus?lang=en", follow_redirects=True)
    mine = {"index.html": "<h1>Volunteers today</h1>", "style.css": "", "app.js": ""}
    assert learner.put("/api/work/volunteer-counter", json={"files": mine, "revision": 0}).status_code == 200
    page = learner.get("/exercises/volunteer-counter/plus?lang=ru").text
    assert page_data(page)["work"]["files"] == mine
    assert learner.get("/api/work/volunteer-counter").get_json()["files"] == mine


def test_the_library_previews_the_finished_app_in_the_trainers_language(bundled_app):
    trainer = sign_in(bundled_app, "amina")
    page = trainer.get("/trainer/library?lang=tg").text
    previews = json.loads(re.search(r'id="library-data">(.*?)</script>', page, re.S).group(1))
    finished = previews["volunteer-counter"]["files"]["index.html"]
    assert HEADING["tg"] in finished and "Аз нав" in finished and 'lang="tg"' in finished
