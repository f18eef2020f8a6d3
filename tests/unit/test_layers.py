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
