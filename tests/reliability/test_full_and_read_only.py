"""A full disk and a read-only folder, for real: a small tmpfs mounted for the test.

Needs root and mount(8) (CI runs as root); skipped cleanly elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli import main
from reader.storage.files.backup import BackupError
from reader.storage.files.opening import open_store
from reader.storage.records import StoreError

ROOT = Path(__file__).resolve().parents[2]


def _mount(point: Path, options: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                         capture_output=True)
    return run.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    point = tmp_path / "disk"
    point.mkdir()
    if not _mount(point, "size=3m"):
        pytest.skip("needs root and tmpfs mounts")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_disk_full_loses_no_acknowledged_write_and_is_a_sentence(small_disk: Path) -> None:
    path = small_disk / "reader.sqlite3"
    store = open_store(path, backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document("發展全球競爭。" * 200, "t")
    acknowledged: list[int] = []
    with pytest.raises(StoreError, match="disk is full") as caught:
        for i in range(10_000):
            acknowledged.append(
                store.operations.add_highlight(doc, i % 100, i % 100 + 2, note="長" * 3000)
            )
    assert "Traceback" not in str(caught.value) and len(acknowledged) > 10
    with pytest.raises(BackupError):  # no room for a backup either; nothing half-made kept
        store.backup_now()
    assert not list((small_disk / "backups").glob("*partial*"))
    store.close()
    reopened = open_store(path, backup_on_open=False)
    assert reopened.status == "ok" and reopened.store is not None
    stored = {h.id for h in reopened.store.all_highlights()}
    assert set(acknowledged) <= stored
    reopened.store.close()
    print(f"\ndisk full after {len(acknowledged)} highlights: 0 lost, the error a sentence")


def test_read_only_folder_opens_read_only_and_commands_still_read(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_disk / "reader.sqlite3"
    store = open_store(path, backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document("發展全球競爭。" * 20, "t")
    store.operations.add_highlight(doc, 0, 2, note="kept")
    store.close()
    before = sorted(os.listdir(small_disk))
    assert subprocess.run(["mount", "-o", "remount,ro", str(small_disk)]).returncode == 0
    result = open_store(path)
    assert result.status == "read_only" and "read-only" in result.message
    assert result.store is not None and [h.note for h in result.store.all_highlights()] == ["kept"]
    with pytest.raises(StoreError, match="read-only"):
        result.store.operations.add_highlight(doc, 2, 4)
    result.store.close()
    assert main(["notes", "list", "--db", str(path)]) == 0
    assert "kept" in capsys.readouterr().out
    fresh = small_disk / "new" / "reader.sqlite3"  # no database yet, and no way to make one
    with pytest.raises(StoreError, match="read-only"):
        open_store(fresh)
    assert sorted(os.listdir(small_disk)) == before


def test_window_start_with_a_read_only_data_folder_is_no_traceback(small_disk: Path) -> None:
    assert subprocess.run(["mount", "-o", "remount,ro", str(small_disk)]).returncode == 0
    code = (
        "import sys\n"
        "from reader.ui.app.launch import make_application\n"
        "from reader.ui.app.store_session import open_for_user, database_path\n"
        "app = make_application()\n"
        "store = open_for_user(database_path(None), None, ask=False)\n"
        "print('store', store)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(small_disk))
    env.pop("READER_DB", None)
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "read-only" in run.stderr
    assert "store None" in run.stdout
