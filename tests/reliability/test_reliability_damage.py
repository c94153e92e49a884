"""50 damaged databases: opening never raises, leaves the damaged bytes where they are, says so.

SQLite judges (issue K): a WAL whose header SQLite rejects is ignored by SQLite itself, the
main file read intact, so that kind opens "ok" with every highlight of the main file. Every
other kind is reported ``damaged`` untouched; only the user's explicit "start afresh" then
moves it, byte-identical. ``-s`` prints the tally by kind.
"""

from __future__ import annotations

import os
import random
import struct
from collections import Counter
from pathlib import Path

import pytest

from reader.storage.files.opening import open_store, start_afresh
from reader.storage.records import StoreError

KINDS = ("truncated", "flipped", "zero-length", "garbage-wal", "garbage-header")


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """A database with a few hundred highlights: its main file and a live WAL."""
    folder = tmp_path_factory.mktemp("healthy")
    path = folder / "reader.sqlite3"
    store = open_store(path, backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document("發展全球競爭。" * 400, "t")
    for i in range(300):
        store.operations.add_highlight(doc, i, i + 5, note=f"note {i} " * 20)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for i in range(20):
        store.operations.add_highlight(doc, i, i + 3, note="in the wal")
    wal = (folder / "reader.sqlite3-wal").read_bytes()
    main = path.read_bytes()
    store.close()
    assert len(wal) > 32 and len(main) > 8 * 4096
    return main, wal


def _damage(kind: str, n: int, main: bytes, wal: bytes) -> tuple[bytes, bytes | None]:
    rng = random.Random(f"{kind}-{n}")
    page = struct.unpack(">H", main[16:18])[0]
    if kind == "truncated":
        cut = rng.randrange(1, len(main) - 1)
        if n % 2:
            cut = max(page, cut - cut % page)  # whole pages lost: header still plausible
        return main[:cut], None
    if kind == "flipped":
        data = bytearray(main)
        btree = [
            p for p in range(1, len(main) // page) if main[p * page] in (0x02, 0x05, 0x0A, 0x0D)
        ]
        target = rng.choice(btree)  # a b-tree page's header: its type or its cell count
        offset = target * page + rng.choice((0, 3, 4))
        data[offset] ^= 0xFF
        return bytes(data), None
    if kind == "zero-length":
        return b"", (wal if n % 2 else None)
    if kind == "garbage-wal":
        garbage = bytes(rng.randrange(256) for _ in range(rng.choice((7, 32, 4096, 8192))))
        if n % 2:
            garbage = wal[:8] + garbage  # right magic, wrong checksum
        return main, garbage
    data = bytearray(main)
    start = rng.randrange(0, 28)  # the start of the file overwritten
    for i in range(start, start + rng.randrange(4, 40)):
        data[i] = rng.randrange(256)
    if bytes(data[:100]) == main[:100]:
        data[0] ^= 0xFF
    return bytes(data), None


def test_fifty_damaged_databases(healthy: tuple[bytes, bytes], tmp_path: Path) -> None:
    main, wal = healthy
    tally: Counter[str] = Counter()
    for kind in KINDS:
        for n in range(10):
            folder = tmp_path / f"{kind}-{n}"
            folder.mkdir()
            path = folder / "reader.sqlite3"
            damaged_main, damaged_wal = _damage(kind, n, main, wal)
            path.write_bytes(damaged_main)
            if damaged_wal is not None:
                (folder / "reader.sqlite3-wal").write_bytes(damaged_wal)
            before = sorted(p.name for p in folder.iterdir())
            result = open_store(path)  # must not raise
            if kind == "garbage-wal" and result.status == "ok":
                assert result.store is not None and len(result.store.all_highlights()) == 300
                result.store.close()
                tally["ignored-wal"] += 1
                continue
            assert result.status == "damaged", (kind, n, result.status, result.message)
            assert result.store is None and result.moved_to is None
            assert path.read_bytes() == damaged_main, (kind, n)
            result.release()
            after = sorted(p.name for p in folder.iterdir() if p.name.endswith(("-wal", "-shm"))
                           is False or p.name in before)
            assert [n for n in after if n != "reader.sqlite3.lock"] == [
                n for n in before if n != "reader.sqlite3.lock"]
            again = open_store(path)
            fresh = start_afresh(again)  # the user's explicit choice
            assert fresh.moved_to is not None
            assert fresh.moved_to.read_bytes() == damaged_main, (kind, n)
            if damaged_wal is not None and kind != "zero-length":
                moved_wal = fresh.moved_to.with_name(fresh.moved_to.name + "-wal")
                assert moved_wal.read_bytes() == damaged_wal
            assert fresh.status == "created" and fresh.store is not None
            fresh.store.close()
            tally[kind] += 1
    print(f"\ndamaged databases reported and kept byte-identical: {dict(tally)}")
    assert sum(tally.values()) == 50 and tally["ignored-wal"] <= 10


def test_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    path = tmp_path / "reader.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4080)
    path.chmod(0)
    with pytest.raises(StoreError, match="cannot be"):
        open_store(path)
    assert path.exists()


def test_random_flips_never_raise_and_are_kept_when_detected(
    healthy: tuple[bytes, bytes], tmp_path: Path
) -> None:
    """Flips anywhere: SQLite has no page checksums, so a flip inside a row's text is
    invisible; every flip that is detected is moved aside byte-identical, and none raises."""
    main, _ = healthy
    rng = random.Random(7)
    outcome: Counter[str] = Counter()
    for n in range(60):
        folder = tmp_path / f"flip-{n}"
        folder.mkdir()
        path = folder / "reader.sqlite3"
        data = bytearray(main)
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        result = open_store(path, backup_on_open=False)
        outcome[result.status] += 1
        if result.status == "damaged":
            assert path.read_bytes() == bytes(data)
            result.release()
        else:
            assert result.status == "ok" and result.store is not None
            result.store.close()
    print(f"\nrandom single-bit flips: {dict(outcome)}")
    assert set(outcome) <= {"ok", "damaged"}
