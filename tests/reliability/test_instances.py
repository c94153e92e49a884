"""One window per notes database; a second launch hands over; SIGTERM saves like Ctrl+Q.

Each test runs the real ``reader`` in a subprocess (offscreen) and waits on observable
states (the lock's pid, an acknowledged hand-over), never on sleeps.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.storage.files.lock import holder_pid
from reader.storage.files.opening import open_store
from tests.reliability.child_process import child_env, wait_until

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    db = tmp_path / "notes.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "--db", str(db)],
        env=child_env(tmp_path), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert wait_until(lambda: holder_pid(db) == proc.pid or proc.poll() is not None)
    yield proc, db
    if proc.poll() is None:
        proc.kill()
    proc.wait(30)


def _hand_over(tmp_path: Path, db: Path, file: Path | None) -> subprocess.CompletedProcess[bytes]:
    args = [sys.executable, "-m", "reader", "--db", str(db)] + ([str(file)] if file else [])
    return subprocess.run(args, env=child_env(tmp_path), cwd=ROOT, capture_output=True, timeout=60)


def test_second_launch_hands_its_file_to_the_first_and_moves_nothing(
    window: tuple[subprocess.Popen[bytes], Path], tmp_path: Path
) -> None:
    proc, db = window
    assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
    text = tmp_path / "second.txt"
    text.write_text("第二個文件。我們一起讀書。", encoding="utf-8")
    # the first window may still be starting: the second launch retries until it answers
    assert wait_until(lambda: _hand_over(tmp_path, db, text).returncode == 0, 90)
    # the file the second launch was given is now a document of the first window's store
    def registered() -> bool:
        from reader.storage.files.read_only import open_for_reading

        store = open_for_reading(db)
        try:
            return any(d.title.startswith("第二個文件") for d in store.documents())
        finally:
            store.close()

    assert wait_until(registered, 30)
    assert proc.poll() is None  # the first window goes on
    assert db.exists() and holder_pid(db) == proc.pid
    assert not [n for n in os.listdir(tmp_path) if ".damaged-" in n or ".creating" in n]


def test_sigterm_closes_like_ctrl_q(
    window: tuple[subprocess.Popen[bytes], Path], tmp_path: Path
) -> None:
    proc, db = window
    assert wait_until(lambda: _hand_over(tmp_path, db, None).returncode == 0, 90)  # loop running
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(60) == 0
    settings = tmp_path / "config" / "reader" / "reader.conf"
    assert settings.exists() and "geometry" in settings.read_text(errors="replace")
    store = open_store(db, backup_on_open=False).store  # the lock went with the process
    assert store is not None
    store.close()
