"""PySide's check of each imported module gives the same answers, and keeps no source."""

from __future__ import annotations

import inspect
import json
import linecache
import sys
from pathlib import Path

import pytest

import reader.language.readings.lexicon
import reader.ui.app.launch
from reader.ui.app import import_check
from reader.ui.app.import_check import check_without_keeping, uses_pyside


def _pyside_answer(module: object) -> bool:
    """PySide 6's own ``_mod_uses_pyside``, as ``shibokensupport/feature.py`` has it."""
    try:
        source = inspect.getsource(module)  # type: ignore[arg-type]
    except (TypeError, OSError, SyntaxError):
        return False
    return "PySide6" in source


def test_the_same_answers_as_pyside_s_check() -> None:
    import _sqlite3  # an extension module

    import PySide6.QtCore

    for module in (reader.ui.app.launch, reader.language.readings.lexicon, json, sys,
                   _sqlite3, PySide6.QtCore, import_check):
        assert uses_pyside(module) == _pyside_answer(module), module.__name__
    assert uses_pyside(reader.ui.app.launch) and not uses_pyside(json)
    linecache.clearcache()


def test_a_module_imported_after_qt_leaves_no_source_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import PySide6.QtCore  # noqa: F401

    if "PySide6.support.feature" not in sys.modules:
        pytest.skip("this PySide has no per-import check")
    assert check_without_keeping()
    assert check_without_keeping()  # twice is harmless
    (tmp_path / "imported_after_qt.py").write_text("VALUE = 'PySide6' * 3\n" * 2000)
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    module = __import__("imported_after_qt")  # an import statement's call, which PySide hooks
    try:
        assert module.VALUE == "PySide6" * 3
        assert not any("imported_after_qt" in name for name in linecache.cache)
        feature = sys.modules["PySide6.support.feature"]
        assert feature.pyside_feature_dict.get("imported_after_qt") == 0  # "uses PySide"
    finally:
        sys.modules.pop("imported_after_qt", None)
