"""The language of a person: ?lang=, their stored choice, this browser's last one, class default, browser.

A learner's choice is stored with them, so it follows them to another device (resume code), and a
trainer's with the trainer; a trainer can give a class a default language for learners who chose none.
"""

from __future__ import annotations

import re

from sqlalchemy import inspect, text

from sandbox.store import Store
from tests.support.web import TOKEN, make_class, post, sign_in, with_csrf


def html_lang(response) -> str:
    return re.search(r'<html lang="(\w+)"', response.text).group(1)


def join_class(app, code: str, name: str, *, lang: str | None = None, browser: str = "en"):
    client = with_csrf(app.test_client())
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = browser
    if lang:
        client.get(f"/join/{code}?lang={lang}")  # picked the language on the join page first
    client.post(f"/join/{code}", data={"csrf_token": TOKEN, "name": name})
    return with_csrf(client)


def resume_code(client) -> str:
    return re.search(r'id="resume-code">(\w+)<', client.get("/").text).group(1)


def test_language_first_comes_from_the_browser(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "tg, ru;q=0.8"
    assert html_lang(client.get("/join")) == "tg"


def test_language_chosen_by_a_learner_follows_them_to_another_device(app, trainer):
    store: Store = app.extensions["sandbox"].store
    code = store.get_classroom(make_class(trainer)).join_code
    laptop = join_class(app, code, "Farrukh")
    assert html_lang(laptop.get("/?lang=tg")) == "tg"
    learner = store.learners_of(store.classroom_by_code(code).id)[0]
    assert store.get_learner(learner.id).language == "tg"

    phone = with_csrf(app.test_client())
    phone.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert html_lang(phone.get("/resume")) == "en"
    assert post(phone, "/resume", code=resume_code(laptop)).status_code == 302
    assert html_lang(phone.get("/")) == "tg"
    assert 'Салом, <span translate="no">Farrukh</span>!' in phone.get("/").text


def test_language_picked_on_the_join_page_is_stored_with_the_learner(app, trainer):
    store: Store = app.extensions["sandbox"].store
    classroom = store.get_classroom(make_class(trainer))
    join_class(app, classroom.join_code, "Zarina", lang="ru")
    assert [learner.language for learner in store.learners_of(classroom.id)] == ["ru"]


def test_class_default_language_is_for_learners_who_chose_none(app, trainer):
    store: Store = app.extensions["sandbox"].store
    classroom_id = make_class(trainer)
    post(trainer, f"/trainer/classes/{classroom_id}", name="Day 1", stuck_minutes="10", language="tg")
    classroom = store.get_classroom(classroom_id)
    assert classroom.language == "tg"

    chose_nothing = join_class(app, classroom.join_code, "Farrukh", browser="en")
    chose_russian = join_class(app, classroom.join_code, "Zarina", lang="ru", browser="en")
    assert html_lang(chose_nothing.get("/")) == "tg"
    assert html_lang(chose_russian.get("/")) == "ru"
    assert html_lang(chose_nothing.get("/?lang=en")) == "en"  # an explicit choice wins, and stays
    assert html_lang(chose_nothing.get("/")) == "en"

    post(trainer, f"/trainer/classes/{classroom_id}", name="Day 1", stuck_minutes="10", language="")
    assert store.get_classroom(classroom_id).language is None
    assert 'id="class-language"' in trainer.get(f"/trainer/classes/{classroom_id}").text


def test_class_default_language_refuses_what_is_not_a_language(app, trainer):
    classroom_id = make_class(trainer)
    post(trainer, f"/trainer/classes/{classroom_id}", name="Day 1", language="xx")
    assert app.extensions["sandbox"].store.get_classroom(classroom_id).language is None


def test_language_chosen_by_a_trainer_is_stored_and_follows_them_when_signing_in_elsewhere(app):
    trainer = sign_in(app, "amina")
    assert html_lang(trainer.get("/trainer/?lang=ru")) == "ru"
    store: Store = app.extensions["sandbox"].store
    assert store.trainer_by_name("amina").language == "ru"

    elsewhere = with_csrf(app.test_client())
    elsewhere.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    elsewhere.post("/trainer/login", data={"csrf_token": TOKEN, "name": "amina", "password": "correct horse"})
    assert html_lang(with_csrf(elsewhere).get("/trainer/")) == "ru"


def test_grader_feedback_is_asked_for_in_the_learners_stored_language(app, trainer):
    store: Store = app.extensions["sandbox"].store
    classroom = store.get_classroom(make_class(trainer))
    laptop = join_class(app, classroom.join_code, "Farrukh", lang="tg")
    phone = with_csrf(app.test_client())  # another device: no lang cookie, an English browser
    phone.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    post(phone, "/resume", code=resume_code(laptop))
    sent = phone.post(
        "/api/submissions", json={"exercise": "hello", "step": "heading", "files": {"index.html": "x"}}
    )
    assert sent.status_code == 202, sent.text
    assert store.get_submission(sent.get_json()["id"]).language == "tg"


def test_every_page_has_the_language_menu_and_it_keeps_the_address(app, trainer):
    classroom = app.extensions["sandbox"].store.get_classroom(make_class(trainer))
    visitor = app.test_client()
    for path in ("/", "/join", f"/join/{classroom.join_code}", "/resume", "/trainer/login?next=/trainer/"):
        page = visitor.get(path).text
        assert 'class="languages"' in page, path
    login = visitor.get("/trainer/login?next=/trainer/").text
    assert "/trainer/login?next=%2Ftrainer%2F&amp;lang=ru" in login


def test_language_migration_adds_the_columns_on_an_old_database(tmp_path):
    from alembic import command
    from alembic.config import Config

    from sandbox.store import MIGRATIONS

    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
        connection.execute(
            text(
                "INSERT INTO trainers (name, password_hash, created_at)"
                " VALUES ('amina', '-', CURRENT_TIMESTAMP)"
            )
        )
    store.upgrade()
    columns = {
        table: {c["name"] for c in inspect(store.engine).get_columns(table)}
        for table in ("learners", "trainers", "classrooms")
    }
    assert all("language" in names for names in columns.values())
    assert store.trainer_by_name("amina").language is None
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    assert "language" not in {c["name"] for c in inspect(store.engine).get_columns("learners")}
    store.dispose()
