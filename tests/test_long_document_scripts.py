"""A long document keeps the derived data of its shown script only: the readings, words,
glossary matches and conversions of the script switched away from are dropped, and computed
again (the same) on switching back. Below the threshold every script's stay cached."""

from __future__ import annotations

from typing import Any

import pytest

from reader.language.scripts.script import Script
from reader.storage.store import Store
from reader.ui.common import shown_document
from reader.ui.window.main_window import MainWindow
from tests.test_reading_aids_ui import article_window


def _ready(win: MainWindow, script: Script) -> bool:
    aids = win.aids
    key = (win.document.sha256, script.value)  # type: ignore[union-attr]
    return (
        win.script is script
        and aids.readings.key() == key
        and aids.readings.readings is not None
        and aids.segments.segmentation is not None
        and aids.segments.segmentation.text == win.display_text()
        and not win.runner.pending()
        and aids.sources._terms_key is not None
        and aids.sources._terms_key[1] == key
        and aids.sources._terms_key in aids.sources._terms_cache
    )


def _state(win: MainWindow) -> dict[str, Any]:
    aids = win.aids
    segmentation = aids.segments.segmentation
    assert segmentation is not None and aids.readings.readings is not None
    return {
        "readings": list(aids.readings.readings),
        "words": [(t.start, t.end) for t in segmentation],
        "terms": [(m.start, m.end) for m in aids.sources.terms.matches],
    }


def _scripts_kept(win: MainWindow) -> dict[str, set[str]]:
    """The scripts of the shown document each cache holds."""
    sha = win.document.sha256  # type: ignore[union-attr]
    aids = win.aids
    return {
        "readings": {k[1] for k in aids.readings._cache if k[0] == sha},
        "words": {k[1][1] for k in aids.segments._kept if k[1] is not None and k[1][0] == sha},
        "terms": {k[1][1] for k in aids.sources._terms_cache if k[1] is not None and k[1][0] == sha},
        "conversions": {
            s.value for s in Script if win.current.conversions.peek(sha, s) is not None
        },
    }


@pytest.mark.parametrize("long_from", [1, shown_document.SINGLE_SCRIPT_CHARS])
def test_a_long_document_keeps_only_the_shown_scripts_data(  # type: ignore[no-untyped-def]
    qtbot, settings, store: Store, monkeypatch: pytest.MonkeyPatch, long_from: int
) -> None:
    monkeypatch.setattr(shown_document, "SINGLE_SCRIPT_CHARS", long_from)
    win = article_window(qtbot, settings, store)
    long = long_from == 1  # the article (~2,000 characters) counts as long
    try:
        qtbot.waitUntil(lambda: _ready(win, Script.ORIGINAL), timeout=90000)
        original = _state(win)
        win.set_script(Script.SIMPLIFIED)
        qtbot.waitUntil(lambda: _ready(win, Script.SIMPLIFIED), timeout=90000)
        simplified = _state(win)
        kept = _scripts_kept(win)
        if long:
            assert kept == {
                "readings": {"simplified"}, "words": {"simplified"}, "terms": {"simplified"},
                "conversions": {"simplified"},
            }
            assert win.aids.readings.source_readings() is None  # computed again when asked
        else:
            assert kept["readings"] == kept["words"] == kept["terms"] == {"original", "simplified"}
        win.set_script(Script.ORIGINAL)
        qtbot.waitUntil(lambda: _ready(win, Script.ORIGINAL), timeout=90000)
        assert _state(win) == original  # computed again, the same
        if long:
            assert _scripts_kept(win)["words"] == {"original"}
            assert _scripts_kept(win)["readings"] == {"original"}
        win.set_script(Script.SIMPLIFIED)
        qtbot.waitUntil(lambda: _ready(win, Script.SIMPLIFIED), timeout=90000)
        assert _state(win) == simplified
    finally:
        win.close()
