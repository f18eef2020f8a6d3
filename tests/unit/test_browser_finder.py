"""Which Chromium the grader drives, and which one drives our own pages in tests."""

from __future__ import annotations

import os
import stat

import pytest

from sandbox.grading import browser


def executable(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.fixture
def nothing_installed(monkeypatch, tmp_path):
    """A machine with no Chromium in the usual places (unless a test adds one)."""
    monkeypatch.delenv("SANDBOX_CHROMIUM", raising=False)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "playwright"))
    monkeypatch.setattr(browser, "HEADLESS_SHELLS", ())
    real_is_file = browser.Path.is_file
    monkeypatch.setattr(
        browser.Path, "is_file", lambda self: not str(self).startswith("/usr/bin/") and real_is_file(self)
    )
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    return tmp_path


def test_the_grader_prefers_the_headless_shell(nothing_installed, monkeypatch):
    shell = executable(nothing_installed / "lib" / "chromium-headless-shell")
    monkeypatch.setattr(browser, "HEADLESS_SHELLS", (shell,))
    assert browser.find_grading_chromium() == shell


def test_the_grader_takes_playwrights_headless_shell_next(nothing_installed):
    shell = executable(
        nothing_installed / "playwright" / "chromium_headless_shell-1200" / "chrome-linux" / "headless_shell"
    )
    assert browser.find_grading_chromium() == shell


def test_the_grader_falls_back_to_the_full_chromium(nothing_installed):
    full = executable(nothing_installed / "playwright" / "chromium-1200" / "chrome-linux" / "chrome")
    assert browser.find_grading_chromium() == full


def test_a_configured_chromium_is_used_for_grading_too(nothing_installed, monkeypatch):
    chosen = executable(nothing_installed / "my" / "chrome")
    monkeypatch.setattr(browser, "HEADLESS_SHELLS", (executable(nothing_installed / "shell"),))
    monkeypatch.setenv("SANDBOX_CHROMIUM", chosen)
    assert browser.find_grading_chromium() == chosen
    assert browser.find_grading_chromium(configured=chosen) == chosen


def test_nothing_installed_says_what_to_do(nothing_installed):
    with pytest.raises(browser.ChromiumNotFound, match="apt-get install"):
        browser.find_grading_chromium()
    assert not os.environ.get("SANDBOX_CHROMIUM")
