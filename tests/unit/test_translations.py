"""The ru and tg catalogs: complete, not fuzzy, placeholders intact, in step with the sources.

A native speaker corrects the .po files (docs/translating.md); these tests keep what they wrote usable.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from sandbox import i18n
from sandbox.cli import main
from sandbox.exercises import load_exercise

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "sandbox" / "translations"
LANGUAGES = [code for code in i18n.LANGUAGE_NAMES if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
# The same keywords as `make messages` (Makefile, EXTRACT): _l for lazy strings, plural() in i18n.py.
EXTRACT_KEYWORDS = ["-k", "_l", "-k", "plural:1,2"]


def catalog(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def template():
    with open(TRANSLATIONS / "messages.pot", "rb") as pot:
        return read_po(pot)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def english(message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple) else [message.id]


def translated(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_translates_every_message_of_the_template(language):
    messages = catalog(language)
    missing = [m.id for m in template() if m.id and (m.id not in messages or not messages[m.id].string)]
    assert not missing, f"{language}: not translated yet: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_empty_or_fuzzy_message(language):
    messages = catalog(language)
    empty = [m.id for m in messages if m.id and not all(s.strip() for s in translated(m))]
    fuzzy = [m.id for m in messages if m.id and m.fuzzy]
    assert not empty, f"{language}: empty translations (every plural form needs a text): {empty}"
    assert not fuzzy, f"{language}: fuzzy translations (check them, then remove '#, fuzzy'): {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_every_plural_form_of_its_language(language):
    messages = catalog(language)
    wrong = [
        m.id
        for m in messages
        if m.id and isinstance(m.id, tuple) and len(translated(m)) != messages.num_plurals
    ]
    assert not wrong, f"{language} needs {messages.num_plurals} forms for: {wrong}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_the_english_text(language):
    differ = []
    for message in catalog(language):
        if not message.id:
            continue
        allowed = [placeholders(text) for text in english(message)]
        for text in translated(message):
            if text and placeholders(text) not in allowed:
                differ.append((english(message)[0], text))
    assert not differ, f"{language}: placeholders differ from the English: {differ}"


def test_template_is_up_to_date_with_the_sources(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg"]
        + EXTRACT_KEYWORDS
        + ["-o", str(fresh), "."],
        cwd=ROOT,
        check=True,
    )
    with open(fresh, "rb") as pot:
        extracted = {m.id for m in read_po(pot) if m.id}
    stored = {m.id for m in template() if m.id}
    assert extracted == stored, (
        "sandbox/translations/messages.pot is out of date: run `make messages`, then translate. "
        f"New: {sorted(map(str, extracted - stored))}; gone: {sorted(map(str, stored - extracted))}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_is_newer_than_its_source(language):
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    mo, po = folder / "messages.mo", folder / "messages.po"
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, (
        f"{mo} is missing or older than {po.name}: run `make install` (it compiles the catalogs)"
    )


def test_browser_strings_carry_every_plural_form_of_russian(app):
    with app.test_request_context("/?lang=ru"):
        strings = i18n.js_catalog()
    assert strings["saved"] == "Сохранено"
    # The page picks the form with Intl.PluralRules("ru"): 1 → one, 3 → few, 5 → many.
    assert strings["tries"]["one"] == "{count} попытка"
    assert strings["tries"]["few"] == "{count} попытки"
    assert strings["tries"]["many"] == "{count} попыток"


def test_browser_strings_in_tajik_use_the_singular_for_one(app):
    with app.test_request_context("/?lang=tg"):
        strings = i18n.js_catalog()
    assert set(strings["tries"]) == {"one", "other"}
    assert strings["tries"]["one"] == "{count} кӯшиш"


BUNDLED = sorted(p.name for p in (ROOT / "exercises").iterdir() if p.is_dir())
CYRILLIC = re.compile(r"[а-яё]", re.I)
TAJIK_LETTERS = re.compile(r"[ғӣқӯҳҷ]", re.I)


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_exercise_is_written_in_english_russian_and_tajik(name):
    exercise = load_exercise(ROOT / "exercises" / name)
    assert exercise.languages == ("en", "ru", "tg")
    texts = [exercise.title, exercise.summary]
    for step in exercise.steps:
        texts += [step.title, step.instructions]
        texts += [text for check in step.checks for text in (check.name, check.hint) if text]
    for text in texts:
        assert CYRILLIC.search(text.get("ru")), f"not Russian: {text.get('ru')!r}"
        assert CYRILLIC.search(text.get("tg")), f"not Tajik: {text.get('tg')!r}"
    # Tajik has its own letters; a page of "Tajik" instructions without one is probably Russian.
    for step in exercise.steps:
        assert TAJIK_LETTERS.search(step.instructions.get("tg")), f"step {step.id}: not Tajik"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "Вход для тренера:"), ("tg", "Вуруди омӯзгор:"), ("en", "Trainer sign-in:")],
)
def test_the_command_prints_in_the_language_of_sandbox_language(tmp_path, language, expected):
    env = {"SANDBOX_INSTANCE_PATH": str(tmp_path / "instance"), "SANDBOX_LANGUAGE": language}
    result = CliRunner().invoke(main, ["demo"], env=env)
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_the_command_follows_the_system_locale_without_sandbox_language(tmp_path):
    env = {"SANDBOX_INSTANCE_PATH": str(tmp_path / "instance"), "SANDBOX_LANGUAGE": None}
    env |= {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "ru_RU.UTF-8"}
    result = CliRunner().invoke(main, ["init"], env=env)
    assert result.exit_code == 0, result.output
    assert "База данных готова" in result.output


def test_exercise_text_says_which_language_it_answers_in():
    from sandbox.exercises.model import Text

    text = Text({"en": "Say hello", "ru": "Скажи привет"})
    assert (text.get("ru"), text.language_of("ru")) == ("Скажи привет", "ru")
    assert (text.get("tg"), text.language_of("tg")) == ("Say hello", "en")
    assert Text({"ru": "Только по-русски"}).language_of("tg") == "ru"
