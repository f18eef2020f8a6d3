"""The exercise model: what a trainer writes, as plain frozen dataclasses."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

DEFAULT_LANGUAGE = "en"


def N_(text: str) -> str:
    """Mark a message to translate where it is shown, not where it is made (`make messages` finds N_)."""
    return text


class Words(str):
    """A value inside a problem's message that is itself translated where it is shown (marked N_)."""


@dataclass(frozen=True)
class Text:
    """A piece of text in one or more languages; English is the source."""

    values: Mapping[str, str]

    def get(self, language: str | None = None) -> str:
        """Return the text in `language`, falling back to English, then to any language."""
        return self.values.get(self.language_of(language), "")

    def language_of(self, language: str | None = None) -> str:
        """Return the language get(language) answers in (so a page can mark a fallback with lang=)."""
        if language and language in self.values:
            return language
        if DEFAULT_LANGUAGE in self.values or not self.values:
            return DEFAULT_LANGUAGE
        return next(iter(self.values))

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class Device:
    """The viewport an exercise is previewed and graded at."""

    name: str
    width: int
    height: int


# Device presets by name (a plain registry); an exercise may also give {width, height}.
DEVICES: dict[str, Device] = {
    "small-phone": Device("small-phone", 320, 568),
    "phone": Device("phone", 360, 640),
    "large-phone": Device("large-phone", 390, 844),
    "tall-phone": Device("tall-phone", 412, 915),
}


@dataclass(frozen=True)
class Check:
    """One thing the grader verifies; exactly one of expect / python / js is set."""

    id: str
    name: Text
    hint: Text | None
    actions: tuple[Mapping[str, Any], ...] = ()
    expect: Mapping[str, Any] | None = None
    python: str | None = None
    js: str | None = None
    # A js: check that only reads the page: it shares one load with the other read-only checks.
    read_only: bool = False
    # `actions` and `expect` are in English. A check whose expected texts are given per language
    # ({en: Reset, ru: Сбросить}) has them here in each other language: {"ru": (actions, expect)},
    # and `words` lists the texts it looks for in each language (English too), for text_language.
    localized: Mapping[str, tuple[tuple[Mapping[str, Any], ...], Mapping[str, Any] | None]] = field(
        default_factory=dict
    )
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "expect" if self.expect is not None else "python" if self.python else "js"

    def in_language(self, language: str) -> Check:
        """This check looking for its texts in `language` (itself when it has none there)."""
        if language not in self.localized:
            return self
        actions, expect = self.localized[language]
        return replace(self, actions=actions, expect=expect, localized={}, words={})

    def text_language(self, files: Mapping[str, str], preferred: str) -> str:
        """The language whose texts this check looks for in the learner's app.

        The learner's own language (`preferred`), unless their code holds more of this check's
        texts in another language of the exercise: a learner who began in Russian and then switched
        the page to English still has a Russian app, and it passes. Code that holds none of the
        texts is told them in the learner's language (docs/exercise-format.md, "Texts inside the app").
        """
        if not self.words:
            return preferred
        source = " ".join(" ".join(text.split()) for text in files.values())

        def found(language: str) -> int:
            """How many of the check's texts in `language` the code holds as words of their own
            (Reset, not the Reset of showResetButton or id="Reset-box")."""
            return sum(
                re.search(rf"(?<![\w$-]){re.escape(' '.join(word.split()))}(?![\w$-])", source) is not None
                for word in self.words.get(language, ())
            )

        order = [preferred, *(language for language in self.words if language != preferred)]
        best = max(order, key=found)  # the first of the best: the learner's language on a tie
        return best if found(best) > found(preferred) else preferred


# When a helper script runs in a graded document: before the app's scripts, or once the document
# has been parsed (DOMContentLoaded), so that it can find the page's elements.
HELPER_TIMES = ("start", "dom-ready")


@dataclass(frozen=True)
class Helper:
    """A script of the exercise's put into every graded page (never the preview)."""

    file: str
    at: str = "start"
    # Where it is read from: the exercise's folder, or (for `course:<path>`) its course's folder.
    path: Path | None = None


@dataclass(frozen=True)
class Step:
    """One small goal of an exercise, with its instructions and checks."""

    number: int
    id: str
    title: Text
    instructions: Text
    checks: tuple[Check, ...]
    # The step's own starting code (starter/<step>/), or None: the learner carries their code over.
    starter: Mapping[str, str] | None = None
    # False: checking this step runs only its own checks (and later steps count back to it).
    cumulative: bool = True


def graded_steps(steps: tuple[Step, ...], step_id: str) -> tuple[Step, ...]:
    """The steps whose checks grade `step_id`: every step up to it (grading is cumulative), back
    to the nearest one marked `cumulative: false`."""
    chain: list[Step] = []
    for step in steps:
        if not step.cumulative:
            chain = []
        chain.append(step)
        if step.id == step_id:
            break
    return tuple(chain)


@dataclass(frozen=True)
class WrongCase:
    """A known-wrong submission and the checks it must fail."""

    name: str
    step: str
    fails: tuple[str, ...]
    files: Mapping[str, str]


@dataclass(frozen=True)
class Exercise:
    """A guided exercise loaded from its folder."""

    id: str
    title: Text
    summary: Text | None
    languages: tuple[str, ...]
    device: Device
    files: tuple[str, ...]
    steps: tuple[Step, ...]
    starter: Mapping[str, str]
    solutions: Mapping[str, Mapping[str, str]]
    wrong: tuple[WrongCase, ...]
    assets: Mapping[str, Path]
    path: Path
    helpers: tuple[Helper, ...] = ()
    order: int = 100
    # Declared languages whose texts may be missing (shown in English instead), and for each, how
    # many of the exercise's texts it has: {"ru": (57, 71)}.
    partial_languages: tuple[str, ...] = ()
    coverage: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    course: str | None = None  # the id of the course whose folder holds this exercise
    credit: Text | None = None  # who made it and under which licence (markdown), shown to learners
    # The app's own texts in other languages: files beside the English ones (starter/index.ru.html),
    # by language and case: {"ru": {"starter": {...}, "solutions/plus": {...}, "wrong/x": {...}}}.
    # Only the files that differ are here; the others are the English ones.
    overlays: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)
    # The languages the app is translated into (files or check texts of their own), besides English.
    app_languages: tuple[str, ...] = ()
    # The language of the files above: "en", or the one in_language() gave them in.
    files_language: str = DEFAULT_LANGUAGE

    def step(self, step_id: str) -> Step | None:
        """Return the step with this id, or None."""
        return next((s for s in self.steps if s.id == step_id), None)

    def reachable_steps(self, passed: set[str]) -> tuple[Step, ...]:
        """Return the steps a learner may open: every step passed in order, and the next one."""
        reachable = []
        for step in self.steps:
            reachable.append(step)
            if step.id not in passed:
                break
        return tuple(reachable)

    def graded_steps(self, step_id: str) -> tuple[Step, ...]:
        """Return the steps whose checks grade `step_id` (see graded_steps)."""
        return graded_steps(self.steps, step_id)

    def checks_through(self, step_id: str) -> tuple[Check, ...]:
        """Return the checks that grade `step_id` (see graded_steps)."""
        return tuple(check for step in self.graded_steps(step_id) for check in step.checks)

    def in_language(self, language: str | None) -> Exercise:
        """This exercise with its starters, solutions and wrong cases in `language`: each file in
        that language where the exercise has it, the English file where not (or itself, when the
        app has no texts of that language)."""
        overlay = self.overlays.get(language or DEFAULT_LANGUAGE)
        if not overlay:
            return self

        def files(case: str, english: Mapping[str, str]) -> Mapping[str, str]:
            return frozen({**english, **overlay.get(case, {})}) if case in overlay else english

        return replace(
            self,
            starter=files("starter", self.starter),
            steps=tuple(
                replace(step, starter=files(f"starter/{step.id}", step.starter))
                if step.starter is not None
                else step
                for step in self.steps
            ),
            solutions=frozen({step: files(f"solutions/{step}", f) for step, f in self.solutions.items()}),
            wrong=tuple(replace(case, files=files(f"wrong/{case.name}", case.files)) for case in self.wrong),
            overlays=frozen({}),
            files_language=language or DEFAULT_LANGUAGE,
        )

    def starter_for(self, step_id: str, language: str | None = None) -> Mapping[str, str]:
        """Return the starting code in effect at a step: the nearest own starter up to it (in
        `language`, when given: see in_language)."""
        if language is not None:
            return self.in_language(language).starter_for(step_id)
        starter = self.starter
        for step in self.steps:
            if step.starter is not None:
                starter = step.starter
            if step.id == step_id:
                break
        return starter


def say(message: str, values: Mapping[str, Any], gettext: Callable[[str], str] | None = None) -> str:
    """`message` (English, marked N_) in the language of `gettext`, its %(name)s filled from `values`;
    a value that is Words is translated too."""
    translated = gettext(message) if gettext else message
    if not values:
        return translated
    return translated % {
        key: gettext(value) if gettext and isinstance(value, Words) else value
        for key, value in values.items()
    }


@dataclass(frozen=True)
class Message:
    """One sentence to translate where it is shown: English with %(name)s, and the values to fill in."""

    text: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def said(self, gettext: Callable[[str], str] | None = None) -> str:
        return say(self.text, self.values, gettext)

    def to_dict(self) -> dict[str, Any]:
        """A JSON form. Values are plain text or numbers (Words would lose their mark in JSON)."""
        return {"text": self.text, "values": dict(self.values)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        values = data.get("values") or {}
        if not isinstance(data["text"], str) or not isinstance(values, Mapping):
            raise TypeError("a message is {text, values}")
        return cls(data["text"], dict(values))


@dataclass(frozen=True)
class Finding:
    """One case (starter, a solution, a wrong case) run in the grader, and whether it behaved as declared.

    Findings are made outside any request (and cached as JSON), so what they say is kept as messages
    in English (`detail`), translated by `said()` when shown. The grader's own words inside them (a
    check's message) are in `language`, the language the cases were graded in.
    """

    case: str
    step: str
    ok: bool
    messages: tuple[Message, ...]
    language: str = DEFAULT_LANGUAGE

    def said(self, gettext: Callable[[str], str] | None = None) -> str:
        """What the grader found, in the language of `gettext` (English without one); its messages
        are sentences, joined with a full stop."""
        return ". ".join(message.said(gettext) for message in self.messages)

    @property
    def detail(self) -> str:
        return self.said()

    def to_dict(self, gettext: Callable[[str], str] | None = None) -> dict[str, Any]:
        """The cacheable form; with `gettext`, also `detail` in its language (for JSON answers)."""
        data: dict[str, Any] = {
            "case": self.case,
            "step": self.step,
            "ok": self.ok,
            "messages": [message.to_dict() for message in self.messages],
            "language": self.language,
        }
        if gettext is not None:
            data["detail"] = self.said(gettext)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """Read the cacheable form; raises KeyError/TypeError for another form (an older cache's)."""
        messages = tuple(Message.from_dict(m) for m in data["messages"])
        language = str(data.get("language") or DEFAULT_LANGUAGE)
        return cls(str(data["case"]), str(data["step"]), bool(data["ok"]), messages, language)


@dataclass(frozen=True)
class Problem:
    """Something wrong with an exercise, said so a trainer can fix it.

    Problems are found when exercises load, outside any request, so `message` is the English text
    (with %(name)s placeholders filled from `values`) and `said()` translates it when it is shown.
    """

    file: str
    field: str
    message: str
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        """The file, and the field in it: names, never translated."""
        return f"{self.file}: {self.field}" if self.field else self.file

    def message_in(self, gettext: Callable[[str], str] | None = None) -> str:
        """The message in the language of `gettext` (English without one)."""
        return say(self.message, self.values, gettext)

    def said(self, gettext: Callable[[str], str] | None = None) -> str:
        """The problem in the language of `gettext`, after its file and field."""
        return f"{self.where}: {self.message_in(gettext)}"

    def __str__(self) -> str:
        return self.said()


@dataclass(frozen=True)
class Section:
    """A part of a course: a title, a summary, and its exercises in order (their ids)."""

    id: str
    title: Text
    summary: Text | None
    exercises: tuple[str, ...]


@dataclass(frozen=True)
class Course:
    """Exercises ordered into sections, from a folder holding course.yaml (docs/courses.md)."""

    id: str
    title: Text
    summary: Text | None
    languages: tuple[str, ...]
    sections: tuple[Section, ...]
    path: Path
    order: int = 100

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        """Every exercise of the course, section by section."""
        return tuple(e for section in self.sections for e in section.exercises)


@dataclass
class Catalog:
    """The exercises and courses that loaded, in order, and the problems of those that did not."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)

    def get(self, exercise_id: str) -> Exercise | None:
        return self.exercises.get(exercise_id)


def frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return a read-only view of a dict."""
    return MappingProxyType(dict(mapping))
