"""Our pages in Russian and Tajik (?lang=ru, ?lang=tg) through the Flask test client.

Each page must show its own text in the chosen language, say so in its lang attribute, and hand
the page scripts their strings in that language too. Exercise content stays as the exercise has it.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from babel.messages.pofile import read_po

from tests.support import ROOT
from tests.support.web import TOKEN, join, make_class, sign_in

TRANSLATIONS = ROOT / "sandbox" / "translations"

# A few strings a person sees on each page, by language.
EXPECTED = {
    "ru": {
        "/": ['Здравствуйте, <span translate="no">Farrukh</span>!', "Язык"],
        "exercise": ["Проверить", "Открыть на телефоне", "Начать заново", "Консоль"],
        "join": ["Ваше имя", "Войти в класс"],
        "login": ["Вход для тренера", "Пароль"],
        "classes": ["Ваши классы", "Создать класс"],
        "dashboard": ["Панель класса", "Попросить всех открыть", "Сообщение всему классу"],
        "exercises": ["Добавить или обновить упражнение", "Загрузить и проверить"],
        "missing": ["Такой страницы нет."],
        "stopped phone link": ["Эта ссылка для телефона больше не работает"],
    },
    "tg": {
        "/": ['Салом, <span translate="no">Farrukh</span>!', "Забон"],
        "exercise": ["Санҷидан", "Дар телефон кушодан", "Аз нав оғоз кардан", "Консол"],
        "join": ["Номи шумо", "Ба синф ворид шудан"],
        "login": ["Вуруди омӯзгор", "Парол"],
        "classes": ["Синфҳои шумо", "Сохтани синф"],
        "dashboard": ["Лавҳаи синф", "Паём ба тамоми синф"],
        "exercises": ["Илова ё нав кардани машқ", "Бор кардан ва санҷидан"],
        "missing": ["Чунин саҳифа нест."],
        "stopped phone link": ["Ин пайванди телефон дигар кор намекунад"],
    },
}
SAVED = {"ru": "Сохранено", "tg": "Захира шуд"}


def english_messages() -> set[str]:
    """Our English texts without placeholders, as a page would show them in an element."""
    with open(TRANSLATIONS / "messages.pot", "rb") as pot:
        ids = [m.id for m in read_po(pot) if isinstance(m.id, str) and m.id]
    return {text for text in ids if len(text) > 3 and "%(" not in text and "{" not in text}


def pages(app) -> dict[str, tuple]:
    """Each page as (client, path): a learner's pages, and a trainer's with one class."""
    trainer = sign_in(app, "amina")
    created = trainer.post("/trainer/classes", data={"csrf_token": TOKEN, "name": "Day 1"})
    classroom = app.extensions["sandbox"].store.get_classroom(int(created.location.rsplit("/", 1)[1]))
    learner = join(app, classroom.join_code, "Farrukh")
    link = learner.post("/api/phone-links", json={"exercise": "hello"}).get_json()["link"]
    learner.delete(f"/api/phone-links/{link['id']}")
    return {
        "/": (learner, "/"),
        "exercise": (learner, "/exercises/hello/heading"),
        "join": (app.test_client(), f"/join/{classroom.join_code}"),
        "login": (app.test_client(), "/trainer/login"),
        "classes": (trainer, "/trainer/"),
        "dashboard": (trainer, f"/trainer/classes/{classroom.id}"),
        "exercises": (trainer, "/trainer/exercises"),
        "missing": (learner, "/no-such-page"),
        "stopped phone link": (app.test_client(), "/phone/" + link["url"].split("/phone/")[1].split("?")[0]),
    }


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_pages_show_their_text_in_the_chosen_language(app, language):
    english = english_messages()
    for name, (client, path) in pages(app).items():
        response = client.get(f"{path}?lang={language}")
        text = html.unescape(response.text)
        assert f'<html lang="{language}">' in text, name
        for expected in EXPECTED[language][name]:
            assert expected in text, f"{name} in {language}: no “{expected}”"
        shown = {html.unescape(s).strip() for s in re.findall(r">([^<>]+)<", response.text)}
        left = sorted(shown & english - {"Sandbox"})
        assert not left, f"{name} in {language} shows English: {left}"


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_page_scripts_get_their_strings_in_the_chosen_language(app, language):
    client, path = pages(app)["exercise"]
    response = client.get(f"{path}?lang={language}")
    found = re.search(r'<script type="application/json" id="i18n">(.*?)</script>', response.text, re.S)
    strings = json.loads(found.group(1))
    assert strings["saved"] == SAVED[language]
    assert all(value for value in strings.values())


def test_the_chosen_language_is_remembered_for_the_next_page(client):
    client.get("/?lang=tg")
    assert "Аввалин барномаи худро созед" in client.get("/").text


def test_api_errors_come_in_the_chosen_language(learner):
    response = learner.put("/api/work/hello?lang=ru", json=[])
    assert response.status_code == 400
    assert response.json["error"] == "Не удалось прочитать запрос: он должен быть объектом JSON."


def test_exercise_text_in_english_inside_a_tajik_page_is_marked_lang_en(learner):
    # The test exercise "hello" is written in English and Russian only: a Tajik page shows its English.
    tajik = learner.get("/exercises/hello/heading?lang=tg").text
    assert '<span class="crumb" lang="en">Say hello</span>' in tajik
    assert '<span lang="en">Add a heading</span></h1>' in tajik
    assert '<div class="instructions" lang="en">' in tajik
    assert '<span class="exercise-title" lang="en">Say hello</span>' in learner.get("/?lang=tg").text

    russian = learner.get("/exercises/hello/heading?lang=ru").text
    assert '<span class="crumb">Скажи привет</span>' in russian
    assert re.findall(r' lang="(\w+)"', russian.split("</nav>", 1)[1]) == []  # past the language menu


def test_learner_code_and_names_are_marked_not_to_be_translated(app, trainer):
    classroom = app.extensions["sandbox"].store.get_classroom(make_class(trainer))
    learner = join(app, classroom.join_code, "Farrukh")
    assert '<span translate="no">Farrukh</span>' in learner.get("/?lang=ru").text
    exercise = learner.get("/exercises/hello/heading?lang=ru").text
    assert '<div id="editor" class="editor" translate="no">' in exercise
    assert 'id="screen" translate="no"' in exercise
