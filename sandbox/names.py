"""Names and short texts people type (learners, trainers, classes): shown as typed, but inert.

Removed: control characters (NUL, ESC: they reach exports and terminals raw), line and paragraph
separators, and the invisible format characters, bidi overrides and isolates among them
(`Ali\\u202egpj.exe` shows as "Aliexe.jpg"). Zero-width joiners stay inside a name (emoji
sequences, some scripts' spelling), but a name with nothing visible left is no name.
"""

from __future__ import annotations

import unicodedata

# Kept: they join letters or emoji, and show nothing on their own.
JOINERS = {"\u200c", "\u200d"}
INVISIBLE = JOINERS | {"\ufe0f", "\ufe0e"}  # and the emoji/text presentation selectors


def _kept(char: str) -> bool:
    category = unicodedata.category(char)
    if char in JOINERS:
        return True
    return category not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def _instead(char: str) -> str:
    return "" if unicodedata.category(char) == "Cf" else " "


def clean_name(raw: object, limit: int | None = None) -> str:
    """Return a typed name as one line of visible text ('' when nothing visible is left).

    Spaces are collapsed; `limit` cuts it to that many characters.
    """
    if not isinstance(raw, str):
        return ""
    # A control character or line separator parts words; a format character (bidi, zero-width) was never seen.
    text = " ".join("".join(ch if _kept(ch) else _instead(ch) for ch in raw).split())
    if all(ch in INVISIBLE or unicodedata.category(ch) in ("Mn", "Me") for ch in text):
        return ""
    return text[:limit] if limit is not None else text


def inert(value: str) -> str:
    """A stored text made safe for a terminal or a file: control and format characters removed.

    (Tabs stay: harmless in a terminal, and a CSV cell starting with one is quoted as a formula.)
    """
    return "".join(ch for ch in value if _kept(ch) or ch == "\t")


# Russian and Tajik letters in Latin, for the zip's folder and file name: an old Windows unpacker
# shows a Cyrillic name in a zip as gibberish, a Latin one as it is.
_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяғӣқӯҳҷ",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh sch _ y _ e yu ya gh i q u h j".split(),
        strict=True,
    )
) | {"ъ": "", "ь": ""}


def latin(text: str) -> str:
    """Russian and Tajik lower-case letters written in Latin ("вода" -> "voda"); the rest as it is."""
    return "".join(_LATIN.get(ch, ch) for ch in text)
