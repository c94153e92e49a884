"""Licences and credits: every runtime dependency has an entry with its licence and its text;
Help › About lists them and credits CC-CEDICT; the desktop integration names match."""

from __future__ import annotations

import configparser
import importlib.metadata as metadata
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from reader.language.words.dictionary_credit import dictionary_credit
from reader.services.credits import (
    NOT_BUNDLED,
    RUNTIME_REQUIREMENTS,
    components,
    normalise,
    runtime_distributions,
)

ROOT = Path(__file__).resolve().parent.parent


def _pyproject_dependencies() -> list[Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(spec) for spec in data["project"]["dependencies"]]


def _closure() -> set[str]:
    """Runtime distributions, computed independently of reader.services.credits: pyproject's
    dependencies and their requirements, markers evaluated (extras off)."""
    todo = [r for r in _pyproject_dependencies() if r.marker is None or r.marker.evaluate()]
    found: set[str] = set()
    seen: set[tuple[str, str]] = set()
    while todo:
        req = todo.pop()
        key = normalise(req.name)
        if key in NOT_BUNDLED:
            continue
        found.add(key)
        # the extras a requirement asks for bring their own requirements
        # (readability-lxml needs lxml[html_clean], which needs lxml_html_clean)
        for extra in ("", *sorted(req.extras)):
            if (key, extra) in seen:
                continue
            seen.add((key, extra))
            for spec in metadata.distribution(req.name).requires or []:
                inner = Requirement(spec)
                if inner.marker is None or inner.marker.evaluate({"extra": extra}):
                    todo.append(inner)
    return found


def test_runtime_requirements_are_pyprojects() -> None:
    assert {normalise(r.name) for r in _pyproject_dependencies()} == {
        normalise(n) for n in RUNTIME_REQUIREMENTS
    }


def test_every_runtime_dependency_has_an_entry_with_licence_and_text() -> None:
    listed = {normalise(c.name): c for c in components()}
    closure = _closure()
    assert {"pyside6-essentials", "shiboken6", "genanki", "frozendict", "pyyaml", "opencc",
            "g2pm", "numpy", "click", "pluggy"} <= closure  # the computation itself works
    missing = sorted(closure - listed.keys())
    assert not missing, f"runtime dependencies without an entry: {missing}"
    assert {normalise(d.metadata["Name"]) for d in runtime_distributions()} == closure
    for key in closure:
        component = listed[key]
        assert component.licence, f"{component.name}: no licence"
        assert component.version == metadata.version(component.name)
        assert component.licence_files, f"{component.name}: no licence text"
        for path in component.licence_files:
            assert path.is_file() and path.stat().st_size > 200, path


def test_named_licences() -> None:
    by_name = {normalise(c.name): c for c in components()}
    assert "LGPL-3.0" in by_name["pyside6-essentials"].licence
    assert by_name["qt"].licence == "LGPL-3.0-only"
    assert by_name["frozendict"].licence == "LGPL-3.0-only"
    assert by_name["opencc"].licence == "Apache-2.0"
    assert by_name["g2pm"].licence == "Apache-2.0"
    assert by_name["pyyaml"].licence == "MIT"
    assert by_name["openblas"].licence == "BSD-3-Clause"
    cedict = by_name["cc-cedict"]
    assert cedict.licence == "CC-BY-SA-4.0" and cedict.version == dictionary_credit().date
    assert any("Attribution-ShareAlike" in p.read_text("utf-8") for p in cedict.licence_files)
    lgpl = by_name["pyside6-essentials"].licence_files
    assert any("GNU LESSER GENERAL PUBLIC LICENSE" in p.read_text("utf-8") for p in lgpl)


def test_about_lists_components_versions_licences_and_credits_cc_cedict(qtbot) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.window.about_dialog import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    credit = dictionary_credit()
    assert "CC-CEDICT" in text and "MDBG" in text and "CC BY-SA 4.0" in text
    assert f"data of {credit.date}" in text and re.fullmatch(r"\d{4}-\d{2}-\d{2}", credit.date)
    for component in components():
        assert component.name in text
        assert component.licence in text
    assert metadata.version("PySide6-Essentials") in text and "LGPL-3.0" in text
    assert "MIT" in text  # the app's own licence


def test_the_window_names_its_desktop_entry(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    from reader.ui.app.launch import DESKTOP_FILE_NAME, make_application

    make_application()
    assert QGuiApplication.desktopFileName() == DESKTOP_FILE_NAME
    assert (ROOT / "packaging" / f"{DESKTOP_FILE_NAME}.desktop").is_file()


def test_desktop_entry_lists_every_format_the_app_opens() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read_string((ROOT / "packaging" / "reader.desktop").read_text(encoding="utf-8"))
    mime = parser["Desktop Entry"]["MimeType"]
    assert mime.endswith(";")
    assert {"text/plain", "text/html", "text/markdown"} <= set(mime.split(";"))


@pytest.mark.parametrize("name", ["LGPL-3.0.txt", "GPL-3.0.txt", "icu.txt", "jieba.txt"])
def test_shipped_licence_texts_are_installed_as_package_data(name: str) -> None:
    import importlib.resources

    entry = importlib.resources.files("reader.resources").joinpath("licenses", name)
    assert entry.is_file()
