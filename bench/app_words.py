"""Count the English words a learner sees in the preview of each bundled app, in Russian and Tajik.

Each starter (and each step's own starter) and each step's solution, in the language's files, is
loaded at the exercise's screen size in Chromium and read as a person meets it: the visible text,
the page title, placeholders, labels for screen readers (aria-label, alt, title) and the options of
every list. A word of Latin letters counts as English (the goal is 0); digits, "+" and "-" do not.
With --screenshots, each finished app is saved as /tmp/app-<exercise>-<lang>.png to look at.

Run: .venv/bin/python bench/app_words.py [--screenshots]
"""

from __future__ import annotations

import re
import sys

from common import ROOT
from playwright.sync_api import sync_playwright

from sandbox.exercises import load_catalog
from sandbox.grading.browser import find_chromium

ORIGIN = "http://app.test"
SEEN = """() => {
  const found = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll("[placeholder], [aria-label], [alt], [title]")) {
    for (const name of ["placeholder", "aria-label", "alt", "title"]) {
      if (el.hasAttribute(name)) found.push(el.getAttribute(name));
    }
  }
  for (const option of document.querySelectorAll("option")) found.push(option.textContent);
  return found.join("\\n");
}"""
TYPES = {"html": "text/html", "css": "text/css", "js": "text/javascript"}


def english_words(page, files: dict[str, str]) -> list[str]:
    """The Latin-letter words a person sees when the app of `files` opens."""

    def serve(route):
        name = route.request.url.removeprefix(ORIGIN + "/") or "index.html"
        body = files.get(name)
        if body is None:
            route.fulfill(status=404, body="")
        else:
            route.fulfill(body=body, content_type=TYPES.get(name.rsplit(".", 1)[-1], "text/plain"))

    page.route(f"{ORIGIN}/**", serve)
    page.goto(f"{ORIGIN}/index.html")
    words = re.findall(r"[A-Za-z]+", page.evaluate(SEEN))
    page.unroute(f"{ORIGIN}/**")
    return words


def cases_in(exercise) -> list[tuple[str, dict]]:
    """The starter, each step's own starter and each step's solution: (case, files)."""
    cases = [("starter", exercise.starter)]
    cases += [(f"starter/{s.id}", s.starter) for s in exercise.steps if s.starter is not None]
    return cases + [(f"solutions/{step}", files) for step, files in exercise.solutions.items()]


def main() -> None:
    screenshots = "--screenshots" in sys.argv
    catalog = load_catalog(ROOT / "exercises")
    total, english = 0, 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium())
        print(f"{'exercise':<18} {'language':<8} {'case':<24} English words")
        for exercise in catalog.exercises.values():
            for language in ("ru", "tg"):
                translated = exercise.in_language(language)
                page = browser.new_page(
                    viewport={"width": exercise.device.width, "height": exercise.device.height}
                )
                cases = cases_in(translated)
                for case, files in cases:
                    words = english_words(page, dict(files))
                    total += len(words)
                    shown = " ".join(words[:8]) + (" …" if len(words) > 8 else "")
                    print(f"{exercise.id:<18} {language:<8} {case:<24} {len(words)} {shown}")
                if language == "ru":  # the English app, as a control: the count sees its words
                    english += sum(len(english_words(page, dict(f))) for _, f in cases_in(exercise))
                if screenshots:
                    english_words(page, dict(cases[-1][1]))
                    page.screenshot(path=f"/tmp/app-{exercise.id}-{language}.png", full_page=True)
                page.close()
        browser.close()
    print(f"total English words in the Russian and Tajik previews: {total}")
    print(f"(the same cases in English: {english} words)")


if __name__ == "__main__":
    main()
