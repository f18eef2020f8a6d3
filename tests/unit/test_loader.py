"""The exercise loader: what a trainer's folder turns into, and what it says when it is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sandbox.exercises import ExerciseInvalid, Helper, load_catalog, load_exercise
from tests.support import FIXTURE_EXERCISES


@pytest.fixture
def exercise_dir(tmp_path) -> Path:
    """A copy of the test exercise that a test may break."""
    target = tmp_path / "exercises" / "hello"
    shutil.copytree(FIXTURE_EXERCISES / "hello", target)
    return target


def edit_yaml(folder: Path, change) -> None:
    path = folder / "exercise.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ExerciseInvalid) as caught:
        load_exercise(folder)
    return [str(p) for p in caught.value.problems]


def test_loader_reads_every_part_of_an_exercise():
    exercise = load_exercise(FIXTURE_EXERCISES / "hello")
    assert exercise.id == "hello"
    assert exercise.title.get("ru") == "Скажи привет"
    assert exercise.title.get("tg") == "Say hello"  # falls back to English
    assert (exercise.device.width, exercise.device.height) == (360, 640)
    assert exercise.files == ("index.html", "style.css", "app.js")
    assert [s.id for s in exercise.steps] == ["heading", "button"]
    assert [s.number for s in exercise.steps] == [1, 2]
    assert "<h1>Hello</h1>" in exercise.steps[0].instructions.get("en")
    assert "Напиши" in exercise.steps[0].instructions.get("ru")
    check = exercise.steps[1].checks[0]
    assert check.kind == "expect"
    assert check.actions[0]["click"] == "#add"
    assert "<h1>Hello</h1>" in exercise.solutions["heading"]["index.html"]
    assert exercise.wrong[0].name == "no-count" and exercise.wrong[0].fails == ("counts",)
    assert "logo.svg" in exercise.assets
    assert [c.id for c in exercise.checks_through("button")] == ["has-heading", "counts"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("title"), "hello/exercise.yaml: title: is required"),
        (lambda d: d.update(id="other"), "hello/exercise.yaml: id: must equal the folder name 'hello'"),
        (lambda d: d.update(device="tablet"), "device: 'tablet' is not a device preset"),
        (lambda d: d.update(files=["index.html", "../evil.js"]), "'../evil.js' is not a plain file name"),
        (lambda d: d["steps"][0]["checks"][0].pop("expect"), "needs exactly one of expect, python or js"),
        (lambda d: d["steps"][0]["checks"][0].update(expect={"role": "heading"}), "says nothing to check"),
        (
            lambda d: d["steps"][0]["checks"][0].update(expect={"page": "pretty"}),
            "page check 'pretty' is unknown",
        ),
        (lambda d: d["steps"][1]["checks"][0].update(do=[{"jump": "#add"}]), "must name exactly one action"),
        (lambda d: d["steps"][1]["checks"][0].update(id="has-heading"), "check ids must be unique"),
        (lambda d: d["steps"][0]["checks"][0].update(name="Only English"), "name: has no 'ru' text"),
        (lambda d: d.update(colour="red"), "colour: is not a word exercise.yaml files understand (they are:"),
        (
            lambda d: d.update(helpers=["/etc/hostname"]),
            "helpers: must list script files in the exercise folder",
        ),
        (
            lambda d: d.update(helpers=["../../conftest.py"]),
            "helpers: must list script files in the exercise folder",
        ),
        (
            lambda d: d.update(helpers=[{"file": "starter/app.js", "at": "later"}]),
            "helpers, 1: 'at' is when the helper runs: start, dom-ready",
        ),
        (
            lambda d: d.update(helpers=[{"file": "starter/app.js", "when": "dom-ready"}]),
            "helpers, 1: when: is not a word helpers understand",
        ),
        (
            lambda d: d["steps"][0]["checks"][0].update(read_only=True),
            "read_only: read_only: true is for a js: check without do",
        ),
        (
            lambda d: (
                d["steps"][1]["checks"][0].update(js="true", read_only=True)
                or d["steps"][1]["checks"][0].pop("expect")
            ),
            "read_only: read_only: true is for a js: check without do",
        ),
        (
            lambda d: (
                d["steps"][0]["checks"][0].update(js="true", read_only="yes")
                or d["steps"][0]["checks"][0].pop("expect")
            ),
            "read_only: read_only: true is for a js: check without do",
        ),
        (
            lambda d: d.update(helpers=[{"at": "dom-ready"}]),
            "helpers: must list script files in the exercise folder",
        ),
        (
            lambda d: (
                d["steps"][0]["checks"][0].update(expect=None, python="/etc/hostname:f")
                or d["steps"][0]["checks"][0].pop("expect")
            ),
            "must be 'checks.py:function' naming a file in the exercise",
        ),
    ],
)
def test_loader_names_the_file_the_field_and_the_problem(exercise_dir, change, expected):
    edit_yaml(exercise_dir, change)
    problems = problems_of(exercise_dir)
    assert any(expected in p for p in problems), problems


def test_loader_reads_helpers_and_when_they_run(exercise_dir):
    (exercise_dir / "app-helper.js").write_text("window.ready = true;")
    (exercise_dir / "lib").mkdir()
    (exercise_dir / "lib" / "tables.js").write_text("window.tables = true;")
    edit_yaml(
        exercise_dir,
        lambda d: d.update(helpers=["app-helper.js", {"file": "lib/tables.js", "at": "dom-ready"}]),
    )

    exercise = load_exercise(exercise_dir)

    assert exercise.helpers == (Helper("app-helper.js", "start"), Helper("lib/tables.js", "dom-ready"))


def test_loader_reads_a_read_only_js_check(exercise_dir):
    def mark(data):
        check = data["steps"][0]["checks"][0]
        check.pop("expect")
        check.update(js="document.querySelector('h1') !== null", read_only=True)

    edit_yaml(exercise_dir, mark)

    exercise = load_exercise(exercise_dir)

    assert exercise.steps[0].checks[0].read_only is True
    assert exercise.steps[1].checks[0].read_only is False


def test_a_partial_language_falls_back_to_english_and_is_counted(exercise_dir):
    (exercise_dir / "steps" / "2-button.ru.md").unlink()

    def partial(data):
        data["partial_languages"] = ["ru"]
        data["steps"][1]["checks"][0]["name"] = "Pressing the button twice shows 2"

    edit_yaml(exercise_dir, partial)

    exercise = load_exercise(exercise_dir)

    # The title, the summary, and per step a title, instructions, and its check's name (and hint).
    assert exercise.coverage == {"ru": (7, 9)}
    assert exercise.partial_languages == ("ru",)
    assert exercise.steps[1].instructions.language_of("ru") == "en"
    assert exercise.steps[1].checks[0].name.get("ru") == "Pressing the button twice shows 2"
    assert exercise.steps[0].instructions.language_of("ru") == "ru"


def test_a_complete_exercise_has_no_coverage_to_report():
    assert load_exercise(FIXTURE_EXERCISES / "hello").coverage == {}


@pytest.mark.parametrize("partial", [["en"], ["tg"], "ru", [["ru"]]])
def test_partial_languages_are_declared_languages_other_than_english(exercise_dir, partial):
    edit_yaml(exercise_dir, lambda d: d.update(partial_languages=partial))
    assert problems_of(exercise_dir) == [
        "hello/exercise.yaml: partial_languages: "
        "must list languages of `languages` other than 'en', like [ru]"
    ]


def test_loader_reports_missing_files_and_translations(exercise_dir):
    (exercise_dir / "steps" / "2-button.ru.md").unlink()
    (exercise_dir / "solutions" / "button" / "app.js").unlink()
    problems = problems_of(exercise_dir)
    assert "hello/steps/2-button.ru.md: is missing, but the exercise declares 'ru'" in problems
    assert any(p.startswith("hello/solutions/button/app.js: is missing") for p in problems)


def test_loader_rejects_a_wrong_case_naming_a_later_or_unknown_check(exercise_dir):
    (exercise_dir / "wrong" / "no-count" / "expect.yaml").write_text("step: heading\nfails: [counts]\n")
    assert any("'counts' is not a check that grades step 'heading'" in p for p in problems_of(exercise_dir))


def test_a_wrong_case_holds_only_the_files_that_differ_from_its_steps_solution(exercise_dir):
    """wrong/no-count/ keeps its app.js and expect.yaml; index.html and style.css (and their
    translations) come from solutions/button/, the solution of the step it names."""
    case = exercise_dir / "wrong" / "no-count"
    whole = load_exercise(exercise_dir).wrong[0]
    for folder in ("starter", "solutions/heading", "solutions/button"):
        (exercise_dir / folder / "index.ru.html").write_text(f"<h1>Привет</h1><!-- {folder} -->")
    (case / "index.html").unlink()
    (case / "style.css").unlink()
    exercise = load_exercise(exercise_dir)
    assert exercise.wrong[0] == whole
    assert (
        exercise.in_language("ru").wrong[0].files["index.html"] == "<h1>Привет</h1><!-- solutions/button -->"
    )
    # A file of its own is not taken from the solution in any language: it needs its translation.
    (case / "index.html").write_text("<h1>Hello</h1>")
    assert any("wrong/no-count/index.ru.html: is missing" in p for p in problems_of(exercise_dir))
    (case / "index.html").unlink()
    (case / "app.js").unlink()
    assert "hello/wrong/no-count: holds none of the exercise's files: a wrong case holds the files " in (
        " ".join(problems_of(exercise_dir))
    )


def test_loader_reports_broken_yaml_with_its_line(exercise_dir):
    (exercise_dir / "exercise.yaml").write_text("id: hello\ntitle: [unclosed\n")
    problems = problems_of(exercise_dir)
    assert problems == [
        "hello/exercise.yaml: line 2: is not valid YAML: this line opens a list with [ that is never closed "
        "with ] (or its items lack commas)"
    ]


def test_catalog_keeps_the_good_exercises_when_one_is_broken(exercise_dir):
    broken = exercise_dir.parent / "broken"
    broken.mkdir()
    (broken / "exercise.yaml").write_text("id: broken\n")
    catalog = load_catalog(exercise_dir.parent)
    assert list(catalog.exercises) == ["hello"]
    assert "broken" in catalog.problems


def check_of(data: dict, step: int = 0) -> dict:
    return data["steps"][step]["checks"][0]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: check_of(d).update(expcet=check_of(d).pop("expect")),
            "hello/exercise.yaml: step 1, check 1 (has-heading): expcet: is not a word checks understand; "
            "did you mean expect?",
        ),
        (
            lambda d: check_of(d).update(expect={"role": "heading", "txt": "Hello"}),
            "step 1, check 1 (has-heading), expect: txt: is not a word checks understand; did you mean text?",
        ),
        (
            lambda d: check_of(d).update(expect={"loctor": "h1", "visible": True}),
            "loctor: is not a word checks understand; did you mean locator?",
        ),
        (
            lambda d: check_of(d, 1).update(do=[{"click": "#add"}, {"clik": "#add"}]),
            "step 2, check 1 (counts), do, action 2: clik: is not a word actions understand; "
            "did you mean click?",
        ),
        (
            lambda d: check_of(d, 1).update(do=[{"fill": "#name", "width": "Ada"}]),
            "'fill' can understand; did you mean with?",
        ),
        (
            lambda d: d.update(titel=d.pop("title")),
            "titel: is not a word exercise.yaml files understand; did you mean title?",
        ),
        (
            lambda d: d["steps"][0].update(chekcs=d["steps"][0].pop("checks")),
            "step 1 (heading): chekcs: is not a word steps understand; did you mean checks?",
        ),
    ],
    ids=["check-kind", "assertion", "target", "action", "action-option", "top-level", "step"],
)
def test_loader_names_a_misspelled_word_and_the_word_meant(exercise_dir, change, expected):
    edit_yaml(exercise_dir, change)

    problems = problems_of(exercise_dir)

    assert any(expected in p for p in problems), problems
    assert not any("needs exactly one of" in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id: hello\nsteps:\n  - id: a\n    checks:\n      - id: b\n     name: c\n",
            "hello/exercise.yaml: line 6: is not valid YAML: this line is indented differently from the "
            "lines around it",
        ),
        ("id: hello\n\ttitle: Hi\n", "line 2: is not valid YAML: this line uses a tab to indent"),
        ("id: hello\ntitle: Step: one\n", "line 2: is not valid YAML: this line has a colon where YAML"),
        (
            'id: hello\ntitle: "Hi\n',
            "line 2: is not valid YAML: this line opens a quote that is never closed",
        ),
    ],
    ids=["indentation", "tab", "colon", "quote"],
)
def test_loader_says_what_is_wrong_with_yaml_in_plain_words(exercise_dir, text, expected):
    (exercise_dir / "exercise.yaml").write_text(text)

    problems = problems_of(exercise_dir)

    assert len(problems) == 1 and expected in problems[0], problems


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "hello/exercise.yaml: device: 'tablet' is not a device preset"),
        ("ru", "hello/exercise.yaml: device: «tablet» — не готовое устройство"),
        ("tg", "hello/exercise.yaml: device: «tablet» дастгоҳи тайёр нест"),
    ],
)
def test_loader_problems_are_told_in_the_trainers_language(exercise_dir, language, expected):
    from sandbox.grading.messages import translations

    edit_yaml(exercise_dir, lambda data: data.update(device="tablet"))
    with pytest.raises(ExerciseInvalid) as caught:
        load_exercise(exercise_dir)
    (problem,) = caught.value.problems
    assert problem.said(translations(language).gettext).startswith(expected)
    assert str(problem).startswith("hello/exercise.yaml: device: 'tablet' is not a device preset (small")
