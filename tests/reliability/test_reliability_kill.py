"""A writer killed with SIGKILL at random moments loses no acknowledged highlight.

The writer subprocess adds highlights one transaction each and prints every id after its
commit returned; every 25 writes it runs a full checkpoint and every 60 a verified backup, so
kills land inside those too. The test kills it at a random moment, then checks with a
read-only sqlite3 connection (which never creates a database) that ``PRAGMA integrity_check``
is ok and every acknowledged id is in the database, and reopens the same file in the next
round (so recovery of a hot WAL is exercised each time; a round's open must never find the
database "damaged"). The first round of each lane waits for the store to exist; later rounds
may kill during opening. Two databases are worked in parallel. A second test kills upgrades
of the oldest shipped schema.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

KILLS = int(os.environ.get("READER_KILL_ROUNDS", "200"))
LANES = 2

WRITER = """
import sys
from reader.storage.files.opening import open_store
result = open_store(sys.argv[1], backup_on_open=False)
if result.store is None or result.status not in ("ok", "created"):
    print("OPEN-FAILED", result.status, result.message, flush=True)
    sys.exit(3)
ops = result.store.operations
docs = result.store.documents()
doc = docs[0].id if docs else ops.add_document("發展全球競爭，沉淪嗎？" * 50, "kill test")
print("ready", flush=True)
i = 0
while True:
    hid = ops.add_highlight(doc, i % 200, i % 200 + 7, note=f"acknowledged {i} 發展")
    sys.stdout.write(f"{hid}\\n")
    sys.stdout.flush()
    i += 1
    if i % 25 == 0:
        with result.store.lock:
            result.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if i % 60 == 0:
        result.store.backup_now()
"""

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _round(path: Path, rng: random.Random, first: bool = False) -> list[int]:
    """Start the writer, kill it at a random moment; the ids it acknowledged."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    head: list[str] = []  # complete lines read before the kill
    if not first and rng.random() < 0.2:
        time.sleep(rng.uniform(0.0, 0.3))  # anywhere, opening and creating included
    else:
        line = proc.stdout.readline().strip()
        if line != "ready":
            proc.kill()
            _, err = proc.communicate()
            raise AssertionError(f"writer did not start: {line} {err}")
        if first:  # a lane's first round is killed after one acknowledgement, however busy
            head.append(proc.stdout.readline())  # the machine: the test always has one
        time.sleep(rng.uniform(0.0, 0.06))
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, err
    assert "OPEN-FAILED" not in out, out
    # A line cut by the kill is not an acknowledgement: only complete lines count.
    lines = ("".join(head) + out).split("\n")
    return [int(line) for line in lines[:-1] if line.strip() and line != "ready"]


def _lane(folder: Path, rounds: int, seed: int, results: dict[str, object]) -> None:
    rng = random.Random(seed)
    path = folder / "reader.sqlite3"
    acknowledged: set[int] = set()
    try:
        for n in range(rounds):
            acknowledged.update(_round(path, rng, first=n == 0))
            if not path.exists():  # killed before the database was renamed into place
                assert not acknowledged
                continue
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                stored = {row[0] for row in conn.execute("SELECT id FROM highlights")}
            finally:
                conn.close()
            lost = acknowledged - stored
            assert not lost, f"acknowledged highlights lost: {sorted(lost)[:10]}"
        from reader.storage.files.opening import open_store

        store = open_store(path, backup_on_open=False).store  # cleans what kills left
        assert store is not None
        store.close()
        partials = [p.name for p in (folder / "backups").glob("*partial*")]
        assert not partials, partials
        results[str(seed)] = len(acknowledged)
    except BaseException as exc:  # reported by the main thread
        results[f"error-{seed}"] = exc


def test_sigkilled_writer_loses_no_acknowledged_highlight(tmp_path: Path) -> None:
    results: dict[str, object] = {}
    per_lane = KILLS // LANES
    threads = []
    for lane in range(LANES):
        folder = tmp_path / f"lane{lane}"
        folder.mkdir()
        threads.append(threading.Thread(target=_lane, args=(folder, per_lane, lane, results)))
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = [v for k, v in results.items() if k.startswith("error")]
    if errors:
        raise errors[0]  # type: ignore[misc]
    total = sum(int(v) for v in results.values())  # type: ignore[call-overload]
    print(
        f"\n{per_lane * LANES} SIGKILLs, {total} acknowledged highlights, 0 lost, "
        f"integrity ok every time ({time.perf_counter() - started:.1f} s)"
    )
    assert total > 0


UPGRADER = """
import sys
from reader.storage.files.opening import open_store
result = open_store(sys.argv[1])
print("upgraded" if result.status == "ok" else "FAILED " + result.message, flush=True)
"""


def test_killed_upgrades_leave_the_old_or_the_new_schema_with_every_row(tmp_path: Path) -> None:
    from reader.storage.files.opening import open_store
    from reader.storage.schema import SCHEMA_VERSION

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schemas" / "v1.sqlite"
    reference = tmp_path / "reference" / "reader.sqlite3"
    reference.parent.mkdir()
    reference.write_bytes(fixture.read_bytes())
    whole = open_store(reference).store
    assert whole is not None
    expected = [(h.quote, h.note) for h in whole.all_highlights()]
    whole.close()
    rng = random.Random(11)
    outcomes: dict[str, int] = {}
    for n in range(30):
        path = tmp_path / f"upgrade-{n}" / "reader.sqlite3"
        path.parent.mkdir()
        path.write_bytes(fixture.read_bytes())
        proc = subprocess.Popen([sys.executable, "-c", UPGRADER, str(path)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        outcomes[out.strip() or "killed"] = outcomes.get(out.strip() or "killed", 0) + 1
        result = open_store(path)
        assert result.status == "ok", result.message
        assert result.store is not None
        version = result.store.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == SCHEMA_VERSION
        assert [(h.quote, h.note) for h in result.store.all_highlights()] == expected
        result.store.close()
    print(f"\n30 killed upgrades of schema 1: {outcomes}; every one reopened with all its rows")
