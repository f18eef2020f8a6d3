"""The same submission gets the same verdict on an idle machine and a saturated one.

A corpus of submissions (passing, failing, slow to settle, dialog users, hostile) is graded twice:
once by a grader with one worker, and once by a grader with more workers than cores while
busy-loop processes started by this test keep every core busy. Every verdict and every check
that did not pass must be the same both times.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest

from sandbox.grading.runner import Grader, Submission
from tests.support.grading import page, write_exercise

DEADLINE_S = 6
LOAD_MS = 2500

COUNTER_CHECKS = [
    {"id": "has-button", "expect": {"role": "button", "name": "+", "visible": True}},
    {
        "id": "counts",
        "do": [{"click": "#add"}, {"click": "#add"}],
        "expect": {"locator": "#count", "text": "2"},
    },
    {"id": "fits", "expect": {"page": "no-horizontal-scroll"}},
    {"id": "taps", "expect": {"page": "tap-targets"}},
    {"id": "no-errors", "expect": {"page": "no-console-errors"}},
]
COUNTER_BODY = '<p id="count">0</p><button id="add">+</button>'
COUNTER_CSS = "button { min-width: 48px; min-height: 48px; }"


def counter(js: str, body: str = COUNTER_BODY, css: str = COUNTER_CSS, **extra: str) -> dict[str, str]:
    return {**page(body, css=css, js=js), **extra}


GREETING_CHECKS = [
    {
        "id": "greets",
        "do": [{"fill": "#name", "with": "Ada"}, {"click": "#go"}],
        "expect": {"locator": "#out", "contains": "Ada"},
    },
    {"id": "title", "expect": {"page": "title", "contains": "Greeting"}},
    {"id": "viewport", "expect": {"page": "viewport-meta"}},
    {"id": "has-greet", "js": "typeof greet === 'function'"},
]
GREETING_BODY = '<input id="name"><button id="go">Go</button><p id="out"></p>'


def greeting(js: str, body: str = GREETING_BODY, **options) -> dict[str, str]:
    return page(body, js=js, title=options.pop("title", "Greeting"), **options)


GREET = "function greet(name) { return 'Hello, ' + name; }\n"
SHOW_GREETING = GREET + (
    "document.getElementById('go').onclick = () => {\n"
    "  document.getElementById('out').textContent = greet(document.getElementById('name').value);\n};"
)

LIST_CHECKS = [
    {"id": "some", "expect": {"locator": "li", "min_count": 3}},
    {"id": "three", "expect": {"locator": "li", "count": 3}},
    {"id": "blue", "expect": {"locator": "h1", "css": {"color": "rgb(0, 0, 255)"}}},
]
LIST_BODY = "<h1>Tasks</h1><ul id='list'></ul>"
LIST_CSS = "h1 { color: blue; }"
FILL_LIST = (
    "const fill = (n) => { for (let i = 0; i < n; i++) list.append(document.createElement('li')); };\n"
)


def task_list(js: str, css: str = LIST_CSS) -> dict[str, str]:
    return page(LIST_BODY, css=css, js=FILL_LIST + js)


@dataclass
class Graded:
    exercise: str
    files: dict[str, str]
    id: str


CORPUS = [
    # a form: labelled and named, or not (the accessibility check)
    Graded("form", page('<label for="n">Name</label><input id="n"><button>Send</button>'), "labelled-form"),
    Graded("form", page('<input id="n"><button></button>'), "unlabelled-form"),
    # counter: passing, also when the answer comes late
    Graded(
        "counter", counter("add.onclick = () => { count.textContent = +count.textContent + 1; };"), "counts"
    ),
    Graded(
        "counter",
        counter(
            "add.onclick = () => setTimeout(() => { count.textContent = +count.textContent + 1; }, 300);"
        ),
        "counts-after-300-ms",
    ),
    Graded(
        "counter",
        counter(
            "add.onclick = () => setTimeout(() => setTimeout(() => setTimeout(() => {\n"
            "  count.textContent = +count.textContent + 1; }, 100), 100), 100);"
        ),
        "counts-after-three-timers",
    ),
    Graded(
        "counter",
        counter(
            "const sleep = (ms) => new Promise((done) => setTimeout(done, ms));\n"
            "add.onclick = async () => { await sleep(250); count.textContent = +count.textContent + 1; };"
        ),
        "counts-after-await",
    ),
    Graded(
        "counter",
        counter(
            "add.onclick = async () => { const step = await (await fetch('step.json')).json();\n"
            "  count.textContent = +count.textContent + step.by; };",
            **{"step.json": '{"by": 1}'},
        ),
        "counts-by-fetched-step",
    ),
    Graded(
        "counter",
        counter(
            "let n = 0;\n"
            "add.onclick = () => { n++; requestAnimationFrame(() => { count.textContent = n; }); };"
        ),
        "counts-in-animation-frame",
    ),
    # counter: failing
    Graded(
        "counter", counter("add.onclick = () => { count.textContent = +count.textContent + 2; };"), "by-two"
    ),
    Graded("counter", counter("", body='<p id="count">0</p>'), "no-button"),
    Graded(
        "counter",
        counter("add.onclick = () => { count.textContent = +count.textContent + 1; };", css=""),
        "tiny-button",
    ),
    Graded(
        "counter",
        counter(
            "add.onclick = () => { count.textContent = +count.textContent + 1; };",
            body=COUNTER_BODY + '<div style="width: 700px">wide</div>',
        ),
        "too-wide",
    ),
    Graded(
        "counter",
        counter(
            "const add = documnet.getElementById('add');\nadd.onclick = () => { count.textContent = 1; };"
        ),
        "typo",
    ),
    Graded("counter", counter("add.onclick = () => { count.textContent = 1; alert(2); };"), "alert"),
    Graded(
        "counter",
        counter("let n = 0; add.onclick = () => { n++; alert(n); };"),
        "alert-instead-of-page",
    ),
    Graded(
        "counter",
        counter("add.onclick = () => { if (confirm('Add?')) count.textContent = +count.textContent + 1; };"),
        "asks-first",
    ),
    Graded("counter", counter("add.onclick = () => { while (true) {} };"), "loop-in-click-handler"),
    # greeting: passing
    Graded("greeting", greeting(SHOW_GREETING), "greets"),
    Graded(
        "greeting",
        greeting(
            GREET + "go.onclick = () => setTimeout(() => { out.textContent = greet(name.value); }, 200);"
        ),
        "greets-after-200-ms",
    ),
    Graded(
        "greeting",
        greeting(
            GREET + "document.querySelector('form').onsubmit = (event) => {\n"
            "  event.preventDefault(); out.textContent = greet(name.value); };",
            body=f"<form>{GREETING_BODY}</form>",
        ),
        "greets-from-a-form",
    ),
    # greeting: failing
    Graded("greeting", greeting(SHOW_GREETING, title="Hello"), "wrong-title"),
    Graded("greeting", greeting(SHOW_GREETING, viewport=False), "no-viewport"),
    Graded(
        "greeting",
        greeting("go.onclick = () => { out.textContent = 'Hello, ' + name.value; };"),
        "no-greet-function",
    ),
    Graded(
        "greeting",
        greeting(GREET + "go.onclick = () => { out.textContent = greet(prompt('Your name?')); };"),
        "asks-by-prompt",
    ),
    Graded("greeting", greeting(GREET + "go.onclick = () => alert(greet(name.value));"), "greets-by-alert"),
    # list: passing
    Graded("list", task_list("fill(3);"), "fills"),
    Graded("list", task_list("setTimeout(() => fill(3), 100);"), "fills-after-100-ms"),
    Graded("list", task_list("setTimeout(() => fill(3), 300);"), "fills-after-300-ms"),
    Graded("list", task_list("requestAnimationFrame(() => fill(3));"), "fills-in-animation-frame"),
    Graded(
        "list",
        task_list("for (let i = 0; i < 5; i++) window.open('about:blank');\nalert('hi');\nfill(3);"),
        "fills-with-popups-and-alert",
    ),
    # list: failing
    Graded("list", task_list("fill(4);"), "four"),
    Graded("list", task_list("fill(3);", css="h1 { color: red; }"), "red"),
    Graded(
        "list",
        task_list(
            "fill(3);\nconst real = getComputedStyle;\n"
            "window.getComputedStyle = (el) => ({ ...real(el), color: 'rgb(0, 0, 255)',"
            " getPropertyValue: () => 'rgb(0, 0, 255)' });",
            css="h1 { color: red; }",
        ),
        "fakes-its-colour",
    ),
    Graded(
        "list",
        {**task_list("fill(3);"), "index.html": page("<script>while (true) {}</script>")["index.html"]},
        "loop-inline",
    ),
]

# The accessibility check (axe-core in the page) is judged the same under load as the others.
FORM_CHECKS = [{"id": "accessible", "expect": {"page": "accessible", "rules": ["label", "button-name"]}}]

CHECKS = {"counter": COUNTER_CHECKS, "greeting": GREETING_CHECKS, "list": LIST_CHECKS, "form": FORM_CHECKS}


def verdicts(grader: Grader, exercises, corpus) -> dict[str, tuple]:
    """Each submission's verdict and the checks that did not pass, with how."""
    results = grader.grade_many([Submission(exercises[g.exercise], "only", g.files) for g in corpus])
    return {
        g.id: (r.status, [(c.id, c.status) for c in r.checks if c.status != "pass"], r.message)
        for g, r in zip(corpus, results, strict=True)
    }


def busy_loops(count: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]


@pytest.fixture(scope="module")
def exercises(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stable")
    return {name: write_exercise(folder, checks) for name, checks in CHECKS.items()}


def test_corpus_is_large_and_has_unique_ids():
    assert len(CORPUS) >= 30
    assert len({g.id for g in CORPUS}) == len(CORPUS)


# It saturates the machine itself, and only its own load is the load it means: run beside other tests
# (make test's other processes), it starves them and they starve it.
@pytest.mark.solo
def test_verdicts_are_the_same_on_an_idle_and_a_saturated_machine(exercises):
    cores = len(os.sched_getaffinity(0))
    started = time.monotonic()
    idle = Grader(workers=1, deadline_s=DEADLINE_S, load_ms=LOAD_MS)
    try:
        alone = verdicts(idle, exercises, CORPUS)
    finally:
        idle.close()
    busy = Grader(workers=2 * cores + 2, deadline_s=DEADLINE_S, load_ms=LOAD_MS)
    loops = busy_loops(cores)
    try:
        crowded = verdicts(busy, exercises, CORPUS)
    finally:
        for loop in loops:
            loop.kill()
        for loop in loops:
            loop.wait()
        busy.close()
    print(f"stable verdicts: {len(CORPUS)} submissions twice in {time.monotonic() - started:.1f} s")

    def without_messages(table):
        return {key: value[:2] for key, value in table.items()}

    differing = {key: (alone[key], crowded[key]) for key in alone if alone[key][:2] != crowded[key][:2]}
    assert without_messages(crowded) == without_messages(alone), differing
    # The corpus means what it says: its passing, failing and erroring cases are what they are named.
    assert alone["counts-after-300-ms"][0] == "pass", alone["counts-after-300-ms"]
    assert alone["fills-after-300-ms"][0] == "pass", alone["fills-after-300-ms"]
    assert alone["by-two"][:2] == ("fail", [("counts", "fail")])
    assert alone["loop-in-click-handler"][0] == "error"
    assert alone["labelled-form"][0] == "pass", alone["labelled-form"]
    assert alone["unlabelled-form"][:2] == ("fail", [("accessible", "fail")])
    assert alone["loop-inline"][0] == "error"
    assert {status for status, _failed, _message in alone.values()} == {"pass", "fail", "error"}
