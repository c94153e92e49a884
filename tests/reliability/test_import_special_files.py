"""Special files given to the importer: refused at once with a sentence, never read.

A FIFO with no writer, ``/dev/zero``, a folder, a socket and a 300 MB sparse file each come
back as ``ImportRefused`` within a second, having read nothing (at most ``MAX_BYTES + 1``
bytes in all); ``reader clean FIFO`` and ``reader clean < /dev/zero`` exit with a message.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.text import file_bytes
from reader.text.decoding import ImportRefused
from reader.text.importer import read_file

DEADLINE = 5.0


@pytest.fixture
def counted_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The number of bytes each ``os.read`` call returned."""
    got: list[int] = []
    real_read = os.read

    def read(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        got.append(len(data))
        return data

    monkeypatch.setattr(os, "read", read)
    yield got


def _refusal(path: Path | str) -> tuple[str, float]:
    """``read_file(path)``'s refusal and how long it took; fails (not hangs) when it blocks."""
    result: list[BaseException | bytes] = []

    def work() -> None:
        try:
            result.append(read_file(path))
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            result.append(exc)

    start = time.perf_counter()
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(DEADLINE)
    if thread.is_alive():
        if stat.S_ISFIFO(os.stat(path).st_mode):  # a writer unblocks the open, then EOF
            os.close(os.open(path, os.O_WRONLY))
        thread.join(DEADLINE)
        pytest.fail(f"read_file({path}) still running after {DEADLINE} s")
    elapsed = time.perf_counter() - start
    outcome = result[0]
    assert isinstance(outcome, ImportRefused), f"expected a refusal, got {outcome!r:.80}"
    return str(outcome), elapsed


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_fifo_is_refused_without_waiting_for_a_writer(
    tmp_path: Path, counted_reads: list[int]
) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    message, elapsed = _refusal(fifo)
    assert message == f"{fifo} is a named pipe (FIFO), not a file."
    assert elapsed < 1.0 and sum(counted_reads) == 0


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_dev_zero_is_refused_unread(counted_reads: list[int]) -> None:
    message, elapsed = _refusal("/dev/zero")
    assert message == "/dev/zero is a character device, not a file."
    assert elapsed < 1.0 and sum(counted_reads) == 0


def test_folder_is_refused(tmp_path: Path, counted_reads: list[int]) -> None:
    message, _ = _refusal(tmp_path)
    assert message == f"{tmp_path} is a folder, not a file."
    assert sum(counted_reads) == 0


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_socket_is_refused() -> None:
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:  # short: socket paths are limited
        path = Path(folder) / "s.txt"
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.bind(str(path))
            message, _ = _refusal(path)
    assert message == f"{path} is a socket, not a file."


def test_sparse_300_mb_file_is_refused_by_its_size(tmp_path: Path, counted_reads: list[int]) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(300 * 1024 * 1024)
    message, elapsed = _refusal(path)
    assert message == f"{path} is 300 MB: larger than the 256 MB the reader opens."
    assert elapsed < 1.0 and sum(counted_reads) == 0


def test_a_file_that_grows_past_its_stat_size_is_read_only_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted_reads: list[int]
) -> None:
    # The size stat reports is only a hint: a file growing while it is read, or a /proc file
    # that claims 0 bytes, is still cut off after MAX_BYTES + 1 bytes.
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 5000)
    monkeypatch.setattr(file_bytes, "MAX_BYTES", 4096)
    real_fstat = os.fstat

    def fstat_claiming_10_bytes(fd: int) -> os.stat_result:
        fields = list(real_fstat(fd))
        fields[stat.ST_SIZE] = 10
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", fstat_claiming_10_bytes)
    message, _ = _refusal(path)
    assert message == f"{path} is larger than the 4 KB the reader opens."
    assert sum(counted_reads) == 4097


def _reader(*args: str, stdin: int | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], stdin=stdin, capture_output=True, timeout=60
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_reader_clean_fifo_exits_with_a_message(tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    try:
        proc = _reader("clean", str(fifo))
    except subprocess.TimeoutExpired:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # let the stuck child go
        raise
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"reader: {fifo} is a named pipe (FIFO), not a file.\n"
    assert proc.stdout == b""


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_reader_clean_dev_zero_as_file_and_as_stdin() -> None:
    proc = _reader("clean", "/dev/zero")
    assert proc.returncode == 2
    assert proc.stderr.decode() == "reader: /dev/zero is a character device, not a file.\n"
    with open("/dev/zero", "rb") as zero:
        proc = _reader("clean", stdin=zero.fileno())
    assert proc.returncode == 2
    assert proc.stderr.decode() == "reader: <stdin> is larger than the 256 MB the reader opens.\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_file_open_on_a_fifo_tells_the_user_and_keeps_the_document(
    qtbot, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from reader.ui.window.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.open_bundled()
    before = window.view.toPlainText()
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: messages.append(text))
    # Should open_path block in open(), a writer arriving after DEADLINE lets it go on.
    rescue = threading.Timer(DEADLINE, lambda: os.close(os.open(fifo, os.O_WRONLY)))
    rescue.start()
    start = time.perf_counter()
    try:
        assert window.open_path(str(fifo)) is False
    finally:
        rescue.cancel()
    assert time.perf_counter() - start < 1.0
    assert messages == [f"{fifo} is a named pipe (FIFO), not a file."]
    assert window.view.toPlainText() == before
