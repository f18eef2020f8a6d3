"""Translations for grading messages, usable outside a request (the grader runs in its own threads)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


@lru_cache(maxsize=8)
def translations(language: str) -> NullTranslations:
    """Return the message catalog for a language (English text when there is none)."""
    return Translations.load(str(TRANSLATIONS), [language], "messages")
