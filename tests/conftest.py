"""Shared fixtures: offscreen Qt, isolated settings, the reference data in ../shared/data."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from reader.storage.store import Store

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SEED = ROOT / "resources" / "000_ebd123fbead4c496.txt"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data; skips the calling test when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data not available: {path}")
    return path


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A Settings object over a fresh INI file: tests never touch the user's settings."""
    from PySide6.QtCore import QSettings

    from reader.ui.common.settings import Settings

    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def shown_window(qtbot, settings, width: int, height: int):  # type: ignore[no-untyped-def]
    """A main window (no store) shown offscreen at ``width`` x ``height``, empty."""
    from reader.ui.window.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(width, height)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def article_window(qtbot, settings):  # type: ignore[no-untyped-def]
    """A main window (no store) shown offscreen at 900x600 with the bundled article."""
    win = shown_window(qtbot, settings, 900, 600)
    win.open_bundled()
    return win


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new notes database in the test's folder (no backups), closed after the test."""
    from reader.storage.files.opening import open_store

    result = open_store(tmp_path / "reader.sqlite3", backup_on_open=False)
    assert result.status == "created" and result.store is not None
    yield result.store
    result.store.close()


@pytest.fixture(scope="session")
def _shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole run: the dictionary index and the word model are
    derived data, built once (a test of building them names a folder of its own)."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, _shared_cache: Path
) -> None:
    """Keep every test away from the user's data, config and cache folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(_shared_cache))
    monkeypatch.delenv("READER_DB", raising=False)


@pytest.fixture(scope="session")
def word_model_xdg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An XDG_CACHE_HOME whose reader cache holds the segmentation model, built once a session."""
    from reader.language.segmentation.model import WordModel
    from reader.paths.cache import default_cache_dir

    xdg = tmp_path_factory.mktemp("xdg-words")
    WordModel.load(default_cache_dir({"XDG_CACHE_HOME": str(xdg), "HOME": str(xdg)}))
    return xdg


class DatabaseBusy:
    """Another thread holds a store's lock, as a long re-import does, until the block ends.

    ``with DatabaseBusy(store) as busy: ...`` — code in the block that waited for the
    database would hang until the holder gives up after ``seconds``; ``busy.timed_out`` then
    says so (assert it is False after the block).
    """

    def __init__(self, store: Any, seconds: float = 20.0) -> None:
        self.store, self.seconds = store, seconds
        self.timed_out = False
        self._held, self._release = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        with self.store.lock:
            self._held.set()
            self.timed_out = not self._release.wait(self.seconds)

    def __enter__(self) -> DatabaseBusy:
        self._thread.start()
        assert self._held.wait(self.seconds)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._release.set()
        self._thread.join()
