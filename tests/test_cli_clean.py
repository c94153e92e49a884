"""`reader clean`, `reader --version` and the command line's error handling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader import __version__
from tests.conftest import SEED


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], input=stdin, capture_output=True, timeout=120
    )


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0
    assert __version__ in proc.stdout.decode()


def test_clean_prints_the_cleaned_seed() -> None:
    proc = run("clean", str(SEED))
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode("utf-8")
    assert "(huì)" not in text and "</p>" not in text
    assert "深度求索(DeepSeek)" in text or "(DeepSeek)" in text


def test_clean_json_offsets_point_at_their_characters() -> None:
    proc = run("clean", "--json", str(SEED))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert len(data["readings"]) == 337
    text = data["text"]
    for offset, reading in data["readings"].items():
        if reading == "huì":
            assert text[int(offset)] == "會"
    assert data["report"]["inline_readings"] == 337


def test_clean_refuses_a_binary_file_with_a_message(tmp_path: Path) -> None:
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    proc = run("clean", str(png))
    assert proc.returncode != 0
    err = proc.stderr.decode()
    assert "image.txt" in err and "Traceback" not in err


def test_clean_missing_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    proc = run("clean", str(tmp_path / "nope.txt"))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr.decode()


def test_clean_json_of_a_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    path = os.path.join(os.fsencode(tmp_path), b"\xff.txt")
    try:
        with open(path, "wb") as fh:
            fh.write("會(huì)議".encode())
    except OSError:
        pytest.skip("this file system wants UTF-8 names")
    proc = subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"reader", b"clean", b"--json", path],
        capture_output=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    data = json.loads(proc.stdout)
    assert data["text"] == "會議" and data["report"]["source"] == "\ufffd.txt"
