"""The preview and the grader assemble a learner's page the same way: one table of cases for both.

tests/fixtures/assembly_cases.yaml holds the cases. The grader's side is sandbox/grading/assemble.py;
the preview's side is static/js/preview.js and static/js/loopguard.js, loaded as ES modules in a
real Chromium page (served by a small route from static/js/) and called there. Where an error is
reported is checked on both sides' real pages: the preview's frame (frame.js) and Check (the grader).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sandbox.grading.assemble import assemble
from sandbox.grading.runner import Submission
from sandbox.views.preview import FRAME_CSP
from tests.support.grading import write_exercise

ROOT = Path(__file__).resolve().parents[2]
CASES = yaml.safe_load((ROOT / "tests" / "fixtures" / "assembly_cases.yaml").read_text(encoding="utf-8"))
ORIGIN = "http://assembly.test"
ASSEMBLY = {case["name"]: case for case in CASES["assembly"]}
LOOPS = {case["name"]: case for case in CASES["loopguard"]}
PROPERTIES = ("styles", "scripts", "contains", "absent", "lines")


@pytest.fixture(scope="module")
def modules(browser):
    """A page that can import the preview's modules, and every case's answer from them."""
    context = browser.new_context()

    def serve(route):
        path = route.request.url.removeprefix(ORIGIN)
        if path == "/":
            route.fulfill(status=200, body="<!doctype html><title>assembly</title>", content_type="text/html")
        elif re.fullmatch(r"/static/js/(preview|loopguard|i18n)\.js", path):
            route.fulfill(status=200, path=str(ROOT / path.lstrip("/")), content_type="text/javascript")
        else:
            route.fulfill(status=404)

    context.route(f"{ORIGIN}/**", serve)
    page = context.new_page()
    page.goto(f"{ORIGIN}/")
    assembled = page.evaluate(
        """async (cases) => {
          const { assemble } = await import("/static/js/preview.js");
          return cases.map((files) => assemble(files));
        }""",
        [case["files"] for case in CASES["assembly"]],
    )
    guarded = page.evaluate(
        """async (cases) => {
          const { guardLoops } = await import("/static/js/loopguard.js");
          const run = (code, guard) =>
            new Function("__sandboxLoop", `let result;\n${code}\nreturn result;`)(guard);
          return cases.map((c) => {
            const out = guardLoops(c.source, "app.js");
            const calls = out.matchAll(/__sandboxLoop\\("app\\.js",(\\d+)\\)/g);
            const guards = [...calls].map((m) => Number(m[1]));
            const answer = { out, guards, stopped: false, error: null };
            if (!("result" in c) && !c.stops) return answer;
            let turns = 0;
            const guard = () => {
              if (++turns > 10000) throw new Error("stopped by the guard");
              return true;
            };
            try {
              answer.result = run(out, guard);
              answer.unguarded = c.stops ? null : run(c.source, undefined);
            } catch (error) {
              if (error.message === "stopped by the guard") answer.stopped = true;
              else answer.error = String(error);
            }
            return answer;
          });
        }""",
        CASES["loopguard"],
    )
    context.close()
    return {
        "assembled": dict(zip(ASSEMBLY, assembled, strict=True)),
        "guarded": dict(zip(LOOPS, guarded, strict=True)),
    }


def expected(case: dict, side: str) -> dict:
    """The case's expectations for one side: the shared ones, then that side's own."""
    wanted = {key: case[key] for key in PROPERTIES if key in case}
    wanted.update(case.get(side, {}))
    return wanted


def line_of(html: str, marker: str) -> int:
    index = html.index(marker)
    return html.count("\n", 0, index) + 1


def script_line(html: str, marker: str) -> int:
    """The marker's line counted from the start of the inline script holding it, as the preview's
    frame reports a line in a script written into its document."""
    index = html.index(marker)
    opening = html.rindex("<script", 0, index)
    body = html.index(">", opening) + 1
    return html.count("\n", body, index) + 1


def properties(html: str, wanted: dict, lines) -> dict:
    """What the document has, for each property the case asks about."""
    found = {}
    if "styles" in wanted:
        found["styles"] = re.findall(r'<style data-file="([^"]+)">', html)
    if "scripts" in wanted:
        found["scripts"] = re.findall(r"//# sourceURL=(\S+)", html)
    if "contains" in wanted:
        found["contains"] = [text for text in wanted["contains"] if text in html]
    if "absent" in wanted:
        found["absent"] = [text for text in wanted["absent"] if text not in html]
    if "lines" in wanted:
        found["lines"] = {
            marker: list(lines(marker, file)) for marker, (file, _line) in wanted["lines"].items()
        }
    return found


@pytest.mark.parametrize("name", ASSEMBLY)
def test_the_grader_assembles_the_page_as_the_table_says(name):
    case = ASSEMBLY[name]
    page = assemble(case["files"])
    wanted = expected(case, "grader")

    found = properties(page.html, wanted, lambda marker, file: page.source(file, line_of(page.html, marker)))

    assert found == wanted


@pytest.mark.parametrize("name", ASSEMBLY)
def test_the_preview_assembles_the_page_as_the_table_says(modules, name):
    case = ASSEMBLY[name]
    html = modules["assembled"][name]
    wanted = expected(case, "preview")

    found = properties(html, wanted, lambda marker, file: (file, script_line(html, marker)))

    assert found == wanted


@pytest.mark.parametrize("name", LOOPS)
def test_the_loop_guard_guards_each_loop_and_keeps_every_line(modules, name):
    case = LOOPS[name]
    answer = modules["guarded"][name]

    assert answer["guards"] == case.get("guards", [])
    assert answer["out"].count("\n") == case["source"].count("\n")
    if case.get("same"):
        assert answer["out"] == case["source"]


@pytest.mark.parametrize(
    "name", [name for name, case in LOOPS.items() if "result" in case or case.get("stops")]
)
def test_guarded_code_does_what_the_code_did_and_an_endless_loop_is_stopped(modules, name):
    case = LOOPS[name]
    answer = modules["guarded"][name]

    assert answer["error"] is None
    if case.get("stops"):
        assert answer["stopped"]
    else:
        assert not answer["stopped"]
        assert answer["result"] == case["result"] == answer["unguarded"]


# ---- the line an error is reported on, as each side's real page reports it

WITH_LINES = [name for name, case in ASSEMBLY.items() if "lines" in expected(case, "preview")]
FRAME_PAGE = (ROOT / "templates" / "preview" / "frame.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def preview_errors(browser):
    """Each case's errors as the preview reports them: its Preview, its frame page and frame.js."""
    context = browser.new_context()
    frame = re.sub(r"\{\{.*?\}\}", "/static/js/frame.js", FRAME_PAGE)

    def serve(route):
        path = route.request.url.removeprefix(ORIGIN).split("#")[0]
        if path == "/":
            route.fulfill(status=200, body="<!doctype html><title>preview</title>", content_type="text/html")
        elif path == "/frame":
            route.fulfill(
                status=200,
                body=frame,
                content_type="text/html",
                headers={"Content-Security-Policy": FRAME_CSP},
            )
        elif re.fullmatch(r"/static/js/(preview|loopguard|frame|i18n)\.js", path):
            route.fulfill(status=200, path=str(ROOT / path.lstrip("/")), content_type="text/javascript")
        else:
            route.fulfill(status=404)

    context.route(f"{ORIGIN}/**", serve)
    page = context.new_page()
    page.goto(f"{ORIGIN}/")
    errors = page.evaluate(
        """async (cases) => {
          const { Preview, assemble } = await import("/static/js/preview.js");
          const all = [];
          for (const files of cases) {
            const screen = document.body.appendChild(document.createElement("div"));
            const errors = [];
            await new Promise((done) => {
              const preview = new Preview(screen, {
                frameUrl: "/frame",
                onMessage: (data) => data.type === "error" && errors.push([data.file, data.line]),
                onSwap: () => setTimeout(done, 100),
              });
              preview.render(assemble(files));
              setTimeout(done, 5000);
            });
            all.push(errors);
            screen.remove();
          }
          return all;
        }""",
        [ASSEMBLY[name]["files"] for name in WITH_LINES],
    )
    context.close()
    return dict(zip(WITH_LINES, errors, strict=True))


@pytest.fixture(scope="module")
def no_errors_exercise(tmp_path_factory):
    return write_exercise(tmp_path_factory.mktemp("assembly"), [{"expect": {"page": "no-console-errors"}}])


@pytest.mark.parametrize("name", WITH_LINES)
def test_the_preview_reports_each_error_on_the_learners_line(preview_errors, name):
    wanted = expected(ASSEMBLY[name], "preview")["lines"]

    assert sorted(preview_errors[name]) == sorted(wanted.values())


@pytest.mark.parametrize("name", WITH_LINES)
def test_check_reports_the_first_error_on_the_learners_line(grader, no_errors_exercise, name):
    case = ASSEMBLY[name]
    wanted = expected(case, "grader")["lines"]
    page = assemble(case["files"])
    first = min(wanted, key=lambda marker: page.html.index(marker))

    result = grader.grade(Submission(no_errors_exercise, "only", case["files"]))

    check = result.checks[0]
    assert (check.status, [check.file, check.line]) == ("fail", wanted[first]), check.message
