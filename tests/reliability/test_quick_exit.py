"""The window's process ends without the interpreter's teardown (``ui.app.process_end``), and
only once everything is saved: the notes database intact and closed, the settings written,
and a failure on the way still reported.

The subprocess tests run the real ``reader`` offscreen through a shim that notes whether the
process ended by ``os._exit`` (the quick end) or by the normal exit.
"""

from __future__ import annotations

import io
import json
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reader.storage.files.lock import StoreLock, holder_pid
from reader.storage.files.opening import open_store
from tests.reliability.child_process import child_env, wait_until

ROOT = Path(__file__).resolve().parents[2]
QUICK = "ended by os._exit"
#: ``reader`` as its console script runs it (``main()`` on the process's own command line),
#: with ``os._exit`` noted on stderr; argv[1] may name a store method made to fail.
SHIM = f"""
import os, sys
real_exit = os._exit
def noted_exit(code):
    sys.stderr.write({QUICK!r} + f" {{code}}\\n")
    sys.stderr.flush()
    real_exit(code)
os._exit = noted_exit
failing = sys.argv.pop(1)
if failing:
    from reader.storage.store import Store
    def broken(self):
        raise OSError("the disk went away")
    setattr(Store, failing, broken)
from reader.cli import main
raise SystemExit(main())
"""


def _assert_lock_free(db: Path) -> None:
    lock = StoreLock.acquire(db)
    assert lock is not None
    lock.release()


def _window(tmp_path: Path, db: Path, failing: str = "") -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", SHIM, failing, "--db", str(db)],
        env=child_env(tmp_path), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert wait_until(lambda: holder_pid(db) == proc.pid or proc.poll() is not None)
    assert proc.poll() is None, proc.communicate()
    # the event loop runs (and the document is registered) once a later launch is answered
    later = [sys.executable, "-m", "reader", "--db", str(db)]
    assert wait_until(
        lambda: subprocess.run(
            later, env=child_env(tmp_path), cwd=ROOT, capture_output=True, timeout=60
        ).returncode == 0,
        90,
    )
    return proc


def test_a_closed_window_ends_quickly_with_the_database_and_settings_saved(
    tmp_path: Path,
) -> None:
    db = tmp_path / "notes.sqlite3"
    proc = _window(tmp_path, db)
    proc.send_signal(signal.SIGTERM)  # closes the window as Ctrl+Q does
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert f"{QUICK} 0" in err  # the teardown was skipped
    # the settings were written before the end
    conf = (tmp_path / "config" / "reader" / "reader.conf").read_text(errors="replace")
    assert "[window]" in conf and "\ngeometry=" in conf and "\nstate=" in conf
    # the database was closed: its lock released, its write-ahead log checkpointed away
    _assert_lock_free(db)
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] >= 1
    conn.close()
    opened = open_store(db, backup_on_open=False).store  # a next launch opens it as usual
    assert opened is not None
    opened.close()


def test_a_failure_while_closing_reaches_the_user_and_skips_the_quick_end(
    tmp_path: Path,
) -> None:
    db = tmp_path / "notes.sqlite3"
    proc = _window(tmp_path, db, failing="close")
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "the disk went away" in err  # the traceback is shown, not swallowed
    assert QUICK not in err


def test_the_smoke_tests_last_line_and_status_survive_the_quick_end(tmp_path: Path) -> None:
    """stdout is a pipe (block-buffered): what was printed is flushed before the end."""
    db = tmp_path / "smoke.sqlite3"
    ok = subprocess.run(
        [sys.executable, "-c", SHIM, "", "--smoke-test", "--first-paint-only", "--db", str(db)],
        env=child_env(tmp_path), cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert f"{QUICK} 0" in ok.stderr
    assert json.loads(ok.stdout.strip().splitlines()[-1])["characters"] > 2900
    _assert_lock_free(db)
    failed = subprocess.run(  # the database cannot be opened: said, with status 1
        [sys.executable, "-c", SHIM, "", "--smoke-test", "--first-paint-only",
         "--db", str(tmp_path)],
        env=child_env(tmp_path), cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert failed.returncode == 1
    assert "could not be opened" in failed.stdout


# --- end_now itself, in this process (with the interpreter's exit replaced) ---------------


def test_end_now_waits_for_the_pool_runs_the_exit_functions_flushes_then_ends(
    qapp, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    from reader.ui.app.process_end import end_now
    from reader.ui.common.worker import BackgroundRunner, Lane

    started, finished = threading.Event(), threading.Event()
    release = threading.Event()

    def job() -> None:
        started.set()
        release.wait(30)
        finished.set()

    runner = BackgroundRunner()  # the long lane: a pool of its own, waited for all the same
    runner.run("job", job, lambda _result: None, lane=Lane.LONG)
    assert started.wait(30)
    threading.Timer(0.05, release.set).start()
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    steps: list[str] = []

    def exit_functions() -> None:
        steps.append(f"exit functions, pool done={finished.is_set()}")
        print("written by an exit function", end="")

    def exit_now(code: int) -> None:
        steps.append(f"exit {code}, printed={out.getvalue()!r}")

    assert end_now(3, exit_functions, exit_now) == 3
    assert steps == [
        "exit functions, pool done=True",
        "exit 3, printed='written by an exit function'",
    ]


def test_end_now_leaves_it_to_the_normal_exit_while_a_thread_runs(qapp) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.app.process_end import end_now, running_thread

    stop = threading.Event()
    worker = threading.Thread(target=lambda: stop.wait(30), name="writer")
    worker.start()
    try:
        assert running_thread() == "writer"
        ran: list[str] = []
        assert end_now(0, lambda: ran.append("exit functions"), lambda c: ran.append("exit")) == 0
        assert ran == []  # nothing torn down, nothing ended: the normal exit joins the thread
    finally:
        stop.set()
        worker.join()
    assert running_thread() is None


def test_end_now_leaves_a_broken_stdout_to_the_normal_exit(
    qapp, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    from reader.ui.app.process_end import end_now

    class Broken(io.StringIO):
        def flush(self) -> None:
            raise BrokenPipeError("reader | head")

    monkeypatch.setattr(sys, "stdout", Broken())
    ended: list[int] = []
    assert end_now(0, lambda: None, ended.append) == 0
    assert ended == []
