"""Static files: every ES module gets a content-hash URL, also when it is imported by another."""

from __future__ import annotations

import os

from sandbox.static_files import StaticFiles


def _write(root, name: str, text: str, mtime: float | None = None) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def test_a_module_import_is_served_with_the_imported_files_hash(tmp_path):
    _write(tmp_path, "js/page.js", 'import { el } from "./dom.js";\nimport "./side.js";\nel("p");\n')
    _write(tmp_path, "js/dom.js", "export function el(tag) { return document.createElement(tag); }\n")
    _write(tmp_path, "js/side.js", "console.log(1);\n")
    static = StaticFiles(tmp_path)
    body = static.get("js/page.js").body.decode()
    assert f'from "./dom.js?h={static.digest("js/dom.js")}"' in body
    assert f'import "./side.js?h={static.digest("js/side.js")}"' in body


def test_a_module_loaded_when_needed_is_served_with_its_hash_too(tmp_path):
    _write(tmp_path, "vendor/editor.js", 'let m=import("./marks.js");let j=import( "./jsmode.js" );\n')
    _write(tmp_path, "vendor/marks.js", "export const gutter = 1;\n")
    _write(tmp_path, "vendor/jsmode.js", "export const javascript = 1;\n")
    static = StaticFiles(tmp_path)
    body = static.get("vendor/editor.js").body.decode()
    assert f'import("./marks.js?h={static.digest("vendor/marks.js")}")' in body
    assert f'import( "./jsmode.js?h={static.digest("vendor/jsmode.js")}" )' in body


def test_a_module_gets_a_new_hash_when_a_module_it_imports_changes(tmp_path):
    _write(tmp_path, "js/page.js", 'import { el } from "./dom.js";\n')
    _write(tmp_path, "js/dom.js", "export const el = 1;\n", mtime=1_000_000)
    static = StaticFiles(tmp_path)
    before = static.digest("js/page.js")
    _write(tmp_path, "js/dom.js", "export const el = 2;\n", mtime=2_000_000)
    assert static.digest("js/page.js") != before


def test_an_import_of_a_missing_file_or_a_cycle_is_left_as_it_is(tmp_path):
    _write(tmp_path, "js/a.js", 'import "./b.js";\nimport "./gone.js";\n')
    _write(tmp_path, "js/b.js", 'import "./a.js";\n')
    static = StaticFiles(tmp_path)
    body = static.get("js/a.js").body.decode()
    assert 'import "./gone.js";' in body
    assert f'import "./b.js?h={static.digest("js/b.js")}"' in body
    assert 'import "./a.js";' in static.get("js/b.js").body.decode()
