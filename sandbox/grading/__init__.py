"""Grading in real Chromium: the only package that imports Playwright."""
