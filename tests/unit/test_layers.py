"""The layers stay apart: the exercise model loads without the grader, Playwright or Flask."""

import subprocess
import sys

# Imports every module of sandbox.exercises in a fresh interpreter, then names what got loaded.
PROBE = """
import importlib, pkgutil, sys
import sandbox.exercises
for module in pkgutil.walk_packages(sandbox.exercises.__path__, "sandbox.exercises."):
    importlib.import_module(module.name)
print("\\n".join(sorted(sys.modules)))
"""


def loaded_by_importing_exercises() -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_exercises_package_imports_neither_the_grader_nor_flask():
    loaded = loaded_by_importing_exercises()
    assert "sandbox.exercises.loader" in loaded  # the probe really imported the package
    leaked = sorted(
        name
        for name in loaded
        if name.split(".")[0] in ("playwright", "flask", "flask_babel")
        or name == "sandbox.grading"
        or name.startswith(("sandbox.grading.", "sandbox.authoring"))
    )
    assert leaked == []


def test_only_the_grader_imports_playwright():
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "sandbox"
    importers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if any(
            line.lstrip().startswith(("import playwright", "from playwright"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    )
    assert importers and all(name.startswith("grading/") for name in importers), importers


def test_no_module_grows_past_600_lines():
    """A module that long has more than one job: split it along the seam it has (docs/architecture.md)."""
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "sandbox"
    too_long = {
        str(path.relative_to(package)): lines
        for path in package.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert too_long == {}


# The edge (docs/architecture.md): the only modules that read the request. The domain is handed
# what it needs as arguments, so it runs the same from a view, a socket, the CLI or a test.
EDGE = (
    "app.py",
    "auth.py",
    "views/",  # the blueprints, the websocket handshake (live.py), the publish origin's (published.py)
)


def test_only_the_edge_reads_the_request():
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "sandbox"
    reads = re.compile(r"^\s*from flask import .*\brequest\b|\bflask\.request\b", re.M)
    readers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if reads.search(path.read_text(encoding="utf-8"))
    )
    assert "views/language.py" in readers  # the probe finds a reader it knows of
    assert [name for name in readers if not name.startswith(EDGE)] == []


def test_the_readme_lists_every_document_in_docs():
    """The README's list of documents is the way in for a newcomer: a document it does not name is
    one nobody finds."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text()
    start = readme.index("- [docs/architecture.md]")
    end = readme.find("\n\n", start)
    listed = set(re.findall(r"\[docs/([\w.-]+\.md)\]", readme[start : end if end > 0 else None]))
    assert sorted(p.name for p in (root / "docs").glob("*.md") if p.name not in listed) == []
