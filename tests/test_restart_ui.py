"""Across a restart: highlights, notes, saved words and the script choice come back."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.language.scripts.script import Script
from reader.storage.files.opening import open_store
from reader.ui.window.main_window import MainWindow


def test_highlight_and_note_survive_a_restart_in_another_script(
    qtbot, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    db = tmp_path / "notes.sqlite3"
    store = open_store(db).store
    assert store is not None
    first = MainWindow(settings, store)
    qtbot.addWidget(first)
    first.open_bundled()
    first.set_script(Script.TAIWAN)
    assert first.shown is not None
    start = first.display_text().find("梁文鋒")
    first.view.select_span(*first.shown.view_span(
        first.shown.conversion.offsets.to_canonical(start),
        first.shown.conversion.offsets.to_canonical(start + 3),
    ))
    highlight_id = first.highlights.highlight_selection("pink")
    assert highlight_id is not None
    store.operations.set_note(highlight_id, "創始人")
    first.close()
    store.close()

    store = open_store(db).store
    assert store is not None
    second = MainWindow(settings, store)
    qtbot.addWidget(second)
    second.open_bundled()
    assert second.script is Script.TAIWAN  # the choice is remembered
    [saved] = store.highlights(second.document_id)  # type: ignore[arg-type]
    assert (saved.quote, saved.colour, saved.note) == ("梁文鋒", "pink", "創始人")
    second.show()  # its features, the highlights among them, are made after its first paint
    qtbot.waitUntil(lambda: bool(second.view.layer("highlights")))
    painted = second.view.layer("highlights")
    assert len(painted) == 1
    assert painted[0].cursor.selectedText() == "梁文鋒"
    second.set_script(Script.SIMPLIFIED)
    assert second.view.layer("highlights")[0].cursor.selectedText() == "梁文锋"
    second.close()
    store.close()


def test_highlights_after_astral_characters_land_on_the_right_words(
    qtbot, settings, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "astral.txt"
    path.write_text("𠀀😀软件和云计算很好。𠀁再见。", encoding="utf-8")
    store = open_store(tmp_path / "n.sqlite3").store
    assert store is not None
    window = MainWindow(settings, store)
    qtbot.addWidget(window)
    assert window.open_path(str(path))
    window.set_script(Script.TAIWAN)  # 软件→軟體, 云计算→雲端計算: lengths change too
    shown = window.shown
    assert shown is not None
    text = window.view.toPlainText()
    # Qt's positions are UTF-16 units: the two astral characters before count twice
    start = len(text[: text.index("雲端計算")].encode("utf-16-le")) // 2
    assert start == text.index("雲端計算") + 2
    window.view.select_span(start, start + 4)
    highlight_id = window.highlights.highlight_selection("blue")
    assert highlight_id is not None
    assert store.highlight(highlight_id).quote == "云计算"  # the canonical words
    window.set_script(Script.ORIGINAL)
    [painted] = window.view.layer("highlights")
    assert painted.cursor.selectedText() == "云计算"
    window.close()
    store.close()


def test_the_script_choice_lives_in_the_database_only(
    qtbot, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """Issue I: per-document state in one place. A choice kept in QSettings by an earlier
    version is moved into the store once and removed there; new choices go to the store."""
    from reader.text.importer import bundled_article

    sha = bundled_article().sha256
    settings.qsettings.setValue(f"scripts/{sha}", Script.HONGKONG.value)  # as versions before kept it
    store = open_store(tmp_path / "notes.sqlite3").store
    assert store is not None
    window = MainWindow(settings, store)
    qtbot.addWidget(window)
    window.open_bundled()
    assert window.document_id is not None
    assert store.document(window.document_id).preferred_script == Script.HONGKONG.value
    assert window.script is Script.HONGKONG
    assert settings.qsettings.value(f"scripts/{sha}") is None  # moved, not kept twice
    window.set_script(Script.SIMPLIFIED)  # written on the runner
    qtbot.waitUntil(
        lambda: store.document(window.document_id).preferred_script == Script.SIMPLIFIED.value
    )
    assert settings.qsettings.value(f"scripts/{sha}") is None
    window.close()
    store.close()


def test_a_script_choice_is_written_off_the_gui_thread_and_survives_a_restart(
    qtbot, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """The store write of a choice (synchronous=FULL) runs on the window's runner; a choice
    made just before the window closes is written as it closes; the next window shows it."""
    import threading

    db = tmp_path / "notes.sqlite3"
    store = open_store(db).store
    assert store is not None
    window = MainWindow(settings, store)
    qtbot.addWidget(window)
    window.open_bundled()
    document_id = window.document_id
    assert document_id is not None
    writers: list[str] = []
    write = store.operations.set_preferred_script

    def recorded(*args: object) -> None:
        writers.append(threading.current_thread().name)
        write(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(store.operations, "set_preferred_script", recorded)
    window.set_script(Script.TAIWAN)
    assert window.script is Script.TAIWAN
    qtbot.waitUntil(lambda: store.document(document_id).preferred_script == Script.TAIWAN.value)
    assert writers and threading.main_thread().name not in writers
    window.set_script(Script.HONGKONG)
    window.set_script(Script.SIMPLIFIED)  # the last one wins, whichever write runs when
    window.close()
    assert store.document(document_id).preferred_script == Script.SIMPLIFIED.value
    store.close()

    store = open_store(db).store
    assert store is not None
    again = MainWindow(settings, store)
    qtbot.addWidget(again)
    again.open_bundled()
    assert again.script is Script.SIMPLIFIED
    assert "DeepSeek会在全球AI竞争中沉沦吗" in again.view.toPlainText()
    again.close()
    store.close()


def test_the_view_reopens_at_the_same_words_in_another_script(
    qtbot, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """The place in the text is the store's canonical view position, not a QSettings scroll
    fraction: it survives a restart and a script change, and settings hold no positions."""
    db = tmp_path / "notes.sqlite3"
    store = open_store(db).store
    assert store is not None
    first = MainWindow(settings, store)
    qtbot.addWidget(first)
    first.resize(800, 500)
    first.show()
    qtbot.waitExposed(first)
    first.open_bundled()
    assert first.shown is not None and first.document_id is not None
    target = first.shown.canonical.index("梁文鋒")
    first.view.scroll_to_position(first.shown.to_view(target))
    top = first.shown.to_canonical(first.view.first_visible_position())
    assert top > 0
    first.close()
    assert store.view_position(first.document_id) == top
    assert not [k for k in settings.qsettings.allKeys() if k.startswith("positions/")]
    store.close()

    store = open_store(db).store
    assert store is not None
    settings.default_script = Script.SIMPLIFIED  # shown in another script this time
    second = MainWindow(settings, store)
    qtbot.addWidget(second)
    second.resize(800, 500)
    second.show()
    qtbot.waitExposed(second)
    second.open_bundled()
    assert second.shown is not None
    line_of = second.view.document().findBlock
    again = second.shown.to_canonical(second.view.first_visible_position())
    assert line_of(second.shown.to_view(again)) == line_of(second.shown.to_view(top))
    second.close()
    store.close()


def test_a_scroll_fraction_kept_by_an_older_version_is_used_once_and_removed(
    qtbot, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    from reader.text.importer import bundled_article

    sha = bundled_article().sha256
    settings.qsettings.setValue(f"positions/{sha}", 0.5)
    store = open_store(tmp_path / "notes.sqlite3").store
    assert store is not None
    window = MainWindow(settings, store)
    qtbot.addWidget(window)
    window.resize(800, 500)
    window.show()
    qtbot.waitExposed(window)
    window.open_bundled()
    bar = window.view.verticalScrollBar()
    assert bar.maximum() > 0 and abs(bar.value() - bar.maximum() // 2) <= bar.pageStep()
    assert settings.qsettings.value(f"positions/{sha}") is None
    window.close()
    assert window.document_id is not None and store.view_position(window.document_id) > 0
    store.close()
